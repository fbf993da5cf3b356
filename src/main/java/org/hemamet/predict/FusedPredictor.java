package org.hemamet.predict;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.cohort.Sequence;
import org.hemamet.cohort.SequenceRules;
import org.hemamet.contract.BundleFiles;
import org.hemamet.contract.FusedPredictionRow;
import org.hemamet.contract.FusionBundle;
import org.hemamet.contract.FusionBundleFiles;
import org.hemamet.contract.RunFiles;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.HemametException;
import org.hemamet.ingest.Ingest;
import org.hemamet.metrics.LogisticCalibration;
import org.hemamet.study.CropLoader;
import org.hemamet.study.LateFusion;

/**
 * Applies a late-fused bundle ({@link FusionBundleFiles}) to lesions imaged on several sequences: each member
 * bundle scores the lesion's crop of its sequence exactly as a single-sequence predict does, and the stored
 * stacking model of the lesion's pattern of available sequences combines their logits ({@link
 * LateFusion#apply}, the study's arithmetic).
 *
 * <p>Which crops belong together is what the data already say: in a dataset ({@code --dataset DIR}, made by
 * {@code hemamet ingest}) the rows of one {@code patient_key} and {@code lesion_id}; in a VIA file ({@code --via},
 * one patient's images) the regions of one {@code lesion_id} attribute, each region's sequence being its
 * {@code sequence} attribute or, for a DICOM slice, what its header rules decide. Regions and rows of sequences
 * the bundle does not fuse are skipped and counted.
 *
 * <p>A lesion lacking some of the bundle's sequences is scored by the model of the ones it has when the bundle's
 * {@code missing} is {@value FusionBundle#FALLBACK} (as the study scored its test lesions), and refused (exit 2,
 * naming the lesion and the sequences it lacks) when it is {@value FusionBundle#REFUSE}. Also refused: a member
 * whose parameters are not the ones fusion.json records, a dataset cropped otherwise than the members, a VIA
 * region without lesion_id or without a known sequence, and two crops of one lesion on one sequence.
 */
public final class FusedPredictor implements AutoCloseable {
    private final Path file;
    private final FusionBundle bundle;
    private final Map<String, Predictor> members;
    private final Map<String, Path> memberDirs;

    private FusedPredictor(
            Path file, FusionBundle bundle, Map<String, Predictor> members, Map<String, Path> memberDirs) {
        this.file = file;
        this.bundle = bundle;
        this.members = members;
        this.memberDirs = memberDirs;
    }

    /** What a batch did. */
    public record Summary(List<FusedPredictionRow> rows, int skipped, Set<String> skippedSequences) {}

    /** Opens and checks a fused bundle and its members. */
    public static FusedPredictor open(Path dir) {
        FusionBundle b = FusionBundleFiles.read(dir);
        Map<String, Path> memberDirs = new LinkedHashMap<>();
        b.members().forEach(m -> memberDirs.put(m.sequence(), dir.resolve(m.dir())));
        return open(dir.resolve(FusionBundleFiles.FILE), b, memberDirs);
    }

    /**
     * Opens a late-fused model whose members lie elsewhere than under a fused bundle (a run's late-fused cell:
     * its sequence cells' models, {@code hemamet validate --run}), each checked as {@link #open(Path)} checks
     * them.
     *
     * @param file       what refusals name as the fused model (the fused bundle's fusion.json, or the run's
     *                   results.csv)
     * @param b          the fused model, as {@link FusionBundleFiles#read} would have read and checked it
     * @param memberDirs each member's bundle directory, by sequence
     */
    public static FusedPredictor open(Path file, FusionBundle b, Map<String, Path> memberDirs) {
        Map<String, Predictor> members = new LinkedHashMap<>();
        try {
            for (FusionBundle.Member m : b.members()) {
                Path mdir = memberDirs.get(m.sequence());
                Predictor p = Predictor.open(mdir);
                members.put(m.sequence(), p);
                Object sha = p.model().metadata().get("params_sha256");
                if (!String.valueOf(sha).equals(m.paramsSha256())) {
                    throw HemametException.invalidInput(mdir.resolve(BundleFiles.METADATA) + ": params_sha256 differs"
                            + " from the one " + file + " records for " + m.sequence()
                            + " (mixed bundle)");
                }
                if (!p.info().sequence().name().equals(m.sequence())) {
                    throw HemametException.invalidInput(mdir.resolve(BundleFiles.METADATA) + ": a model of "
                            + p.info().sequence() + ", but " + file + " names it " + m.sequence());
                }
            }
        } catch (RuntimeException e) {
            members.values().forEach(Predictor::close);
            throw e;
        }
        return new FusedPredictor(file, b, members, memberDirs);
    }

    public FusionBundle bundle() {
        return bundle;
    }

    // ------------------------------------------------------------------------------------- a dataset

    /** Every lesion of a dataset (rows grouped by patient_key and lesion_id), in dataset order. */
    public Summary predictDataset(Path datasetDir) {
        checkCrop(datasetDir);
        return scoreDataset(datasetDir);
    }

    /**
     * As {@link #predictDataset}, without its crop-parameter check: for a caller that has checked the dataset's
     * crop parameters against every member's itself ({@code validate}, which knows those of a run's cell models,
     * which record none, from their development dataset).
     */
    public Summary scoreDataset(Path datasetDir) {
        List<DatasetSample> samples = DatasetManifest.read(datasetDir);
        Map<String, Map<String, Double>> scores = new LinkedHashMap<>();
        Map<String, String[]> ids = new LinkedHashMap<>();
        samples.forEach(
                s -> ids.putIfAbsent(s.patientKey() + "/" + s.lesionId(), new String[] {s.patientKey(), s.lesionId()}));
        Set<String> other = new TreeSet<>();
        int skipped = 0;
        for (DatasetSample s : samples) {
            if (!members.containsKey(s.sequence().name())) {
                other.add(s.sequence().name());
                skipped++;
            }
        }
        for (var e : members.entrySet()) {
            List<DatasetSample> of = samples.stream()
                    .filter(s -> s.sequence().name().equals(e.getKey()))
                    .toList();
            CropLoader loader = new CropLoader(datasetDir, e.getValue().info().inputSize());
            float[][] images = new float[of.size()][];
            for (int i = 0; i < images.length; i++) {
                images[i] = loader.load(of.get(i).cropPath());
            }
            double[] p =
                    images.length == 0 ? new double[0] : e.getValue().model().predictPositive(images);
            for (int i = 0; i < p.length; i++) {
                put(
                        scores,
                        of.get(i).patientKey() + "/" + of.get(i).lesionId(),
                        e.getKey(),
                        p[i],
                        datasetDir.resolve(DatasetManifest.FILE_NAME));
            }
        }
        List<FusedPredictionRow> rows = new ArrayList<>();
        for (var e : scores.entrySet()) {
            String[] id = ids.get(e.getKey());
            rows.add(fuse(id[0], id[1], e.getValue(), Map.of(), datasetDir.resolve(DatasetManifest.FILE_NAME)));
        }
        return new Summary(rows, skipped, other);
    }

    /** Refuses a dataset whose crop parameters (ingest-report.json params.key) differ from a member's. */
    private void checkCrop(Path datasetDir) {
        Path report = datasetDir.resolve(Ingest.REPORT_FILE);
        String key = Ingest.recordedCropKey(datasetDir);
        for (var e : members.entrySet()) {
            String own = e.getValue().info().crop().key();
            if (!own.equals(key)) {
                throw HemametException.invalidInput(report + ": crop parameters " + key + " differ from the "
                        + e.getKey() + " model's " + own + " (" + memberDirs.get(e.getKey()) + ")");
            }
        }
    }

    // ------------------------------------------------------------------------------------- a VIA file

    /** Every lesion of a VIA file (one patient; regions grouped by lesion_id), in file order. */
    public Summary predictVia(Path via, Path imagesDir) {
        Map<String, Map<String, Double>> scores = new LinkedHashMap<>();
        Map<String, Map<String, String>> formats = new LinkedHashMap<>();
        Set<String> other = new TreeSet<>();
        int skipped = 0;
        SequenceRules rules = SequenceRules.defaults();
        for (ViaTargets.Target t : ViaTargets.all(via, imagesDir)) {
            String where = via + ": image '" + t.image() + "' region " + t.region();
            if (t.lesionId().isEmpty()) {
                throw HemametException.invalidInput(where + " has no lesion_id; a fused model groups a lesion's"
                        + " regions on its sequences by their lesion_id attribute");
            }
            Sequence seq = ViaTargets.sequenceOf(t, rules, where);
            Predictor p = members.get(seq.name());
            if (p == null) {
                other.add(seq.name());
                skipped++;
                continue;
            }
            Predictor.Prepared prepared = p.prepare(t.source(), t.frame(), t.roi(), seq, t.reference(), null);
            put(scores, t.lesionId(), seq.name(), p.predict(prepared).positive(), via);
            formats.computeIfAbsent(t.lesionId(), k -> new LinkedHashMap<>())
                    .put(seq.name(), prepared.pixels().format().id());
        }
        List<FusedPredictionRow> rows = new ArrayList<>();
        for (var e : scores.entrySet()) {
            rows.add(fuse("", e.getKey(), e.getValue(), formats.get(e.getKey()), via));
        }
        return new Summary(rows, skipped, other);
    }

    // ------------------------------------------------------------------------------------- fusing

    private static void put(Map<String, Map<String, Double>> scores, String lesion, String seq, double p, Path file) {
        Map<String, Double> m = scores.computeIfAbsent(lesion, k -> new LinkedHashMap<>());
        if (m.put(seq, p) != null) {
            throw HemametException.invalidInput(
                    file + ": lesion " + lesion + " has two crops on " + seq + "; give one crop per sequence");
        }
    }

    /**
     * One lesion's member probabilities fused by the stacking model of its pattern; {@code formats} = each
     * sequence's source format (empty for a dataset's lesion).
     */
    FusedPredictionRow fuse(
            String patient, String lesionId, Map<String, Double> bySeq, Map<String, String> formats, Path file) {
        List<String> have = new ArrayList<>();
        List<String> lack = new ArrayList<>();
        for (String s : bundle.sequences()) {
            (bySeq.containsKey(s) ? have : lack).add(s);
        }
        if (!lack.isEmpty() && FusionBundle.REFUSE.equals(bundle.missing())) {
            throw HemametException.invalidInput(file + ": lesion " + (patient.isEmpty() ? "" : patient + "/")
                    + lesionId + " lacks " + String.join("+", lack) + ", which the fused model requires (its"
                    + " missing: refuse; " + this.file + ")");
        }
        FusionBundle.PatternModel model = bundle.models().stream()
                .filter(m -> m.sequences().equals(have))
                .findFirst()
                .orElseThrow(() -> HemametException.invalidInput(this.file + ": no stacking model of " + have));
        double[] logits = have.stream()
                .mapToDouble(s -> LogisticCalibration.logit(bySeq.get(s)))
                .toArray();
        double p = LateFusion.apply(model, logits);
        List<String> each = new ArrayList<>();
        have.forEach(s -> each.add(s + "=" + String.format(Locale.ROOT, "%.9f", bySeq.get(s))));
        return new FusedPredictionRow(
                patient,
                lesionId,
                String.join("+", have),
                String.join("+", lack),
                String.join(";", each),
                model.method(),
                p,
                p >= bundle.threshold()
                        ? bundle.classes().get(1)
                        : bundle.classes().get(0),
                bundle.threshold(),
                bundle.movable() ? bundle.moved(p) : null,
                bundle.movable() ? bundle.developmentPrevalence() : null,
                sourceFormats(have, formats));
    }

    /** {@code SEQ=format} of each sequence the lesion has, in the bundle's order, joined by ';' ("" when none known). */
    static String sourceFormats(List<String> sequences, Map<String, String> formats) {
        List<String> each = new ArrayList<>();
        for (String s : sequences) {
            if (formats.containsKey(s)) {
                each.add(s + "=" + formats.get(s));
            }
        }
        return String.join(";", each);
    }

    /** Writes the rows as CSV, atomically. */
    public static void write(Path outCsv, List<FusedPredictionRow> rows) {
        AtomicFiles.writeString(outCsv, RunFiles.csv(FusedPredictionRow.class, rows));
    }

    @Override
    public void close() {
        members.values().forEach(Predictor::close);
    }
}
