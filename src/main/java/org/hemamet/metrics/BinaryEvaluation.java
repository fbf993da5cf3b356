package org.hemamet.metrics;

/**
 * Everything a diagnostic-accuracy table reports for one binary classifier on one set of cases: the
 * threshold and the rule that chose it, the confusion counts, each metric with its CI, and the ROC curve.
 *
 * <p>CI methods (as reviewers expect, CLAIM item 29 / TRIPOD+AI 23a): Wilson score for the proportions
 * (accuracy, sensitivity, specificity, PPV, NPV); Newcombe's score interval for the AUC ({@link NewcombeAuc};
 * Stat Med 25 (2006) 559-573, method 5: inside [0, 1] and of non-zero width at AUC 1, where DeLong's is a point);
 * stratified percentile bootstrap ({@link Bootstrap}; threshold held fixed) for F1, balanced accuracy, MCC and
 * the Brier score. DeLong's variance stays the basis of the paired AUC tests ({@link DeLong}).
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
 * @param auc               AUC with Newcombe's CI
 * @param roc               the empirical ROC curve at all thresholds
 * @param level             confidence level of all CIs
 * @param seed              bootstrap seed
 * @param bootstrapResamples number of bootstrap resamples
 * @param ciLevel           the level the CIs are at: {@value #LESION} (cases independent) or {@value #PATIENT}
 *                          (cases clustered in patients, see {@link #evaluate(int[], double[], String[],
 *                          ThresholdRule, long, int, double)})
 * @param clusters          number of independent units: cases ({@value #LESION}) or patients ({@value #PATIENT})
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
        int bootstrapResamples,
        String ciLevel,
        int clusters) {

    /** {@link #ciLevel()} when every case is its own unit (one lesion per patient, or no patient given). */
    public static final String LESION = "lesion";

    /** {@link #ciLevel()} when some patient has several cases: the CIs resample or weigh whole patients. */
    public static final String PATIENT = "patient";

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
        Estimate auc = NewcombeAuc.auc(labels, scores, level);
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
                    bootstrapResamples,
                    LESION,
                    labels.length);
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
                bootstrapResamples,
                LESION,
                labels.length);
    }

    /**
     * Evaluates cases clustered in patients ({@code clusters[i]} = the patient of case i). When every
     * patient has one case (or {@code clusters} is null) this is {@link #evaluate(int[], double[],
     * ThresholdRule, long, int, double)}, bit for bit, at the {@value #LESION} level. When some patient has
     * several cases the point values are the same (every case counts once) but the intervals are at the
     * {@value #PATIENT} level:
     *
     * <ul>
     *   <li>AUC: Newcombe's score interval at the effective class sizes of the patients' design effect, the
     *       ratio of Obuchowski's clustered variance (N. A. Obuchowski, Biometrics 53 (1997) 567-578) to DeLong's
     *       ({@link NewcombeAuc}); method {@value NewcombeAuc#CLUSTERED_METHOD};
     *   <li>accuracy, sensitivity, specificity, PPV and NPV: Wilson's interval at the effective sample size of
     *       the patients' design effect ({@link ClusteredWilson}; Rao and Scott 1992, Korn and Graubard 1998),
     *       method {@value ClusteredWilson#METHOD}. The plain Wilson interval assumes independent cases and is
     *       too narrow when lesions of a patient are alike; a percentile bootstrap collapses to a point at 0 %
     *       and 100 %.
     *   <li>F1, balanced accuracy, MCC and the Brier score: the cluster percentile bootstrap ({@link
     *       Bootstrap#clusterReplicates}: whole patients resampled, stratified by what they hold; Davison and
     *       Hinkley 1997, section 3.8; Field and Welsh 2007), the threshold held fixed; method {@value
     *       Bootstrap#CLUSTER_PERCENTILE}.
     * </ul>
     *
     * <p>With no bootstrap resamples the bootstrap intervals are NaN (the point values stay); the Wilson
     * intervals need none.
     *
     * @throws IllegalArgumentException as {@link #evaluate(int[], double[], ThresholdRule, long, int,
     *     double)}, or when {@code clusters} is not one non-null id per case
     */
    public static BinaryEvaluation evaluate(
            int[] labels,
            double[] scores,
            String[] clusters,
            ThresholdRule rule,
            long seed,
            int bootstrapResamples,
            double level) {
        if (clusters == null) {
            return evaluate(labels, scores, rule, seed, bootstrapResamples, level);
        }
        if (clusters.length != labels.length) {
            throw new IllegalArgumentException(
                    "need one cluster id per case: " + clusters.length + " ids for " + labels.length + " cases");
        }
        int units = Bootstrap.clusterMembers(clusters).length;
        if (units == labels.length) {
            return evaluate(labels, scores, rule, seed, bootstrapResamples, level);
        }
        BinaryEvaluation lesion = evaluate(labels, scores, rule, seed, 0, level);
        Estimate auc = NewcombeAuc.auc(labels, scores, clusters, level);
        Estimate brier = brierEstimate(labels, scores, clusters, seed, bootstrapResamples, level);
        Estimate[] p = clusteredThresholdMetrics(lesion, labels, scores, clusters, seed, bootstrapResamples);
        return new BinaryEvaluation(
                lesion.positives(),
                lesion.negatives(),
                lesion.threshold(),
                rule,
                lesion.counts(),
                p[0],
                p[1],
                p[2],
                p[3],
                p[4],
                p[5],
                p[6],
                p[7],
                brier,
                auc,
                lesion.roc(),
                level,
                seed,
                bootstrapResamples,
                PATIENT,
                units);
    }

    /**
     * Accuracy, sensitivity, specificity, PPV and NPV at the lesion evaluation's threshold with their
     * design-effect Wilson intervals ({@link ClusteredWilson}), then F1, balanced accuracy and MCC with
     * cluster-bootstrap intervals (undefined where the lesion value is).
     */
    private static Estimate[] clusteredThresholdMetrics(
            BinaryEvaluation lesion, int[] labels, double[] scores, String[] clusters, long seed, int resamples) {
        Estimate[] point = {
            lesion.accuracy(),
            lesion.sensitivity(),
            lesion.specificity(),
            lesion.ppv(),
            lesion.npv(),
            lesion.f1(),
            lesion.balancedAccuracy(),
            lesion.mcc()
        };
        Estimate[] out = new Estimate[point.length];
        double level = lesion.level();
        if (Double.isNaN(lesion.threshold())) {
            for (int k = 0; k < out.length; k++) {
                out[k] = Estimate.undefined(
                        k < PROPORTIONS ? ClusteredWilson.METHOD : Bootstrap.CLUSTER_PERCENTILE,
                        level,
                        point[k].note());
            }
            return out;
        }
        final double t = lesion.threshold();
        System.arraycopy(clusteredProportions(labels, scores, clusters, t, point, level), 0, out, 0, PROPORTIONS);
        double[][] reps = Bootstrap.clusterReplicates(
                labels,
                scores,
                clusters,
                resamples,
                seed,
                (l, s) -> ConfusionCounts.count(l, s, t).f1(),
                (l, s) -> ConfusionCounts.count(l, s, t).balancedAccuracy(),
                (l, s) -> ConfusionCounts.count(l, s, t).mcc());
        for (int k = PROPORTIONS; k < out.length; k++) {
            out[k] = point[k].isDefined()
                    ? cluster(Bootstrap.percentile(point[k].value(), reps[k - PROPORTIONS], level))
                    : Estimate.undefined(Bootstrap.CLUSTER_PERCENTILE, level, point[k].note());
        }
        return out;
    }

    /** Accuracy, sensitivity, specificity, PPV, NPV: the proportions among the threshold metrics. */
    private static final int PROPORTIONS = 5;

    /**
     * Accuracy, sensitivity, specificity, PPV and NPV at threshold {@code t}, each with the design-effect Wilson
     * interval over the patients that contribute to its denominator; the lesion notes for empty ones.
     */
    private static Estimate[] clusteredProportions(
            int[] labels, double[] scores, String[] clusters, double t, Estimate[] lesion, double level) {
        int n = labels.length;
        boolean[] all = new boolean[n];
        boolean[] correct = new boolean[n];
        boolean[] positive = new boolean[n];
        boolean[] negative = new boolean[n];
        boolean[] predictedPositive = new boolean[n];
        boolean[] predictedNegative = new boolean[n];
        boolean[] truePositive = new boolean[n];
        boolean[] trueNegative = new boolean[n];
        for (int i = 0; i < n; i++) {
            boolean predicted = scores[i] >= t;
            all[i] = true;
            positive[i] = labels[i] == 1;
            negative[i] = !positive[i];
            predictedPositive[i] = predicted;
            predictedNegative[i] = !predicted;
            truePositive[i] = positive[i] && predicted;
            trueNegative[i] = negative[i] && !predicted;
            correct[i] = truePositive[i] || trueNegative[i];
        }
        int[][] members = Bootstrap.clusterMembers(clusters);
        return new Estimate[] {
            ClusteredWilson.interval(all, correct, members, level, lesion[0].note()),
            ClusteredWilson.interval(positive, truePositive, members, level, lesion[1].note()),
            ClusteredWilson.interval(negative, trueNegative, members, level, lesion[2].note()),
            ClusteredWilson.interval(predictedPositive, truePositive, members, level, lesion[3].note()),
            ClusteredWilson.interval(predictedNegative, trueNegative, members, level, lesion[4].note())
        };
    }

    private static Estimate cluster(Estimate e) {
        return new Estimate(e.value(), e.lower(), e.upper(), e.level(), Bootstrap.CLUSTER_PERCENTILE, e.note());
    }

    /**
     * The Brier score with its cluster percentile-bootstrap interval (patients resampled whole); the
     * stratified case bootstrap of {@link #brierEstimate(int[], double[], long, int, double)}, bit for bit,
     * when {@code clusters} is null or every cluster has one case.
     */
    public static Estimate brierEstimate(
            int[] labels, double[] scores, String[] clusters, long seed, int bootstrapResamples, double level) {
        if (clusters == null || labels.length == 0 || Bootstrap.clusterMembers(clusters).length == labels.length) {
            return brierEstimate(labels, scores, seed, bootstrapResamples, level);
        }
        return Bootstrap.clusterPercentile(
                labels, scores, clusters, BinaryEvaluation::meanSquaredError, bootstrapResamples, seed, level);
    }

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

    /** Brier score: mean of (score - label)^2 (G. W. Brier, Monthly Weather Review 78 (1950) 1-3); NaN for no cases. */
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
