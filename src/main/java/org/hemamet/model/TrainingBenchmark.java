package org.hemamet.model;

import java.util.SplittableRandom;

/**
 * Measures training throughput (images/s) of the paper CNN on random data: the same code path as a
 * study (CnnTrainer, Adam, cross-entropy, per-step sub-managers), no validation.
 *
 * <p>Run: {@code java -cp target/hemamet.jar:target/lib/* org.hemamet.model.TrainingBenchmark
 * [size=256] [batch=16] [threads=2] [images=160] [epochs=2]}. The first epoch is a warm-up; the
 * reported rate is over the remaining epochs.
 */
public final class TrainingBenchmark {
    private TrainingBenchmark() {}

    /** Result of one measurement. */
    public record Result(
            int size, int batchSize, int threads, int images, int timedEpochs, double seconds, double imagesPerSecond) {
        @Override
        public String toString() {
            return String.format(
                    "paper-cnn train %dx%d batch %d threads %d: %d images x %d epochs in %.2f s = %.1f img/s",
                    size, size, batchSize, threads, images, timedEpochs, seconds, imagesPerSecond);
        }
    }

    /** Trains on {@code images} random images for {@code epochs} epochs (first one untimed). */
    public static Result measure(int size, int batchSize, int threads, int images, int epochs, long seed) {
        if (epochs < 2) {
            throw new IllegalArgumentException("epochs must be >= 2 (one warm-up), got " + epochs);
        }
        EngineSetup.setThreads(threads);
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] x = new float[images][size * size];
        int[] y = new int[images];
        for (int i = 0; i < images; i++) {
            for (int p = 0; p < x[i].length; p++) {
                x[i][p] = (float) rng.nextDouble();
            }
            y[i] = i % 2;
        }
        long[] epochEnd = new long[epochs + 1];
        epochEnd[0] = System.nanoTime();
        HyperParams hp = new HyperParams(1e-3, batchSize, epochs, 0.5);
        try (TrainedCnn ignored = CnnTrainer.train(TrainingRequest.builder()
                .setTrainData(new TrainingData(x, y, size))
                .setHyperParams(hp)
                .setSeed(seed)
                .optEpochListener(s -> epochEnd[s.epoch()] = System.nanoTime())
                .build())) {
            double seconds = (epochEnd[epochs] - epochEnd[1]) / 1e9;
            int timed = epochs - 1;
            return new Result(size, batchSize, threads, images, timed, seconds, images * (double) timed / seconds);
        }
    }

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int images = args.length > 3 ? Integer.parseInt(args[3]) : 160;
        int epochs = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        System.out.println(measure(size, batch, threads, images, epochs, 42));
    }
}
