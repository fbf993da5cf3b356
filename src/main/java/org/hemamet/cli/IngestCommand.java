package org.hemamet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hemamet.core.HemametException;
import org.hemamet.ingest.Ingest;
import org.hemamet.ingest.IngestOptions;
import org.hemamet.preprocess.CropCompression;
import org.hemamet.preprocess.IntensityReference;
import org.hemamet.preprocess.LesionCropper;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hemamet ingest COHORT_DIR --out DATASET_DIR}: VIA regions → 16-bit lesion crops + dataset.csv. */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = "Crop every annotated lesion of a cohort (cohort.csv, dicom/, png/, annotations/) to a"
                + " normalised 16-bit PNG and write dataset.csv and ingest-report.json.")
public final class IngestCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "COHORT_DIR", description = "The cohort directory.")
    Path cohortDir;

    @Option(names = "--out", required = true, paramLabel = "DATASET_DIR", description = "Dataset directory to write.")
    Path out;

    @Option(
            names = "--margin",
            paramLabel = "F",
            defaultValue = "0.1",
            description = "Fraction of the lesion box added on each side (default: ${DEFAULT-VALUE}).")
    double margin;

    @Option(
            names = "--intensity-reference",
            paramLabel = "R",
            description = "What crop intensities are scaled against: crop (the crop's 0.5-99.5 %% percentiles), slice"
                    + " (the whole image's), or reference (the median of the image's normal-marrow region, VIA"
                    + " region attribute roi = reference) (default: ${DEFAULT-VALUE}).")
    String intensityReference = LesionCropper.Params.RECOMMENDED.intensity().word();

    static final class Aspect {
        @Option(names = "--keep-aspect", description = "Square crop window around the lesion (default).")
        boolean keep;

        @Option(names = "--stretch", description = "Stretch the lesion rectangle to the square output (as the paper).")
        boolean stretch;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Aspect aspect;

    @Option(
            names = "--size",
            paramLabel = "N",
            defaultValue = "256",
            description = "Crop side in pixels (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(
            names = "--key-file",
            paramLabel = "F",
            description = "Pseudonymisation secret (created once; default: DATASET_DIR.key beside the dataset).")
    Path keyFile;

    @Option(
            names = "--sequence-rules",
            paramLabel = "F",
            description = "JSON/YAML sequence rules replacing the defaults.")
    Path sequenceRules;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description =
                    "Worker threads reading and cropping (default: available processors; the output is the same).")
    Integer threads;

    @Option(
            names = "--allow-shrink",
            description = "Replace a previous dataset even with fewer than half its samples (refused otherwise).")
    boolean allowShrink;

    @Option(
            names = "--no-masks",
            description = "Do not write the lesion masks (masks/<sample_id>.png and the mask_path column; the "
                    + "radiomics baseline needs them).")
    boolean noMasks;

    @Option(
            names = "--crop-compression",
            paramLabel = "fast|small|none",
            defaultValue = "fast",
            description = "How the 16-bit PNG crops are compressed: fast (zlib level 1, default), small (level 6,"
                    + " about a tenth smaller, twice the deflate CPU) or none (stored: about twice the disk, no"
                    + " deflate CPU). Lossless: the pixel values are the same; recorded in ingest-report.json.")
    String cropCompression;

    @Override
    public Integer call() {
        IntensityReference reference;
        try {
            reference = IntensityReference.parse(intensityReference);
        } catch (IllegalArgumentException e) {
            throw HemametException.invalidInput("--intensity-reference: " + e.getMessage());
        }
        LesionCropper.Params params;
        try {
            params = new LesionCropper.Params(size, margin, aspect == null || !aspect.stretch, 0.5, 99.5, reference);
        } catch (IllegalArgumentException e) {
            throw HemametException.invalidInput("--size/--margin: " + e.getMessage());
        }
        CropCompression compression;
        try {
            compression = CropCompression.parse(cropCompression);
        } catch (IllegalArgumentException e) {
            throw HemametException.invalidInput("--crop-compression: " + e.getMessage());
        }
        if (threads != null && threads < 1) {
            throw HemametException.invalidInput("--threads: must be at least 1, got " + threads);
        }
        IngestOptions opt = new IngestOptions(
                cohortDir,
                out,
                params,
                keyFile,
                sequenceRules,
                threads != null ? threads : Runtime.getRuntime().availableProcessors(),
                !noMasks,
                allowShrink,
                compression);
        Ingest.Summary s = ingest(opt, common.progress());
        PrintWriter w = spec.commandLine().getOut();
        w.println(out + ": " + s.samples() + " crops (" + s.written() + " written, " + s.reused() + " reused), "
                + s.skipped() + " skipped, " + s.lesionsWithoutImage() + " lesion(s) without image; see "
                + out.resolve(Ingest.REPORT_FILE));
        s.notes().forEach(n -> w.println("note: " + n));
        w.println("key file: " + s.keyFile() + " (keep it outside the dataset; needed for stable patient keys)");
        w.flush();
        return 0;
    }

    /** Runs ingest with progress on stderr as {@code mode} says (shared with {@code demo}). */
    static Ingest.Summary ingest(IngestOptions opt, Progress.Mode mode) {
        if (mode == Progress.Mode.OFF) {
            return Ingest.run(opt, Ingest.Listener.NONE);
        }
        try (IngestProgress progress = new IngestProgress(mode)) {
            return Ingest.run(opt, progress);
        }
    }

    /** Ingest's two phases on stderr: "index N/M DICOM files", then "ingest N/M crops". */
    private static final class IngestProgress implements Ingest.Listener, AutoCloseable {
        private final Progress.Mode mode;
        private Progress bar;

        IngestProgress(Progress.Mode mode) {
            this.mode = mode;
        }

        @Override
        public void indexStart(long files) {
            next(Progress.start(mode, "index", files, "DICOM files"));
        }

        @Override
        public void indexStep() {
            bar.step();
        }

        @Override
        public void start(long total) {
            next(Progress.start(mode, "ingest", total, "crops"));
        }

        @Override
        public void step() {
            bar.step();
        }

        private void next(Progress p) {
            close();
            bar = p;
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
