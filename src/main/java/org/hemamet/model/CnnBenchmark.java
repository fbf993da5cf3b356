package org.hemamet.model;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code hemamet bench}: training and inference throughput of the paper CNN on this machine, with
 * the code path of a study ({@link TrainStep}: Adam, cross-entropy, per-step sub-managers; inference
 * through {@link TrainedCnn#logProbabilities} in eval mode without gradient).
 *
 * <p>Protocol (mirrored by {@code bench/peer_pytorch.py}): {@code warmup} untimed training steps,
 * then {@code steps} timed ones, as {@link CnnTrainer} runs them (the images on the device, a shuffle per
 * pass, batch slices), each split into data (the slices), forward+backward (with the loss) and optimizer
 * host time; then {@code steps} inference batches of the same size in one call from host arrays, and
 * again from images already on the device, each after an untimed warm-up call. Peak RSS is VmHWM of /proc/self/status, CPU time utime/stime
 * of /proc/self/stat (whole process, JVM included).
 */
public final class CnnBenchmark {
    private CnnBenchmark() {}

    /** What to measure. */
    public record Options(
            int size, int batch, int warmup, int steps, int threads, long seed, String device, Precision precision) {
        public Options {
            if (!"cpu".equals(device) && !"gpu".equals(device) && !"auto".equals(device)) {
                throw new IllegalArgumentException("device must be auto, cpu or gpu, got '" + device + "'");
            }
            if (precision == null) {
                throw new IllegalArgumentException("precision must be given");
            }
            if (size < 8 || size % 8 != 0) {
                throw new IllegalArgumentException("input size must be a multiple of 8 and >= 8, got " + size);
            }
            if (batch < 2) {
                throw new IllegalArgumentException("batch must be >= 2 (batch norm), got " + batch);
            }
            if (warmup < 0 || steps < 1) {
                throw new IllegalArgumentException("need warmup >= 0 and steps >= 1, got " + warmup + " / " + steps);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
        }
    }

    /**
     * One measurement. Times are per step (milliseconds); CPU times cover the whole process up to the
     * end of the measurement.
     */
    public record Report(
            String impl,
            String data,
            int size,
            int batch,
            int steps,
            int threads,
            int interopThreads,
            boolean channelsLast,
            String allocator,
            String device,
            String precision,
            String optimizer,
            Double optimizerCheckMaxAbsDiff,
            double trainImagesPerSecond,
            double inferImagesPerSecond,
            double inferResidentImagesPerSecond,
            double dataMs,
            double forwardBackwardMs,
            double optimizerMs,
            double inferMs,
            double peakRssMb,
            double userSeconds,
            double systemSeconds,
            double trainGflopPerSecond) {

        /** Flat map for JSON (keys as in bench/peer_pytorch.py). */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("impl", impl);
            m.put("data", data);
            m.put("allocator", allocator);
            m.put("input", size);
            m.put("batch", batch);
            m.put("steps", steps);
            m.put("threads", threads);
            m.put("interop_threads", interopThreads);
            m.put("channels_last", channelsLast);
            m.put("device", device);
            m.put("precision", precision);
            m.put("optimizer", optimizer);
            m.put("optimizer_check_max_abs_diff", optimizerCheckMaxAbsDiff);
            m.put("train_img_s", trainImagesPerSecond);
            m.put("infer_img_s", inferImagesPerSecond);
            m.put("infer_resident_img_s", inferResidentImagesPerSecond);
            m.put("data_ms", dataMs);
            m.put("fwd_bwd_ms", forwardBackwardMs);
            m.put("optimizer_ms", optimizerMs);
            m.put("infer_ms", inferMs);
            m.put("peak_rss_mb", peakRssMb);
            m.put("user_s", userSeconds);
            m.put("sys_s", systemSeconds);
            m.put("train_gflop_s", trainGflopPerSecond);
            return m;
        }

        @Override
        public String toString() {
            return String.format(
                    java.util.Locale.ROOT,
                    "%s, %s data, %dx%d batch %d, %d threads (interop %d), channels-last %s, allocator %s%n"
                            + "  device %s, precision %s, optimizer %s%n"
                            + "  train  %.2f img/s  (%.1f GFLOP/s)  per step: data %.1f ms, forward+backward %.1f ms,"
                            + " optimizer %.1f ms%n"
                            + "  infer  %.2f img/s  (%.1f ms per batch, eval mode, no gradient, from host"
                            + " memory); %.2f img/s with the images already on the device%n"
                            + "  peak RSS %.0f MB, CPU user %.1f s, system %.1f s",
                    impl,
                    data,
                    size,
                    size,
                    batch,
                    threads,
                    interopThreads,
                    channelsLast,
                    allocator,
                    device,
                    precision,
                    optimizer,
                    trainImagesPerSecond,
                    trainGflopPerSecond,
                    dataMs,
                    forwardBackwardMs,
                    optimizerMs,
                    inferImagesPerSecond,
                    inferMs,
                    inferResidentImagesPerSecond,
                    peakRssMb,
                    userSeconds,
                    systemSeconds);
        }
    }

    /** {@code n} uniform [0, 1) images with alternating labels. */
    public static TrainingData synthetic(int size, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] x = new float[n][size * size];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < x[i].length; p++) {
                x[i][p] = (float) rng.nextDouble();
            }
            y[i] = i % 2;
        }
        return new TrainingData(x, y, size);
    }

    /**
     * Training FLOPs per image (forward multiply-adds x 2, backward twice the forward) of the
     * convolutions and dense layers: 3 x forward.
     */
    public static double trainFlopsPerImage(int size) {
        double fwd = 0;
        int in = PaperCnn.CHANNELS;
        int side = size;
        for (int f : PaperCnn.FILTERS) {
            fwd += 2.0 * side * side * f * in * 9;
            in = f;
            side /= 2;
        }
        fwd += 2.0 * side * side * in * PaperCnn.DENSE + 2.0 * PaperCnn.DENSE * PaperCnn.CLASSES;
        return 3 * fwd;
    }

    /**
     * Trains and infers as described in the class comment.
     *
     * @param data images at {@code options.size()} (at least one batch), e.g. {@link #synthetic}
     * @param dataName label for the report ("synthetic" or the dataset path)
     */
    public static Report run(Options o, TrainingData data, String dataName) {
        if (data.size() != o.size()) {
            throw new IllegalArgumentException("data size " + data.size() + " differs from input " + o.size());
        }
        if (data.count() < o.batch()) {
            throw new IllegalArgumentException(data.count() + " images, fewer than one batch of " + o.batch());
        }
        EngineSetup.setThreads(o.threads());
        Engine engine = EngineSetup.engine();
        ComputeDevice device = EngineSetup.selectDevice(o.device(), "--device");
        EngineSetup.checkPrecision(o.precision(), "--precision");
        HyperParams hp = new HyperParams(1e-3, o.batch(), 1, 0.5);
        Autograd.LOCK.lock();
        try (Model model = Model.newInstance(PaperCnn.NAME, device.djl(), engine.getEngineName())) {
            engine.setRandomSeed((int) o.seed());
            SequentialBlock block = PaperCnn.build(hp.dropout(), o.precision());
            model.setBlock(block);
            TrainTiming train;
            DefaultTrainingConfig config = CnnTrainer.trainingConfig(hp, device.djl());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(PaperCnn.inputShape(1, o.size()));
                try (TrainStep step = new TrainStep(trainer, config.getOptimizer(), hp.learningRate(), device)) {
                    train = timeTraining(o, data, trainer, step, device);
                }
            }
            long inferNanos = timeInference(o, data, block, model.getNDManager());
            long residentNanos = timeResidentInference(o, data, block, model.getNDManager());
            return report(o, dataName, engine, device, train, inferNanos, residentNanos);
        } finally {
            Autograd.LOCK.unlock();
        }
    }

    /** Wall time of the timed training steps and the step's per-phase host times. */
    private record TrainTiming(double seconds, long dataNanos, long forwardBackwardNanos, long optimizerNanos) {}

    /**
     * {@code warmup} untimed then {@code steps} timed training steps, as {@link CnnTrainer} runs them: the
     * images on the device, each pass over them a fresh shuffle (one gather) cut into batch slices, the
     * losses read back at once on the CPU and only at the end on a GPU (whose queue is drained before the
     * clock starts and before it stops).
     */
    private static TrainTiming timeTraining(
            Options o, TrainingData data, Trainer trainer, TrainStep step, ComputeDevice device) {
        int n = data.count();
        int bs = o.batch();
        boolean checkEveryStep = !device.isGpu();
        SplittableRandom rng = new SplittableRandom(o.seed());
        int[] order = Shuffle.identity(n);
        try (NDManager resident = trainer.getManager().newSubManager()) {
            NDArray images = DeviceImages.images(resident, data.images(), o.size());
            NDArray targets = DeviceImages.weightedOneHot(resident, data.labels(), new double[] {1, 1});
            NDArray labels = DeviceImages.labels(resident, data.labels());
            NDManager pass = null;
            NDArray[] shuffled = null;
            NDArray lastLoss = null;
            int cursor = n;
            long dataNanos = 0;
            long timedStart = 0;
            try {
                for (int s = 0; s < o.warmup() + o.steps(); s++) {
                    if (s == o.warmup()) {
                        drain(lastLoss);
                        step.forwardBackwardNanos = 0;
                        step.optimizerNanos = 0;
                        dataNanos = 0;
                        timedStart = System.nanoTime();
                    }
                    long t0 = System.nanoTime();
                    if (cursor + bs > n) {
                        Shuffle.inPlace(order, rng);
                        if (pass != null) {
                            pass.close();
                        }
                        pass = resident.newSubManager();
                        NDArray permutation = pass.create(Shuffle.asLongs(order));
                        shuffled = new NDArray[] {
                            CnnTrainer.gather(images, permutation, pass),
                            CnnTrainer.gather(targets, permutation, pass),
                            CnnTrainer.gather(labels, permutation, pass)
                        };
                        cursor = 0;
                    }
                    try (NDManager stepScope = pass.newSubManager()) {
                        NDArray x = CnnTrainer.rows(shuffled[0], cursor, bs, stepScope);
                        NDArray y = CnnTrainer.rows(shuffled[1], cursor, bs, stepScope);
                        NDArray l = CnnTrainer.rows(shuffled[2], cursor, bs, stepScope);
                        dataNanos += System.nanoTime() - t0;
                        TrainStep.Outcome outcome = step.run(x, y, l, pass, checkEveryStep);
                        lastLoss = outcome.loss();
                        if (checkEveryStep && !Float.isFinite(lastLoss.getFloat())) {
                            throw new TrainingDivergedException(1, s, lastLoss.getFloat());
                        }
                    }
                    cursor += bs;
                }
                drain(lastLoss);
                double seconds = (System.nanoTime() - timedStart) / 1e9;
                return new TrainTiming(seconds, dataNanos, step.forwardBackwardNanos, step.optimizerNanos);
            } finally {
                if (pass != null) {
                    pass.close();
                }
            }
        }
    }

    /** Waits for the device to finish the queued steps (reads the last loss); the loss must be finite. */
    private static void drain(NDArray lastLoss) {
        if (lastLoss != null && !Float.isFinite(lastLoss.getFloat())) {
            throw new TrainingDivergedException(1, -1, lastLoss.getFloat());
        }
    }

    /**
     * Nanoseconds of predicting {@code steps} batches of images (cycled through the data) in one call, the
     * way a study or {@code predict} does: host images to the device in one copy, eval-mode batches of
     * {@code batch}, log-probabilities back in one read; after a call of {@code warmup} batches untimed.
     */
    private static long timeInference(Options o, TrainingData data, SequentialBlock block, NDManager manager) {
        int bs = o.batch();
        TrainedCnn.logProbabilities(block, manager, cycled(data, Math.max(1, o.warmup()) * bs), o.size(), bs);
        float[][] timed = cycled(data, o.steps() * bs);
        long t0 = System.nanoTime();
        TrainedCnn.logProbabilities(block, manager, timed, o.size(), bs);
        return System.nanoTime() - t0;
    }

    /**
     * Nanoseconds of predicting the same {@code steps} batches with the images already on the device (one
     * copy before the clock starts), as the PyTorch peer measures it; one read at the end.
     */
    private static long timeResidentInference(Options o, TrainingData data, SequentialBlock block, NDManager manager) {
        int bs = o.batch();
        try (NDManager scope = manager.newSubManager()) {
            NDArray warm = DeviceImages.images(scope, cycled(data, Math.max(1, o.warmup()) * bs), o.size());
            TrainedCnn.logProbabilities(block, scope, warm, bs);
            NDArray timed = DeviceImages.images(scope, cycled(data, o.steps() * bs), o.size());
            timed.toFloatArray(); // the copy has landed
            long t0 = System.nanoTime();
            TrainedCnn.logProbabilities(block, scope, timed, bs);
            return System.nanoTime() - t0;
        }
    }

    /** The data's images repeated to {@code count} (references, no copies). */
    private static float[][] cycled(TrainingData data, int count) {
        float[][] images = new float[count][];
        for (int i = 0; i < count; i++) {
            images[i] = data.images()[i % data.count()];
        }
        return images;
    }

    private static Report report(
            Options o,
            String dataName,
            Engine engine,
            ComputeDevice device,
            TrainTiming train,
            long inferNanos,
            long residentNanos) {
        double[] cpu = cpuSeconds();
        double images = (double) o.steps() * o.batch();
        double trainRate = images / train.seconds();
        return new Report(
                "hemamet-djl-" + Engine.getDjlVersion() + "-libtorch-" + engine.getVersion() + "-" + device.name(),
                dataName,
                o.size(),
                o.batch(),
                o.steps(),
                EngineSetup.threads(),
                ai.djl.pytorch.jni.JniUtils.getNumInteropThreads(),
                ChannelsLastConv2d.enabledOn(device.djl()),
                allocator(),
                device.description(),
                o.precision().label(),
                FusedAdam.describe(device),
                FusedAdam.usedOn(device) ? FusedAdam.checkedDifference() : null,
                trainRate,
                images / (inferNanos / 1e9),
                images / (residentNanos / 1e9),
                train.dataNanos() / 1e6 / o.steps(),
                train.forwardBackwardNanos() / 1e6 / o.steps(),
                train.optimizerNanos() / 1e6 / o.steps(),
                inferNanos / 1e6 / o.steps(),
                peakRssMb(),
                cpu[0],
                cpu[1],
                trainRate * trainFlopsPerImage(o.size()) / 1e9);
    }

    /** "jemalloc" when libjemalloc is preloaded into this process, else "default". */
    static String allocator() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                if (line.contains("libjemalloc")) {
                    return "jemalloc";
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
        return "default";
    }

    /** VmHWM (peak resident set) in MB, or NaN where /proc is absent. */
    public static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** {user, system} CPU seconds of this process (utime, stime of /proc/self/stat at 100 ticks/s), or NaN. */
    public static double[] cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": field 3 = state is f[0]; utime = field 14 -> f[11], stime = field 15 -> f[12]
            return new double[] {Long.parseLong(f[11]) / 100.0, Long.parseLong(f[12]) / 100.0};
        } catch (IOException | RuntimeException e) {
            return new double[] {Double.NaN, Double.NaN};
        }
    }
}
