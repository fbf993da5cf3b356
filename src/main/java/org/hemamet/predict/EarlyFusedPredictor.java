package org.hemamet.predict;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.cohort.Sequence;
import org.hemamet.cohort.SequenceRules;
import org.hemamet.contract.BundleFiles;
import org.hemamet.contract.FusedPredictionRow;
import org.hemamet.core.HemametException;
import org.hemamet.core.Json;
import org.hemamet.ingest.Ingest;
import org.hemamet.model.TrainedCnn;
import org.hemamet.study.CropLoader;
import org.hemamet.study.EarlyFusion;

/**
 * Applies an early-fused bundle (the model of a {@code fusion-early} cell, {@code hemamet export --fusion
 * early}: one paper CNN whose {@code architecture.channels} are 2C, its {@code input.sequence} the C fused
 * sequences joined by '+') to lesions imaged on several sequences. A lesion's input is built as the study built
 * it ({@link EarlyFusion#stack}): its crop of each fused sequence (zeros where it lacks one) and one
 * availability plane per sequence.
 *
 * <p>Which crops belong together is what the data say, as for a late-fused bundle ({@link FusedPredictor}): in
 * a dataset ({@code --dataset DIR}) the rows of one {@code patient_key} and {@code lesion_id}, each crop read
 * as the study read it ({@link CropLoader}); in a VIA file ({@code --via}, one patient's images) the regions of
 * one {@code lesion_id}, each cropped as a single-sequence predict crops it ({@link Predictor#prepare}), its
 * sequence being the region's {@code sequence} attribute or what its DICOM header's rules decide. Regions and
 * rows of other sequences are skipped and counted; two crops of one lesion on one sequence are refused.
 */
public final class EarlyFusedPredictor implements AutoCloseable {
    /** The method column of its rows. */
    public static final String METHOD = "early";

    private final Path dir;
    private final TrainedCnn network;
    private final BundleInfo info;
    private final List<Sequence> sequences;

    private EarlyFusedPredictor(Path dir, TrainedCnn network, BundleInfo info, List<Sequence> sequences) {
        this.dir = dir;
        this.network = network;
        this.info = info;
        this.sequences = sequences;
    }

    /**
     * What a batch did.
     *
     * @param rows             one row per lesion
     * @param skipped          crops of sequences the model does not fuse
     * @param skippedSequences those sequences
     * @param crops            per row, the lesion's network-input crop of each fused sequence in channel order
     *                         (null where it lacks one), for its heat map
     * @param rois             per row, the lesion's box on each of those crops (x, y, width, height in
     *                         network-input pixels; null where unknown: a dataset's crops, a missing sequence)
     */
    public record Summary(
            List<FusedPredictionRow> rows,
            int skipped,
            Set<String> skippedSequences,
            List<float[][]> crops,
            List<double[][]> rois) {}

    /** Whether {@code dir} holds an early-fused model bundle (architecture.channels above 1). */
    public static boolean isEarly(Path dir) {
        Path meta = dir.resolve(BundleFiles.METADATA);
        if (!Files.isRegularFile(meta)) {
            return false;
        }
        try {
            return Json.mapper()
                            .readTree(meta.toFile())
                            .path("architecture")
                            .path("channels")
                            .asInt(1)
                    > 1;
        } catch (java.io.IOException e) {
            return false; // the single-sequence path names the unreadable file
        }
    }

    /** Opens and checks an early-fused bundle: its channels must be two per fused sequence. */
    public static EarlyFusedPredictor open(Path dir) {
        TrainedCnn m = TrainedCnn.load(dir);
        try {
            BundleInfo info = BundleInfo.of(m, dir);
            String joined = String.valueOf(((Map<?, ?>) m.metadata().get("input")).get("sequence"));
            List<Sequence> seqs =
                    Arrays.stream(joined.split("\\+")).map(Sequence::parse).toList();
            if (m.channels() != EarlyFusion.channels(seqs.size())) {
                throw HemametException.invalidInput(dir.resolve(BundleFiles.METADATA) + ": " + m.channels()
                        + " input channels, but input.sequence " + joined + " needs "
                        + EarlyFusion.channels(seqs.size()) + " (a crop and an availability plane per sequence)");
            }
            return new EarlyFusedPredictor(dir, m, info, seqs);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    public BundleInfo info() {
        return info;
    }

    /** The fused sequences in channel order. */
    public List<Sequence> sequences() {
        return sequences;
    }

    /** Every lesion of a dataset (rows grouped by patient_key and lesion_id), in dataset order. */
    public Summary predictDataset(Path datasetDir) {
        checkCrop(datasetDir);
        return scoreDataset(datasetDir);
    }

    /**
     * As {@link #predictDataset}, without its crop-parameter check: for a caller that has checked the dataset's
     * crop parameters itself ({@code validate}, which knows those of a run's cell model, which records none,
     * from its development dataset).
     */
    public Summary scoreDataset(Path datasetDir) {
        List<DatasetSample> samples = DatasetManifest.read(datasetDir);
        Path file = datasetDir.resolve(DatasetManifest.FILE_NAME);
        CropLoader loader = new CropLoader(datasetDir, info.inputSize());
        Map<String, float[][]> crops = new LinkedHashMap<>();
        Map<String, String[]> ids = new LinkedHashMap<>();
        Set<String> other = new TreeSet<>();
        int skipped = 0;
        for (DatasetSample s : samples) {
            int j = sequences.indexOf(s.sequence());
            if (j < 0) {
                other.add(s.sequence().name());
                skipped++;
                continue;
            }
            String key = s.patientKey() + "/" + s.lesionId();
            ids.putIfAbsent(key, new String[] {s.patientKey(), s.lesionId()});
            put(crops, key, j, loader.load(s.cropPath()), file);
        }
        List<FusedPredictionRow> rows = new ArrayList<>();
        List<String> keys = new ArrayList<>(crops.keySet());
        double[] p = predict(keys.stream().map(crops::get).toList());
        for (int i = 0; i < keys.size(); i++) {
            String[] id = ids.get(keys.get(i));
            rows.add(row(id[0], id[1], crops.get(keys.get(i)), p[i], Map.of()));
        }
        List<float[][]> lesionCrops = keys.stream().map(crops::get).toList();
        List<double[][]> noBoxes =
                keys.stream().map(k -> new double[sequences.size()][]).toList();
        return new Summary(rows, skipped, other, lesionCrops, noBoxes);
    }

    /** Every lesion of a VIA file (one patient; regions grouped by lesion_id), in file order. */
    public Summary predictVia(Path via, Path imagesDir) {
        SequenceRules rules = SequenceRules.defaults();
        Map<String, float[][]> crops = new LinkedHashMap<>();
        Map<String, double[][]> rois = new LinkedHashMap<>();
        Map<String, Map<String, String>> formats = new LinkedHashMap<>();
        Set<String> other = new TreeSet<>();
        int skipped = 0;
        for (ViaTargets.Target t : ViaTargets.all(via, imagesDir)) {
            String where = via + ": image '" + t.image() + "' region " + t.region();
            if (t.lesionId().isEmpty()) {
                throw HemametException.invalidInput(where + " has no lesion_id; a fused model groups a lesion's"
                        + " regions on its sequences by their lesion_id attribute");
            }
            Sequence seq = ViaTargets.sequenceOf(t, rules, where);
            int j = sequences.indexOf(seq);
            if (j < 0) {
                other.add(seq.name());
                skipped++;
                continue;
            }
            Predictor channel = Predictor.channelOf(network, info, seq, rules); // shares the network: not closed
            Predictor.Prepared prepared = channel.prepare(t.source(), t.frame(), t.roi(), seq, t.reference(), null);
            put(crops, t.lesionId(), j, prepared.input(), via);
            formats.computeIfAbsent(t.lesionId(), k -> new LinkedHashMap<>())
                    .put(seq.name(), prepared.pixels().format().id());
            rois.computeIfAbsent(t.lesionId(), k -> new double[sequences.size()][])[j] = inputBox(prepared);
        }
        List<String> keys = new ArrayList<>(crops.keySet());
        double[] p = predict(keys.stream().map(crops::get).toList());
        List<FusedPredictionRow> rows = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            rows.add(row("", keys.get(i), crops.get(keys.get(i)), p[i], formats.get(keys.get(i))));
        }
        return new Summary(
                rows,
                skipped,
                other,
                keys.stream().map(crops::get).toList(),
                keys.stream().map(rois::get).toList());
    }

    /** The lesion box of a prepared crop in network-input pixels (the input is the crop resized). */
    private double[] inputBox(Predictor.Prepared p) {
        double k = (double) info.inputSize() / p.cropSize();
        double[] box = p.roiInCrop();
        return new double[] {box[0] * k, box[1] * k, box[2] * k, box[3] * k};
    }

    // ------------------------------------------------------------------------------------ heat maps

    /**
     * The explanation map (row-major S², in [0, 1]) of a lesion for class {@code targetClass} (0 or 1): the
     * method on the lesion's channel stack as the network sees it ({@link EarlyFusion#stack}), one map over
     * the crop grid the channels share (Grad-CAM at the last convolution block weighs feature maps computed
     * from all channels; occlusion hides the same square in every channel).
     *
     * @param crops the lesion's crop of each fused sequence in channel order (S², null where it lacks one)
     */
    public float[] map(float[][] crops, HeatMaps.Method method, int targetClass) {
        return HeatMaps.map(network, EarlyFusion.stack(Arrays.asList(crops), info.inputSize()), method, targetClass);
    }

    /**
     * The lesion's channels in channel order, as {@link HeatMaps#panels} draws them, each with its lesion box
     * ({@code rois[j]}, network-input pixels; null: none drawn).
     */
    public List<HeatMaps.Channel> channels(float[][] crops, double[][] rois) {
        List<HeatMaps.Channel> out = new ArrayList<>();
        for (int j = 0; j < sequences.size(); j++) {
            out.add(new HeatMaps.Channel(sequences.get(j).name(), crops[j], info.inputSize(), rois[j]));
        }
        return out;
    }

    /** {@link #heatMap(float[][], double[][], HeatMaps.Method, int, String)} without lesion boxes (a dataset's crops). */
    public java.awt.image.BufferedImage heatMap(
            float[][] crops, HeatMaps.Method method, int targetClass, String label) {
        return heatMap(crops, new double[crops.length][], method, targetClass, label);
    }

    /**
     * A lesion's heat map: {@link #map} of class {@code targetClass} over each of its crops, one panel per fused
     * sequence with its lesion box where known ({@code rois}, as {@link #channels}), "not acquired" where it
     * lacks one ({@link HeatMaps#panels}).
     */
    public java.awt.image.BufferedImage heatMap(
            float[][] crops, double[][] rois, HeatMaps.Method method, int targetClass, String label) {
        return HeatMaps.panels(channels(crops, rois), map(crops, method, targetClass), info.inputSize(), label);
    }

    /**
     * {@code predict --heatmap} of an early-fused bundle: the heat map of the batch's one lesion written to
     * {@code file} (atomically), explaining {@code explain} ({@link SinglePrediction#DECISION} or a class name).
     * A batch of another number of lesions is refused, naming {@code source}.
     *
     * @return the class name the map explains
     */
    public String writeHeatMap(Summary s, Path source, HeatMaps.Method method, String explain, Path file) {
        if (s.rows().size() != 1) {
            throw HemametException.invalidInput(source + ": " + s.rows().size() + " lesions of " + joined()
                    + "; --heatmap draws one (give a VIA file or dataset of one lesion)");
        }
        FusedPredictionRow row = s.rows().get(0);
        String explained = SinglePrediction.DECISION.equals(explain) ? row.decision() : explain;
        int target = info.classes().indexOf(explained);
        if (target < 0) {
            throw new IllegalArgumentException("not a class of the model: " + explained);
        }
        String label = (method == HeatMaps.Method.GRADCAM ? "Grad-CAM" : "occlusion") + " for " + explained + "  P("
                + info.positiveClass() + ") = " + String.format(java.util.Locale.ROOT, "%.2f", row.probability());
        java.awt.image.BufferedImage img = heatMap(s.crops().get(0), s.rois().get(0), method, target, label);
        boolean dataset = java.nio.file.Files.isDirectory(source);
        HeatMapPng.Subject subject = new HeatMapPng.Subject(
                dataset ? PredictionsProvenance.DATASET : PredictionsProvenance.VIA,
                dataset ? org.hemamet.cohort.DatasetManifest.hash(source) : org.hemamet.core.Hashing.sha256(source),
                null,
                null);
        HeatMapPng.write(
                file,
                img,
                HeatMapPng.provenance(
                        new HeatMapPng.Drawn(method, explained, row.probability()),
                        "fusion-early",
                        info.cellId(),
                        dir,
                        subject));
        return explained;
    }

    private String joined() {
        return String.join("+", sequences.stream().map(Enum::name).toList());
    }

    /** P(positive) of each lesion's channel stack ({@link EarlyFusion#stack}), raw as the study's score. */
    private double[] predict(List<float[][]> lesions) {
        float[][] x = new float[lesions.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = EarlyFusion.stack(Arrays.asList(lesions.get(i)), info.inputSize());
        }
        return x.length == 0 ? new double[0] : network.predictPositive(x);
    }

    private FusedPredictionRow row(
            String patient, String lesionId, float[][] crops, double p, Map<String, String> formats) {
        List<String> have = new ArrayList<>();
        List<String> lack = new ArrayList<>();
        for (int j = 0; j < sequences.size(); j++) {
            (crops[j] != null ? have : lack).add(sequences.get(j).name());
        }
        return new FusedPredictionRow(
                patient,
                lesionId,
                String.join("+", have),
                String.join("+", lack),
                "",
                METHOD,
                p,
                p >= info.threshold() ? info.classes().get(1) : info.classes().get(0),
                info.threshold(),
                info.calibration() == null
                        ? null
                        : info.calibration().apply(p, info.calibration().defaultPrevalence()),
                info.calibration() == null ? null : info.calibration().defaultPrevalence(),
                FusedPredictor.sourceFormats(have, formats));
    }

    private void put(Map<String, float[][]> crops, String lesion, int j, float[] crop, Path file) {
        float[][] row = crops.computeIfAbsent(lesion, k -> new float[sequences.size()][]);
        if (row[j] != null) {
            throw HemametException.invalidInput(file + ": lesion " + lesion + " has two crops on " + sequences.get(j)
                    + "; give one crop per sequence");
        }
        row[j] = crop;
    }

    /** Refuses a dataset whose crop parameters (ingest-report.json params.key) differ from the bundle's. */
    private void checkCrop(Path datasetDir) {
        Path report = datasetDir.resolve(Ingest.REPORT_FILE);
        String key = Ingest.recordedCropKey(datasetDir);
        if (!info.crop().key().equals(key)) {
            throw HemametException.invalidInput(report + ": crop parameters " + key + " differ from the model's "
                    + info.crop().key() + " (" + dir + ")");
        }
    }

    @Override
    public void close() {
        network.close();
    }
}
