package org.hemamet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.core.HemametException;
import org.hemamet.core.Json;
import org.hemamet.model.CnnBenchmark;
import org.hemamet.model.Precision;
import org.hemamet.model.TrainingData;
import org.hemamet.study.CropLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hemamet bench}: training and inference speed of the paper CNN on this machine (synthetic
 * tensors, and a real dataset with {@code --dataset}). {@code bench/compare.sh} runs it side by side
 * with the PyTorch peer {@code bench/peer_pytorch.py}.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measure training and inference speed of the paper CNN: images/s, time per step (data,"
                    + " forward+backward, optimizer), peak RSS, user/system CPU time, threads.",
            "Compare with PyTorch: bench/compare.sh (alternating pairs, ratios and medians)."
        })
public final class BenchCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--input", defaultValue = "256", description = "Input side S (default: ${DEFAULT-VALUE}).")
    int input;

    @Option(names = "--batch", defaultValue = "16", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--steps", defaultValue = "10", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed warm-up steps (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--threads", description = "PyTorch intra-op threads (default: OMP_NUM_THREADS, else the cores).")
    Integer threads;

    @Option(names = "--images", defaultValue = "64", description = "Synthetic images (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(
            names = "--dataset",
            paramLabel = "DIR",
            description = "Also measure on this ingested dataset (its crops, resized to --input).")
    Path dataset;

    @Option(
            names = "--device",
            defaultValue = "cpu",
            paramLabel = "auto|cpu|gpu",
            description = "Where to measure: cpu (default), gpu (a CUDA libtorch, see docs/performance.md) or auto"
                    + " (a GPU when libtorch sees one).")
    String device;

    @Option(
            names = "--precision",
            defaultValue = "fp32",
            paramLabel = "fp32|bf16",
            description = "Training arithmetic: fp32 (default) or bf16 mixed precision (bfloat16 convolution blocks,"
                    + " float32 weights, head and loss).")
    String precision;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "One JSON object per measurement, one per line.")
    boolean json;

    @Override
    public Integer call() {
        if (!"cpu".equals(device) && !"gpu".equals(device) && !"auto".equals(device)) {
            throw HemametException.invalidInput("--device: expected auto, cpu or gpu, got '" + device + "'");
        }
        Precision p = Precision.parse(precision, "--precision");
        int t = threads != null ? threads : defaultThreads();
        CnnBenchmark.Options options;
        try {
            options = new CnnBenchmark.Options(input, batch, warmup, steps, t, seed, device, p);
        } catch (IllegalArgumentException e) {
            throw HemametException.invalidInput("bench: " + e.getMessage());
        }
        if (images < batch) {
            throw HemametException.invalidInput("--images: " + images + " is fewer than one batch of " + batch);
        }
        TrainingData real = dataset == null ? null : load(dataset, input, batch);
        List<CnnBenchmark.Report> reports = new ArrayList<>();
        try {
            reports.add(CnnBenchmark.run(options, CnnBenchmark.synthetic(input, images, seed), "synthetic"));
            if (real != null) {
                reports.add(CnnBenchmark.run(options, real, dataset.toString()));
            }
        } catch (IllegalArgumentException e) {
            throw HemametException.invalidInput(e.getMessage());
        }
        var out = spec.commandLine().getOut();
        for (CnnBenchmark.Report r : reports) {
            if (json) {
                try {
                    out.println(Json.mapper()
                            .writer()
                            .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(r.toMap()));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw HemametException.internal("cannot write JSON: " + e.getMessage(), e);
                }
            } else {
                out.println(r);
            }
        }
        out.flush();
        return 0;
    }

    static int defaultThreads() {
        String env = System.getenv("OMP_NUM_THREADS");
        if (env != null) {
            try {
                int v = Integer.parseInt(env.trim());
                if (v > 0) {
                    return v;
                }
            } catch (NumberFormatException ignored) {
                // fall through
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** All crops of an ingested dataset as network input (label 1 = metastasis). */
    static TrainingData load(Path dir, int size, int batch) {
        if (!Files.isRegularFile(dir.resolve(DatasetManifest.FILE_NAME))) {
            throw HemametException.invalidInput(
                    dir + ": no " + DatasetManifest.FILE_NAME + " (not an ingested dataset)");
        }
        List<DatasetSample> samples = DatasetManifest.read(dir);
        if (samples.size() < batch) {
            throw HemametException.invalidInput(
                    dir + ": " + samples.size() + " crops, fewer than one batch of " + batch);
        }
        CropLoader loader = new CropLoader(dir, size);
        float[][] x = new float[samples.size()][];
        int[] y = new int[samples.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = loader.load(samples.get(i).cropPath());
            y[i] = samples.get(i).diagnosis().isMetastasis() ? 1 : 0;
        }
        return new TrainingData(x, y, size);
    }
}
