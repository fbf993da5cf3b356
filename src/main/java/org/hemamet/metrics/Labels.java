package org.hemamet.metrics;

/** Argument checks shared by the metric functions (programming errors: IllegalArgumentException). */
final class Labels {
    private Labels() {}

    /** Labels must be 0/1, scores finite or infinite but not NaN, both the same length. */
    static void check(int[] labels, double[] scores) {
        if (labels == null || scores == null) {
            throw new IllegalArgumentException("labels and scores must not be null");
        }
        if (labels.length != scores.length) {
            throw new IllegalArgumentException(
                    "labels (" + labels.length + ") and scores (" + scores.length + ") differ in length");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("label at index " + i + " is " + labels[i] + ", not 0 or 1");
            }
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score at index " + i + " is NaN");
            }
        }
    }

    static int countPositives(int[] labels) {
        int m = 0;
        for (int l : labels) {
            m += l;
        }
        return m;
    }

    /** Scores of the cases with the given label, in input order. */
    static double[] scoresOf(int[] labels, double[] scores, int label) {
        int count = 0;
        for (int l : labels) {
            if (l == label) {
                count++;
            }
        }
        double[] out = new double[count];
        int k = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == label) {
                out[k++] = scores[i];
            }
        }
        return out;
    }

    /** Index of the first element &gt;= key in a sorted array. */
    static int lowerBound(double[] sorted, double key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Index of the first element &gt; key in a sorted array. */
    static int upperBound(double[] sorted, double key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
