package org.hemamet.report;

import java.util.List;
import org.hemamet.contract.FusionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.ResultRow.Metric;
import org.hemamet.contract.RunFiles;

/**
 * The report's "Fusion" section: each fused cell ({@code fusion.csv}; late and early fusion) as a row of its
 * own, its test AUC with the 95 % CI, beside the best single sequence (chosen on the training part) on the same
 * test lesions and the paired test. The protocol sentence is the methods' ({@link Prose#fusion}).
 */
final class FusionSection {
    private FusionSection() {}

    static void write(ReportModel m, Html h, Figures figures) {
        List<FusionRow> rows = RunFiles.readFusion(m.run().dir());
        if (rows.isEmpty()) {
            Fmt.notAvailable(h, "No fused cells (the study file does not set fusion: [late] or [late, early]).");
            return;
        }
        h.el(
                "p",
                "Late fusion (fusion-late): per comparison and repeat, the sequences' CNN probabilities stacked by an"
                        + " L2 logistic regression fitted on the training part's out-of-fold scores only (one model per"
                        + " pattern of available sequences with enough training lesions, else the mean logit), on the"
                        + " same patient split as the sequence cells. Early fusion (fusion-early): one CNN over a"
                        + " lesion's crops of the sequences as input channels, zeros for a missing sequence plus one"
                        + " availability plane per sequence, trained, calibrated and evaluated as a sequence cell on"
                        + " the same patient split. Best single sequence: the highest out-of-fold AUC on"
                        + " the training part, never the test part. p: paired test on the test lesions both scored"
                        + " (Obuchowski's, clustered by patient), two-sided; p (Holm): adjusted by Holm's step-down"
                        + " method over the fusion's comparisons and repeats.",
                "class",
                "note");
        if (m.run().study() != null && !m.run().study().fusion().isEmpty()) {
            h.el("p", "This run: " + Prose.fusion(m.run().study()) + ".", "class", "note");
        }
        h.tableWithHeader(
                "fusion-table",
                List.of(
                        "Fusion",
                        "Comparison",
                        "Repeat",
                        "Fused sequences",
                        "n test",
                        "Fused AUC",
                        "Best single sequence",
                        "n common",
                        "Fused AUC (common)",
                        "Single AUC (common)",
                        "Difference (95 % CI)",
                        "p",
                        "p (Holm)"));
        for (FusionRow r : rows) {
            h.open("tr")
                    .el("td", r.model())
                    .el("td", Fmt.comparisonLabel(r.comparison()))
                    .el("td", Integer.toString(r.repeat()), "class", "num")
                    .el("td", r.sequences())
                    .el("td", Integer.toString(r.nTest()), "class", "num")
                    .el("td", ValidationReport.ci(r.auc(), r.aucLo(), r.aucHi()), "class", "num")
                    .el("td", r.bestSequence() + " (training OOF AUC " + Fmt.fixed(r.bestSequenceOofAuc(), 3) + ")")
                    .el("td", Integer.toString(r.nCommon()), "class", "num")
                    .el("td", Fmt.fixed(r.aucFused(), 3), "class", "num")
                    .el("td", Fmt.fixed(r.aucSingle(), 3), "class", "num")
                    .el("td", ValidationReport.ci(r.difference(), r.diffLo(), r.diffHi()), "class", "num")
                    .el("td", Fmt.pValue(r.pValue()), "class", "num")
                    .el("td", r.pHolm() == null ? "—" : Fmt.pValue(r.pHolm()), "class", "num")
                    .close("tr");
        }
        h.endTable();
        calibration(m, h);
    }

    /**
     * The fused models' calibration on the test part (results.csv): for late fusion nothing is fitted, its
     * stacking probability is moved by the prior odds to the development prevalence; early fusion is calibrated
     * as a sequence cell. Brier score of the calibrated probability with its patient-level bootstrap CI, Cox slopes
     * with their Wald CIs (Cox 1958).
     */
    private static void calibration(ReportModel m, Html h) {
        List<ResultRow> fused = RunFiles.readAllResults(m.run().dir()).stream()
                .filter(r -> r.model() != null && r.model().startsWith("fusion-"))
                .filter(r -> r.calibratedBrier() != null && !r.calibratedBrier().isNaN())
                .toList();
        if (fused.isEmpty()) {
            return;
        }
        h.el(
                "p",
                "Calibration of the fused probabilities on the test part. Late fusion: nothing is fitted; the stacking"
                        + " model's probability (fitted on balanced training lesions) is moved by the prior odds to"
                        + " the fused sequences' training parts' prevalence before balancing (Saerens et al. 2002)."
                        + " Early fusion: calibrated as a sequence cell. Brier score with its 95 % CI (patient-level"
                        + " bootstrap); Cox calibration slope with its 95 % Wald CI (1 = calibrated, < 1"
                        + " over-confident, > 1 under-confident), of the calibrated and of the raw probability.",
                "class",
                "note");
        h.tableWithHeader(
                "fusion-calibration",
                List.of(
                        "Fusion",
                        "Comparison",
                        "Repeat",
                        "Prevalence",
                        "Brier (calibrated)",
                        "Cox slope (calibrated)",
                        "Cox slope (raw)"));
        for (ResultRow r : fused) {
            h.open("tr")
                    .el("td", r.model())
                    .el("td", Fmt.comparisonLabel(r.comparison()))
                    .el("td", Integer.toString(r.repeat()), "class", "num")
                    .el("td", Fmt.fixed(Fmt.number(r.calibratedPrevalence()), 3), "class", "num")
                    .el("td", Fmt.withCi(r, Metric.CALIBRATED_BRIER), "class", "num")
                    .el("td", Fmt.withCi(r, Metric.CALIBRATED_SLOPE), "class", "num")
                    .el("td", Fmt.withCi(r, Metric.CALIBRATION_SLOPE), "class", "num")
                    .close("tr");
        }
        h.endTable();
    }
}
