package org.hemamet.model;

import ai.djl.engine.Engine;
import java.util.LinkedHashMap;
import java.util.Map;

/** Versions of the deep-learning stack, for provenance records. */
public final class ModelInfo {
    private ModelInfo() {}

    /** {@code djl_version}, {@code pytorch_version}, {@code engine}, and the engine's thread settings. */
    public static Map<String, Object> versions() {
        Engine engine = EngineSetup.engine();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("djl_version", Engine.getDjlVersion());
        m.put("pytorch_version", engine.getVersion());
        m.put("engine", engine.getEngineName());
        m.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", ""));
        // results are reproducible for a seed and this thread count (CPU reductions are split per thread)
        m.put("pytorch_intra_op_threads", EngineSetup.threads());
        m.put("pytorch_inter_op_threads", EngineSetup.interOpThreads());
        m.put("device", EngineSetup.device().description());
        m.put("precision", EngineSetup.precision().label());
        m.put("optimizer", FusedAdam.describe(EngineSetup.device()));
        return m;
    }
}
