package org.hemamet.baseline;

import java.util.ArrayList;
import java.util.List;
import org.hemamet.metrics.Roc;

/**
 * Chooses the logistic baseline's C on a given validation split (the same inner split the CNN's
 * hyper-parameter search uses): fits on the training rows for each C of the grid, scores the validation
 * rows, keeps the C with the highest validation AUC (Mann-Whitney, {@link Roc#auc}). Ties go to the
 * smaller C (the stronger regularisation). Deterministic: no random numbers anywhere.
 */
public final class RegularisationSearch {
    private RegularisationSearch() {}

    /** One grid point: C and its validation AUC (NaN when the validation split lacks a class). */
    public record Point(double c, double auc) {}

    /**
     * The outcome.
     *
     * @param c      the chosen C
     * @param auc    its validation AUC
     * @param points every grid point, in grid order
     */
    public record Choice(double c, double auc, List<Point> points) {
        public Choice {
            points = List.copyOf(points);
        }
    }

    /** C = 10^-3, 10^-2.5, ..., 10^3 (13 values, ascending). */
    public static double[] defaultGrid() {
        double[] g = new double[13];
        for (int k = 0; k < g.length; k++) {
            g[k] = Math.pow(10, -3 + 0.5 * k);
        }
        return g;
    }

    /**
     * Fits on {@code (xTrain, yTrain)} for every C of {@code grid} and returns the C with the best AUC on
     * {@code (xValidation, yValidation)}.
     */
    public static Choice choose(
            double[][] xTrain, boolean[] yTrain, double[][] xValidation, boolean[] yValidation, double[] grid) {
        if (grid.length == 0) {
            throw new IllegalArgumentException("empty C grid");
        }
        if (xValidation.length != yValidation.length) {
            throw new IllegalArgumentException(
                    xValidation.length + " validation rows but " + yValidation.length + " labels");
        }
        int[] labels = new int[yValidation.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = yValidation[i] ? 1 : 0;
        }
        List<Point> points = new ArrayList<>();
        Point best = null;
        for (double c : grid) {
            LogisticBaseline m = LogisticBaseline.fit(xTrain, yTrain, c);
            Point p = new Point(c, Roc.auc(labels, m.predictPositive(xValidation)));
            points.add(p);
            if (best == null || better(p, best)) {
                best = p;
            }
        }
        return new Choice(best.c(), best.auc(), points);
    }

    /** Higher AUC wins; equal AUC goes to the smaller C; NaN never beats a number. */
    private static boolean better(Point p, Point best) {
        if (Double.isNaN(p.auc())) {
            return false;
        }
        if (Double.isNaN(best.auc()) || p.auc() > best.auc()) {
            return true;
        }
        return p.auc() == best.auc() && p.c() < best.c();
    }
}
