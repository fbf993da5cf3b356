package org.hemamet.predict;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.Csv;
import org.hemamet.core.HemametException;

/**
 * Predicts every region of a VIA file (images found below a folder, see {@link ViaTargets}) and writes
 * one CSV row per region, atomically: {@code image,region,lesion_id,source_sha256,roi,probability,decision,
 * threshold,calibrated_probability,prevalence,prevalence_source,sequence_source,sequence_override,anatomy,ood,ood_score} ({@code probability} = P(positive class); {@code prevalence} = the prevalence the calibrated probability
 * assumes and {@code prevalence_source} where it comes from ({@link Predictor.Prediction}); {@code sequence_source} = where the sequence
 * came from ({@link Predictor.Checks}), {@code sequence_override} = what the header said when
 * {@code --sequence} or the annotation overrode it, {@code anatomy} = the anatomy check
 * ({@link AnatomyCheck}), {@code ood} = true when the crop lies outside the training distribution, {@code
 * ood_score} = the largest ratio of a depth's Mahalanobis distance to its threshold (both empty for a bundle
 * without ood.json; see {@link org.hemamet.ood.OodDetector}); {@code image} = the index of the image among the VIA
 * file's annotated images, in file order; {@code source_sha256} = SHA-256 of the file actually cropped, the
 * {@code source_sha256} of a dataset row). No file name or path is written: a patient folder or file name
 * may carry a name, MRN or birth date (issue 16); the user finds the file again by its hash. Regions annotated with another sequence than the model's are skipped and
 * counted; any other problem (missing image, ROI outside the image, a DICOM header of another sequence)
 * refuses the whole batch and writes nothing.
 */
public final class BatchPrediction {
    public static final List<String> COLUMNS = List.of(
            "image",
            "region",
            "lesion_id",
            "source_sha256",
            "roi",
            "probability",
            "decision",
            "threshold",
            "calibrated_probability",
            "prevalence",
            "prevalence_source",
            "sequence_source",
            "sequence_override",
            "anatomy",
            "ood",
            "ood_score");

    private BatchPrediction() {}

    /** What a batch did. */
    public record Summary(
            int predicted, int skippedOtherSequence, Set<String> otherSequences, int positives, int oodFlagged) {}

    public static Summary run(Predictor predictor, Path via, Path imagesDir, Path outCsv) {
        List<ViaTargets.Target> all = ViaTargets.all(via, imagesDir);
        List<ViaTargets.Target> targets = new ArrayList<>();
        Set<String> other = new TreeSet<>();
        for (ViaTargets.Target t : all) {
            if (t.declared() != null && t.declared() != predictor.info().sequence()) {
                other.add(t.declared().name());
            } else {
                targets.add(t);
            }
        }
        if (targets.isEmpty()) {
            throw HemametException.dataState(via + ": no region to predict ("
                    + (all.isEmpty()
                            ? "the file has no regions"
                            : "all " + all.size() + " region(s) are annotated " + other + ", the model is "
                                    + predictor.info().sequence())
                    + "); nothing written");
        }
        List<Predictor.Prepared> prepared = new ArrayList<>();
        for (ViaTargets.Target t : targets) {
            prepared.add(predictor.prepare(t.source(), t.frame(), t.roi(), t.declared(), t.reference(), t.outline()));
        }
        List<Predictor.Prediction> predictions = predictor.predict(prepared);
        java.util.Map<String, Integer> imageIndex = new java.util.LinkedHashMap<>();
        for (ViaTargets.Target t : all) {
            imageIndex.putIfAbsent(t.image(), imageIndex.size());
        }
        List<List<String>> rows = new ArrayList<>();
        int positives = 0;
        int flagged = 0;
        for (int i = 0; i < targets.size(); i++) {
            ViaTargets.Target t = targets.get(i);
            Predictor.Prediction p = predictions.get(i);
            String source = org.hemamet.core.Hashing.sha256(t.source());
            rows.add(List.of(
                    String.valueOf(imageIndex.get(t.image())),
                    String.valueOf(t.region()),
                    t.lesionId(),
                    source,
                    t.roi().x() + " " + t.roi().y() + " " + t.roi().width() + " "
                            + t.roi().height(),
                    String.format(Locale.ROOT, "%.9f", p.positive()),
                    p.decision(),
                    String.valueOf(p.threshold()),
                    Double.isNaN(p.calibrated()) ? "" : String.format(Locale.ROOT, "%.9f", p.calibrated()),
                    Double.isNaN(p.prevalence()) ? "" : String.valueOf(p.prevalence()),
                    p.prevalenceSource(),
                    prepared.get(i).checks().sequenceSource(),
                    prepared.get(i).checks().sequenceOverride(),
                    prepared.get(i).checks().anatomy().describe(),
                    p.ood() == null ? "" : String.valueOf(p.ood().flagged()),
                    p.ood() == null
                            ? ""
                            : String.format(Locale.ROOT, "%.6f", p.ood().score())));
            if (p.ood() != null && p.ood().flagged()) {
                flagged++;
            }
            if (p.decision().equals(predictor.info().positiveClass())) {
                positives++;
            }
        }
        AtomicFiles.writeString(outCsv, Csv.write(COLUMNS, rows, Csv.Quoting.MINIMAL));
        return new Summary(targets.size(), all.size() - targets.size(), other, positives, flagged);
    }
}
