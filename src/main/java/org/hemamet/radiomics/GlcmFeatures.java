package org.hemamet.radiomics;

import java.util.List;

/**
 * The 25 GLCM features of IBSI 1 ({@link GlcmFeature}; family LFYI, reference manual arXiv:1612.07003
 * section 3.6; Zwanenburg et al., Radiology 2020;295:328-338), with the "2D, averaged" aggregation
 * (BTW3): a {@link Glcm} per slice and per 2-D direction, the features of each matrix, then their mean.
 * Matrices without any pair (a slice whose mask has no neighbours along a direction) are left out of the
 * mean; an ROI without any pair at all gives NaN for every feature.
 *
 * <p>Grey levels run 1..N_g with N_g from the {@link Discretisation} (the fixed bin number, or the
 * highest level for a fixed bin size): N_g enters the normalised inverse difference (moment). Logarithms
 * are base 2. Features undefined for a matrix are NaN there, and so is their mean: correlation when the
 * marginal variance is 0, information correlation 1 when the marginal entropy is 0.
 */
public final class GlcmFeatures {
    private static final int COUNT = GlcmFeature.values().length;

    private GlcmFeatures() {}

    /** The "2D, averaged" features of every slice of {@code levels}, in {@link GlcmFeature} order. */
    public static FeatureVector averaged2d(GreyLevels levels) {
        double[] sum = new double[COUNT];
        int matrices = 0;
        for (int z = 0; z < levels.depth(); z++) {
            for (Glcm.Direction d : Glcm.Direction.values()) {
                Glcm m = Glcm.of(levels, z, d);
                if (m.pairs() == 0) {
                    continue;
                }
                double[] f = of(m.probabilities());
                for (int k = 0; k < COUNT; k++) {
                    sum[k] += f[k];
                }
                matrices++;
            }
        }
        for (int k = 0; k < COUNT; k++) {
            sum[k] = matrices == 0 ? Double.NaN : sum[k] / matrices;
        }
        return new FeatureVector(List.of(GlcmFeature.values()), sum);
    }

    /** The features of one symmetric joint probability matrix {@code p} (N_g × N_g), in enum order. */
    public static double[] of(double[][] p) {
        int ng = p.length;
        double[] marginal = marginal(p);
        double[] diff = new double[ng]; // p_{i-j,k}, k = 0..N_g-1
        double[] sum = new double[2 * ng + 1]; // p_{i+j,k}, k = 2..2 N_g
        double jointMax = 0;
        double jointAvg = 0;
        double autoCorr = 0;
        double jointEntropy = 0;
        double asm = 0;
        for (int i = 1; i <= ng; i++) {
            for (int j = 1; j <= ng; j++) {
                double pij = p[i - 1][j - 1];
                diff[Math.abs(i - j)] += pij;
                sum[i + j] += pij;
                jointMax = Math.max(jointMax, pij);
                jointAvg += i * pij;
                autoCorr += i * j * pij;
                jointEntropy -= xlog2x(pij);
                asm += pij * pij;
            }
        }
        double mu = 0; // mean of the marginal p_i. (= joint average, the matrix being symmetric)
        for (int i = 1; i <= ng; i++) {
            mu += i * marginal[i - 1];
        }
        double marginalVar = 0;
        double hx = 0;
        for (int i = 1; i <= ng; i++) {
            marginalVar += (i - mu) * (i - mu) * marginal[i - 1];
            hx -= xlog2x(marginal[i - 1]);
        }
        double jointVar = 0;
        double covariance = 0;
        double clusterTend = 0;
        double clusterShade = 0;
        double clusterProm = 0;
        double contrast = 0;
        double invDiff = 0;
        double invDiffNorm = 0;
        double invDiffMom = 0;
        double invDiffMomNorm = 0;
        double hxy1 = 0;
        double hxy2 = 0;
        for (int i = 1; i <= ng; i++) {
            for (int j = 1; j <= ng; j++) {
                double pij = p[i - 1][j - 1];
                double pipj = marginal[i - 1] * marginal[j - 1];
                int d = Math.abs(i - j);
                double c = i + j - 2 * mu;
                jointVar += (i - jointAvg) * (i - jointAvg) * pij;
                covariance += (i - mu) * (j - mu) * pij;
                clusterTend += c * c * pij;
                clusterShade += c * c * c * pij;
                clusterProm += c * c * c * c * pij;
                contrast += (double) d * d * pij;
                invDiff += pij / (1.0 + d);
                invDiffNorm += pij / (1.0 + (double) d / ng);
                invDiffMom += pij / (1.0 + (double) d * d);
                invDiffMomNorm += pij / (1.0 + ((double) d * d) / ((double) ng * ng));
                if (pij > 0) {
                    hxy1 -= pij * log2(pipj);
                }
                hxy2 -= xlog2x(pipj);
            }
        }
        double diffAvg = 0;
        double diffEntropy = 0;
        double invVar = 0;
        for (int k = 0; k < ng; k++) {
            diffAvg += k * diff[k];
            diffEntropy -= xlog2x(diff[k]);
            if (k > 0) {
                invVar += diff[k] / ((double) k * k);
            }
        }
        double diffVar = 0;
        for (int k = 0; k < ng; k++) {
            diffVar += (k - diffAvg) * (k - diffAvg) * diff[k];
        }
        double sumAvg = 0;
        double sumEntropy = 0;
        for (int k = 2; k <= 2 * ng; k++) {
            sumAvg += k * sum[k];
            sumEntropy -= xlog2x(sum[k]);
        }
        double sumVar = 0;
        for (int k = 2; k <= 2 * ng; k++) {
            sumVar += (k - sumAvg) * (k - sumAvg) * sum[k];
        }
        double[] f = new double[COUNT];
        f[GlcmFeature.JOINT_MAXIMUM.ordinal()] = jointMax;
        f[GlcmFeature.JOINT_AVERAGE.ordinal()] = jointAvg;
        f[GlcmFeature.JOINT_VARIANCE.ordinal()] = jointVar;
        f[GlcmFeature.JOINT_ENTROPY.ordinal()] = jointEntropy;
        f[GlcmFeature.DIFFERENCE_AVERAGE.ordinal()] = diffAvg;
        f[GlcmFeature.DIFFERENCE_VARIANCE.ordinal()] = diffVar;
        f[GlcmFeature.DIFFERENCE_ENTROPY.ordinal()] = diffEntropy;
        f[GlcmFeature.SUM_AVERAGE.ordinal()] = sumAvg;
        f[GlcmFeature.SUM_VARIANCE.ordinal()] = sumVar;
        f[GlcmFeature.SUM_ENTROPY.ordinal()] = sumEntropy;
        f[GlcmFeature.ANGULAR_SECOND_MOMENT.ordinal()] = asm;
        f[GlcmFeature.CONTRAST.ordinal()] = contrast;
        f[GlcmFeature.DISSIMILARITY.ordinal()] = diffAvg;
        f[GlcmFeature.INVERSE_DIFFERENCE.ordinal()] = invDiff;
        f[GlcmFeature.NORMALISED_INVERSE_DIFFERENCE.ordinal()] = invDiffNorm;
        f[GlcmFeature.INVERSE_DIFFERENCE_MOMENT.ordinal()] = invDiffMom;
        f[GlcmFeature.NORMALISED_INVERSE_DIFFERENCE_MOMENT.ordinal()] = invDiffMomNorm;
        f[GlcmFeature.INVERSE_VARIANCE.ordinal()] = invVar;
        f[GlcmFeature.CORRELATION.ordinal()] = marginalVar == 0 ? Double.NaN : covariance / marginalVar;
        f[GlcmFeature.AUTOCORRELATION.ordinal()] = autoCorr;
        f[GlcmFeature.CLUSTER_TENDENCY.ordinal()] = clusterTend;
        f[GlcmFeature.CLUSTER_SHADE.ordinal()] = clusterShade;
        f[GlcmFeature.CLUSTER_PROMINENCE.ordinal()] = clusterProm;
        f[GlcmFeature.INFORMATION_CORRELATION_1.ordinal()] = hx == 0 ? Double.NaN : (jointEntropy - hxy1) / hx;
        f[GlcmFeature.INFORMATION_CORRELATION_2.ordinal()] =
                Math.sqrt(Math.max(0, 1 - Math.exp(-2 * (hxy2 - jointEntropy))));
        return f;
    }

    /** Row marginal p_i. (= column marginal, the matrix being symmetric). */
    private static double[] marginal(double[][] p) {
        double[] m = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p.length; j++) {
                m[i] += p[i][j];
            }
        }
        return m;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /** x log2 x, with 0 log 0 = 0. */
    private static double xlog2x(double x) {
        return x > 0 ? x * log2(x) : 0;
    }
}
