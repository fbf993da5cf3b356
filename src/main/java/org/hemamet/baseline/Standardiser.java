package org.hemamet.baseline;

import java.util.Arrays;
import java.util.Objects;

/**
 * Per-feature standardisation {@code z = (x - mean) / sd}, with the mean and the population standard
 * deviation (divide by n) of the training part only: fitted once on the training rows, then applied
 * unchanged to validation and test rows, so nothing of them leaks into the model.
 *
 * <p>Missing values (NaN, e.g. a radiomics feature IBSI leaves undefined for a constant ROI) are left out
 * of the mean and SD and become 0 (the training mean) when applied. A feature constant on the training
 * part (SD 0) — or missing on every training row — becomes 0 everywhere. Infinite values are an error.
 *
 * @param mean training mean per feature (0 where every training value was missing)
 * @param sd   training population SD per feature (0 for a constant or missing feature)
 */
public record Standardiser(double[] mean, double[] sd) {
    public Standardiser {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(sd, "sd");
        if (mean.length != sd.length) {
            throw new IllegalArgumentException(mean.length + " means but " + sd.length + " standard deviations");
        }
        mean = mean.clone();
        sd = sd.clone();
    }

    /** Fits on {@code x} (rows × features): the training part only. */
    public static Standardiser fit(double[][] x) {
        int p = checkMatrix(x, -1);
        double[] mean = new double[p];
        double[] sd = new double[p];
        for (int j = 0; j < p; j++) {
            double sum = 0;
            int n = 0;
            for (double[] row : x) {
                if (!Double.isNaN(row[j])) {
                    sum += row[j];
                    n++;
                }
            }
            mean[j] = n == 0 ? 0 : sum / n;
            double ss = 0;
            for (double[] row : x) {
                if (!Double.isNaN(row[j])) {
                    ss += (row[j] - mean[j]) * (row[j] - mean[j]);
                }
            }
            sd[j] = n == 0 ? 0 : Math.sqrt(ss / n);
        }
        return new Standardiser(mean, sd);
    }

    /** The number of features. */
    public int features() {
        return mean.length;
    }

    /** {@code x} standardised with the training statistics (a new matrix). */
    public double[][] apply(double[][] x) {
        checkMatrix(x, mean.length);
        double[][] z = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            z[i] = apply(x[i]);
        }
        return z;
    }

    /** One row standardised with the training statistics. */
    public double[] apply(double[] row) {
        if (row.length != mean.length) {
            throw new IllegalArgumentException("row has " + row.length + " features, expected " + mean.length);
        }
        double[] z = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            z[j] = Double.isNaN(row[j]) || sd[j] == 0 ? 0 : (row[j] - mean[j]) / sd[j];
        }
        return z;
    }

    /** Checks a non-empty rectangular matrix without infinities; returns its column count. */
    static int checkMatrix(double[][] x, int expectedColumns) {
        if (x.length == 0) {
            throw new IllegalArgumentException("no rows");
        }
        int p = expectedColumns < 0 ? x[0].length : expectedColumns;
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != p) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " features, expected " + p);
            }
            for (int j = 0; j < p; j++) {
                if (Double.isInfinite(x[i][j])) {
                    throw new IllegalArgumentException("row " + i + " feature " + j + " is " + x[i][j]);
                }
            }
        }
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Standardiser s && Arrays.equals(mean, s.mean) && Arrays.equals(sd, s.sd);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(sd);
    }

    @Override
    public String toString() {
        return "Standardiser[mean=" + Arrays.toString(mean) + ", sd=" + Arrays.toString(sd) + "]";
    }
}
