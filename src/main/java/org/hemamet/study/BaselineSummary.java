package org.hemamet.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hemamet.baseline.BaselineComparison;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;

/**
 * The run-level side of the baselines: their rows of {@code results.csv} and {@code predictions.csv}
 * (after the CNN's, {@code model} column set), and the "CNN vs baselines" table of {@code summary.md}:
 * per cell the AUC with its 95 % CI (results.csv's) of every model on the same test lesions, and the paired
 * DeLong test of the CNN against each baseline on those lesions (DeLong, DeLong and Clarke-Pearson,
 * Biometrics 1988;44:837-845; {@link DeLong#pairedTest}; Obuchowski's clustered form where a patient has several).
 */
public final class BaselineSummary {
    private BaselineSummary() {}

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

    /** The summary.md section "CNN vs baselines"; empty when the run has no baseline rows. */
    static String markdown(List<ResultRow> all, List<PredictionRow> allPredictions) {
        List<BaselineComparison.Pair> pairs = BaselineComparison.pairs(all, allPredictions);
        if (pairs.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n## CNN vs baselines\n\n");
        sb.append("Every model on the same test lesions of each cell (its partition: the CNN's training part, inner "
                + "validation split and test part). radiomics-lr: 43 IBSI features (18 intensity statistics, 25 "
                + "GLCM \"2D, averaged\") in the lesion mask, L2 logistic regression (LIBLINEAR), C chosen by AUC on "
                + "the inner validation split, standardisation and fit on the training part only. intensity-ratio: "
                + "the lesion's mean signal over the median of the normal-marrow reference region on its image, "
                + "the same regression. AUC with 95 % CI; p: paired test, CNN vs baseline, on the lesions both "
                + "scored, clustered by patient (Obuchowski 1997; DeLong's when every patient has one lesion); "
                + "p (Holm): adjusted over the run's cells, one family per baseline (Holm 1979).\n\n");
        sb.append("| Sequence | Comparison | r | n test | CNN AUC | Baseline | Baseline AUC | p (paired, clustered) |"
                + " p (Holm) |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        for (BaselineComparison.Pair p : pairs) {
            ResultRow c = p.cnnRow();
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %d | %d | %s | %s | %s | %s | %s |%n",
                    c.sequence(),
                    c.comparison(),
                    c.repeat(),
                    p.nCommon(),
                    BaselineComparison.auc(c),
                    p.model(),
                    p.row().ok()
                            ? BaselineComparison.auc(p.row())
                            : p.status() + ": " + p.message().replace('|', '/'),
                    BaselineComparison.pValue(p.p()),
                    BaselineComparison.pValue(p.pHolm())));
        }
        if (pairs.stream().noneMatch(p -> p.model().equals(ResultRow.INTENSITY_RATIO))) {
            sb.append("\n").append(BaselineStep.RATIO_NOTE).append(".\n");
        }
        return sb.toString();
    }
}
