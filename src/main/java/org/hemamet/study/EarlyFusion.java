package org.hemamet.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.cohort.Sequence;
import org.hemamet.contract.FusionRow;
import org.hemamet.contract.OutOfFoldRow;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.metrics.LogisticCalibration;
import org.hemamet.metrics.Roc;

/**
 * Early fusion: per comparison and repeat, one paper CNN whose input channels are a lesion's crops of the
 * study's C sequences (the "one model over all sequences"), run as a cell of its own by every step of
 * {@link CellRunner} (partition by the comparison's one patient split, the same balancing, search,
 * calibration cross-fitting, final fit and evaluation as a per-sequence cell).
 *
 * <p>A lesion's crops are joined across sequences by the key every sequence's samples share, {@code
 * patient_key/lesion_id} (dataset.csv; the key late fusion joins on): ingest writes one crop per lesion and
 * sequence from the lesion's ROI on that sequence's image of the same patient and level. The lesions of an
 * early-fused cell are the comparison's lesions that have at least one of the C sequences.
 *
 * <p>The input has 2C channels ({@link #channels}): channel j (j &lt; C) is the lesion's crop of sequence j,
 * zeros when the lesion lacks it; channel C + j is sequence j's availability plane, all ones when the crop
 * is present and all zeros when it is missing. Zeros alone would be ambiguous (a dark crop); the plane tells
 * the network which channels are absent (the missing-indicator method, R. H. H. Groenwold et al., CMAJ 184
 * (2012) 1265-1269, applied per input channel; on image modalities missing at random cf. M. Havaei et al.,
 * "HeMIS: Hetero-Modal Image Segmentation", MICCAI 2016). The augmentation, when the study asks for it, moves every
 * present crop channel by the same draws and leaves the missing ones (zeros) and the planes as they are.
 *
 * <p>The fused row ({@code model} {@value #NAME_MODEL}, sequence the fused sequences joined by '+') is
 * compared with the best single sequence, chosen by its out-of-fold AUC on the training part (as {@link
 * LateFusion} chooses it, never on the test part), by the paired test on the test lesions both scored
 * (Obuchowski's clustered paired test, Biometrics 53 (1997) 567-578; DeLong's when every patient has one
 * lesion: {@link LateFusion#versusBest}).
 */
public final class EarlyFusion {
    /** The study file's name of early fusion ({@code fusion: [early]}). */
    public static final String NAME = "early";

    /** The model column and cell-id prefix of early fusion's cells. */
    public static final String NAME_MODEL = PredictionRow.EARLY_FUSED;

    private EarlyFusion() {}

    /** Input channels of a network over {@code sequences} sequences: one crop and one availability plane each. */
    public static int channels(int sequences) {
        return 2 * sequences;
    }

    /**
     * The early-fused cell's lesions: the comparison's lesions having at least one of the cell's sequences,
     * each with its sample per sequence (null where missing; the first by sample id when a lesion has two of
     * a sequence), ordered by lesion key.
     */
    static List<CellPartition.Case> lesions(CellId cell, List<DatasetSample> samples) {
        List<Sequence> fused = cell.fused();
        Map<String, List<DatasetSample>> byLesion = new TreeMap<>();
        Map<String, Integer> labels = new TreeMap<>();
        for (DatasetSample s : samples) {
            int label = cell.comparison().label(s.diagnosis());
            if (label < 0 || !fused.contains(s.sequence())) {
                continue;
            }
            String key = s.patientKey() + "/" + s.lesionId();
            byLesion.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
            Integer known = labels.putIfAbsent(key, label);
            if (known != null && known != label) {
                throw new IllegalStateException("lesion " + key + " has two diagnoses across sequences");
            }
        }
        List<CellPartition.Case> cases = new ArrayList<>();
        byLesion.forEach((key, lesion) -> {
            List<DatasetSample> row = channelsOf(fused, lesion);
            DatasetSample first =
                    row.stream().filter(java.util.Objects::nonNull).findFirst().orElseThrow();
            cases.add(new CellPartition.Case(first, labels.get(key), row));
        });
        return cases;
    }

    /**
     * One lesion's sample per fused sequence, in channel order (null where the lesion lacks the sequence): of two
     * samples of one sequence the first by sample id. The study's cells pick a lesion's crops by this, and the
     * heat maps of an early-fused cell's errors find them again by it.
     *
     * @param fused         the cell's fused sequences in channel order
     * @param lesionSamples the samples of one lesion (one patient_key and lesion_id), any order
     */
    public static List<DatasetSample> channelsOf(List<Sequence> fused, List<DatasetSample> lesionSamples) {
        List<DatasetSample> sorted = new ArrayList<>(lesionSamples);
        sorted.sort(Comparator.comparing(DatasetSample::sampleId));
        DatasetSample[] row = new DatasetSample[fused.size()];
        for (DatasetSample s : sorted) {
            int j = fused.indexOf(s.sequence());
            if (j >= 0 && row[j] == null) {
                row[j] = s;
            }
        }
        return Collections.unmodifiableList(Arrays.asList(row));
    }

    /**
     * A lesion's network input (channel-major, {@link #channels}(C) x S x S): crop j in channel j (zeros when
     * {@code bySequence.get(j)} is null), its availability plane (ones, or zeros when missing) in channel C + j.
     */
    static float[] image(List<DatasetSample> bySequence, CropLoader loader) {
        List<float[]> crops = new ArrayList<>();
        for (DatasetSample s : bySequence) {
            crops.add(s == null ? null : loader.load(s.cropPath()));
        }
        return stack(crops, loader.size());
    }

    /**
     * The network input of crops (S x S each, null where the sequence is missing), in channel order: the
     * crops (zeros when missing), then one availability plane per crop (ones when present, zeros when
     * missing). Predict builds a new lesion's input by this too.
     */
    public static float[] stack(List<float[]> crops, int size) {
        int c = crops.size();
        int plane = size * size;
        float[] x = new float[channels(c) * plane];
        for (int j = 0; j < c; j++) {
            float[] crop = crops.get(j);
            if (crop == null) {
                continue;
            }
            if (crop.length != plane) {
                throw new IllegalArgumentException("crop " + j + " has " + crop.length + " values, expected " + plane);
            }
            System.arraycopy(crop, 0, x, j * plane, plane);
            Arrays.fill(x, (c + j) * plane, (c + j + 1) * plane, 1f);
        }
        return x;
    }

    /**
     * Each ok early-fused cell against the best single sequence of its comparison and repeat ({@code
     * perSequence}: the run's per-sequence outcomes): the fused test scores and the single sequence's on the
     * test lesions both scored; cells whose sequences kept no out-of-fold scores are left out.
     */
    static List<FusionRow> versusBest(
            Path runDir, List<CellRunner.CellOutcome> perSequence, List<CellRunner.CellOutcome> early) {
        List<FusionRow> out = new ArrayList<>();
        for (CellRunner.CellOutcome e : early) {
            if (!ResultRow.OK.equals(e.status())) {
                continue;
            }
            List<CellRunner.CellOutcome> cells = perSequence.stream()
                    .filter(o -> ResultRow.OK.equals(o.status())
                            && o.row().comparison().equals(e.row().comparison())
                            && o.row().repeat() == e.row().repeat()
                            && Arrays.asList(e.row().sequence().split("\\+"))
                                    .contains(o.row().sequence()))
                    .toList();
            FusionRow r = versusBest(runDir, e, cells);
            if (r != null) {
                out.add(r);
            }
        }
        return FusionRow.holm(out);
    }

    private static FusionRow versusBest(Path runDir, CellRunner.CellOutcome early, List<CellRunner.CellOutcome> cells) {
        if (cells.isEmpty()) {
            return null;
        }
        Map<String, LateFusion.Lesion> tested = new LinkedHashMap<>();
        double[] fused = new double[early.predictions().size()];
        for (int i = 0; i < fused.length; i++) {
            PredictionRow p = early.predictions().get(i);
            double[] logits = new double[cells.size()];
            Arrays.fill(logits, Double.NaN);
            tested.put(
                    p.lesionKey(),
                    new LateFusion.Lesion(
                            p.lesionKey(), p.patientKey(), p.lesionId(), p.diagnosis(), p.label(), logits));
            fused[i] = p.score();
        }
        double[] oofAuc = new double[cells.size()];
        for (int j = 0; j < cells.size(); j++) {
            List<OutOfFoldRow> oof = OutOfFoldScores.read(runDir, cells.get(j).cellId());
            if (oof == null) {
                return null;
            }
            oofAuc[j] = Roc.auc(
                    oof.stream().mapToInt(OutOfFoldRow::label).toArray(),
                    oof.stream().mapToDouble(OutOfFoldRow::score).toArray());
            for (PredictionRow p : cells.get(j).predictions()) {
                LateFusion.Lesion l = tested.get(p.lesionKey());
                if (l != null) {
                    l.logits()[j] = LogisticCalibration.logit(p.score());
                }
            }
        }
        int best = 0;
        for (int j = 1; j < oofAuc.length; j++) {
            if (oofAuc[j] > oofAuc[best]) {
                best = j;
            }
        }
        return LateFusion.versusBest(
                early.row(),
                new ArrayList<>(tested.values()),
                fused,
                best,
                cells.get(best).row().sequence(),
                oofAuc[best]);
    }

    /** The summary.md section of the early-fused cells (empty without any). */
    static String markdown(List<FusionRow> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n## Early fusion vs the best single sequence\n\n");
        sb.append("Per comparison and repeat: one CNN over the sequences' crops of a lesion as input channels (2C"
                + " channels: the C crops, zeros where a sequence is missing, and C availability planes, ones where"
                + " present), trained, calibrated and evaluated by the protocol of a sequence cell on the same"
                + " patient split. Best single sequence: the highest out-of-fold AUC on the training part. p: paired"
                + " test (Obuchowski, clustered by patient; DeLong with one lesion per patient) on the test lesions"
                + " both scored; p (Holm): adjusted over this fusion's comparisons and repeats (Holm 1979).\n\n");
        sb.append(LateFusion.table(rows));
        return sb.toString();
    }
}
