package org.hemamet.baseline;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

/**
 * An L2-regularised logistic regression on standardised features, fitted by LIBLINEAR (R.-E. Fan et al.,
 * "LIBLINEAR: a library for large linear classification", JMLR 9 (2008) 1871-1874; Java port
 * de.bwaldvogel:liblinear 2.44, solver L2R_LR: trust-region Newton on the primal). It minimises
 * {@code ½‖w‖² + C Σ log(1 + exp(-yᵢ (w·zᵢ + b)))} over the standardised training rows {@code zᵢ}, the
 * intercept {@code b} not penalised (LIBLINEAR's {@code -B 1 -R}). The primal Newton solver uses no
 * random numbers, so a fit is a pure function of its data and C.
 *
 * <p>The fitted model is plain numbers (the {@link Standardiser}, the weights and the intercept), so it can
 * be stored and applied without LIBLINEAR: {@code P(positive) = 1 / (1 + exp(-(w·z + b)))}.
 *
 * @param standardiser the training part's per-feature mean and SD
 * @param weights      one weight per standardised feature
 * @param intercept    the unpenalised intercept
 * @param c            the inverse regularisation strength C it was fitted with
 */
public record LogisticBaseline(Standardiser standardiser, double[] weights, double intercept, double c) {
    /** LIBLINEAR's stopping tolerance (its default is 0.01): tight, as the problems here are small. */
    static final double EPSILON = 1e-8;

    static {
        Linear.disableDebugOutput(); // LIBLINEAR prints its iterations to stdout by default
    }

    public LogisticBaseline {
        Objects.requireNonNull(standardiser, "standardiser");
        if (weights.length != standardiser.features()) {
            throw new IllegalArgumentException(
                    weights.length + " weights for " + standardiser.features() + " features");
        }
        weights = weights.clone();
    }

    /**
     * Fits on the training part: the {@link Standardiser} on {@code x}, then the regression.
     *
     * @param x        training rows × features (raw, not standardised; NaN allowed, see {@link Standardiser})
     * @param positive the class of each row (true = positive), both classes present
     * @param c        C &gt; 0; large C approaches the unpenalised maximum-likelihood fit
     */
    public static LogisticBaseline fit(double[][] x, boolean[] positive, double c) {
        if (!(c > 0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException("C must be positive and finite, got " + c);
        }
        if (positive.length != x.length) {
            throw new IllegalArgumentException(x.length + " rows but " + positive.length + " labels");
        }
        checkBothClasses(positive);
        Standardiser s = Standardiser.fit(x);
        Model model = Linear.train(problem(s.apply(x), positive), parameter(c));
        int pos = indexOf(model.getLabels(), 1);
        double[] w = new double[s.features()];
        for (int j = 0; j < w.length; j++) {
            w[j] = model.getDecfunCoef(j + 1, pos);
        }
        return new LogisticBaseline(s, w, model.getDecfunBias(pos), c);
    }

    /** P(positive) of each row of {@code x} (raw features, standardised here with the training statistics). */
    public double[] predictPositive(double[][] x) {
        double[][] z = standardiser.apply(x);
        double[] p = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] = 1 / (1 + Math.exp(-decision(z[i])));
        }
        return p;
    }

    private double decision(double[] z) {
        double d = intercept;
        for (int j = 0; j < z.length; j++) {
            d += weights[j] * z[j];
        }
        return d;
    }

    private static Problem problem(double[][] z, boolean[] positive) {
        Problem prob = new Problem();
        prob.l = z.length;
        prob.n = z[0].length + 1; // + the bias feature
        prob.bias = 1;
        prob.y = new double[z.length];
        prob.x = new Feature[z.length][];
        for (int i = 0; i < z.length; i++) {
            prob.y[i] = positive[i] ? 1 : -1;
            Feature[] row = new Feature[z[i].length + 1];
            for (int j = 0; j < z[i].length; j++) {
                row[j] = new FeatureNode(j + 1, z[i][j]);
            }
            row[z[i].length] = new FeatureNode(z[i].length + 1, prob.bias);
            prob.x[i] = row;
        }
        return prob;
    }

    private static Parameter parameter(double c) {
        Parameter p = new Parameter(SolverType.L2R_LR, c, EPSILON);
        p.setRegularizeBias(false);
        p.setRandom(new Random(0)); // unused by this solver; set so LIBLINEAR's shared generator is never touched
        return p;
    }

    private static void checkBothClasses(boolean[] positive) {
        int n = 0;
        for (boolean b : positive) {
            n += b ? 1 : 0;
        }
        if (n == 0 || n == positive.length) {
            throw new IllegalArgumentException(
                    "training needs both classes, got " + n + " positive of " + positive.length);
        }
    }

    private static int indexOf(int[] labels, int label) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == label) {
                return i;
            }
        }
        throw new IllegalStateException("LIBLINEAR model has no label " + label + ": " + Arrays.toString(labels));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogisticBaseline m
                && standardiser.equals(m.standardiser)
                && Arrays.equals(weights, m.weights)
                && Double.compare(intercept, m.intercept) == 0
                && Double.compare(c, m.c) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(standardiser, Arrays.hashCode(weights), intercept, c);
    }

    @Override
    public String toString() {
        return "LogisticBaseline[C=" + c + ", intercept=" + intercept + ", weights=" + Arrays.toString(weights) + "]";
    }
}
