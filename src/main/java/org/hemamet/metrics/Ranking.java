package org.hemamet.metrics;

/**
 * Argsort of doubles without boxing: a stable bottom-up merge sort of (order-preserving 64-bit key,
 * index) pairs, O(n log n) with sequential memory access (the step that makes DeLong O(n log n) in
 * Sun and Xu's algorithm). -0.0 sorts equal to 0.0; NaN is rejected before this is called.
 */
final class Ranking {
    private Ranking() {}

    /** Sortable key: unsigned order of the keys equals numeric order of the doubles. */
    static long key(double v) {
        long bits = Double.doubleToLongBits(v + 0.0);
        return bits ^ ((bits >> 63) | Long.MIN_VALUE);
    }

    /** Indices of {@code v} in ascending order of value (ties in input order). */
    static int[] argsort(double[] v) {
        int n = v.length;
        long[] k = new long[n];
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            k[i] = key(v[i]) ^ Long.MIN_VALUE; // signed compare from here on
            idx[i] = i;
        }
        final int run = 32;
        for (int lo = 0; lo < n; lo += run) {
            int hi = Math.min(lo + run, n);
            for (int i = lo + 1; i < hi; i++) {
                long kk = k[i];
                int ii = idx[i];
                int j = i - 1;
                while (j >= lo && k[j] > kk) {
                    k[j + 1] = k[j];
                    idx[j + 1] = idx[j];
                    j--;
                }
                k[j + 1] = kk;
                idx[j + 1] = ii;
            }
        }
        long[] k2 = new long[n];
        int[] idx2 = new int[n];
        for (int width = run; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int a = lo;
                int b = mid;
                int o = lo;
                while (a < mid && b < hi) {
                    if (k[b] < k[a]) {
                        k2[o] = k[b];
                        idx2[o++] = idx[b++];
                    } else {
                        k2[o] = k[a];
                        idx2[o++] = idx[a++];
                    }
                }
                while (a < mid) {
                    k2[o] = k[a];
                    idx2[o++] = idx[a++];
                }
                while (b < hi) {
                    k2[o] = k[b];
                    idx2[o++] = idx[b++];
                }
            }
            long[] tk = k;
            k = k2;
            k2 = tk;
            int[] ti = idx;
            idx = idx2;
            idx2 = ti;
        }
        return idx;
    }
}
