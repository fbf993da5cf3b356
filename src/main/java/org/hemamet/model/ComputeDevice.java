package org.hemamet.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.util.cuda.CudaUtils;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.hemamet.core.HemametException;

/**
 * Where the network trains and predicts: the CPU or one CUDA GPU, as libtorch sees it. Chosen once per
 * process with {@code --device auto|cpu|gpu} ({@link EngineSetup#selectDevice}); {@code auto} is the first
 * GPU when libtorch sees one, else the CPU. Recorded in a run's provenance and a bundle's training facts.
 *
 * <p>On a GPU, training and prediction are not bit-for-bit reproducible from run to run (cuDNN chooses
 * algorithms, some of them with atomic additions); on the CPU they are, for a fixed thread count.
 *
 * @param kind {@code cpu} or {@code gpu}
 * @param index the GPU's index (0 for the CPU)
 * @param description what the device is, e.g. {@code "gpu(0) NVIDIA H200, compute capability 90, 139.8 GiB"}
 */
public record ComputeDevice(String kind, int index, String description) {
    /** The CPU. */
    public static final ComputeDevice CPU = new ComputeDevice("cpu", 0, "cpu");

    public ComputeDevice {
        if (!"cpu".equals(kind) && !"gpu".equals(kind)) {
            throw new IllegalArgumentException("device kind must be cpu or gpu, got '" + kind + "'");
        }
    }

    /** Whether this is a GPU. */
    public boolean isGpu() {
        return "gpu".equals(kind);
    }

    /** {@code cpu} or {@code gpu(N)}. */
    public String name() {
        return isGpu() ? "gpu(" + index + ")" : "cpu";
    }

    /** DJL's device. */
    Device djl() {
        return isGpu() ? Device.gpu(index) : Device.cpu();
    }

    /**
     * Resolves a user's choice: {@code cpu}, {@code gpu} (the first GPU; refused with exit 2 when libtorch
     * sees none) or {@code auto} (a GPU when there is one).
     *
     * @param option the option's name, for the message ({@code --device})
     */
    static ComputeDevice resolve(String choice, String option, Engine engine) {
        String c = choice == null ? "cpu" : choice.trim().toLowerCase(Locale.ROOT);
        switch (c) {
            case "cpu":
                return CPU;
            case "gpu":
            case "cuda":
                if (engine.getGpuCount() == 0) {
                    throw HemametException.invalidInput(option + " gpu: libtorch sees no GPU (this build has CPU"
                            + " natives, or no CUDA driver is visible; see docs/performance.md, 'GPU')");
                }
                return gpu(0);
            case "auto":
                return engine.getGpuCount() > 0 ? gpu(0) : CPU;
            default:
                throw HemametException.invalidInput(
                        option + ": '" + choice + "' is not a device (expected auto, cpu or gpu)");
        }
    }

    private static ComputeDevice gpu(int index) {
        return new ComputeDevice("gpu", index, "gpu(" + index + ")" + gpuFacts(index));
    }

    /** ", NAME, compute capability CC, M GiB" as far as the driver tells. */
    private static String gpuFacts(int index) {
        StringBuilder s = new StringBuilder();
        String name = nvidiaSmiName(index);
        if (name != null) {
            s.append(' ').append(name);
        }
        try {
            s.append(", compute capability ").append(CudaUtils.getComputeCapability(index));
            MemoryUsage m = CudaUtils.getGpuMemory(Device.gpu(index));
            s.append(String.format(Locale.ROOT, ", %.1f GiB", m.getMax() / (double) (1L << 30)));
        } catch (RuntimeException | LinkageError e) {
            // the CUDA runtime library is not loadable from Java: the name alone
        }
        return s.toString();
    }

    /** The GPU's product name from nvidia-smi, or null when it is not there. */
    private static String nvidiaSmiName(int index) {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=name", "--format=csv,noheader", "--id=" + index)
                    .redirectErrorStream(true)
                    .start();
            String line;
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                line = r.readLine();
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 && line != null && !line.isBlank() ? line.trim() : null;
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
