package org.hemamet.model;

import ai.djl.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Puts DJL in offline mode with its native cache in a directory hemamet controls, before the PyTorch
 * engine is first loaded. The natives come from the {@code pytorch-native-cpu} jar on the class path;
 * nothing is downloaded at run time.
 *
 * <p>Cache directory: {@code $HEMAMET_CACHE_DIR} if set, else {@code ~/.cache/hemamet/djl}.
 */
public final class EngineSetup {
    private static volatile boolean done;

    private EngineSetup() {}

    /** Directory that holds DJL's extracted natives. */
    public static Path cacheDir() {
        String env = System.getenv("HEMAMET_CACHE_DIR");
        if (env != null && !env.isBlank()) {
            return Paths.get(env).resolve("djl");
        }
        return Paths.get(System.getProperty("user.home"), ".cache", "hemamet", "djl");
    }

    /**
     * Sets PyTorch's intra-op thread count (process-wide). Results are bit-for-bit reproducible only
     * for a fixed thread count; the default is the number of cores, or {@code ai.djl.pytorch.num_threads}
     * when that system property is set before the engine loads.
     */
    public static void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        engine();
        ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
    }

    /** PyTorch's current intra-op thread count. */
    public static int threads() {
        engine();
        return ai.djl.pytorch.jni.JniUtils.getNumThreads();
    }

    /** PyTorch's current inter-op thread count. */
    public static int interOpThreads() {
        engine();
        return ai.djl.pytorch.jni.JniUtils.getNumInteropThreads();
    }

    /** Configures offline mode and the cache, then loads the PyTorch engine. Idempotent. */
    public static synchronized Engine engine() {
        if (!done) {
            Path cache = cacheDir();
            try {
                Files.createDirectories(cache);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot create DJL cache " + cache, e);
            }
            System.setProperty("ai.djl.offline", "true");
            System.setProperty("DJL_CACHE_DIR", cache.toString());
            System.setProperty("ENGINE_CACHE_DIR", cache.toString());
            System.setProperty("ai.djl.default_engine", "PyTorch");
            // Keep DJL from probing for GPUs / CUDA downloads.
            if (System.getProperty("ai.djl.pytorch.graph_optimizer") == null) {
                System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
            }
            done = true;
        }
        return Engine.getEngine("PyTorch");
    }
}
