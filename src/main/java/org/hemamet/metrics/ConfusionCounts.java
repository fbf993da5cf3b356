package org.hemamet.metrics;

/**
 * The 2x2 confusion matrix of a binary classifier at one threshold. A case is predicted positive when
 * its score is {@code >= threshold} (the convention of scikit-learn's {@code roc_curve} and of pROC with
 * {@code direction = "<"}).
 *
 * <p>Ratio metrics follow scikit-learn 1.2 where it defines them; where a denominator is zero the value
 * is NaN (scikit-learn warns and returns 0; here the caller gets the reason from
 * {@link BinaryEvaluation}). The one exception is {@link #mcc()}: with both classes present and a zero
 * margin (e.g. everything predicted negative) it is 0, as in scikit-learn's {@code matthews_corrcoef}.
 */
public record ConfusionCounts(long tp, long fp, long tn, long fn) {
    public ConfusionCounts {
        if (tp < 0 || fp < 0 || tn < 0 || fn < 0) {
            throw new IllegalArgumentException(
                    "negative confusion count: tp=" + tp + " fp=" + fp + " tn=" + tn + " fn=" + fn);
        }
    }

    /** Counts for {@code labels} (1 = positive, 0 = negative) with positive prediction at score &gt;= threshold. */
    public static ConfusionCounts at(int[] labels, double[] scores, double threshold) {
        Labels.check(labels, scores);
        return count(labels, scores, threshold);
    }

    /** {@link #at} without the argument checks (for bootstrap resamples of checked data). */
    static ConfusionCounts count(int[] labels, double[] scores, double threshold) {
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (int i = 0; i < labels.length; i++) {
            boolean predicted = scores[i] >= threshold;
            if (labels[i] == 1) {
                if (predicted) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (predicted) {
                fp++;
            } else {
                tn++;
            }
        }
        return new ConfusionCounts(tp, fp, tn, fn);
    }

    public long positives() {
        return tp + fn;
    }

    public long negatives() {
        return tn + fp;
    }

    public long total() {
        return tp + fp + tn + fn;
    }

    public long predictedPositives() {
        return tp + fp;
    }

    public long predictedNegatives() {
        return tn + fn;
    }

    public double accuracy() {
        return ratio(tp + tn, total());
    }

    /** Sensitivity = recall = true-positive rate. */
    public double sensitivity() {
        return ratio(tp, positives());
    }

    /** Specificity = true-negative rate. */
    public double specificity() {
        return ratio(tn, negatives());
    }

    /** Positive predictive value = precision. */
    public double ppv() {
        return ratio(tp, predictedPositives());
    }

    public double npv() {
        return ratio(tn, predictedNegatives());
    }

    /** F1 = 2 tp / (2 tp + fp + fn); NaN when there are no positives at all (no F1 without positives). */
    public double f1() {
        return positives() == 0 ? Double.NaN : ratio(2 * tp, 2 * tp + fp + fn);
    }

    /** (sensitivity + specificity) / 2; NaN unless both classes are present. */
    public double balancedAccuracy() {
        return (sensitivity() + specificity()) / 2;
    }

    /**
     * Matthews correlation coefficient (Matthews 1975; Chicco and Jurman, BMC Genomics 21:6, 2020).
     * NaN when a class is absent; 0 when both are present but all cases are predicted one way
     * (scikit-learn's convention).
     */
    public double mcc() {
        if (positives() == 0 || negatives() == 0) {
            return Double.NaN;
        }
        double denom = (double) predictedPositives() * positives() * negatives() * predictedNegatives();
        if (denom == 0) {
            return 0;
        }
        return ((double) tp * tn - (double) fp * fn) / Math.sqrt(denom);
    }

    private static double ratio(long num, long den) {
        return den == 0 ? Double.NaN : (double) num / den;
    }
}
