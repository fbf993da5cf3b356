package org.hemamet.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hemamet.cohort.Diagnosis;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.HemametException;
import org.hemamet.synth.CohortSynthesizer;
import org.hemamet.synth.ContactSheet;
import org.hemamet.synth.PhantomParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hemamet synth}: generates a synthetic spine MRI cohort from MR physics (docs/phantom.md). */
@Command(
        name = "synth",
        mixinStandardHelpOptions = true,
        description = {
            "Generate a synthetic spine MRI cohort (DICOM, PNG key images, VIA project, cohort.csv) from MR physics.",
            "Writes OUT/cohort (the layout a user brings) and OUT/ground-truth (true masks, lesion subtype, parameters)."
        })
public final class SynthCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--out", required = true, description = "Output directory (must not exist or be empty).")
    Path out;

    @Option(
            names = "--patients",
            defaultValue = "0",
            description =
                    "Number of patients (0 = the paper's 352: 109 hemangiomas, 243 metastases); scaled proportionally, at least 3 per diagnosis.")
    int patients;

    @Option(names = "--seed", description = "Random seed (default: the site's, 42 for site A, 2042 for site B).")
    Long seed;

    @Option(
            names = "--site",
            defaultValue = PhantomParameters.DEFAULT_SITE,
            description = "Site profile: A (the built-in table) or B (another hospital: other scanners, contrast,"
                    + " noise, coil bias, slice thickness and case mix; docs/phantom.md). Default: ${DEFAULT-VALUE}.")
    String site;

    @Option(
            names = "--atypical-fraction",
            description = "Share of atypical (lipid-poor) hemangiomas (default from the parameter table: 0.3).")
    Double atypicalFraction;

    @Option(
            names = "--matrix",
            defaultValue = "256",
            description = "Image matrix: 256, 384 or 512 (default: ${DEFAULT-VALUE}).")
    int matrix;

    @Option(
            names = "--params",
            description = "JSON file deep-merged over the parameter table (org/hemamet/synth/phantom-defaults.json).")
    Path params;

    @Option(
            names = "--preview",
            description = "Also write a contact sheet PNG of the first patient's four sequences with the ROI.")
    Path preview;

    @Option(names = "--threads", description = "Worker threads (default: available processors).")
    Integer threads;

    /** Most patients one synth run writes (about 5 GB of DICOM at 256x256); refused before any allocation. */
    static final int MAX_PATIENTS = 100_000;

    @Override
    public Integer call() {
        if (patients < 0 || patients > MAX_PATIENTS) {
            throw HemametException.invalidInput(
                    "--patients: " + patients + " is outside [0, " + MAX_PATIENTS + "] (0 = the paper's 352)");
        }
        if (threads != null && threads < 1) {
            throw HemametException.invalidInput("--threads: must be at least 1, got " + threads);
        }
        CohortSynthesizer.checkOutDir(out);
        if (preview != null) {
            AtomicFiles.checkWritableFile(preview);
        }
        PhantomParameters siteTable = PhantomParameters.site(site);
        PhantomParameters p = params == null ? siteTable : siteTable.with(params);
        CohortSynthesizer.Options o = new CohortSynthesizer.Options(
                patients,
                seed != null ? seed : p.siteSeed(),
                atypicalFraction,
                matrix,
                threads != null ? threads : Runtime.getRuntime().availableProcessors());
        int total = CohortSynthesizer.counts(p, patients).values().stream()
                .mapToInt(Integer::intValue)
                .sum();
        long t0 = System.nanoTime();
        CohortSynthesizer.Summary s = generate(p, o, out, total, common.progress());
        if (preview != null) {
            ContactSheet.write(s.cohortDir(), s.previewPatientId(), preview);
        }
        double sec = (System.nanoTime() - t0) / 1e9;
        StringBuilder c = new StringBuilder();
        for (Map.Entry<Diagnosis, Integer> e : s.counts().entrySet()) {
            c.append(c.length() == 0 ? "" : ", ")
                    .append(e.getKey().id())
                    .append(' ')
                    .append(e.getValue());
        }
        spec.commandLine()
                .getOut()
                .printf(
                        java.util.Locale.ROOT,
                        "synth: site %s, %d patients (%s), %d lesions, mean age %.1f, %d DICOM files, %.1f MB in %.1f s%n"
                                + "  cohort:       %s%n  ground truth: %s%n",
                        p.siteName(),
                        s.patients(),
                        c,
                        s.lesions(),
                        s.meanAge(),
                        s.dicomFiles(),
                        s.bytes() / 1e6,
                        sec,
                        s.cohortDir(),
                        s.groundTruthDir());
        if (preview != null) {
            spec.commandLine().getOut().println("  preview:      " + preview);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Generates with progress on stderr (shared with {@code demo}). */
    static CohortSynthesizer.Summary generate(
            PhantomParameters p, CohortSynthesizer.Options o, java.nio.file.Path out, int total, Progress.Mode mode) {
        try (Progress progress = Progress.start(mode, "synth", total, "patients")) {
            return CohortSynthesizer.generate(p, o, out, progress::step);
        }
    }
}
