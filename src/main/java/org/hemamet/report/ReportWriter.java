package org.hemamet.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.contract.RunFiles;
import org.hemamet.contract.RunProvenance;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.HemametException;

/**
 * Writes the study report: one self-contained HTML file (style sheet and figures inline, a
 * Content-Security-Policy that forbids every network request) and the figures as PNG and SVG files in a
 * {@code figures/} folder beside it.
 *
 * <p>Content: the paper-style results table with 95 % confidence intervals (Wilson intervals for
 * proportions — Wilson, JASA 1927; Newcombe's score interval for the AUC — Newcombe, Stat Med 2006;
 * stratified percentile bootstrap for F1, MCC, balanced accuracy and Brier score — Efron &amp; Tibshirani
 * 1993; at the patient level where a patient has several lesions: {@link
 * org.hemamet.metrics.ClusteredWilson}, {@link org.hemamet.metrics.NewcombeAuc} at the design effect, the cluster
 * bootstrap) beside the paper's published numbers, ROC curves, confusion matrices, training curves,
 * hyper-parameter search, DeLong comparisons between sequences, data flow and partitions, misclassified
 * cases with the heat maps the heat-map step wrote into the run, the CLAIM 2024 / TRIPOD+AI items the run
 * fills, and provenance. All numbers come from the run directory (contracts.md section C); the report
 * computes nothing that changes them, trains nothing and explains nothing. The same run directory gives
 * the same bytes: the time shown is the run's own.
 *
 * <p>Steps: read the run ({@link RunReader}) → compute the {@link ReportModel} once → render the
 * sections of {@link ReportPage} → write the page and the figures.
 */
public final class ReportWriter {
    /** The page's Content-Security-Policy: no network, images only from data: URIs, inline styles. */
    public static final String CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";
    /** Name of the figure folder written beside the HTML file. */
    public static final String FIGURES = "figures";

    /** What was written. */
    public record ReportSummary(Path html, Path figuresDir, int figures, int cells, List<String> notAvailable) {}

    private ReportWriter() {}

    /**
     * Writes the report of {@code runDir} to {@code outHtml} and its figures to {@code figures/} beside it.
     *
     * @param runDir           a study run directory; must hold results.csv (else exit 2)
     * @param datasetDirOrNull the dataset directory (crops, dataset.csv, ingest-report.json); null = take
     *                         {@code dataset_dir} from provenance.json when it exists, else leave those parts
     *                         out
     * @param outHtml          the HTML file to write (replaced atomically)
     */
    public static ReportSummary write(Path runDir, Path datasetDirOrNull, Path outHtml) {
        return write(runDir, datasetDirOrNull, outHtml, null);
    }

    /**
     * As {@link #write(Path, Path, Path)}, with the authors' about file.
     *
     * @param aboutOrNull the about file ({@link StudyAbout#read}); null = RUN_DIR/about.yaml when it exists,
     *                    else none
     */
    public static ReportSummary write(Path runDir, Path datasetDirOrNull, Path outHtml, StudyAbout aboutOrNull) {
        return write(runDir, dataset(runDir, datasetDirOrNull), outHtml, aboutOrNull);
    }

    /** As {@link #write(Path, Path, Path, StudyAbout)}, with the dataset already chosen ({@link #dataset}). */
    public static ReportSummary write(Path runDir, DatasetChoice dataset, Path outHtml, StudyAbout aboutOrNull) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        StudyRun run = RunReader.read(runDir);
        Path out = outHtml.toAbsolutePath();
        Path figDir = out.getParent().resolve(FIGURES);
        checkFigureDir(figDir);
        StudyAbout about = aboutOrNull != null ? aboutOrNull : StudyAbout.besideRun(runDir);
        ReportModel model = ReportModel.of(run, dataset.dir(), PaperReference.load(), about, dataset.unavailable());
        Figures figures = new Figures();
        String html = ReportPage.render(model, figures);
        Map<String, byte[]> files = figures.files();
        AtomicFiles.writeDirectory(figDir, true, dir -> {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Files.write(dir.resolve(e.getKey()), e.getValue());
            }
        });
        AtomicFiles.writeString(out, html);
        return new ReportSummary(out, figDir, figures.count(), run.cells().size(), model.notAvailable());
    }

    /** The dataset the report of {@code runDir} reads ({@link #choose}); checks {@code runDir} first. */
    public static DatasetChoice dataset(Path runDir, Path datasetDirOrNull) {
        RunReader.checkRunDir(runDir);
        return choose(runDir, RunFiles.readProvenance(runDir), datasetDirOrNull);
    }

    /** The dataset the report reads, or null with why not ("" when the run names none). */
    public record DatasetChoice(Path dir, String unavailable) {}

    /**
     * The dataset of the run: {@code explicit} when given, else provenance.json's {@code dataset_dir} when it is a
     * directory; either only when it is the dataset the run was made on (its hash the one the run recorded), so
     * that no count, table or heat map of the report comes from another dataset. A given one that is not is
     * refused (exit 2); a recorded one that is not (re-ingested in place since the study) is left out, saying
     * why.
     */
    static DatasetChoice choose(Path runDir, RunProvenance provenance, Path explicit) {
        checkDatasetDir(explicit);
        String runHash = runDatasetHash(runDir, provenance);
        if (explicit != null) {
            String why = otherDataset(explicit, runHash);
            if (why != null) {
                throw HemametException.invalidInput("--dataset " + explicit + ": " + why);
            }
            return new DatasetChoice(explicit, "");
        }
        Path recorded = recordedDatasetDir(runDir, provenance);
        if (recorded == null) {
            return new DatasetChoice(null, "");
        }
        String why = otherDataset(recorded, runHash);
        return why == null
                ? new DatasetChoice(recorded, "")
                : new DatasetChoice(
                        null,
                        "dataset directory: the one provenance.json names is " + why
                                + "; give the run's dataset with --dataset DATASET_DIR");
    }

    /** Why {@code dir} is not the dataset of hash {@code runHash}, or null when it is (or the run records none). */
    private static String otherDataset(Path dir, String runHash) {
        if (runHash == null || runHash.isEmpty()) {
            return null;
        }
        String hash;
        try {
            hash = DatasetManifest.hash(dir);
        } catch (RuntimeException e) {
            return "not the dataset this run was made on (it cannot be read whole: "
                    + ReportModel.withoutPath(e.getMessage(), dir, "the dataset directory") + ")";
        }
        return hash.equals(runHash)
                ? null
                : "not the dataset this run was made on (its hash " + hash.substring(0, 12) + ", the run's "
                        + runHash.substring(0, Math.min(12, runHash.length())) + ": another dataset, or re-ingested"
                        + " since the study?)";
    }

    /** The dataset hash the run recorded (provenance.json, else dataset.sha256), or null. */
    private static String runDatasetHash(Path runDir, RunProvenance provenance) {
        if (provenance != null
                && provenance.datasetSha256() != null
                && !provenance.datasetSha256().isEmpty()) {
            return provenance.datasetSha256();
        }
        Path f = runDir.resolve(RunFiles.DATASET_SHA256);
        try {
            return Files.isRegularFile(f) ? Files.readString(f).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void checkDatasetDir(Path datasetDirOrNull) {
        if (datasetDirOrNull != null && !Files.isDirectory(datasetDirOrNull)) {
            throw HemametException.invalidInput(datasetDirOrNull + ": dataset directory not found");
        }
    }

    private static Path recordedDatasetDir(Path runDir, RunProvenance provenance) {
        if (provenance == null || provenance.datasetDir() == null) {
            return null;
        }
        Path p = Path.of(provenance.datasetDir());
        if (!p.isAbsolute()) {
            p = runDir.resolve(p).normalize();
        }
        return Files.isDirectory(p) ? p : null;
    }

    private static void checkFigureDir(Path figDir) {
        if (!Files.exists(figDir)) {
            return;
        }
        try (Stream<Path> s = Files.list(figDir)) {
            if (!Files.isDirectory(figDir)
                    || s.anyMatch(p -> !Files.isRegularFile(p)
                            || !p.getFileName().toString().matches("[A-Za-z0-9_.-]+\\.(png|svg)"))) {
                throw HemametException.invalidInput(figDir + ": exists and holds files other than report figures;"
                        + " choose another --out folder");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
