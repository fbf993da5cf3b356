package org.hemamet.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hemamet.core.HemametException;
import org.hemamet.ingest.IngestOptions;
import org.hemamet.preprocess.LesionCropper;
import org.hemamet.study.StudyConfig;
import org.hemamet.synth.CohortSynthesizer;
import org.hemamet.synth.PhantomParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hemamet demo}: the main job on an embedded default. Synthesises a physics-based spine MRI
 * cohort, ingests it, runs the study protocol and writes the report. Each step is skipped when its
 * output already exists, and the study resumes cell by cell, so an interrupted demo continues.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run the whole protocol on a synthetic cohort: synth -> ingest -> study -> report.",
            "Default: the 'quick' profile on a cohort sized for about 10 minutes on 2 CPU cores;"
                    + " --profile paper runs the paper's full protocol on the full 352-patient cohort (hours on CPU)."
        })
public final class DemoCommand implements Callable<Integer> {
    /** Patients of the quick demo cohort (sized so the whole demo takes about 10 minutes on 2 cores). */
    public static final int QUICK_PATIENTS = 352;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--out", defaultValue = "demo-out", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--profile",
            defaultValue = "quick",
            description = "Study profile: quick or paper (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--config", paramLabel = "FILE", description = "Study file (JSON or YAML) instead of a profile.")
    Path config;

    @Option(
            names = "--patients",
            description = "Cohort size (default: " + QUICK_PATIENTS + " for quick, 352 for paper).")
    Integer patients;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Root seed for the cohort and the study (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        check(out);
        PrintWriter w = spec.commandLine().getOut();
        StudyConfig config =
                (this.config != null ? StudyConfig.read(this.config) : StudyConfig.profile(profile)).withSeed(seed);
        int n = patients != null ? patients : "paper".equals(config.profile()) ? 0 : QUICK_PATIENTS;
        long t0 = System.nanoTime();
        Path synthDir = out.resolve("synth");
        Path cohort = synthDir.resolve("cohort");
        if (Files.isRegularFile(cohort.resolve("cohort.csv"))) {
            w.println("[1/4] synth: reusing " + cohort);
        } else {
            w.println("[1/4] synth: generating the synthetic cohort (" + (n == 0 ? "352" : n) + " patients, seed "
                    + seed + ")");
            w.flush();
            PhantomParameters p = PhantomParameters.defaults();
            CohortSynthesizer.Options o = new CohortSynthesizer.Options(
                    n, seed, null, 256, Runtime.getRuntime().availableProcessors());
            int total = CohortSynthesizer.counts(p, n).values().stream()
                    .mapToInt(Integer::intValue)
                    .sum();
            SynthCommand.generate(p, o, synthDir, total);
        }
        w.printf("[2/4] ingest: cropping lesions to 256x256 (%.0f s so far)%n", secs(t0));
        w.flush();
        Path dataset = out.resolve("dataset");
        Path key = out.resolve("dataset.key");
        // synthetic cohort: a seed-derived key makes the pseudonyms, hence the splits, the same on every machine
        org.hemamet.ingest.Pseudonymizer.loadOrCreateForSyntheticCohort(key, seed);
        var s = IngestCommand.ingest(
                new IngestOptions(cohort, dataset, LesionCropper.Params.RECOMMENDED, key, null).withMasks(true), true);
        w.printf("      %d crops (%d reused), %d skipped%n", s.samples(), s.reused(), s.skipped());
        w.printf("[3/4] study: profile '%s' (%.0f s so far)%n", config.profile(), secs(t0));
        w.flush();
        Path run = out.resolve("run");
        StudyCommand.run(config, dataset, run, w, true);
        w.printf(
                "[4/4] done in %.1f min. Ground truth (true masks) for the cohort: %s%n",
                secs(t0) / 60, synthDir.resolve("ground-truth"));
        w.flush();
        return 0;
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static void check(Path out) {
        if (Files.isRegularFile(out)) {
            throw HemametException.invalidInput(out + ": is a file, not a directory");
        }
    }
}
