package org.hemamet.baseline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.metrics.ClusteredAuc;
import org.hemamet.metrics.DeLong;
import org.hemamet.metrics.Holm;

/**
 * The CNN against each baseline, per cell, on the same test lesions (summary.md and the report): each
 * model's AUC with its 95 % CI (from results.csv) and the paired test of the CNN against the baseline on
 * the lesions both scored, clustered by patient: Obuchowski's paired test (N. A. Obuchowski, Nonparametric
 * analysis of clustered ROC curve data, Biometrics 1997;53:567-578; {@link ClusteredAuc#pairedTest}), so
 * several lesions of one patient are not counted as independent. With one lesion per patient it is the
 * paired DeLong test (DeLong, DeLong and Clarke-Pearson, Biometrics 1988;44:837-845). Each baseline's tests over
 * the run's cells are one family: their p-values are also given adjusted by Holm's step-down method ({@link Holm};
 * S. Holm, Scand J Statist 1979;6:65-70), so "the CNN beat the baseline in cell X" is not read off the smallest of
 * 24 unadjusted p-values.
 */
public final class BaselineComparison {
    /** The confidence level of the paired test's interval. */
    public static final double LEVEL = 0.95;

    /** The test's name in tables. */
    public static final String TEST_NAME = "paired, clustered by patient (Obuchowski)";

    private BaselineComparison() {}

    /**
     * One model against the CNN in one cell.
     *
     * @param cellId   the cell
     * @param model    the baseline
     * @param status   the baseline row's status
     * @param message  why not ok, or ""
     * @param nCommon  test lesions scored by both
     * @param cnnRow   the CNN's results row
     * @param row      the baseline's results row
     * @param test     the clustered paired test CNN (A) vs baseline (B), or null when not possible
     * @param pHolm    the test's p adjusted by Holm's method over the baseline's tests in the run's cells; NaN
     *                 without a test
     */
    public record Pair(
            String cellId,
            String model,
            String status,
            String message,
            int nCommon,
            ResultRow cnnRow,
            ResultRow row,
            DeLong.Comparison test,
            double pHolm) {
        /** The unadjusted two-sided p, NaN without a test. */
        public double p() {
            return test == null ? Double.NaN : test.pValue();
        }
    }

    /** Every baseline of every ok CNN cell paired with the CNN (cells in the order of {@code cnn}). */
    public static List<Pair> pairs(List<ResultRow> all, List<PredictionRow> allPredictions) {
        Map<String, ResultRow> cnn = new LinkedHashMap<>();
        List<ResultRow> baselines = new ArrayList<>();
        for (ResultRow r : all) {
            if (r.fromCnn()) {
                cnn.put(r.cellId(), r);
            } else {
                baselines.add(r);
            }
        }
        List<Pair> out = new ArrayList<>();
        for (ResultRow c : cnn.values()) {
            for (ResultRow b : baselines) {
                if (b.cellId().equals(c.cellId()) && c.ok()) {
                    out.add(pair(c, b, allPredictions));
                }
            }
        }
        return holm(out);
    }

    /** The pairs with each baseline's p-values Holm-adjusted over its cells (one family per baseline). */
    private static List<Pair> holm(List<Pair> pairs) {
        List<Pair> out = new ArrayList<>(pairs);
        for (String model : pairs.stream().map(Pair::model).distinct().toList()) {
            List<Integer> family = new ArrayList<>();
            for (int k = 0; k < pairs.size(); k++) {
                if (pairs.get(k).model().equals(model)) {
                    family.add(k);
                }
            }
            double[] adjusted = Holm.adjust(
                    family.stream().mapToDouble(k -> pairs.get(k).p()).toArray());
            for (int j = 0; j < family.size(); j++) {
                Pair p = pairs.get(family.get(j));
                out.set(
                        family.get(j),
                        new Pair(
                                p.cellId(),
                                p.model(),
                                p.status(),
                                p.message(),
                                p.nCommon(),
                                p.cnnRow(),
                                p.row(),
                                p.test(),
                                adjusted[j]));
            }
        }
        return out;
    }

    private static Pair pair(ResultRow cnn, ResultRow b, List<PredictionRow> preds) {
        Map<String, PredictionRow> a = new LinkedHashMap<>();
        Map<String, PredictionRow> m = new LinkedHashMap<>();
        for (PredictionRow p : preds) {
            if (p.cellId().equals(cnn.cellId())) {
                if (p.fromCnn()) {
                    a.put(p.sampleId(), p);
                } else if (p.model().equals(b.model())) {
                    m.put(p.sampleId(), p);
                }
            }
        }
        List<String> common = new ArrayList<>(a.keySet());
        common.retainAll(m.keySet());
        int[] labels = new int[common.size()];
        double[] sa = new double[common.size()];
        double[] sb = new double[common.size()];
        String[] patients = new String[common.size()];
        int pos = 0;
        for (int k = 0; k < common.size(); k++) {
            patients[k] = a.get(common.get(k)).patientKey();
            labels[k] = a.get(common.get(k)).label();
            pos += labels[k];
            sa[k] = a.get(common.get(k)).score();
            sb[k] = m.get(common.get(k)).score();
        }
        boolean testable = b.ok() && pos >= 2 && common.size() - pos >= 2;
        DeLong.Comparison t = testable ? ClusteredAuc.pairedTest(labels, sa, sb, patients, LEVEL) : null;
        return new Pair(cnn.cellId(), b.model(), b.status(), b.message(), common.size(), cnn, b, t, Double.NaN);
    }

    /** "0.912 (0.850–0.974)", or "–". */
    public static String auc(ResultRow r) {
        if (r.auc() == null) {
            return "–";
        }
        return r.aucLo() == null
                ? String.format(Locale.ROOT, "%.3f", r.auc())
                : String.format(Locale.ROOT, "%.3f (%.3f–%.3f)", r.auc(), r.aucLo(), r.aucHi());
    }

    /** A p-value in 3 significant digits, "< 0.001" below. */
    public static String pValue(double p) {
        return Double.isNaN(p) ? "–" : p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
    }
}
