package org.hemamet.metrics;

import java.util.Locale;

/**
 * How the operating threshold on the positive-class score is chosen. A case is predicted positive when
 * its score is {@code >= threshold}. The rule is recorded with every evaluation ({@link #id()} for
 * tables, {@link #describe()} for reports).
 *
 * <p>Data-driven rules ({@link Youden}, {@link FixedSensitivity}) pick an operating point of the
 * empirical ROC curve of the cases they are given and report the threshold as the midpoint between the
 * lowest score classified positive and the next lower distinct score (pROC's convention; -Infinity when
 * every case is positive, +Infinity when none is). Chosen and evaluated on the same cases they are
 * optimistic: choose on validation cases and pass the value as {@link Fixed} to evaluate test cases.
 * They need both classes; otherwise {@link #choose} returns NaN.
 *
 * <p>References: W. J. Youden, "Index for rating diagnostic tests", Cancer 3 (1950) 32-35;
 * Fluss, Faraggi and Reiser, Biometrical Journal 47 (2005) 458-472.
 */
public sealed interface ThresholdRule {
    /** The paper's rule: 0.5 on P(positive). */
    ThresholdRule FIXED_0_5 = new Fixed(0.5);

    /** The threshold for these cases (NaN when the rule cannot be applied; see the interface javadoc). */
    double choose(int[] labels, double[] scores);

    /** Short machine-readable form, accepted by {@link #parse}: {@code fixed:0.5}, {@code youden}, {@code sensitivity:0.9}. */
    String id();

    /** One human-readable line. */
    String describe();

    /** A fixed threshold. */
    record Fixed(double threshold) implements ThresholdRule {
        public Fixed {
            if (Double.isNaN(threshold)) {
                throw new IllegalArgumentException("fixed threshold must be a number");
            }
        }

        @Override
        public double choose(int[] labels, double[] scores) {
            Labels.check(labels, scores);
            return threshold;
        }

        @Override
        public String id() {
            return "fixed:" + threshold;
        }

        @Override
        public String describe() {
            return "fixed threshold " + threshold + " on P(positive)";
        }
    }

    /** Maximum Youden index J = sensitivity + specificity - 1; ties go to the highest threshold. */
    record Youden() implements ThresholdRule {
        @Override
        public double choose(int[] labels, double[] scores) {
            RocCurve roc = Roc.curve(labels, scores);
            double[] fpr = roc.fpr();
            double[] tpr = roc.tpr();
            if (Double.isNaN(fpr[0]) || Double.isNaN(tpr[0])) {
                return Double.NaN;
            }
            // J = tp/m - fp/n compared exactly as tp*n - fp*m (floating J would break ties by rounding)
            long m = Labels.countPositives(labels);
            long n = labels.length - m;
            int best = 0;
            long bestJ = Long.MIN_VALUE;
            for (int k = 0; k < fpr.length; k++) {
                long j = Math.round(tpr[k] * m) * n - Math.round(fpr[k] * n) * m;
                if (j > bestJ) {
                    bestJ = j;
                    best = k;
                }
            }
            return midpoint(roc.thresholds(), best);
        }

        @Override
        public String id() {
            return "youden";
        }

        @Override
        public String describe() {
            return "maximum Youden index (sensitivity + specificity - 1) on the evaluated cases";
        }
    }

    /** The highest threshold whose sensitivity is at least {@code sensitivity} (so the best specificity there). */
    record FixedSensitivity(double sensitivity) implements ThresholdRule {
        public FixedSensitivity {
            if (!(sensitivity > 0 && sensitivity <= 1)) {
                throw new IllegalArgumentException("target sensitivity must be in (0, 1], got " + sensitivity);
            }
        }

        @Override
        public double choose(int[] labels, double[] scores) {
            RocCurve roc = Roc.curve(labels, scores);
            double[] fpr = roc.fpr();
            double[] tpr = roc.tpr();
            if (Double.isNaN(fpr[0]) || Double.isNaN(tpr[0])) {
                return Double.NaN;
            }
            for (int k = 0; k < tpr.length; k++) {
                // tolerate rounding of k/m against the target
                if (tpr[k] >= sensitivity - 1e-12) {
                    return midpoint(roc.thresholds(), k);
                }
            }
            return midpoint(roc.thresholds(), tpr.length - 1);
        }

        @Override
        public String id() {
            return "sensitivity:" + sensitivity;
        }

        @Override
        public String describe() {
            return "highest threshold with sensitivity >= " + sensitivity + " on the evaluated cases";
        }
    }

    /**
     * Parses {@link #id()} forms and shorthands: {@code 0.5} or {@code fixed:0.5}, {@code youden},
     * {@code sensitivity:0.9} (also {@code sens:0.9}).
     *
     * @throws IllegalArgumentException naming the text when it is not a rule
     */
    static ThresholdRule parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.equals("youden")) {
                return new Youden();
            }
            if (t.startsWith("fixed:")) {
                return new Fixed(Double.parseDouble(t.substring(6)));
            }
            if (t.startsWith("sensitivity:")) {
                return new FixedSensitivity(Double.parseDouble(t.substring(12)));
            }
            if (t.startsWith("sens:")) {
                return new FixedSensitivity(Double.parseDouble(t.substring(5)));
            }
            return new Fixed(Double.parseDouble(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "not a threshold rule: '" + text + "' (use a number, fixed:X, youden or sensitivity:X)");
        }
    }

    /**
     * Threshold that reproduces ROC point {@code k} of {@code thresholds} (descending, +Inf first):
     * the midpoint between the lowest positive score and the next lower distinct one.
     */
    private static double midpoint(double[] thresholds, int k) {
        if (k == 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (k == thresholds.length - 1) {
            return Double.NEGATIVE_INFINITY;
        }
        double hi = thresholds[k];
        double lo = thresholds[k + 1];
        double mid = (hi + lo) / 2;
        if (Double.isInfinite(mid)) {
            mid = hi / 2 + lo / 2;
        }
        return mid > lo && mid <= hi ? mid : hi;
    }
}
