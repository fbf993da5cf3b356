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
            "Run the whole protocol on a synthetic cohort: synth -> ingest -> study -> report, then an external"
                    + " validation of the models on a second synthetic site.",
            "Default: the 'quick' profile on a cohort sized for about 15 minutes on 2 CPU cores;"
                    + " --profile paper runs the paper's full protocol on the full 352-patient cohort (hours on CPU)."
        })
public final class DemoCommand implements Callable<Integer> {
    /** Patients of the quick demo cohort (the whole demo takes about 15 minutes on 2 cores; README, measured). */
    public static final int QUICK_PATIENTS = 352;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    DeviceOptions device;

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

    @Option(
            names = "--jobs",
            paramLabel = "N",
            description = "Study cells at once (default: ${DEFAULT-VALUE}); N > 1: each in its own process, as"
                    + " 'hemamet study --jobs N'.")
    int jobs = 1;

    @Override
    public Integer call() {
        LocalJobs.validate(jobs);
        device.apply();
        check(out);
        PrintWriter w = spec.commandLine().getOut();
        StudyConfig config =
                (this.config != null ? StudyConfig.read(this.config) : StudyConfig.profile(profile)).withSeed(seed);
        int n = patients != null ? patients : "paper".equals(config.profile()) ? 0 : QUICK_PATIENTS;
        long t0 = System.nanoTime();
        Path synthDir = out.resolve("synth");
        Path cohort = synthDir.resolve("cohort");
        if (Files.isRegularFile(cohort.resolve("cohort.csv"))) {
            w.println("[1/5] synth: reusing " + cohort);
        } else {
            w.println("[1/5] synth: generating the synthetic cohort (" + (n == 0 ? "352" : n) + " patients, seed "
                    + seed + ")");
            w.flush();
            PhantomParameters p = PhantomParameters.defaults();
            CohortSynthesizer.Options o = new CohortSynthesizer.Options(
                    n, seed, null, 256, Runtime.getRuntime().availableProcessors());
            int total = CohortSynthesizer.counts(p, n).values().stream()
                    .mapToInt(Integer::intValue)
                    .sum();
            SynthCommand.generate(p, o, synthDir, total, common.progress());
        }
        w.printf("[2/5] ingest: cropping lesions to 256x256 (%.0f s so far)%n", secs(t0));
        w.flush();
        Path dataset = out.resolve("dataset");
        Path key = out.resolve("dataset.key");
        // synthetic cohort: a seed-derived key makes the pseudonyms, hence the splits, the same on every machine
        org.hemamet.ingest.Pseudonymizer.loadOrCreateForSyntheticCohort(key, seed);
        var s = IngestCommand.ingest(
                new IngestOptions(cohort, dataset, LesionCropper.Params.RECOMMENDED, key, null).withMasks(true),
                common.progress());
        w.printf("      %d crops (%d reused), %d skipped%n", s.samples(), s.reused(), s.skipped());
        w.printf("[3/5] study: profile '%s' (%.0f s so far)%n", config.profile(), secs(t0));
        w.flush();
        Path run = out.resolve("run");
        StudyCommand.run(config, dataset, run, w, true, StudyCommand.jobs(jobs, device, common));
        w.printf("[4/5] external validation: the run's models on a second synthetic site (%.0f s so far)%n", secs(t0));
        w.flush();
        validateOnSiteB(n, run, dataset, w);
        w.printf(
                "[5/5] done in %.1f min. Ground truth (true masks) for the cohort: %s%n",
                secs(t0) / 60, synthDir.resolve("ground-truth"));
        w.flush();
        return 0;
    }

    /**
     * Site B (docs/phantom.md: other scanners, protocol, noise, coil bias, slices and case mix; its own seed and
     * pseudonymisation key) is synthesised, ingested with the development crop parameters and used as an
     * external test set for every model of the run ({@code hemamet validate --run}): what a new user should
     * see is the drop from the internal to the external AUC.
     */
    private void validateOnSiteB(int n, Path run, Path development, PrintWriter w) {
        Path site = out.resolve("site-b");
        Path cohort = site.resolve("synth/cohort");
        PhantomParameters p = PhantomParameters.site("B");
        long siteSeed = p.siteSeed() + (seed - 42);
        int patients = Math.max(24, (n == 0 ? 352 : n) / 3);
        if (!Files.isRegularFile(cohort.resolve("cohort.csv"))) {
            CohortSynthesizer.Options o = new CohortSynthesizer.Options(
                    patients, siteSeed, null, 256, Runtime.getRuntime().availableProcessors());
            int total = CohortSynthesizer.counts(p, patients).values().stream()
                    .mapToInt(Integer::intValue)
                    .sum();
            SynthCommand.generate(p, o, site.resolve("synth"), total, common.progress());
        }
        Path dataset = site.resolve("dataset");
        Path key = site.resolve("dataset.key");
        org.hemamet.ingest.Pseudonymizer.loadOrCreateForSyntheticCohort(key, siteSeed);
        var s = IngestCommand.ingest(
                new IngestOptions(cohort, dataset, LesionCropper.Params.RECOMMENDED, key, null).withMasks(true),
                common.progress());
        w.printf(
                "      site B: %d patients, %d crops (%d reused), %d skipped%n",
                patients, s.samples(), s.reused(), s.skipped());
        Path validation = site.resolve("validation");
        var outcome = org.hemamet.validate.ExternalValidation.run(new org.hemamet.validate.ExternalValidation.Request(
                null, run, dataset, development, validation, seed, org.hemamet.metrics.Bootstrap.DEFAULT_RESAMPLES));
        for (var r : outcome.rows()) {
            if (r.comparison().equals("hemangioma-vs-metastases") && r.auc() != null) {
                w.printf(
                        java.util.Locale.ROOT,
                        "      %-5s internal AUC %s, site B AUC %.3f (%.3f-%.3f)%n",
                        r.sequence(),
                        r.internalAuc() == null ? "-" : String.format(java.util.Locale.ROOT, "%.3f", r.internalAuc()),
                        r.auc(),
                        r.aucLo(),
                        r.aucHi());
            }
        }
        w.println("      External validation report: " + validation.resolve("report.html"));
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
