package org.hemamet.predict;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.hemamet.annotation.BoundingBox;
import org.hemamet.annotation.RoiShape;
import org.hemamet.baseline.RadiomicsModel;
import org.hemamet.cohort.Sequence;
import org.hemamet.cohort.SequenceDecision;
import org.hemamet.cohort.SequenceRules;
import org.hemamet.contract.BaselineFiles;
import org.hemamet.contract.BaselineModel;
import org.hemamet.contract.ResultRow;
import org.hemamet.core.HemametException;
import org.hemamet.dicom.DicomDescriptor;
import org.hemamet.dicom.DicomReader;
import org.hemamet.ingest.LesionSource;
import org.hemamet.ingest.SourceFormat;
import org.hemamet.model.TrainedCnn;
import org.hemamet.ood.OodDetector;
import org.hemamet.preprocess.CropMask;
import org.hemamet.preprocess.FloatImage;
import org.hemamet.preprocess.IntensityReference;
import org.hemamet.preprocess.LesionCropper;
import org.hemamet.study.CropLoader;

/**
 * Applies a model bundle to new lesions, preprocessed exactly as the study's training crops: the source
 * (DICOM modality values or a PNG/JPEG export's luminance) and the lesion box go through
 * {@link LesionSource} with the dataset's crop parameters (the bytes ingest would have written), then
 * through {@link CropLoader#decode} (png / 65535, area-averaged to the input size) — the study's loader.
 *
 * <p>Refusals ({@link HemametException#invalidInput}, one line naming the file): a DICOM whose header
 * {@link SequenceRules} classify as another sequence than the bundle's, a declared sequence (VIA
 * attribute) that differs, a lesion box not entirely inside the image, and a bundle this hemamet cannot
 * read (format version, architecture, crop-key version).
 */
public final class Predictor implements AutoCloseable {
    private final TrainedCnn model;
    private final RadiomicsModel radiomics;
    private final BundleInfo info;
    private final LesionCropper cropper;
    private final SequenceRules rules;
    private final OodDetector ood;
    private double prevalence;
    private String prevalenceSource;
    private Sequence stated;
    private boolean allowAnatomyMismatch;
    private Consumer<String> warnings = w -> {};
    private Path bundleDir;

    private Predictor(TrainedCnn model, RadiomicsModel radiomics, BundleInfo info, SequenceRules rules) {
        this.model = model;
        this.radiomics = radiomics;
        this.info = info;
        this.cropper = new LesionCropper(info.crop());
        this.rules = rules;
        this.ood = info.ood() == null ? null : OodDetector.of(info.ood());
        this.prevalence =
                info.calibration() == null ? Double.NaN : info.calibration().defaultPrevalence();
        this.prevalenceSource =
                info.calibration() == null ? "" : info.calibration().defaultPrevalenceSource();
    }

    /**
     * Calibrated probabilities for a population whose prevalence of the positive class is {@code p} (default:
     * the development cohort's before class balancing where the bundle records it, else that of the set the
     * calibration was fitted on, {@link BundleInfo.Calibration#defaultPrevalence}; see
     * {@link org.hemamet.metrics.LogisticCalibration#atPrevalence}). Refuses a bundle without calibration.
     */
    public Predictor atPrevalence(double p) {
        if (!(p > 0 && p < 1)) {
            throw HemametException.invalidInput("--prevalence must be in (0, 1), got " + p);
        }
        if (info.calibration() == null) {
            throw HemametException.invalidInput("--prevalence: the model bundle has no calibration (it comes from a"
                    + " study of an older hemamet; rerun the study to calibrate it)");
        }
        this.prevalence = p;
        this.prevalenceSource = STATED;
        return this;
    }

    /** {@link Prediction#prevalenceSource} of a prevalence the user stated ({@code --prevalence}). */
    public static final String STATED = "--prevalence";

    /**
     * The sequence the user states for every image ({@code predict --sequence}): it must be the model's; it
     * stands in for a DICOM header that is silent (no rule decides) and overrides one that says otherwise
     * (another sequence, or a kind the rules exclude), which is recorded in the output and reported to
     * {@link #onWarning}.
     */
    public Predictor withStatedSequence(Sequence s) {
        if (s != info.sequence()) {
            throw HemametException.invalidInput(
                    "--sequence " + s + ": the model was trained on " + info.sequence() + " images");
        }
        this.stated = s;
        return this;
    }

    /** The bundle directory it was opened from (null for a channel of an early-fused network). */
    public Path bundle() {
        return bundleDir;
    }

    /** Predicts images whose header says another modality, plane or body part, recording the mismatch. */
    public Predictor allowAnatomyMismatch() {
        this.allowAnatomyMismatch = true;
        return this;
    }

    /** Where overrides are reported as they happen (one line each; the CLI prints them on stderr). */
    public Predictor onWarning(Consumer<String> sink) {
        this.warnings = sink;
        return this;
    }

    /**
     * Loads and checks a bundle (see {@link TrainedCnn#load} and {@link BundleInfo#of}), or a radiomics bundle
     * (a directory with {@value BaselineFiles#RADIOMICS_LR} and no {@value TrainedCnn#METADATA_FILE}: {@link
     * #openRadiomics}).
     */
    public static Predictor open(Path bundleDir) {
        return open(bundleDir, SequenceRules.defaults());
    }

    /** As {@link #open(Path)}, classifying DICOM headers with the given rules. */
    public static Predictor open(Path bundleDir, SequenceRules rules) {
        if (!Files.isDirectory(bundleDir)) {
            throw HemametException.invalidInput(bundleDir + ": not a directory (a model bundle is a directory with "
                    + TrainedCnn.METADATA_FILE + " and " + TrainedCnn.PARAMS_FILE + ")");
        }
        if (!Files.isRegularFile(bundleDir.resolve(TrainedCnn.METADATA_FILE))
                && BaselineFiles.isRadiomicsBundle(bundleDir)) {
            return openRadiomics(bundleDir, rules);
        }
        TrainedCnn m = TrainedCnn.load(bundleDir);
        try {
            if (m.channels() != 1) {
                throw HemametException.invalidInput(bundleDir.resolve(TrainedCnn.METADATA_FILE) + ": an early-fused"
                        + " model (" + m.channels() + " input channels); predict it with --via FILE or --dataset DIR"
                        + " and --out FILE.csv");
            }
            Predictor p = new Predictor(m, null, BundleInfo.of(m, bundleDir), rules);
            p.bundleDir = bundleDir;
            return p;
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /**
     * A kept radiomics-lr model ({@link BaselineFiles#read}, {@link RadiomicsModel#of}): refuses one of other
     * features or grey levels, or without crop parameters.
     */
    private static Predictor openRadiomics(Path bundleDir, SequenceRules rules) {
        Path file = bundleDir.resolve(BaselineFiles.RADIOMICS_LR);
        BaselineModel kept = BaselineFiles.read(file, ResultRow.RADIOMICS_LR);
        RadiomicsModel model = RadiomicsModel.of(file, kept);
        Predictor p = new Predictor(null, model, BundleInfo.ofRadiomics(kept, file), rules);
        p.bundleDir = bundleDir;
        return p;
    }

    /**
     * The crop preparation of one channel of an early-fused network ({@link EarlyFusedPredictor}): {@code info}
     * with {@code sequence} as its sequence and no out-of-distribution statistics, over the shared {@code
     * network}, which the caller owns (never close this predictor).
     */
    static Predictor channelOf(TrainedCnn network, BundleInfo info, Sequence sequence, SequenceRules rules) {
        BundleInfo one = new BundleInfo(
                sequence,
                info.inputSize(),
                info.classes(),
                info.positiveClass(),
                info.threshold(),
                info.thresholdRule(),
                info.crop(),
                info.cropSource(),
                info.cellId(),
                info.calibration(),
                info.anatomy(),
                null);
        return new Predictor(network, null, one, rules);
    }

    /** Whether the bundle is a radiomics model (no network: no heat maps, no out-of-distribution check). */
    public boolean radiomics() {
        return radiomics != null;
    }

    public BundleInfo info() {
        return info;
    }

    /** The network (for explanations); refuses a radiomics bundle, which has none. */
    public TrainedCnn model() {
        if (model == null) {
            throw HemametException.invalidInput("the model is a radiomics bundle (" + BaselineFiles.RADIOMICS_LR
                    + "): it has no network to" + " explain or validate (heat maps and validate need a CNN bundle)");
        }
        return model;
    }

    /**
     * A lesion ready for the network.
     *
     * @param source         the file cropped (DICOM or PNG/JPEG)
     * @param roi            the lesion box in the source's pixel grid
     * @param window         the crop window in the source's pixel grid
     * @param input          network input, row-major {@code inputSize²}, in [0, 1]
     * @param crop           the quantised crop at the dataset's crop size (for display)
     * @param cropSize       side of {@code crop}
     * @param headerSequence the sequence the DICOM header says, if any
     * @param checks         what the input checks found (sequence and anatomy)
     * @param mask           the lesion's region on the crop grid (row-major {@code cropSize²}), or null (a
     *                       network's bundle needs none)
     * @param pixels         what the pixels were read from
     */
    public record Prepared(
            Path source,
            BoundingBox roi,
            BoundingBox window,
            float[] input,
            float[] crop,
            int cropSize,
            Optional<Sequence> headerSequence,
            Checks checks,
            boolean[] mask,
            Pixels pixels) {
        /** The lesion box in {@code crop} pixel coordinates (x, y, width, height, fractional). */
        public double[] roiInCrop() {
            double sx = (double) cropSize / window.width();
            double sy = (double) cropSize / window.height();
            return new double[] {
                (roi.x() - window.x()) * sx, (roi.y() - window.y()) * sy, roi.width() * sx, roi.height() * sy
            };
        }
    }

    /**
     * What a lesion's pixels were read from, as ingest-report.json's {@code source_formats} counts a dataset's
     * samples: the predictions of lossy-compressed or rendered pixels can be told apart (and left out of a
     * sensitivity analysis), and a crop that may show burned-in text found.
     *
     * @param format             the file's pixels ({@link SourceFormat})
     * @param burnedInAnnotation the DICOM header says text is burned into the pixels (BurnedInAnnotation YES);
     *                           null for a PNG/JPEG export, which has no header to say so
     * @param frame              the frame of a multi-frame DICOM the lesion is on (1-based); 0 for a file of one
     *                           image
     */
    public record Pixels(SourceFormat format, Boolean burnedInAnnotation, int frame) {}

    /**
     * What the input checks found for one image, in words free of patient data (rule names, sequence
     * names, DICOM keywords; no header text).
     *
     * @param sequence         the sequence the image is taken for (the model's)
     * @param sequenceSource   where it came from: {@value #HEADER}, {@value #ANNOTATION}, {@value #OPTION}
     *                         or {@value #UNCHECKED}
     * @param sequenceOverride what the header said when a stated sequence overrode it (empty otherwise)
     * @param anatomy          the anatomy check ({@link AnatomyCheck.Outcome})
     */
    public record Checks(
            Sequence sequence, String sequenceSource, String sequenceOverride, AnatomyCheck.Outcome anatomy) {
        /** The DICOM header rules decided the sequence. */
        public static final String HEADER = "header";
        /** The VIA annotation's {@code sequence} attribute stated it. */
        public static final String ANNOTATION = "annotation";
        /** {@code --sequence} stated it. */
        public static final String OPTION = "--sequence";
        /** Nothing told it (a PNG/JPEG without a stated sequence): taken to be the model's, unchecked. */
        public static final String UNCHECKED = "not checked (no header, none stated)";
    }

    /**
     * Whether a lesion's crop lies inside the training distribution of the network's features
     * ({@link OodDetector}).
     *
     * @param score   the largest ratio of a depth's Mahalanobis distance to its threshold
     * @param flagged {@code score > 1}: out of distribution
     * @param detail  the distance and threshold of each depth
     */
    public record Ood(double score, boolean flagged, OodDetector.Result detail) {}

    /**
     * One prediction.
     *
     * @param probabilities P(class) per class name, in the bundle's class order
     * @param positive      P(positive class)
     * @param decision      the class decided at the bundle's threshold ({@code positive >= threshold})
     * @param threshold     the threshold used
     * @param calibrated    calibrated P(positive) at {@code prevalence} (NaN when the bundle has no calibration)
     * @param prevalence    the prevalence of the positive class the calibrated probability assumes (NaN
     *                      likewise)
     * @param prevalenceSource where it comes from: {@value BundleInfo.Calibration#AT_DEVELOPMENT}, {@value
     *                      BundleInfo.Calibration#AT_FIT} (a bundle of an older version) or {@value #STATED}; ""
     *                      without calibration
     * @param ood           the out-of-distribution flag, or null when the bundle has no {@code ood.json}
     */
    public record Prediction(
            Map<String, Double> probabilities,
            double positive,
            String decision,
            double threshold,
            double calibrated,
            double prevalence,
            String prevalenceSource,
            Ood ood) {}

    /** Prepares a lesion of {@code source} (no declared sequence). */
    public Prepared prepare(Path source, BoundingBox roi) {
        return prepare(source, roi, null);
    }

    /**
     * Prepares a lesion; {@code declared} is the sequence an annotation states (null if none). Refuses
     * (invalidInput) a sequence mismatch, a box not inside the image, an unreadable file.
     */
    public Prepared prepare(Path source, BoundingBox roi, Sequence declared) {
        return prepare(source, roi, declared, null);
    }

    /**
     * A normal-marrow reference region drawn on the lesion's image (VIA region attribute roi = reference).
     *
     * @param shape  the region, in the coordinates it was drawn in
     * @param scaleX source pixels per region unit along x (1 when drawn on the source itself)
     * @param scaleY source pixels per region unit along y
     */
    public record Reference(RoiShape shape, double scaleX, double scaleY) {}

    /**
     * The lesion's region as drawn (a radiomics model's features are computed inside it).
     *
     * @param shape  the region, in the coordinates it was drawn in
     * @param scaleX source pixels per region unit along x (1 when drawn on the source itself)
     * @param scaleY source pixels per region unit along y
     */
    public record Outline(RoiShape shape, double scaleX, double scaleY) {}

    /**
     * As {@link #prepare(Path, BoundingBox, Sequence)}, with the image's reference region (null if none);
     * a bundle whose crops were scaled against a reference region refuses a lesion without one.
     */
    public Prepared prepare(Path source, BoundingBox roi, Sequence declared, Reference reference) {
        return prepare(source, roi, declared, reference, null);
    }

    /**
     * As {@link #prepare(Path, BoundingBox, Sequence, Reference)}, with the lesion's region as drawn (null:
     * the box {@code roi} itself, as ingest masks a rect). A radiomics bundle computes its features inside
     * that region, rasterised on the crop grid as ingest writes the dataset's masks ({@link CropMask}).
     */
    public Prepared prepare(Path source, BoundingBox roi, Sequence declared, Reference reference, Outline outline) {
        return prepare(source, "", roi, declared, reference, outline);
    }

    /**
     * As {@link #prepare(Path, BoundingBox, Sequence, Reference, Outline)} on the stated frame of a multi-frame
     * DICOM (1-based, the VIA attribute {@link LesionSource#FRAME_ATTRIBUTE}; "" when none, which a multi-frame
     * file refuses: {@link LesionSource#frame}).
     */
    public Prepared prepare(
            Path source, String frame, BoundingBox roi, Sequence declared, Reference reference, Outline outline) {
        if (!info.recordsCrop()) {
            throw HemametException.invalidInput(info.cropSource() + ", so new lesions cannot be cropped and scaled as"
                    + " the network's training crops were; export the model with 'hemamet export RUN_DIR --cell"
                    + " SEQUENCE/COMPARISON' (it reads them from the run's dataset)");
        }
        if (!Files.isRegularFile(source)) {
            throw HemametException.invalidInput(
                    source + (Files.isDirectory(source) ? ": is a directory, not an image file" : ": not found"));
        }
        if (declared != null && declared != info.sequence()) {
            throw HemametException.invalidInput(source + ": annotated as " + declared + ", but the model was trained"
                    + " on " + info.sequence() + " images");
        }
        Optional<Sequence> header = Optional.empty();
        boolean dicom = DicomReader.isDicom(source);
        DicomDescriptor d = dicom ? LesionSource.header(source, frame) : null;
        LesionSource.Frame f = dicom ? LesionSource.frame(d, frame) : new LesionSource.Frame(0, "");
        // the pixels before the checks: a file cut short (or one whose header claims frames it lacks) is named
        // as such, not judged by the remains of its header
        FloatImage pixels = LesionSource.pixels(source, dicom, Math.max(0, f.index()));
        if (!f.ok()) {
            throw HemametException.invalidInput(source + ": " + f.problem());
        }
        Checks checks;
        if (dicom) {
            SequenceDecision decision = rules.decide(d.ruleFields());
            header = decision.sequence();
            AnatomyCheck.Outcome anatomy = AnatomyCheck.check(source, d, info.anatomy(), allowAnatomyMismatch);
            checks = sequenceChecks(source, decision, declared, anatomy);
        } else {
            String from = stated != null ? Checks.OPTION : declared != null ? Checks.ANNOTATION : Checks.UNCHECKED;
            checks = new Checks(info.sequence(), from, "", AnatomyCheck.Outcome.notChecked());
        }
        if (roi.width() <= 0
                || roi.height() <= 0
                || roi.x() < 0
                || roi.y() < 0
                || roi.x() + roi.width() > pixels.width()
                || roi.y() + roi.height() > pixels.height()) {
            throw HemametException.invalidInput(
                    source + ": ROI " + roi.x() + "," + roi.y() + "," + roi.width() + "," + roi.height()
                            + " (x,y,w,h) is not inside the " + pixels.width() + "x" + pixels.height() + " image");
        }
        LesionSource.Encoded enc =
                LesionSource.crop(cropper, pixels, roi, referenceMedian(source, pixels, reference), source.toString());
        float[] input = CropLoader.decode(enc.png(), info.inputSize());
        float[] crop = CropLoader.decode(enc.png(), info.crop().size());
        boolean[] mask = radiomics == null ? null : mask(source, roi, outline);
        warnAllowedMismatch(source, checks.anatomy());
        if (d != null) {
            warnPixels(source, d);
        }
        Pixels read = dicom
                ? new Pixels(SourceFormat.of(d), d.burnedIn(), d.frames() > 1 ? f.index() + 1 : 0)
                : new Pixels(SourceFormat.ofImage(source), null, 0);
        return new Prepared(
                source, roi, enc.crop().window(), input, crop, info.crop().size(), header, checks, mask, read);
    }

    /** Says on the warnings channel, once every check has passed, that the header's anatomy was overridden. */
    private void warnAllowedMismatch(Path source, AnatomyCheck.Outcome anatomy) {
        if (!anatomy.mismatches().isEmpty()) {
            warnings.accept(source + ": predicted although the DICOM header says "
                    + String.join(", ", anatomy.mismatches()) + " (--allow-anatomy-mismatch)");
        }
    }

    /**
     * Says on the warnings channel what ingest notes of a DICOM's pixels: lossy compression (the fine texture is
     * partly the codec's), a secondary capture (a rendered, windowed image, not the scanner's values), burned-in
     * text (the crop may show a name).
     */
    private void warnPixels(Path source, DicomDescriptor d) {
        if (d.lossy()) {
            warnings.accept(source + ": its pixels went through lossy compression (LossyImageCompression 01 or a lossy"
                    + " transfer syntax); the fine texture the model sees is partly the codec's");
        }
        if (d.secondaryCapture()) {
            warnings.accept(source + ": a secondary capture (a rendered, windowed image), not the scanner's values");
        }
        if (d.burnedIn()) {
            warnings.accept(source + ": the header says text is burned into the pixels (BurnedInAnnotation YES)");
        }
    }

    /** The lesion's region on the crop grid (the whole box without an outline, as a rect). */
    private boolean[] mask(Path source, BoundingBox roi, Outline outline) {
        Outline o = outline != null
                ? outline
                : new Outline(new RoiShape.Rect(roi.x(), roi.y(), roi.width(), roi.height()), 1, 1);
        try {
            return CropMask.of(o.shape(), o.scaleX(), o.scaleY(), roi, info.crop());
        } catch (IllegalArgumentException e) {
            throw HemametException.invalidInput(source + ": the lesion region gives no mask (" + e.getMessage() + ")");
        }
    }

    /** The reference region's median when the bundle scales against one; NaN otherwise. */
    private double referenceMedian(Path source, FloatImage pixels, Reference reference) {
        if (info.crop().intensity() != IntensityReference.REFERENCE) {
            return Double.NaN;
        }
        if (reference == null) {
            throw HemametException.invalidInput(source + ": the model's crops are scaled against a normal-marrow"
                    + " reference region (bundle input.crop.intensity_reference = reference); draw one on this"
                    + " image (VIA region attribute roi = reference) and give the lesion with --via");
        }
        double m = LesionCropper.referenceMedian(pixels, reference.shape(), reference.scaleX(), reference.scaleY());
        if (!(m > 0)) {
            throw HemametException.invalidInput(
                    source + ": the reference region's median signal is " + m + " (normal marrow must be positive)");
        }
        return m;
    }

    /**
     * The sequence of a DICOM image, from its header rules and what the user states. Refuses (naming the
     * fields that decided, e.g. "TR 4000 ms, TE 240 ms -> T2") a header that decides another sequence than
     * the model's unless {@code --sequence} overrides it, and a header the rules exclude (FLAIR, PD,
     * diffusion, Dixon, localiser, ...) or cannot tell unless the annotation or {@code --sequence} states the
     * sequence (already checked to be the model's). An override of a header that says otherwise is recorded
     * and reported to {@link #onWarning}.
     */
    private Checks sequenceChecks(
            Path source, SequenceDecision decision, Sequence declared, AnatomyCheck.Outcome anatomy) {
        boolean saysOther =
                (decision.accepted() && decision.sequence().orElseThrow() != info.sequence()) || decision.excluded();
        if (decision.accepted() && !saysOther) {
            return new Checks(info.sequence(), Checks.HEADER, "", anatomy);
        }
        if (stated == null && decision.accepted()) {
            throw HemametException.invalidInput(source + ": the DICOM header says " + decision.describe()
                    + ", but the model was trained on " + info.sequence() + " images (--sequence "
                    + info.sequence() + " if the header is wrong)");
        }
        if (stated == null && declared == null) {
            throw HemametException.invalidInput(source + ": "
                    + (decision.excluded()
                            ? "the DICOM header rules exclude this" + " series (" + decision.describe() + ")"
                            : "the DICOM header rules cannot tell its sequence (" + decision.describe() + ")")
                    + "; the model was trained on " + info.sequence()
                    + " images (annotate the image's 'sequence' if the header is wrong)");
        }
        String from = stated != null ? Checks.OPTION : Checks.ANNOTATION;
        String override = "";
        if (saysOther) {
            override = "the header rules say " + decision.kind().name() + " (rule " + decision.rule() + ")";
            warnings.accept(source + ": " + from + " " + info.sequence() + " overrides the DICOM header, which says "
                    + decision.describe());
        }
        return new Checks(info.sequence(), from, override, anatomy);
    }

    /** Predicts one prepared lesion. */
    public Prediction predict(Prepared p) {
        return predict(List.of(p)).get(0);
    }

    /** Predicts prepared lesions in batches. */
    public List<Prediction> predict(List<Prepared> lesions) {
        float[][] x = new float[lesions.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = lesions.get(i).input();
        }
        double[] p = x.length == 0 ? new double[0] : scores(lesions, x);
        Ood[] flags = oodFlags(x);
        List<Prediction> out = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            double pos = p[i];
            Map<String, Double> probs = new LinkedHashMap<>();
            probs.put(info.classes().get(0), 1 - pos);
            probs.put(info.classes().get(1), pos);
            double calibrated =
                    info.calibration() == null ? Double.NaN : info.calibration().apply(pos, prevalence);
            out.add(new Prediction(
                    probs,
                    pos,
                    pos >= info.threshold()
                            ? info.classes().get(1)
                            : info.classes().get(0),
                    info.threshold(),
                    calibrated,
                    prevalence,
                    prevalenceSource,
                    flags[i]));
        }
        return out;
    }

    /** P(positive) of each lesion: the network's, or the radiomics model's on the crop inside the lesion mask. */
    private double[] scores(List<Prepared> lesions, float[][] x) {
        if (radiomics == null) {
            return model.predictPositive(x);
        }
        double[] p = new double[lesions.size()];
        for (int i = 0; i < p.length; i++) {
            Prepared l = lesions.get(i);
            try {
                p[i] = radiomics.predictPositive(l.crop(), l.cropSize(), l.mask());
            } catch (IllegalArgumentException e) {
                throw HemametException.invalidInput(l.source() + ": " + e.getMessage());
            }
        }
        return p;
    }

    /** The out-of-distribution flag of each input (nulls when the bundle has no distribution). */
    private Ood[] oodFlags(float[][] x) {
        Ood[] out = new Ood[x.length];
        if (ood == null || x.length == 0) {
            return out;
        }
        float[][][] f = model.layerFeatures(x);
        for (int i = 0; i < x.length; i++) {
            OodDetector.Result r = ood.score(f[i]);
            out[i] = new Ood(r.score(), r.flagged(), r);
        }
        return out;
    }

    @Override
    public void close() {
        if (model != null) {
            model.close();
        }
    }
}
