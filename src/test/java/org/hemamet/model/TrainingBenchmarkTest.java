package org.hemamet.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The throughput measurements (the {@code hemamet bench} path, {@link CnnBenchmark}, and the trainer's
 * own, {@link TrainingBenchmark}) against bounds that hold on any CPU and load, because they compare
 * measurements of one run with each other or with physics rather than with a machine's speed. Measured
 * on 2 shared cores at load 9 (128x128, batch 8, 1 thread): phases 0.99 of the step, inference 5.0x the
 * training rate, the trainer 0.7-1.1x the bench's step rate.
 */
@Tag("slow")
class TrainingBenchmarkTest {
    static final int SIZE = 128;
    static final int BATCH = 8;

    @Test
    void phasesAccountForTheStepAndTrainingCostsAFewForwardPasses() {
        CnnBenchmark.Report r = bench();
        System.out.println(r);
        double stepMs = 1000.0 * BATCH / r.trainImagesPerSecond();
        double phasesMs = r.dataMs() + r.forwardBackwardMs() + r.optimizerMs();
        // the phases are disjoint parts of the timed steps; what they leave out (sub-manager close,
        // the loss check) is small
        assertThat(phasesMs / stepMs).isBetween(0.8, 1.001);
        assertThat(r.forwardBackwardMs()).isGreaterThan(r.dataMs());
        // a training step is a forward and a backward pass (about 3 forward passes of FLOPs) plus Adam:
        // below 1.5 it skips work, above 20 something besides the arithmetic dominates it
        assertThat(r.inferImagesPerSecond() / r.trainImagesPerSecond()).isBetween(1.5, 20.0);
        // no CPU core does a TFLOP/s of float32: a faster rate times something other than the work
        assertThat(r.trainGflopPerSecond()).isBetween(0.0, 1000.0 * r.threads());
    }

    @Test
    void theTrainerRunsAtTheRateOfItsSteps() {
        CnnBenchmark.Report steps = bench();
        TrainingBenchmark.Result trainer = TrainingBenchmark.measure(SIZE, BATCH, 1, 32, 3, 42);
        System.out.println(trainer);
        // the trainer's epochs are the bench's steps plus batch assembly and bookkeeping
        assertThat(trainer.imagesPerSecond() / steps.trainImagesPerSecond()).isBetween(0.25, 4.0);
        assertThat(trainer.timedEpochs()).isEqualTo(2);
    }

    private static CnnBenchmark.Report bench() {
        return CnnBenchmark.run(
                new CnnBenchmark.Options(SIZE, BATCH, 2, 8, 1, 42, "cpu", Precision.FP32),
                CnnBenchmark.synthetic(SIZE, 32, 42),
                "synthetic");
    }
}
