package org.hemamet.ood;

/**
 * The Ledoit–Wolf shrinkage estimate of a covariance matrix: the sample covariance S (maximum likelihood,
 * divided by n) shrunk towards the scaled identity {@code mu I} ({@code mu = trace(S) / p}) by the
 * intensity that minimises the expected Frobenius loss, estimated from the data (Ledoit O, Wolf M. A
 * well-conditioned estimator for large-dimensional covariance matrices. J Multivar Anal 2004;88:365–411,
 * Lemma 3.2–3.4). Well conditioned, and invertible, also when the dimension p is close to or above the
 * number of samples n — the case of 128 penultimate features from a few hundred training crops. The
 * formulas are those of scikit-learn's {@code ledoit_wolf_shrinkage} (block size aside).
 */
public final class LedoitWolf {
    private LedoitWolf() {}

    /**
     * The estimate.
     *
     * @param mean       the feature means
     * @param covariance the shrunk covariance {@code (1 - shrinkage) S + shrinkage mu I}
     * @param shrinkage  the shrinkage intensity in [0, 1]
     */
    public record Estimate(double[] mean, double[][] covariance, double shrinkage) {}

    /**
     * Fits the estimate to {@code x} (n rows of p values, n >= 2).
     *
     * @throws IllegalArgumentException when there are fewer than 2 rows or the rows differ in length
     */
    public static Estimate fit(double[][] x) {
        int n = x.length;
        if (n < 2) {
            throw new IllegalArgumentException("Ledoit-Wolf needs at least 2 samples, got " + n);
        }
        int p = x[0].length;
        double[] mean = new double[p];
        for (double[] row : x) {
            if (row.length != p) {
                throw new IllegalArgumentException("rows of " + p + " and " + row.length + " values");
            }
            for (int j = 0; j < p; j++) {
                mean[j] += row[j] / n;
            }
        }
        double[][] c = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                c[i][j] = x[i][j] - mean[j];
            }
        }
        double[][] s = new double[p][p];
        for (double[] row : c) {
            for (int a = 0; a < p; a++) {
                double ra = row[a];
                for (int b = a; b < p; b++) {
                    s[a][b] += ra * row[b] / n;
                }
            }
        }
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < a; b++) {
                s[a][b] = s[b][a];
            }
        }
        double shrinkage = shrinkage(c, s);
        double mu = trace(s) / p;
        double[][] shrunk = new double[p][p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                shrunk[a][b] = (1 - shrinkage) * s[a][b] + (a == b ? shrinkage * mu : 0);
            }
        }
        return new Estimate(mean, shrunk, shrinkage);
    }

    /**
     * The shrinkage intensity {@code min(b̄², d²) / d²} of centred rows {@code c} with sample covariance
     * {@code s}: {@code d² = ||S - mu I||²} and {@code b̄² = (1/n²) sum_k ||c_k c_kᵀ - S||²}, with the
     * norm {@code ||A||² = trace(A Aᵀ) / p} (Ledoit and Wolf 2004, Lemmas 3.2–3.3); 0 when S is already
     * the scaled identity.
     */
    static double shrinkage(double[][] c, double[][] s) {
        int n = c.length;
        int p = s.length;
        double mu = trace(s) / p;
        double sFrob2 = 0;
        double d2 = 0;
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                sFrob2 += s[a][b] * s[a][b];
                double dev = s[a][b] - (a == b ? mu : 0);
                d2 += dev * dev;
            }
        }
        d2 /= p;
        double sumNorm4 = 0;
        for (double[] row : c) {
            double sq = 0;
            for (double v : row) {
                sq += v * v;
            }
            sumNorm4 += sq * sq;
        }
        // sum_k ||c_k c_k^T - S||_F^2 = sum_k ||c_k||^4 - n ||S||_F^2
        double b2bar = (sumNorm4 / n - sFrob2) / ((double) n * p);
        double b2 = Math.min(Math.max(b2bar, 0), d2);
        return d2 == 0 ? 0 : b2 / d2;
    }

    private static double trace(double[][] s) {
        double t = 0;
        for (int a = 0; a < s.length; a++) {
            t += s[a][a];
        }
        return t;
    }
}
