package org.hemamet.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hemamet.contract.DecisionCurveRow;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.metrics.Bootstrap;
import org.hemamet.metrics.DecisionCurve;
import org.hemamet.metrics.LogisticCalibration;

/**
 * The run's decision curves ({@code decision_curves.csv}; {@link DecisionCurve}, Vickers &amp; Elkin 2006):
 * for every model of every cell (the CNN, the baselines, the fused models), on the cell's test lesions, the
 * net benefit of working up as a metastasis every lesion whose probability is at least the threshold, at
 * thresholds 1 % to 99 %, against working up all and none, with pointwise 95 % patient-bootstrap intervals;
 * and the summary.md section of the CNN's curves at {@link #DecisionCurveRow.SUMMARY_THRESHOLDS}.
 *
 * <p>Two curves per model where the cell recorded calibrated probabilities: the raw probabilities, and the
 * calibrated ones moved from the prevalence the models were trained at (the balanced training part) to the
 * training part's prevalence before balancing (prior-probability correction: logit shifted by the difference
 * of the two prevalences' logits; M. Saerens, P. Latinne and C. Decaestecker, Neural Comput 14 (2002) 21-41;
 * as {@code predict --prevalence}). Both prevalences come from the training part ({@code split.csv}), never
 * from the test set. Net benefit judges probabilities as risks, so the curve of probabilities that assume the
 * balanced 50 % understates what a model calibrated to the cohort would give.
 */
public final class DecisionCurves {
    private DecisionCurves() {}

    /**
     * The prevalences between which a model's calibrated probabilities are moved (NaN where unknown: then no
     * calibrated curve is made).
     */
    public interface Prevalences {
        /** The prevalence the calibrated probabilities of {@code model} in cell {@code cellId} assume. */
        double from(String cellId, String model);

        /** The prevalence to move them to. */
        double to(String cellId);

        /**
         * Whether {@code model}'s raw probabilities are moved where it has no calibrated ones: a late-fused model's,
         * whose stacking model (an L2 logistic regression on the sequences' out-of-fold logits) is itself fitted on
         * the balanced training part and so assumes its prevalence, {@link #from}.
         */
        default boolean movesRaw(String model) {
            return LateFusion.NAME_MODEL.equals(model);
        }
    }

    /**
     * The curves of every model of every cell with test predictions; {@code rows} are results.csv's (the
     * prevalence each model's calibrated probabilities assume, {@link #calibratedPrevalence}), {@code predictions}
     * predictions.csv's; calibrated probabilities moved to each cell's training part before balancing ({@link
     * #prevalenceBeforeBalancing}), where runs of this version already have them.
     */
    public static List<DecisionCurveRow> of(
            Path runDir, StudyConfig config, List<ResultRow> rows, List<PredictionRow> predictions) {
        Map<String, ResultRow> rowOf = new LinkedHashMap<>();
        rows.forEach(r -> rowOf.put(r.cellId() + "\u0000" + r.model(), r));
        Map<String, Double> cohort = new LinkedHashMap<>();
        Prevalences prevalences = new Prevalences() {
            @Override
            public double from(String cellId, String model) {
                return calibratedPrevalence(rowOf.get(cellId + "\u0000" + model));
            }

            @Override
            public double to(String cellId) {
                return cohort.computeIfAbsent(
                        cellId,
                        id -> developmentPrevalence(runDir, id, rowOf.get(id + "\u0000" + LateFusion.NAME_MODEL)));
            }
        };
        return of(predictions, prevalences, config.bootstrap(), config.seed());
    }

    /**
     * The prevalence a cell's probabilities are moved to: its training part's before balancing ({@link
     * #prevalenceBeforeBalancing}); a late-fused cell's ({@code fused}, its results.csv row, else null): its
     * sequences' cells' pooled ({@link DevelopmentPrevalences#valueOfCells}). NaN where unknown.
     */
    public static double developmentPrevalence(Path runDir, String cellId, ResultRow fused) {
        return cellId.startsWith(LateFusion.NAME_MODEL + "__")
                ? fused == null
                        ? Double.NaN
                        : DevelopmentPrevalences.valueOfCells(runDir, LateFusion.memberCells(fused))
                : prevalenceBeforeBalancing(runDir, cellId);
    }

    /**
     * The curves of every (cell, model) group of {@code predictions} with both classes: the raw probabilities',
     * and where every lesion of the group has a calibrated probability (or the model's raw ones are moved, {@link
     * Prevalences#movesRaw}) and both prevalences are known, the calibrated ones' moved from {@code
     * prevalences.from} to {@code prevalences.to}. {@code resamples} 0: {@link
     * Bootstrap#DEFAULT_RESAMPLES}; each curve's seed derived from {@code rootSeed}, its cell, model and probability.
     */
    public static List<DecisionCurveRow> of(
            List<PredictionRow> predictions, Prevalences prevalences, int resamples, long rootSeed) {
        Map<String, List<PredictionRow>> groups = new LinkedHashMap<>();
        for (PredictionRow p : predictions) {
            if (p.label() == 0 || p.label() == 1) {
                groups.computeIfAbsent(p.cellId() + "\u0000" + p.model(), k -> new ArrayList<>())
                        .add(p);
            }
        }
        int b = resamples > 0 ? resamples : Bootstrap.DEFAULT_RESAMPLES;
        List<Curve> curves = new ArrayList<>();
        for (List<PredictionRow> group : groups.values()) {
            PredictionRow first = group.get(0);
            double[] raw = group.stream().mapToDouble(PredictionRow::score).toArray();
            curves.add(new Curve(group, DecisionCurveRow.RAW, null, raw));
            double from = prevalences.from(first.cellId(), first.model());
            double to = prevalences.to(first.cellId());
            boolean calibrated = group.stream()
                    .allMatch(p -> p.calibrated() != null && !p.calibrated().isNaN());
            boolean movable = calibrated || prevalences.movesRaw(first.model());
            if (movable && inside(from) && inside(to)) {
                double[] moved = group.stream()
                        .mapToDouble(p ->
                                LogisticCalibration.movedByPriorOdds(calibrated ? p.calibrated() : p.score(), from, to))
                        .toArray();
                curves.add(new Curve(group, DecisionCurveRow.CALIBRATED, to, moved));
            }
        }
        Map<String, Curve> cnn = new LinkedHashMap<>();
        curves.stream()
                .filter(c -> c.first().fromCnn())
                .forEach(c -> cnn.put(c.first().cellId() + "\u0000" + c.probability(), c));
        List<DecisionCurveRow> out = new ArrayList<>();
        for (Curve c : curves) {
            Curve reference = c.first().fromCnn() ? null : cnn.get(c.first().cellId() + "\u0000" + c.probability());
            out.addAll(rows(c, reference, b, rootSeed));
        }
        return out;
    }

    /** One curve to draw: a (cell, model) group's lesions, which probabilities, and those probabilities. */
    private record Curve(List<PredictionRow> group, String probability, Double movedTo, double[] p) {
        PredictionRow first() {
            return group.get(0);
        }

        /** The probabilities of {@code other}'s curve on this curve's lesions, in its order; null unless it has all. */
        double[] aligned(Curve other) {
            Map<String, Double> bySample = new LinkedHashMap<>();
            for (int i = 0; i < other.group().size(); i++) {
                bySample.put(other.group().get(i).sampleId(), other.p()[i]);
            }
            double[] out = new double[group.size()];
            for (int i = 0; i < out.length; i++) {
                Double v = bySample.get(group.get(i).sampleId());
                if (v == null || other.group().size() != group.size()) {
                    return null;
                }
                out[i] = v;
            }
            return out;
        }
    }

    private static List<DecisionCurveRow> rows(Curve curve, Curve cnn, int resamples, long root) {
        List<PredictionRow> group = curve.group();
        PredictionRow first = curve.first();
        int[] labels = group.stream().mapToInt(PredictionRow::label).toArray();
        String[] patients = group.stream().map(PredictionRow::patientKey).toArray(String[]::new);
        long seed = Seeds.derive(root, "decision-curve", first.cellId(), first.model(), curve.probability());
        double[] t = DecisionCurve.defaultThresholds();
        DecisionCurve c = DecisionCurve.of(labels, curve.p(), patients, t, resamples, seed, 0.95);
        if (c == null) {
            return List.of();
        }
        double[] cnnP = cnn == null ? null : curve.aligned(cnn);
        DecisionCurve.Difference advantage = cnnP == null
                ? null
                : DecisionCurve.difference(
                        labels, cnnP, curve.p(), patients, t, resamples, Seeds.derive(seed, "cnn-advantage"), 0.95);
        int nPatients = (int) java.util.Arrays.stream(patients).distinct().count();
        List<DecisionCurveRow> out = new ArrayList<>();
        for (int g = 0; g < c.thresholds().length; g++) {
            out.add(new DecisionCurveRow(
                    first.cellId(),
                    first.sequence(),
                    first.comparison(),
                    first.repeat(),
                    first.model(),
                    curve.probability(),
                    curve.movedTo(),
                    c.thresholds()[g],
                    c.netBenefit()[g],
                    c.lower()[g],
                    c.upper()[g],
                    c.treatAll()[g],
                    c.versusAll()[g],
                    c.versusAllLower()[g],
                    c.versusAllUpper()[g],
                    c.prevalence(),
                    c.cases(),
                    nPatients,
                    c.resamples(),
                    advantage == null ? null : advantage.difference()[g],
                    advantage == null ? null : advantage.lower()[g],
                    advantage == null ? null : advantage.upper()[g]));
        }
        return out;
    }

    /**
     * The prevalence a row's calibrated probabilities assume: the one it records (results.csv calibrated_prevalence),
     * else, in runs of older versions, the prevalence the model was trained at ({@link #trainedPrevalence}).
     */
    public static double calibratedPrevalence(ResultRow row) {
        return row != null && row.calibratedPrevalence() != null ? row.calibratedPrevalence() : trainedPrevalence(row);
    }

    /** The prevalence a model was trained at: its row's training part after balancing; NaN when unknown. */
    static double trainedPrevalence(ResultRow row) {
        if (row == null || row.nTrainPos() == null || row.nTrainNeg() == null) {
            return Double.NaN;
        }
        int n = row.nTrainPos() + row.nTrainNeg();
        return n == 0 ? Double.NaN : row.nTrainPos() / (double) n;
    }

    /**
     * The cell's training part before balancing: its training lesions and those the downsampling dropped from
     * it ({@code split.csv}); NaN when the cell has no split (a fused model's own id) or an older version's
     * split does not say where a dropped lesion came from.
     */
    public static double prevalenceBeforeBalancing(Path runDir, String cellId) {
        return DevelopmentPrevalences.valueOf(runDir, cellId);
    }

    private static boolean inside(double prevalence) {
        return prevalence > 0 && prevalence < 1;
    }

    /** The summary.md section of the CNN's curves; empty when the run has none. */
    public static String markdown(List<DecisionCurveRow> rows) {
        List<DecisionCurveRow> cnn = DecisionCurveRow.shown(rows, ResultRow.CNN);
        if (cnn.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n## Clinical utility (decision curves)\n\n");
        sb.append(DecisionCurveRow.METHODS)
                .append(" The thresholds below are examples (10 % accepts nine unnecessary work-ups per metastasis")
                .append(" found, 30 % about two); ")
                .append(RunFiles.DECISION_CURVES)
                .append(" has every model at every threshold from 1 % to 99 %.\n\n");
        StringBuilder head = new StringBuilder("| Sequence | Comparison | r | Prevalence | Probabilities |");
        StringBuilder rule = new StringBuilder("|---|---|---|---|---|");
        for (double t : DecisionCurveRow.SUMMARY_THRESHOLDS) {
            String pct = DecisionCurveRow.percent(t);
            head.append(" NB at ")
                    .append(pct)
                    .append(" | Δ all at ")
                    .append(pct)
                    .append(" |");
            rule.append("---|---|");
        }
        sb.append(head).append('\n').append(rule).append('\n');
        Map<String, List<DecisionCurveRow>> byCell = new LinkedHashMap<>();
        cnn.forEach(
                r -> byCell.computeIfAbsent(r.cellId(), k -> new ArrayList<>()).add(r));
        for (List<DecisionCurveRow> cell : byCell.values()) {
            DecisionCurveRow f = cell.get(0);
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %d | %.3f | %s |",
                    f.sequence(),
                    f.comparison(),
                    f.repeat(),
                    f.prevalence(),
                    f.probabilityWords()));
            for (double t : DecisionCurveRow.SUMMARY_THRESHOLDS) {
                DecisionCurveRow at = DecisionCurveRow.at(cell, t);
                sb.append(
                        at == null
                                ? " – | – |"
                                : " " + DecisionCurveRow.withCi(at.netBenefit(), at.netBenefitLo(), at.netBenefitHi())
                                        + " | "
                                        + DecisionCurveRow.withCi(at.versusAll(), at.versusAllLo(), at.versusAllHi())
                                        + " |");
            }
            sb.append('\n');
        }
        return sb.toString() + advantageMarkdown(rows);
    }

    private static String advantageMarkdown(List<DecisionCurveRow> rows) {
        List<DecisionCurveRow> baselines = DecisionCurveRow.againstCnn(rows);
        if (baselines.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n")
                .append(DecisionCurveRow.ADVANTAGE_CAPTION)
                .append("\n\n");
        StringBuilder head = new StringBuilder("| Sequence | Comparison | r | Baseline | Probabilities |");
        StringBuilder rule = new StringBuilder("|---|---|---|---|---|");
        for (double t : DecisionCurveRow.SUMMARY_THRESHOLDS) {
            head.append(" CNN − baseline at ")
                    .append(DecisionCurveRow.percent(t))
                    .append(" |");
            rule.append("---|");
        }
        sb.append(head).append('\n').append(rule).append('\n');
        Map<String, List<DecisionCurveRow>> byCurve = new LinkedHashMap<>();
        baselines.forEach(r -> byCurve.computeIfAbsent(r.cellId() + "\u0000" + r.model(), k -> new ArrayList<>())
                .add(r));
        for (List<DecisionCurveRow> curve : byCurve.values()) {
            DecisionCurveRow f = curve.get(0);
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %d | %s | %s |",
                    f.sequence(),
                    f.comparison(),
                    f.repeat(),
                    f.model(),
                    f.probabilityWords()));
            for (double t : DecisionCurveRow.SUMMARY_THRESHOLDS) {
                DecisionCurveRow at = DecisionCurveRow.at(curve, t);
                sb.append(
                        at == null
                                ? " – |"
                                : " "
                                        + DecisionCurveRow.withCi(
                                                at.cnnAdvantage(), at.cnnAdvantageLo(), at.cnnAdvantageHi())
                                        + " |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
