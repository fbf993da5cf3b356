package org.hemamet.metrics;

/**
 * A logistic recalibration of a classifier's probability {@code s}:
 * {@code P = 1 / (1 + exp(-(intercept + slope * logit(s))))}, with {@code s} clipped to
 * [{@value #EPS}, 1 - {@value #EPS}] (a float32 softmax can return exactly 0 or 1).
 *
 * <ul>
 *   <li>{@link #platt}: Platt scaling (J. Platt, "Probabilistic outputs for support vector machines and
 *       comparisons to regularized likelihood methods", in Advances in Large Margin Classifiers, MIT Press
 *       1999; for neural networks see Niculescu-Mizil and Caruana, ICML 2005, and Guo et al., ICML 2017):
 *       cross-entropy against Platt's smoothed targets {@code (N+ + 1) / (N+ + 2)} for positives and
 *       {@code 1 / (N- + 2)} for negatives, so a perfectly separated fitting set still gives finite
 *       parameters. Same objective and targets as scikit-learn's sigmoid calibration
 *       ({@code CalibratedClassifierCV(method="sigmoid")}, whose {@code A = -slope}, {@code B = -intercept}).</li>
 *   <li>{@link #temperature}: temperature scaling (C. Guo, G. Pleiss, Y. Sun and K. Q. Weinberger, "On
 *       calibration of modern neural networks", ICML 2017), the one-parameter member of the family: intercept
 *       fixed at 0, {@code slope = 1/T} fitted by maximum likelihood (cross-entropy against the 0/1 labels).
 *       With one parameter it is the most stable at a few dozen to a few hundred fitting lesions (the study's
 *       comparison of Platt, temperature, shrunken Platt, Firth, beta and isotonic calibration on the same
 *       out-of-fold scores: scripts/calibration/compare_methods.py). When the scores separate the classes at
 *       0.5 (every lesion on its side of 0.5, or every one on the wrong side) no finite temperature exists:
 *       the fit is then the identity (slope 1) and {@link #note} says so.</li>
 *   <li>{@link #cox}: the calibration intercept and slope of D. R. Cox ("Two further applications of a model
 *       for binary regression", Biometrika 1958), the logistic regression of the 0/1 outcome on
 *       {@code logit(p)}; slope 1 and intercept 0 for a calibrated model, slope &lt; 1 for over-confident
 *       probabilities (Van Calster et al., "Calibration: the Achilles heel of predictive analytics", BMC
 *       Medicine 2019). NaN when not estimable: one class only, all probabilities equal, or outcomes
 *       (quasi-)completely separated by the probability (no finite maximum-likelihood slope).</li>
 * </ul>
 * Both are fitted by Newton-Raphson with step halving to machine precision; golden values from R's
 * {@code glm} and scikit-learn 1.2 ({@code scripts/golden/calibration.R}, {@code calibration_sklearn.py}).
 *
 * @param intercept the fitted intercept (NaN when not estimable)
 * @param slope     the fitted slope on logit(s) (NaN when not estimable)
 * @param n         cases fitted
 * @param positives positive cases among them
 * @param note      why the fit is NaN, or ""
 * @param interceptSe standard error of the intercept: square root of the inverse Fisher information at the
 *                  fit (binomial likelihood, dispersion 1; R's {@code summary(glm(..., binomial))}); Wald
 *                  intervals of {@link #cox} use it
 * @param slopeSe   standard error of the slope, likewise
 */
public record LogisticCalibration(
        double intercept, double slope, int n, int positives, String note, double interceptSe, double slopeSe) {
    /** Clipping of probabilities before the logit. */
    public static final double EPS = 1e-7;
    /** {@link Estimate#method()} of the Wald intervals. */
    public static final String WALD = "wald";

    private static final int MAX_ITERATIONS = 200;

    /** Platt scaling fitted on {@code labels} (0/1) and probabilities {@code scores}. */
    public static LogisticCalibration platt(int[] labels, double[] scores) {
        int[] c = check(labels, scores);
        double hi = (c[1] + 1.0) / (c[1] + 2.0);
        double lo = 1.0 / (c[0] + 2.0);
        double[] t = new double[labels.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = labels[i] == 1 ? hi : lo;
        }
        return fit(t, logits(scores), c);
    }

    /** Temperature scaling fitted on {@code labels} (0/1) and probabilities {@code scores}: intercept 0. */
    public static LogisticCalibration temperature(int[] labels, double[] scores) {
        int[] c = check(labels, scores);
        double[] f = logits(scores);
        boolean agree = true;
        boolean disagree = true;
        for (int i = 0; i < f.length; i++) {
            agree &= labels[i] == 1 ? f[i] > 0 : f[i] < 0;
            disagree &= labels[i] == 1 ? f[i] < 0 : f[i] > 0;
        }
        if (agree || disagree) {
            return new LogisticCalibration(0, 1, c[0] + c[1], c[1], SEPARATED_AT_HALF, Double.NaN, Double.NaN);
        }
        double a = 1;
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double g = 0;
            double h = 0;
            for (int i = 0; i < f.length; i++) {
                double p = sigmoid(a * f[i]);
                g += (p - labels[i]) * f[i];
                h += Math.max(p * (1 - p), 1e-300) * f[i] * f[i];
            }
            double da = g / h;
            if (!Double.isFinite(da) || h == 0) {
                break;
            }
            double step = 1;
            double loss = loss(f, labels, a);
            while (loss(f, labels, a - step * da) > loss + 1e-12 * Math.abs(loss) && step > 1e-10) {
                step /= 2;
            }
            a -= step * da;
            if (Math.abs(step * da) <= 1e-12 * (1 + Math.abs(a))) {
                double info = 0;
                for (double fi : f) {
                    double p = sigmoid(a * fi);
                    info += p * (1 - p) * fi * fi;
                }
                return new LogisticCalibration(0, a, c[0] + c[1], c[1], "", 0, 1 / Math.sqrt(info));
            }
        }
        return notEstimable(c, "Newton-Raphson did not converge in " + MAX_ITERATIONS + " iterations");
    }

    /** {@link #note} of a temperature fit on scores that separate the classes at 0.5 (identity kept). */
    public static final String SEPARATED_AT_HALF =
            "the scores separate the classes at 0.5: no finite temperature, the identity is kept";

    private static double loss(double[] f, int[] labels, double a) {
        double[] t = new double[labels.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = labels[i];
        }
        return loss(t, f, a, 0);
    }

    /** Cox's calibration intercept and slope of probabilities {@code p} against outcomes {@code labels}. */
    public static LogisticCalibration cox(int[] labels, double[] p) {
        int[] c = check(labels, p);
        if (c[0] == 0 || c[1] == 0) {
            return notEstimable(c, "one class only");
        }
        double[] f = logits(p);
        double minPos = Double.POSITIVE_INFINITY;
        double maxPos = Double.NEGATIVE_INFINITY;
        double minNeg = Double.POSITIVE_INFINITY;
        double maxNeg = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < f.length; i++) {
            if (labels[i] == 1) {
                minPos = Math.min(minPos, f[i]);
                maxPos = Math.max(maxPos, f[i]);
            } else {
                minNeg = Math.min(minNeg, f[i]);
                maxNeg = Math.max(maxNeg, f[i]);
            }
        }
        if (minPos == maxPos && minNeg == maxNeg && minPos == minNeg) {
            return notEstimable(c, "all probabilities are equal");
        }
        if (maxNeg <= minPos || maxPos <= minNeg) {
            // complete or quasi-complete separation: the likelihood has no finite maximum (Albert and Anderson,
            // Biometrika 1984)
            return notEstimable(c, "the probabilities separate the classes perfectly: no finite slope");
        }
        double[] t = new double[labels.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = labels[i];
        }
        return fit(t, f, c);
    }

    /** The recalibrated probability of {@code score}. */
    public double apply(double score) {
        return sigmoid(intercept + slope * logit(score));
    }

    /**
     * The same recalibration for a population whose prevalence of the positive class is {@code to} instead of
     * the fitting set's {@code from}: the intercept moves by {@code logit(to) - logit(from)} (Bayes' rule
     * with the class-conditional densities unchanged; Saerens, Latinne and Decaestecker, "Adjusting the
     * outputs of a classifier to new a priori probabilities", Neural Computation 2002).
     */
    public LogisticCalibration atPrevalence(double from, double to) {
        if (!(from > 0 && from < 1 && to > 0 && to < 1)) {
            throw new IllegalArgumentException("prevalences must be in (0, 1), got " + from + " and " + to);
        }
        return new LogisticCalibration(
                intercept + rawLogit(to) - rawLogit(from), slope, n, positives, note, interceptSe, slopeSe);
    }

    /**
     * {@code p} moved by the prior odds from a population with prevalence {@code from} to one with prevalence
     * {@code to}: {@code 1 / (1 + exp(-(logit(p) + logit(to) - logit(from))))}, the class-conditional densities
     * unchanged (Saerens, Latinne and Decaestecker, Neural Computation 2002); {@link #atPrevalence} does the
     * same to a fitted recalibration.
     */
    public static double movedByPriorOdds(double p, double from, double to) {
        double z = logit(p) + logit(to) - logit(from);
        return 1 / (1 + Math.exp(-z));
    }

    /** logit of {@code s} clipped to [EPS, 1 - EPS]. */
    public static double logit(double s) {
        return rawLogit(Math.min(Math.max(s, EPS), 1 - EPS));
    }

    private static double rawLogit(double s) {
        return Math.log(s / (1 - s));
    }

    private static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    private static int[] check(int[] labels, double[] scores) {
        if (labels.length != scores.length) {
            throw new IllegalArgumentException(
                    "labels and scores differ in length: " + labels.length + " vs " + scores.length);
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("no cases to fit");
        }
        int[] c = new int[2];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("labels must be 0 or 1, got " + labels[i]);
            }
            if (!(scores[i] >= 0 && scores[i] <= 1)) {
                throw new IllegalArgumentException("scores must be probabilities in [0, 1], got " + scores[i]);
            }
            c[labels[i]]++;
        }
        return c;
    }

    private static double[] logits(double[] s) {
        double[] f = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            f[i] = logit(s[i]);
        }
        return f;
    }

    private static LogisticCalibration notEstimable(int[] c, String why) {
        return new LogisticCalibration(Double.NaN, Double.NaN, c[0] + c[1], c[1], why, Double.NaN, Double.NaN);
    }

    /** Minimises the cross-entropy of sigmoid(b + a f) against targets t. */
    private static LogisticCalibration fit(double[] t, double[] f, int[] c) {
        double a = 0;
        double tMean = 0;
        for (double v : t) {
            tMean += v;
        }
        tMean /= t.length;
        double b = rawLogit(Math.min(Math.max(tMean, 1e-12), 1 - 1e-12));
        double loss = loss(t, f, a, b);
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double ga = 0;
            double gb = 0;
            double haa = 0;
            double hab = 0;
            double hbb = 0;
            for (int i = 0; i < t.length; i++) {
                double p = sigmoid(b + a * f[i]);
                double r = p - t[i];
                double w = Math.max(p * (1 - p), 1e-300);
                ga += r * f[i];
                gb += r;
                haa += w * f[i] * f[i];
                hab += w * f[i];
                hbb += w;
            }
            double det = haa * hbb - hab * hab;
            double da;
            double db;
            if (det <= 1e-12 * haa * hbb || !Double.isFinite(det)) {
                // the scores carry no spread to fit a slope on: intercept only
                da = 0;
                db = gb / hbb;
                if (!Double.isFinite(db)) {
                    break;
                }
            } else {
                da = (hbb * ga - hab * gb) / det;
                db = (haa * gb - hab * ga) / det;
            }
            if (Math.abs(da) <= 1e-12 * (1 + Math.abs(a)) && Math.abs(db) <= 1e-12 * (1 + Math.abs(b))) {
                // the full Newton step is at rounding level: converged
                return converged(f, a - da, b - db, c);
            }
            // step halving while the full step overshoots (far from the optimum); close to it the loss
            // changes by rounding only, so a step within 1e-12 of the loss is accepted
            double step = 1;
            double na = a - da;
            double nb = b - db;
            double nl = loss(t, f, na, nb);
            while (nl > loss + 1e-12 * Math.abs(loss) && step > 1e-10) {
                step /= 2;
                na = a - step * da;
                nb = b - step * db;
                nl = loss(t, f, na, nb);
            }
            a = na;
            b = nb;
            loss = nl;
        }
        return notEstimable(c, "Newton-Raphson did not converge in " + MAX_ITERATIONS + " iterations");
    }

    private static LogisticCalibration converged(double[] f, double a, double b, int[] c) {
        double haa = 0;
        double hab = 0;
        double hbb = 0;
        for (double fi : f) {
            double p = sigmoid(b + a * fi);
            double w = p * (1 - p);
            haa += w * fi * fi;
            hab += w * fi;
            hbb += w;
        }
        double det = haa * hbb - hab * hab;
        boolean ok = det > 1e-12 * haa * hbb && Double.isFinite(det);
        return new LogisticCalibration(
                b,
                a,
                c[0] + c[1],
                c[1],
                "",
                ok ? Math.sqrt(haa / det) : Double.NaN,
                ok ? Math.sqrt(hbb / det) : Double.NaN);
    }

    /** Wald 95 % interval of the slope: slope ± 1.959964 SE. */
    public Estimate slopeEstimate() {
        return wald(slope, slopeSe);
    }

    /** Wald 95 % interval of the intercept: intercept ± 1.959964 SE. */
    public Estimate interceptEstimate() {
        return wald(intercept, interceptSe);
    }

    private Estimate wald(double v, double se) {
        double z = 1.959963984540054;
        return Double.isNaN(v)
                ? Estimate.undefined(WALD, 0.95, note)
                : new Estimate(v, v - z * se, v + z * se, 0.95, WALD, "");
    }

    private static double loss(double[] t, double[] f, double a, double b) {
        double l = 0;
        for (int i = 0; i < t.length; i++) {
            double z = b + a * f[i];
            // -[t log sigmoid(z) + (1 - t) log(1 - sigmoid(z))] = log(1 + e^z) - t z, computed stably
            double softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
            l += softplus - t[i] * z;
        }
        return l;
    }
}
