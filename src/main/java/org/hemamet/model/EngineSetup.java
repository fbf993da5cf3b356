package org.hemamet.model;

import ai.djl.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.hemamet.core.HemametException;

/**
 * Puts DJL in offline mode with its native cache in a directory hemamet controls, before the PyTorch
 * engine is first loaded. The natives come from the {@code pytorch-native-cpu} jar on the class path;
 * nothing is downloaded at run time.
 *
 * <p>Cache directory: {@code $HEMAMET_CACHE_DIR} if set, else {@code ~/.cache/hemamet/djl}.
 */
public final class EngineSetup {
    private static volatile boolean done;
    private static volatile ComputeDevice device = ComputeDevice.CPU;
    private static volatile Precision precision = Precision.FP32;

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

    /**
     * Chooses the device of this process's trainings and predictions ({@code --device auto|cpu|gpu}, see
     * {@link ComputeDevice}); the CPU until called. On a GPU, cuDNN's autotuner is switched on (each
     * convolution's fastest algorithm is measured once per shape; set {@code HEMAMET_CUDNN_BENCHMARK=0} to
     * keep cuDNN's heuristic choice).
     *
     * @param option the option's name, for error messages
     * @return the device chosen
     */
    public static synchronized ComputeDevice selectDevice(String choice, String option) {
        ComputeDevice d = ComputeDevice.resolve(choice, option, engine());
        if (d.isGpu() && !"0".equals(System.getenv("HEMAMET_CUDNN_BENCHMARK"))) {
            ai.djl.pytorch.jni.JniUtils.setBenchmarkCuDNN(true);
        }
        device = d;
        return d;
    }

    /** Marker compiled into a DJL JNI that maps bfloat16 (see scripts/gpu/build-jni.sh). */
    static final String BF16_JNI_MARKER = "hemamet-jni-bfloat16";

    /**
     * Refuses (exit 2) a precision this process cannot train in: DJL 0.36's released JNI has no bfloat16
     * type (a bfloat16 cast aborts the JVM), so {@link Precision#BF16} needs a JNI built with
     * {@code scripts/gpu/build-jni.sh}, which is recognised by a marker in the loaded library.
     *
     * @param option the option's name, for the message
     */
    public static void checkPrecision(Precision precision, String option) {
        if (precision == Precision.BF16 && !jniMapsBfloat16()) {
            throw HemametException.invalidInput(
                    option + " bf16: the loaded DJL JNI (" + jniPath().orElse("not found")
                            + ") has no bfloat16 type; DJL 0.36's released JNI maps none. Build one with"
                            + " scripts/gpu/build-jni.sh (docs/performance.md, 'GPU') or train in fp32");
        }
    }

    /** Whether the loaded DJL JNI carries {@link #BF16_JNI_MARKER}. */
    static boolean jniMapsBfloat16() {
        return jniPath().map(EngineSetup::containsMarker).orElse(false);
    }

    /** The DJL JNI library this process loaded, from /proc/self/maps. */
    static java.util.Optional<String> jniPath() {
        engine();
        try (java.util.stream.Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(l -> l.contains("libdjl_torch"))
                    .map(l -> l.substring(l.indexOf('/')))
                    .findFirst();
        } catch (java.io.IOException | java.io.UncheckedIOException | StringIndexOutOfBoundsException e) {
            return java.util.Optional.empty();
        }
    }

    private static boolean containsMarker(String file) {
        try {
            byte[] bytes = Files.readAllBytes(Path.of(file));
            byte[] marker = BF16_JNI_MARKER.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            outer:
            for (int i = 0; i + marker.length <= bytes.length; i++) {
                for (int j = 0; j < marker.length; j++) {
                    if (bytes[i + j] != marker[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * Chooses the arithmetic of this process's trainings ({@code --precision fp32|bf16}); refused as
     * {@link #checkPrecision} says.
     */
    public static synchronized Precision selectPrecision(Precision p, String option) {
        checkPrecision(p, option);
        precision = p;
        return p;
    }

    /** The precision chosen by {@link #selectPrecision} (float32 by default). */
    public static Precision precision() {
        return precision;
    }

    /** The device chosen by {@link #selectDevice} (the CPU by default). */
    public static ComputeDevice device() {
        return device;
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
