package org.hemamet.model;

import java.util.SplittableRandom;

/**
 * The one shuffle of training and benchmarking: Fisher-Yates (Durstenfeld's in-place form) from the
 * last position down, one {@code nextInt(i + 1)} draw per position, so a seed fixes the order.
 */
final class Shuffle {
    private Shuffle() {}

    /** {0, 1, ..., n - 1}. */
    static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** {@code order} widened to int64, as an index array takes it. */
    static long[] asLongs(int[] order) {
        long[] l = new long[order.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = order[i];
        }
        return l;
    }

    /** Permutes {@code a} in place with draws from {@code rng}. */
    static void inPlace(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
