package org.hemamet.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hemamet.baseline.BaselineComparison;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.RunFiles;

/**
 * "CNN vs baselines": per cell, the AUC (95 % CI) of the CNN and of each baseline on the same test lesions,
 * and the paired test between them clustered by patient (Obuchowski, Biometrics 1997;53:567-578; DeLong's
 * with one lesion per patient) — the table summary.md has ({@link BaselineComparison}). Reads every row of results.csv and
 * predictions.csv (the model column); a run without baseline rows says so.
 */
final class BaselinesSection {
    private BaselinesSection() {}

    static void write(ReportModel m, Html h, Figures figures) {
        List<BaselineComparison.Pair> pairs = pairs(m.run().dir());
        if (pairs.isEmpty()) {
            Fmt.notAvailable(h, "No baseline rows in results.csv (the study ran no baselines, or an older version).");
            return;
        }
        h.el(
                "p",
                "Each model on the same test lesions of each cell, trained on the same training part with its "
                        + "hyper-parameter (the CNN's configuration, the baseline's C) chosen on the same inner "
                        + "validation split. radiomics-lr: 43 IBSI features (18 intensity statistics, 25 GLCM "
                        + "\"2D, averaged\", fixed bin number) in the lesion mask, standardised on the training part, "
                        + "L2 logistic regression (LIBLINEAR). intensity-ratio: the lesion's mean signal over the "
                        + "median of the normal-marrow reference region on its image, the same regression. AUC with "
                        + "95 % CI; p: paired test CNN vs baseline clustered by patient (Obuchowski 1997; DeLong's "
                        + "when every patient has one lesion), two-sided; p (Holm): adjusted by Holm's step-down "
                        + "method (Scand J Statist 1979) over the run's cells, one family per baseline."
                        + (pairs.stream().anyMatch(p -> p.model().equals(ResultRow.INTENSITY_RATIO))
                                ? ""
                                : " The lesion/reference intensity ratio is not available: the dataset has no"
                                        + " reference region."),
                "class",
                "note");
        h.tableWithHeader(
                "baselines-table",
                List.of(
                        "Sequence",
                        "Comparison",
                        "Repeat",
                        "n test",
                        "CNN AUC",
                        "Baseline",
                        "Baseline AUC",
                        "p",
                        "p (Holm)"),
                List.of("Repeat", "n test", "p", "p (Holm)")::contains);
        for (BaselineComparison.Pair p : pairs) {
            ResultRow c = p.cnnRow();
            h.open("tr")
                    .el("td", c.sequence())
                    .el("td", Fmt.comparisonLabel(c.comparison()))
                    .el("td", Integer.toString(c.repeat()), "class", "num")
                    .el("td", Integer.toString(p.nCommon()), "class", "num")
                    .el("td", BaselineComparison.auc(c))
                    .el("td", p.model())
                    .el("td", p.row().ok() ? BaselineComparison.auc(p.row()) : p.status() + ": " + p.message())
                    .el("td", BaselineComparison.pValue(p.p()), "class", "num")
                    .el("td", BaselineComparison.pValue(p.pHolm()), "class", "num")
                    .close("tr");
        }
        h.endTable();
    }

    static List<BaselineComparison.Pair> pairs(Path runDir) {
        if (!Files.isRegularFile(runDir.resolve(RunFiles.RESULTS))) {
            return List.of();
        }
        List<ResultRow> all = RunFiles.readAllResults(runDir);
        List<PredictionRow> preds = Files.isRegularFile(runDir.resolve(RunFiles.PREDICTIONS))
                ? RunFiles.readAllPredictions(runDir)
                : List.of();
        return BaselineComparison.pairs(all, preds);
    }
}
