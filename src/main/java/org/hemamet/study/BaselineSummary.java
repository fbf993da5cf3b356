package org.hemamet.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.metrics.DeLong;

/**
 * The run-level side of the baselines: their rows of {@code results.csv} and {@code predictions.csv}
 * (after the CNN's, {@code model} column set), and the "CNN vs baselines" table of {@code summary.md}:
 * per cell the AUC with its DeLong 95 % CI of every model on the same test lesions, and the paired
 * DeLong test of the CNN against each baseline on those lesions (DeLong, DeLong and Clarke-Pearson,
 * Biometrics 1988;44:837-845; {@link DeLong#pairedTest}).
 */
public final class BaselineSummary {
    private BaselineSummary() {}

    /**
     * One model against the CNN in one cell.
     *
     * @param cellId   the cell
     * @param model    the baseline
     * @param status   the baseline row's status
     * @param message  why not ok, or ""
     * @param nCommon  test lesions scored by both
     * @param cnnAuc   the CNN's AUC and CI
     * @param auc      the baseline's AUC and CI
     * @param test     the paired DeLong test CNN (A) vs baseline (B), or null when not possible
     */
    public record Pair(
            String cellId,
            String model,
            String status,
            String message,
            int nCommon,
            ResultRow cnnRow,
            ResultRow row,
            DeLong.Comparison test) {}

    /** The baselines' results rows of the run's cells, in cell order. */
    static List<ResultRow> rows(Path runDir, List<CellRunner.CellOutcome> outcomes) {
        List<ResultRow> out = new ArrayList<>();
        outcomes.forEach(o -> out.addAll(BaselineStep.readRows(runDir, o.cellId())));
        return out;
    }

    /** The baselines' prediction rows of the run's ok cells, in cell order. */
    static List<PredictionRow> predictions(Path runDir, List<CellRunner.CellOutcome> outcomes) {
        List<PredictionRow> out = new ArrayList<>();
        outcomes.forEach(o -> out.addAll(BaselineStep.readPredictions(runDir, o.cellId())));
        return out;
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
        int pos = 0;
        for (int k = 0; k < common.size(); k++) {
            labels[k] = a.get(common.get(k)).label();
            pos += labels[k];
            sa[k] = a.get(common.get(k)).score();
            sb[k] = m.get(common.get(k)).score();
        }
        boolean testable = b.ok() && pos >= 2 && common.size() - pos >= 2;
        DeLong.Comparison t = testable ? DeLong.pairedTest(labels, sa, sb) : null;
        return new Pair(cnn.cellId(), b.model(), b.status(), b.message(), common.size(), cnn, b, t);
    }

    /** The summary.md section "CNN vs baselines"; empty when the run has no baseline rows. */
    static String markdown(List<ResultRow> all, List<PredictionRow> allPredictions) {
        List<Pair> pairs = pairs(all, allPredictions);
        if (pairs.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n## CNN vs baselines\n\n");
        sb.append("Every model on the same test lesions of each cell (its partition: the CNN's training part, inner "
                + "validation split and test part). radiomics-lr: 43 IBSI features (18 intensity statistics, 25 "
                + "GLCM \"2D, averaged\") in the lesion mask, L2 logistic regression (LIBLINEAR), C chosen by AUC on "
                + "the inner validation split, standardisation and fit on the training part only. AUC with DeLong "
                + "95 % CI; p: paired DeLong test, CNN vs baseline, on the lesions both scored.\n\n");
        sb.append("| Sequence | Comparison | r | n test | CNN AUC | Baseline | Baseline AUC | p (paired DeLong) |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (Pair p : pairs) {
            ResultRow c = p.cnnRow();
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %d | %d | %s | %s | %s | %s |%n",
                    c.sequence(),
                    c.comparison(),
                    c.repeat(),
                    p.nCommon(),
                    auc(c),
                    p.model(),
                    p.row().ok()
                            ? auc(p.row())
                            : p.status() + ": " + p.message().replace('|', '/'),
                    p.test() == null ? "–" : pValue(p.test().pValue())));
        }
        sb.append("\n").append(BaselineStep.RATIO_NOTE).append(".\n");
        return sb.toString();
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
