package org.hemamet.metrics;

/**
 * Everything a diagnostic-accuracy table reports for one binary classifier on one set of cases: the
 * threshold and the rule that chose it, the confusion counts, each metric with its CI, and the ROC curve.
 *
 * <p>CI methods (as reviewers expect, CLAIM item 29 / TRIPOD+AI 23a): Wilson score for the proportions
 * (accuracy, sensitivity, specificity, PPV, NPV); DeLong for the AUC; stratified percentile bootstrap
 * ({@link Bootstrap}; threshold held fixed) for F1, balanced accuracy, MCC and the Brier score.
 *
 * <p>Degenerate-input policy: nothing here throws on valid 0/1 labels and non-NaN scores. With one class
 * absent, the metrics that need it (sensitivity or specificity, F1, balanced accuracy, MCC, AUC) are NaN
 * and their {@link Estimate#note()} says why; accuracy, the other proportion and the Brier score stay
 * defined. A zero denominator (no predicted positives: PPV) gives NaN with the reason. When a
 * data-driven threshold rule cannot be applied (one class) the threshold is NaN, the counts are all 0
 * and every threshold metric is NaN with the reason.
 *
 * @param positives         number of positive cases (label 1)
 * @param negatives         number of negative cases (label 0)
 * @param threshold         the threshold used: predicted positive when score &gt;= threshold
 * @param rule              the rule that chose it
 * @param counts            tp, fp, tn, fn at the threshold
 * @param brier             mean squared difference between score and label (Brier 1950)
 * @param auc               AUC with DeLong CI
 * @param roc               the empirical ROC curve at all thresholds
 * @param level             confidence level of all CIs
 * @param seed              bootstrap seed
 * @param bootstrapResamples number of bootstrap resamples
 */
public record BinaryEvaluation(
        int positives,
        int negatives,
        double threshold,
        ThresholdRule rule,
        ConfusionCounts counts,
        Estimate accuracy,
        Estimate sensitivity,
        Estimate specificity,
        Estimate ppv,
        Estimate npv,
        Estimate f1,
        Estimate balancedAccuracy,
        Estimate mcc,
        Estimate brier,
        Estimate auc,
        RocCurve roc,
        double level,
        long seed,
        int bootstrapResamples) {

    /** The rule's description, for tables ({@code threshold_rule}). */
    public String thresholdRule() {
        return rule.describe();
    }

    /** Evaluates at 95% confidence. */
    public static BinaryEvaluation evaluate(
            int[] labels, double[] scores, ThresholdRule rule, long seed, int bootstrapResamples) {
        return evaluate(labels, scores, rule, seed, bootstrapResamples, 0.95);
    }

    /**
     * Evaluates {@code scores} (P(positive)) against {@code labels} (1 = positive, 0 = negative).
     *
     * @throws IllegalArgumentException when labels are not 0/1, a score is NaN or the lengths differ
     */
    public static BinaryEvaluation evaluate(
            int[] labels, double[] scores, ThresholdRule rule, long seed, int bootstrapResamples, double level) {
        Labels.check(labels, scores);
        Wilson.checkLevel(level);
        if (bootstrapResamples < 0) {
            throw new IllegalArgumentException("bootstrap resamples must be >= 0, got " + bootstrapResamples);
        }
        int m = Labels.countPositives(labels);
        int n = labels.length - m;
        String oneClass = (m == 0 || n == 0) ? "only one class present (" + m + " positives, " + n + " negatives)" : "";
        double threshold = rule.choose(labels, scores);
        Estimate auc = DeLong.auc(labels, scores, level);
        RocCurve roc = Roc.curve(labels, scores);
        Estimate brier = brierEstimate(labels, scores, seed, bootstrapResamples, level);
        if (Double.isNaN(threshold)) {
            String why = "threshold rule '" + rule.id() + "' cannot be applied: " + oneClass;
            Estimate w = Estimate.undefined(Estimate.WILSON, level, why);
            Estimate b = Estimate.undefined(Estimate.BOOTSTRAP_PERCENTILE, level, why);
            return new BinaryEvaluation(
                    m,
                    n,
                    threshold,
                    rule,
                    new ConfusionCounts(0, 0, 0, 0),
                    w,
                    w,
                    w,
                    w,
                    w,
                    b,
                    b,
                    b,
                    brier,
                    auc,
                    roc,
                    level,
                    seed,
                    bootstrapResamples);
        }
        ConfusionCounts c = ConfusionCounts.at(labels, scores, threshold);
        Estimate accuracy = Wilson.interval(c.tp() + c.tn(), c.total(), level, "no cases");
        Estimate sensitivity = Wilson.interval(c.tp(), c.positives(), level, "no positive cases");
        Estimate specificity = Wilson.interval(c.tn(), c.negatives(), level, "no negative cases");
        Estimate ppv = Wilson.interval(
                c.tp(), c.predictedPositives(), level, "no case predicted positive at threshold " + threshold);
        Estimate npv = Wilson.interval(
                c.tn(), c.predictedNegatives(), level, "no case predicted negative at threshold " + threshold);
        Estimate f1;
        Estimate balanced;
        Estimate mcc;
        if (!oneClass.isEmpty()) {
            f1 = Estimate.undefined(Estimate.BOOTSTRAP_PERCENTILE, level, oneClass);
            balanced = f1;
            mcc = f1;
        } else {
            final double t = threshold;
            double[][] reps = Bootstrap.stratifiedReplicates(
                    labels,
                    scores,
                    bootstrapResamples,
                    seed,
                    (l, s) -> ConfusionCounts.count(l, s, t).f1(),
                    (l, s) -> ConfusionCounts.count(l, s, t).balancedAccuracy(),
                    (l, s) -> ConfusionCounts.count(l, s, t).mcc());
            f1 = Bootstrap.percentile(c.f1(), reps[0], level);
            balanced = Bootstrap.percentile(c.balancedAccuracy(), reps[1], level);
            mcc = Bootstrap.percentile(c.mcc(), reps[2], level);
        }
        return new BinaryEvaluation(
                m,
                n,
                threshold,
                rule,
                c,
                accuracy,
                sensitivity,
                specificity,
                ppv,
                npv,
                f1,
                balanced,
                mcc,
                brier,
                auc,
                roc,
                level,
                seed,
                bootstrapResamples);
    }

    /** Brier score: mean of (score - label)^2 (G. W. Brier, Monthly Weather Review 78 (1950) 1-3); NaN for no cases. */
    /**
     * The Brier score with its stratified percentile bootstrap interval (the {@link #brier()} of
     * {@link #evaluate}, alone).
     */
    public static Estimate brierEstimate(
            int[] labels, double[] scores, long seed, int bootstrapResamples, double level) {
        if (labels.length == 0) {
            return Estimate.undefined(Estimate.BOOTSTRAP_PERCENTILE, level, "no cases");
        }
        return Bootstrap.percentile(
                brier(labels, scores),
                Bootstrap.stratifiedReplicates(
                        labels, scores, bootstrapResamples, seed, BinaryEvaluation::meanSquaredError)[0],
                level);
    }

    public static double brier(int[] labels, double[] scores) {
        Labels.check(labels, scores);
        return meanSquaredError(labels, scores);
    }

    private static double meanSquaredError(int[] labels, double[] scores) {
        if (labels.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (int i = 0; i < labels.length; i++) {
            double d = scores[i] - labels[i];
            s += d * d;
        }
        return s / labels.length;
    }
}
