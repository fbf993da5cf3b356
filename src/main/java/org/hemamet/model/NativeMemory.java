package org.hemamet.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

/** Native arrays held by every open DJL manager of this process (the engine's root manager), for leak tests. */
public final class NativeMemory {
    private NativeMemory() {}

    /** Arrays not yet freed: a closed network holds none; one that was never closed keeps its parameters. */
    public static int liveArrays() {
        try (NDManager probe =
                NDManager.newBaseManager(Device.cpu(), EngineSetup.engine().getEngineName())) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }
}
