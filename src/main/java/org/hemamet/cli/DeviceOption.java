package org.hemamet.cli;

import org.hemamet.model.ComputeDevice;
import org.hemamet.model.EngineSetup;
import picocli.CommandLine.Option;

/** {@code --device} of the commands that only predict (mix in with {@code @Mixin}). */
public final class DeviceOption {
    @Option(
            names = "--device",
            defaultValue = "auto",
            paramLabel = "auto|cpu|gpu",
            description = "Where the network predicts: auto (default: a GPU when libtorch sees one, else the CPU),"
                    + " cpu or gpu.")
    String device;

    /** Chooses the device for this process; exit 2 for a device it lacks. */
    public ComputeDevice apply() {
        return EngineSetup.selectDevice(device, "--device");
    }
}
