package org.hemamet.metrics;

import java.util.Arrays;

/**
 * A decision curve (A. J. Vickers and E. B. Elkin, "Decision curve analysis: a novel method for evaluating
 * prediction models", Med Decis Making 26 (2006) 565-574; A. J. Vickers, B. van Calster and E. W.
 * Steyerberg, "A simple, step-by-step guide to interpreting decision curve analysis", Diagn Progn Res 3
 * (2019) 18): at each threshold probability p<sub>t</sub> the net benefit of acting on (calling positive)
 * every case whose predicted probability is at least p<sub>t</sub>,
 *
 * <pre>
 *   NB(p_t) = TP/N - FP/N * p_t / (1 - p_t),
 * </pre>
 *
 * against acting on every case ({@code treat all}: prevalence - (1 - prevalence) p<sub>t</sub>/(1 -
 * p<sub>t</sub>)) and on none (0). p<sub>t</sub>/(1 - p<sub>t</sub>) is the exchange rate the threshold implies:
 * at 20 % one accepts four false positives for one true positive. A case is positive at p<sub>t</sub> when its
 * probability is {@code >= p_t}, as in Vickers' {@code dca} and the {@code dcurves} R package. Net benefit is
 * at the data's prevalence, and it judges the probabilities as risks: a model whose probabilities are not
 * calibrated to that prevalence loses net benefit even where it ranks well.
 *
 * <p>Intervals: pointwise percentile bootstrap (Efron and Tibshirani 1993, ch. 13) over whole patients,
 * stratified by what they hold ({@link Bootstrap#clusterVectorReplicates}; Davison and Hinkley 1997, section
 * 3.8), of the net benefit and of its difference from treating all, both in the same resamples. Pointwise, not
 * simultaneous. With one case per patient this is the stratified case bootstrap.
 *
 * @param thresholds     the threshold probabilities, ascending, in (0, 1)
 * @param netBenefit     the model's net benefit at each threshold
 * @param lower          its lower confidence limit (NaN without resamples)
 * @param upper          its upper confidence limit
 * @param treatAll       the net benefit of acting on every case
 * @param versusAll      netBenefit - treatAll
 * @param versusAllLower its lower confidence limit
 * @param versusAllUpper its upper confidence limit
 * @param prevalence     share of positives among the cases
 * @param cases          the number of cases
 * @param level          the confidence level
 * @param resamples      the number of bootstrap resamples
 */
public record DecisionCurve(
        double[] thresholds,
        double[] netBenefit,
        double[] lower,
        double[] upper,
        double[] treatAll,
        double[] versusAll,
        double[] versusAllLower,
        double[] versusAllUpper,
        double prevalence,
        int cases,
        double level,
        int resamples) {

    /** The {@link Estimate#method()}-style name of the intervals. */
    public static final String METHOD = "cluster-bootstrap-percentile, pointwise";

    /** The default thresholds: 0.01, 0.02, ..., 0.99. */
    public static double[] defaultThresholds() {
        double[] t = new double[99];
        for (int i = 0; i < t.length; i++) {
            t[i] = (i + 1) / 100.0;
        }
        return t;
    }

    /**
     * The curve of {@code probabilities} against {@code labels} (1 = the class acted on), patients in
     * {@code clusters}; null when a class is absent or a probability is outside [0, 1].
     */
    public static DecisionCurve of(
            int[] labels,
            double[] probabilities,
            String[] clusters,
            double[] thresholds,
            int resamples,
            long seed,
            double level) {
        Labels.check(labels, probabilities);
        Wilson.checkLevel(level);
        checkThresholds(thresholds);
        int m = Labels.countPositives(labels);
        if (m == 0 || m == labels.length || !probabilities(probabilities)) {
            return null;
        }
        double[] point = replicate(labels, probabilities, thresholds);
        double[][] reps = Bootstrap.clusterVectorReplicates(
                labels, probabilities, clusters, resamples, seed, (l, s) -> replicate(l, s, thresholds));
        int t = thresholds.length;
        double prevalence = m / (double) labels.length;
        double[] treatAll = new double[t];
        for (int g = 0; g < t; g++) {
            treatAll[g] = treatAll(prevalence, thresholds[g]);
        }
        double[][] nb = limits(point, reps, 0, t, level);
        double[][] vs = limits(point, reps, t, t, level);
        return new DecisionCurve(
                thresholds.clone(),
                Arrays.copyOf(point, t),
                nb[0],
                nb[1],
                treatAll,
                Arrays.copyOfRange(point, t, 2 * t),
                vs[0],
                vs[1],
                prevalence,
                labels.length,
                level,
                resamples);
    }

    /**
     * The pointwise percentile limits ({lower, upper}) of the {@code count} values from {@code offset} of each
     * replicate, around {@code point}'s.
     */
    private static double[][] limits(double[] point, double[][] reps, int offset, int count, double level) {
        double[][] out = new double[2][count];
        for (int g = 0; g < count; g++) {
            Estimate e = Bootstrap.percentile(point[offset + g], column(reps, offset + g), level);
            out[0][g] = e.lower();
            out[1][g] = e.upper();
        }
        return out;
    }

    /**
     * The difference in net benefit between two models' probabilities of the same cases, {@code a} minus {@code
     * b}, at each threshold, with pointwise percentile-bootstrap intervals from paired resamples (both models'
     * net benefit on the same resampled patients, so that what the two share cancels); null when a class is
     * absent or a probability lies outside [0, 1].
     *
     * @param difference NB(a) - NB(b) at each threshold
     * @param lower      its lower confidence limit
     * @param upper      its upper confidence limit
     */
    public record Difference(double[] thresholds, double[] difference, double[] lower, double[] upper) {}

    /** See {@link Difference}. */
    public static Difference difference(
            int[] labels,
            double[] a,
            double[] b,
            String[] clusters,
            double[] thresholds,
            int resamples,
            long seed,
            double level) {
        Labels.check(labels, a);
        Labels.check(labels, b);
        Wilson.checkLevel(level);
        checkThresholds(thresholds);
        int m = Labels.countPositives(labels);
        if (m == 0 || m == labels.length || !probabilities(a) || !probabilities(b)) {
            return null;
        }
        double[] index = new double[labels.length];
        for (int i = 0; i < index.length; i++) {
            index[i] = i;
        }
        // the resampled "scores" are case indices, so that both models see the same resampled cases
        double[][] reps = Bootstrap.clusterVectorReplicates(labels, index, clusters, resamples, seed, (l, s) -> {
            double[] ra = new double[s.length];
            double[] rb = new double[s.length];
            for (int i = 0; i < s.length; i++) {
                ra[i] = a[(int) s[i]];
                rb[i] = b[(int) s[i]];
            }
            return minus(netBenefits(l, ra, thresholds), netBenefits(l, rb, thresholds));
        });
        double[] point = minus(netBenefits(labels, a, thresholds), netBenefits(labels, b, thresholds));
        double[][] lim = limits(point, reps, 0, thresholds.length, level);
        return new Difference(thresholds.clone(), point, lim[0], lim[1]);
    }

    private static double[] minus(double[] x, double[] y) {
        double[] out = new double[x.length];
        for (int g = 0; g < x.length; g++) {
            out[g] = x[g] - y[g];
        }
        return out;
    }

    private static boolean probabilities(double[] p) {
        return Arrays.stream(p).allMatch(v -> v >= 0 && v <= 1);
    }

    /** The net benefit of acting on the cases with {@code probability >= threshold}. */
    public static double netBenefit(int[] labels, double[] probabilities, double threshold) {
        Labels.check(labels, probabilities);
        checkThresholds(new double[] {threshold});
        return netBenefits(labels, probabilities, new double[] {threshold})[0];
    }

    /** The net benefit of acting on every case, at {@code prevalence}. */
    public static double treatAll(double prevalence, double threshold) {
        return prevalence - (1 - prevalence) * odds(threshold);
    }

    /** Net benefit at each threshold (ascending): one sort of each class's probabilities, then one sweep. */
    static double[] netBenefits(int[] labels, double[] probabilities, double[] thresholds) {
        double[] pos = Labels.scoresOf(labels, probabilities, 1);
        double[] neg = Labels.scoresOf(labels, probabilities, 0);
        Arrays.sort(pos);
        Arrays.sort(neg);
        double n = labels.length;
        double[] out = new double[thresholds.length];
        int p = 0; // positives below the threshold
        int q = 0; // negatives below the threshold
        for (int g = 0; g < thresholds.length; g++) {
            while (p < pos.length && pos[p] < thresholds[g]) {
                p++;
            }
            while (q < neg.length && neg[q] < thresholds[g]) {
                q++;
            }
            out[g] = (pos.length - p) / n - (neg.length - q) / n * odds(thresholds[g]);
        }
        return out;
    }

    /** Net benefit at each threshold, then its difference from treating all: one resample's statistic. */
    private static double[] replicate(int[] labels, double[] probabilities, double[] thresholds) {
        double[] nb = netBenefits(labels, probabilities, thresholds);
        double prevalence = Labels.countPositives(labels) / (double) labels.length;
        double[] out = Arrays.copyOf(nb, 2 * nb.length);
        for (int g = 0; g < nb.length; g++) {
            out[nb.length + g] = nb[g] - treatAll(prevalence, thresholds[g]);
        }
        return out;
    }

    private static double odds(double threshold) {
        return threshold / (1 - threshold);
    }

    private static double[] column(double[][] reps, int g) {
        double[] c = new double[reps.length];
        for (int b = 0; b < reps.length; b++) {
            c[b] = reps[b][g];
        }
        return c;
    }

    private static void checkThresholds(double[] thresholds) {
        for (int g = 0; g < thresholds.length; g++) {
            if (!(thresholds[g] > 0 && thresholds[g] < 1) || (g > 0 && thresholds[g] <= thresholds[g - 1])) {
                throw new IllegalArgumentException(
                        "threshold probabilities must be ascending, each in (0, 1); got " + thresholds[g]);
            }
        }
    }

    /** The index of {@code threshold} among the thresholds (within 1e-9), or -1. */
    public int indexOf(double threshold) {
        for (int g = 0; g < thresholds.length; g++) {
            if (Math.abs(thresholds[g] - threshold) < 1e-9) {
                return g;
            }
        }
        return -1;
    }
}
