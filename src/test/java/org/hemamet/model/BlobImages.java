package org.hemamet.model;

import java.util.SplittableRandom;

/**
 * Trivially separable synthetic set: grey noisy background (0.3 +- 0.05) with one disk of radius r at
 * a random position; the disk is bright (0.95) for label 1 and dark (0.0) for label 0.
 */
final class BlobImages {
    final float[][] images;
    final int[] labels;
    final int[][] centres;
    final int size;
    final int radius;

    private BlobImages(int n, int size, int radius, long seed) {
        this(n, size, radius, size / 2 - radius, seed);
    }

    private BlobImages(int n, int size, int radius, int jitter, long seed) {
        this.size = size;
        this.radius = radius;
        images = new float[n][size * size];
        labels = new int[n];
        centres = new int[n][2];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            int cx = size / 2 + rng.nextInt(2 * jitter + 1) - jitter;
            int cy = size / 2 + rng.nextInt(2 * jitter + 1) - jitter;
            centres[i][0] = cx;
            centres[i][1] = cy;
            float value = labels[i] == 1 ? 0.95f : 0.0f;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int dx = x - cx;
                    int dy = y - cy;
                    boolean in = dx * dx + dy * dy <= radius * radius;
                    images[i][y * size + x] = in ? value : (float) (0.3 + (rng.nextDouble() - 0.5) * 0.1);
                }
            }
        }
    }

    static BlobImages generate(int n, int size, int radius, long seed) {
        return new BlobImages(n, size, radius, seed);
    }

    /** Blob centres within +-jitter pixels of the image centre. */
    static BlobImages generate(int n, int size, int radius, int jitter, long seed) {
        return new BlobImages(n, size, radius, jitter, seed);
    }

    TrainingData data() {
        return new TrainingData(images, labels, size);
    }

    /** Whether pixel (x, y) of image i lies within distance d of the blob centre. */
    boolean within(int i, int x, int y, double d) {
        double dx = x - centres[i][0];
        double dy = y - centres[i][1];
        return dx * dx + dy * dy <= d * d;
    }

    /** Rank-based AUC (Mann-Whitney U), ties counted half. */
    static double auc(double[] scores, int[] labels) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < scores.length; i++) {
            if (labels[i] != 1) {
                continue;
            }
            for (int j = 0; j < scores.length; j++) {
                if (labels[j] != 0) {
                    continue;
                }
                pairs++;
                wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
            }
        }
        return wins / pairs;
    }

    static double accuracy(double[] scores, int[] labels) {
        int ok = 0;
        for (int i = 0; i < scores.length; i++) {
            if ((scores[i] >= 0.5 ? 1 : 0) == labels[i]) {
                ok++;
            }
        }
        return (double) ok / scores.length;
    }
}
