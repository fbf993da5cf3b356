package org.hemamet.predict;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hemamet.contract.BatchPredictionRow;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.Csv;
import org.hemamet.core.Hashing;
import org.hemamet.core.HemametException;

/**
 * Predicts every region of a VIA file (images found below a folder, see {@link ViaTargets}) and writes one
 * {@link BatchPredictionRow} per region, atomically (docs/contracts.md F). Regions annotated with another sequence
 * than the model's are skipped and counted; any other problem (missing image, ROI outside the image, a DICOM header
 * of another sequence) refuses the whole batch and writes nothing.
 */
public final class BatchPrediction {
    /** The CSV's columns, in order. */
    public static final List<String> COLUMNS = Csv.columns(BatchPredictionRow.class);

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
        List<BatchPredictionRow> rows = new ArrayList<>();
        int positives = 0;
        int flagged = 0;
        for (int i = 0; i < targets.size(); i++) {
            ViaTargets.Target t = targets.get(i);
            Predictor.Prediction p = predictions.get(i);
            rows.add(row(imageIndex.get(t.image()), t, prepared.get(i), p));
            if (p.ood() != null && p.ood().flagged()) {
                flagged++;
            }
            if (p.decision().equals(predictor.info().positiveClass())) {
                positives++;
            }
        }
        AtomicFiles.writeString(outCsv, Csv.write(BatchPredictionRow.class, rows, Csv.Quoting.MINIMAL));
        return new Summary(targets.size(), all.size() - targets.size(), other, positives, flagged);
    }

    private static BatchPredictionRow row(
            int image, ViaTargets.Target t, Predictor.Prepared prepared, Predictor.Prediction p) {
        Predictor.Checks checks = prepared.checks();
        Predictor.Pixels pixels = prepared.pixels();
        return new BatchPredictionRow(
                image,
                t.region(),
                t.lesionId(),
                Hashing.sha256(t.source()),
                t.roi().x() + " " + t.roi().y() + " " + t.roi().width() + " "
                        + t.roi().height(),
                p.positive(),
                p.decision(),
                p.threshold(),
                Double.isNaN(p.calibrated()) ? null : p.calibrated(),
                Double.isNaN(p.prevalence()) ? null : p.prevalence(),
                p.prevalenceSource(),
                checks.sequenceSource(),
                checks.sequenceOverride(),
                checks.anatomy().describe(),
                p.ood() == null ? null : p.ood().flagged(),
                p.ood() == null ? null : p.ood().score(),
                pixels.frame() == 0 ? null : pixels.frame(),
                pixels.format().id(),
                pixels.burnedInAnnotation());
    }
}
