package org.hemamet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.hemamet.annotation.BoundingBox;
import org.hemamet.cohort.Sequence;
import org.hemamet.contract.FusionBundleFiles;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.HemametException;
import org.hemamet.predict.BatchPrediction;
import org.hemamet.predict.FusedPredictor;
import org.hemamet.predict.HeatMaps;
import org.hemamet.predict.PredictionsProvenance;
import org.hemamet.predict.Predictor;
import org.hemamet.predict.SinglePrediction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hemamet predict}: P(metastasis) for new lesions from a model bundle, with the training
 * preprocessing, the bundle's decision threshold and an optional Grad-CAM / occlusion heat map.
 */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = {
            "Predict new lesions with a model bundle (from 'hemamet export' or RUN_DIR/cells/<cell>/model), or a"
                    + " radiomics bundle (from 'hemamet export --baseline radiomics-lr' or"
                    + " RUN_DIR/baselines/<cell>).",
            "One image: --image FILE (DICOM, PNG or JPEG) with --roi x,y,w,h or --via FILE.",
            "Batch: --via FILE [--images DIR] --out FILE.csv (every region; other sequences skipped).",
            "A fused bundle (export --fusion late or early): --via FILE (one patient; regions grouped by lesion_id,"
                    + " each with its sequence) or --dataset DIR (rows grouped by patient_key and lesion_id), --out"
                    + " FILE.csv; an early-fused one also --heatmap OUT.png when the input holds one lesion."
        })
public final class PredictCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    DeviceOption device;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "BUNDLE", description = "Model bundle directory.")
    Path model;

    @Option(names = "--image", paramLabel = "FILE", description = "One image: DICOM slice or PNG/JPEG export.")
    Path image;

    @Option(
            names = "--images",
            paramLabel = "DIR",
            description = "Batch: folder holding the VIA file's images"
                    + " (and their DICOM slices); default: the VIA file's folder.")
    Path images;

    @Option(names = "--roi", paramLabel = "x,y,w,h", description = "Lesion box in the image's pixels.")
    String roi;

    @Option(names = "--via", paramLabel = "FILE", description = "VIA file giving the lesion region(s).")
    Path via;

    @Option(
            names = "--out",
            paramLabel = "FILE.csv",
            description = "Batch: CSV to write, one row per region (image,region,lesion_id,source_sha256,roi,"
                    + "probability,decision,threshold,calibrated_probability,...; no file name or path), and beside it"
                    + " FILE.provenance.json (what predicted what, by hashes).")
    Path out;

    @Option(
            names = "--dataset",
            paramLabel = "DIR",
            description = "Fused bundle: a dataset made by 'hemamet ingest'; each patient_key/lesion_id's crops"
                    + " are one lesion.")
    Path dataset;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(
            names = "--heatmap",
            paramLabel = "OUT.png",
            description = "Write the heat map over the crop (one lesion; of an early-fused bundle, one panel per fused"
                    + " sequence).")
    Path heatmap;

    @Option(
            names = "--method",
            paramLabel = "M",
            defaultValue = "gradcam",
            description = "Heat map: gradcam or occlusion (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(
            names = "--explain",
            paramLabel = "CLASS",
            defaultValue = SinglePrediction.DECISION,
            description = "Class the heat map explains: decision (the class decided at the bundle's threshold) or"
                    + " one of the model's class names (default: ${DEFAULT-VALUE}).")
    String explain;

    /** When the command started (for the batch's provenance). */
    private java.time.Instant started;

    @Option(
            names = "--prevalence",
            paramLabel = "P",
            description = "Prevalence of the positive class in the population the lesion comes from, for the calibrated"
                    + " probability (default: the development cohort's before class balancing, as the bundle records"
                    + " it; for a bundle of an older version, that of the set its calibration was fitted on).")
    Double prevalence;

    @Option(
            names = "--sequence",
            paramLabel = "S",
            description = "The images' MRI sequence (T1, T2, STIR, T1C), when the DICOM header is silent or wrong:"
                    + " must be the model's; overrides a header that says otherwise (recorded in the output and"
                    + " reported on stderr).")
    String sequence;

    @Option(
            names = "--frame",
            paramLabel = "N",
            description = "With --image and --roi: the frame (1-based) of a multi-frame DICOM the lesion is on"
                    + " (required for one; a VIA file says it with the attribute 'frame').")
    String frame;

    @Option(
            names = "--allow-anatomy-mismatch",
            description = "Predict a DICOM whose header says another modality, plane or body part than the model's"
                    + " training images (refused otherwise); recorded in the output and reported on stderr.")
    boolean allowAnatomyMismatch;

    @Override
    public Integer call() {
        started = java.time.Instant.now();
        device.apply();
        HeatMaps.Method m;
        try {
            m = HeatMaps.Method.parse(method);
        } catch (IllegalArgumentException e) {
            throw HemametException.invalidInput("--method: " + e.getMessage());
        }
        PrintWriter w = spec.commandLine().getOut();
        for (Path target : new Path[] {out, heatmap}) {
            if (target != null) {
                AtomicFiles.checkWritableFile(target);
            }
        }
        if (FusionBundleFiles.isFused(model)) {
            return fused(w);
        }
        if (org.hemamet.predict.EarlyFusedPredictor.isEarly(model)) {
            return early(w, m);
        }
        if (dataset != null) {
            throw HemametException.invalidInput("--dataset is for a fused bundle (hemamet export --fusion late); "
                    + model + " is a single-sequence bundle");
        }
        if (image == null) {
            if (via == null) {
                throw HemametException.invalidInput(
                        "give --image FILE (with --roi or --via), or --via FILE --out" + " FILE.csv for a batch");
            }
            if (roi != null || heatmap != null) {
                throw HemametException.invalidInput(
                        "--roi and --heatmap need --image (one lesion); a batch writes --out");
            }
            if (out == null) {
                throw HemametException.invalidInput("batch mode (--via without --image) needs --out FILE.csv");
            }
            try (Predictor p = Predictor.open(model)) {
                configure(p);
                BatchPrediction.Summary s = BatchPrediction.run(p, via, images, out);
                provenance(
                        p.radiomics() ? "radiomics" : "cnn",
                        p.info().cellId(),
                        p.info().threshold());
                w.println(out + ": " + s.predicted() + " region(s), " + s.positives() + " "
                        + p.info().positiveClass()
                        + " at threshold " + p.info().threshold()
                        + (s.skippedOtherSequence() == 0
                                ? ""
                                : "; " + s.skippedOtherSequence()
                                        + " region(s) on other sequences skipped " + s.otherSequences()
                                        + ", the model is "
                                        + p.info().sequence())
                        + (p.radiomics()
                                ? "; radiomics model: no out-of-distribution check"
                                : p.info().ood() == null
                                        ? "; no out-of-distribution check (the bundle has no ood.json)"
                                        : "; " + s.oodFlagged() + " out of the training distribution (column ood)"));
            }
            w.flush();
            return 0;
        }
        if (images != null || out != null) {
            throw HemametException.invalidInput("--images and --out are for a batch (--via without --image)");
        }
        if ((roi == null) == (via == null)) {
            throw HemametException.invalidInput("--image needs exactly one of --roi x,y,w,h or --via FILE");
        }
        if (frame != null && roi == null) {
            throw HemametException.invalidInput("--frame is for --image with --roi; a VIA file gives a region's frame"
                    + " with the attribute 'frame'");
        }
        BoundingBox box = roi == null ? null : SinglePrediction.parseRoi(roi);
        try (Predictor p = Predictor.open(model)) {
            if (heatmap != null && p.radiomics()) {
                throw HemametException.invalidInput(
                        "--heatmap: " + model + " is a radiomics model (no network to explain); omit --heatmap");
            }
            configure(p);
            List<SinglePrediction.Result> r =
                    SinglePrediction.run(p, image, box, frame == null ? "" : frame, via, m, explain, heatmap);
            w.print(json ? SinglePrediction.toJson(p.info(), r) + "\n" : SinglePrediction.toText(p.info(), r));
        }
        w.flush();
        return 0;
    }

    /** A fused bundle over a VIA file or a dataset. */
    private int fused(PrintWriter w) {
        if (image != null || roi != null || heatmap != null || json || prevalence != null || sequence != null) {
            throw HemametException.invalidInput(model + ": a fused bundle predicts --via FILE or --dataset DIR into"
                    + " --out FILE.csv (--image, --roi, --heatmap, --json, --prevalence and --sequence are for a"
                    + " single-sequence bundle)");
        }
        if ((via == null) == (dataset == null) || out == null) {
            throw HemametException.invalidInput(
                    model + ": a fused bundle needs exactly one of --via FILE and --dataset DIR, and --out FILE.csv");
        }
        try (FusedPredictor p = FusedPredictor.open(model)) {
            FusedPredictor.Summary s = via != null ? p.predictVia(via, images) : p.predictDataset(dataset);
            FusedPredictor.write(out, s.rows());
            provenance("fusion-late", p.bundle().cellId(), p.bundle().threshold());
            writeFused(
                    w,
                    s.rows(),
                    String.join("+", p.bundle().sequences()),
                    p.bundle().positiveClass(),
                    p.bundle().threshold(),
                    s.skipped(),
                    s.skippedSequences());
        }
        w.flush();
        return 0;
    }

    /**
     * An early-fused bundle over a VIA file or a dataset (one row per lesion, as a late-fused bundle's); with
     * --heatmap, the map of the input's one lesion over each of its sequences' crops.
     */
    private int early(PrintWriter w, HeatMaps.Method m) {
        if (image != null || roi != null || json || prevalence != null || sequence != null) {
            throw HemametException.invalidInput(model + ": an early-fused bundle predicts --via FILE or --dataset DIR"
                    + " into --out FILE.csv (--image, --roi, --json, --prevalence and --sequence are for a"
                    + " single-sequence bundle)");
        }
        if ((via == null) == (dataset == null) || out == null) {
            throw HemametException.invalidInput(model
                    + ": an early-fused bundle needs exactly one of --via FILE and --dataset DIR, and --out FILE.csv");
        }
        try (org.hemamet.predict.EarlyFusedPredictor p = org.hemamet.predict.EarlyFusedPredictor.open(model)) {
            if (heatmap != null) {
                SinglePrediction.checkExplain(p.info(), explain);
            }
            var s = via != null ? p.predictVia(via, images) : p.predictDataset(dataset);
            String explained =
                    heatmap == null ? null : p.writeHeatMap(s, via != null ? via : dataset, m, explain, heatmap);
            FusedPredictor.write(out, s.rows());
            provenance("fusion-early", p.info().cellId(), p.info().threshold());
            writeFused(
                    w,
                    s.rows(),
                    String.join("+", p.sequences().stream().map(Enum::name).toList()) + " (early-fused)",
                    p.info().positiveClass(),
                    p.info().threshold(),
                    s.skipped(),
                    s.skippedSequences());
            if (explained != null) {
                w.println(heatmap + ": heat map for " + explained + " ("
                        + m.name().toLowerCase(java.util.Locale.ROOT)
                        + ", one map over the crop of each fused sequence)");
            }
        }
        w.flush();
        return 0;
    }

    /** Writes a fused bundle's rows to --out and says what they hold (lesions, positives, skipped crops). */
    private void writeFused(
            PrintWriter w,
            java.util.List<org.hemamet.contract.FusedPredictionRow> rows,
            String fused,
            String positiveClass,
            Double threshold,
            int skipped,
            java.util.Set<String> skippedSequences) {
        long pos = rows.stream().filter(r -> r.decision().equals(positiveClass)).count();
        w.println(out + ": " + rows.size() + " lesion(s) on " + fused + ", " + pos + " " + positiveClass
                + " at threshold " + threshold
                + (skipped == 0
                        ? ""
                        : "; " + skipped + " crop(s) of sequences the model does not fuse skipped "
                                + skippedSequences));
    }

    /** Writes the provenance of the batch just written to --out beside it. */
    private void provenance(String kind, String cellId, Double threshold) {
        java.util.Map<String, Object> options = new java.util.LinkedHashMap<>();
        if (prevalence != null) {
            options.put("prevalence", prevalence);
        }
        if (sequence != null) {
            options.put("sequence", sequence);
        }
        if (allowAnatomyMismatch) {
            options.put("allow_anatomy_mismatch", true);
        }
        PredictionsProvenance.write(
                out,
                new PredictionsProvenance.Batch(
                        kind,
                        cellId,
                        threshold,
                        model,
                        via != null ? PredictionsProvenance.VIA : PredictionsProvenance.DATASET,
                        via != null ? via : dataset,
                        options,
                        started));
    }

    /** Applies --prevalence, --sequence, --allow-anatomy-mismatch; overrides are reported on stderr. */
    private void configure(Predictor p) {
        if (prevalence != null) {
            p.atPrevalence(prevalence);
        }
        if (sequence != null) {
            p.withStatedSequence(Sequence.parse(sequence));
        }
        if (allowAnatomyMismatch) {
            p.allowAnatomyMismatch();
        }
        PrintWriter err = spec.commandLine().getErr();
        var cal = p.info().calibration();
        if (prevalence == null && cal != null && !cal.hasDevelopmentPrevalence()) {
            err.println(String.format(
                    java.util.Locale.ROOT,
                    "hemamet: note: the bundle records no development prevalence (an older version exported it);"
                            + " calibrated probabilities assume its calibration fit set's, %.3f. Export it again or"
                            + " pass --prevalence.",
                    cal.fitPrevalence()));
            err.flush();
        }
        if (p.info().cropSource().startsWith("defaults")) {
            err.println("hemamet: note: the bundle's crop parameters are "
                    + p.info().cropSource() + " ("
                    + p.info().crop().key() + "); its predictions hold only if the study's dataset was cropped and"
                    + " scaled so");
            err.flush();
        }
        p.onWarning(line -> {
            err.println("hemamet: warning: " + line);
            err.flush();
        });
    }
}
