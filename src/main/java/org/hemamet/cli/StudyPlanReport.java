package org.hemamet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.core.HemametException;
import org.hemamet.model.CnnBenchmark;
import org.hemamet.model.ComputeDevice;
import org.hemamet.model.Precision;
import org.hemamet.study.StudyConfig;
import org.hemamet.study.StudyPlan;

/**
 * {@code hemamet study DATASET --plan}: what the study would train, cell by cell, and how long its training
 * would take here, from a short training measured on this machine's chosen device; nothing is trained for the
 * study and nothing is written.
 */
final class StudyPlanReport {
    /** Measured steps after the warm-up: long enough to be steady, short enough to wait for. */
    static final int WARMUP = 3;

    static final int STEPS = 8;

    private StudyPlanReport() {}

    static void print(StudyConfig config, Path dataset, ComputeDevice device, String precision, PrintWriter out) {
        List<DatasetSample> samples = DatasetManifest.read(dataset);
        if (samples.isEmpty()) {
            throw HemametException.dataState(
                    dataset.resolve(DatasetManifest.FILE_NAME) + ": the dataset has no samples");
        }
        StudyPlan plan = StudyPlan.of(config, samples);
        out.printf(
                "Plan of the study of %s (profile %s, seed %d): %d cells, input %dx%d; nothing is trained or"
                        + " written%n",
                dataset, config.profile(), config.seed(), plan.cells().size(), config.inputSize(), config.inputSize());
        table(plan, out);
        out.printf(
                "total: %d of %d cells train; %,d CNN trainings; %,d training image passes (at most: the final"
                        + " fits and calibration folds counted at the search's most epochs)%n",
                plan.cellsToTrain(), plan.cells().size(), plan.trainings(), plan.imagePasses());
        out.flush();
        if (plan.imagePasses() > 0) {
            estimate(config, plan, device, precision, out);
        }
        out.flush();
    }

    private static void table(StudyPlan plan, PrintWriter out) {
        int width = plan.cells().stream()
                .mapToInt(c -> c.cell().id().length())
                .max()
                .orElse(4);
        out.printf(
                "%-" + width + "s  %14s  %14s  %9s  %12s%n",
                "cell",
                "train (pat.)",
                "test (pat.)",
                "trainings",
                "image passes");
        for (StudyPlan.CellPlan c : plan.cells()) {
            String train = c.trainLesions() + " (" + c.trainPatients() + ")";
            String test = c.testLesions() + " (" + c.testPatients() + ")";
            if (c.insufficient() != null) {
                out.printf(
                        "%-" + width + "s  %14s  %14s  not trained: %s%n",
                        c.cell().id(),
                        train,
                        test,
                        c.insufficient());
            } else {
                out.printf(
                        Locale.ROOT,
                        "%-" + width + "s  %14s  %14s  %9d  %,12d%n",
                        c.cell().id(),
                        train,
                        test,
                        c.trainings(),
                        c.imagePasses());
            }
        }
    }

    /** A short training measured on the chosen device, and the study's training time at that rate. */
    private static void estimate(
            StudyConfig config, StudyPlan plan, ComputeDevice device, String precision, PrintWriter out) {
        int batch = config.search().batchSizes().stream()
                .mapToInt(Integer::intValue)
                .min()
                .orElse(16);
        int threads = BenchCommand.defaultThreads();
        CnnBenchmark.Report r = CnnBenchmark.run(
                new CnnBenchmark.Options(
                        config.inputSize(),
                        batch,
                        WARMUP,
                        STEPS,
                        threads,
                        config.seed(),
                        device.isGpu() ? "gpu" : "cpu",
                        Precision.parse(precision, "--precision")),
                CnnBenchmark.synthetic(config.inputSize(), Math.max(2 * batch, 32), config.seed()),
                "synthetic");
        double seconds = plan.imagePasses() / r.trainImagesPerSecond();
        out.printf(
                Locale.ROOT,
                "measured here: %.1f training images/s (%s, %s, %d thread%s, batch %d, %d steps after %d warm-up)%n",
                r.trainImagesPerSecond(),
                device.description(),
                r.precision(),
                threads,
                threads == 1 ? "" : "s",
                batch,
                STEPS,
                WARMUP);
        out.printf(
                "estimate: about %s of training one cell at a time on this machine (at most; the longest cell %s),"
                        + " plus each cell's evaluation (inference, baselines, bootstrap)%n",
                duration(seconds),
                duration(plan.cells().stream()
                                .mapToLong(StudyPlan.CellPlan::imagePasses)
                                .max()
                                .orElse(0)
                        / r.trainImagesPerSecond()));
    }

    /** "7 h 40 min", "12 min", "45 s". */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        long min = Math.round(seconds / 60);
        return min < 60 ? min + " min" : (min / 60) + " h " + (min % 60) + " min";
    }
}
