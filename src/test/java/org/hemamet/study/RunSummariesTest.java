package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hemamet.contract.CommonLesionRow;
import org.hemamet.contract.PredictionRow;
import org.hemamet.metrics.DeLong;
import org.hemamet.metrics.Estimate;
import org.hemamet.metrics.NewcombeAuc;
import org.junit.jupiter.api.Test;

/** The table on the lesions imaged in all sequences, and what summary.md says each table stands on. */
class RunSummariesTest {
    private static final String CMP = "hemangioma-vs-metastases";

    private static PredictionRow row(String seq, String patient, int label, double score) {
        return new PredictionRow(
                seq + "__" + CMP + "__r0",
                seq,
                CMP,
                0,
                seq + patient,
                patient,
                "L1",
                "x",
                label,
                score,
                0,
                "",
                null,
                null);
    }

    /** T1: p1..p8; T2: p1..p6 and p9 (p7, p8 have no T2 image; p9 no T1 image): common p1..p6. */
    private static List<PredictionRow> predictions() {
        List<PredictionRow> out = new ArrayList<>();
        double[] t1 = {0.2, 0.4, 0.7, 0.6, 0.9, 0.3, 0.95, 0.05};
        int[] labels = {0, 0, 1, 1, 1, 0, 0, 1};
        for (int i = 0; i < 8; i++) {
            out.add(row("T1", "p" + (i + 1), labels[i], t1[i]));
        }
        double[] t2 = {0.1, 0.8, 0.6, 0.4, 0.7, 0.2};
        for (int i = 0; i < 6; i++) {
            out.add(row("T2", "p" + (i + 1), labels[i], t2[i]));
        }
        out.add(row("T2", "p9", 1, 0.9));
        // another comparison with a single sequence: nothing to compare, no row
        out.add(new PredictionRow(
                "T1__hemangioma-vs-rcc__r0",
                "T1",
                "hemangioma-vs-rcc",
                0,
                "s",
                "p1",
                "L1",
                "x",
                0,
                0.1,
                0,
                "",
                null,
                null));
        return out;
    }

    @Test
    void eachSequenceIsScoredOnTheIntersectionOfTheCellsTestLesions() {
        List<CommonLesionRow> rows = RunSummaries.commonLesions(predictions());
        assertThat(rows).hasSize(2);
        assertThat(rows).extracting(CommonLesionRow::sequence).containsExactly("T1", "T2");
        int[] labels = {0, 0, 1, 1, 1, 0};
        Estimate t1 = NewcombeAuc.auc(labels, new double[] {0.2, 0.4, 0.7, 0.6, 0.9, 0.3}, 0.95);
        Estimate t2 = NewcombeAuc.auc(labels, new double[] {0.1, 0.8, 0.6, 0.4, 0.7, 0.2}, 0.95);
        for (CommonLesionRow r : rows) {
            assertThat(r.comparison()).isEqualTo(CMP);
            assertThat(r.sequences()).isEqualTo("T1+T2");
            assertThat(r.nCommonNeg()).isEqualTo(3);
            assertThat(r.nCommonPos()).isEqualTo(3);
            assertThat(r.nPatients()).isEqualTo(6);
        }
        assertThat(rows.get(0).auc()).isEqualTo(t1.value()).isEqualTo(1.0);
        assertThat(rows.get(0).aucLo()).isEqualTo(t1.lower()).isLessThan(1.0);
        assertThat(rows.get(0).aucMethod()).isEqualTo(NewcombeAuc.METHOD);
        assertThat(rows.get(1).auc()).isEqualTo(t2.value());
        assertThat(rows.get(1).aucHi()).isEqualTo(t2.upper());
        // on all of its own lesions T1's AUC is lower: the common set really is the intersection
        double[] all = {0.2, 0.4, 0.7, 0.6, 0.9, 0.3, 0.95, 0.05};
        assertThat(DeLong.auc(new int[] {0, 0, 1, 1, 1, 0, 0, 1}, all, 0.95).value())
                .isLessThan(rows.get(0).auc());
    }

    @Test
    void commonLesionCisArePatientLevelWhenAPatientHasSeveralCommonLesions() {
        // 4 patients with 2 lesions each, on T1 and T2: the AUC's CI is at the patients' design effect
        String[] patients = {"p1", "p1", "p2", "p2", "p3", "p3", "p4", "p4"};
        int[] labels = {0, 0, 1, 1, 0, 1, 1, 0};
        // p1's hemangiomas both score high and p2's metastases both low: errors come by patient (design effect 2.19)
        double[] t1 = {0.6, 0.65, 0.55, 0.58, 0.1, 0.9, 0.95, 0.05};
        List<PredictionRow> preds = new ArrayList<>();
        for (String seq : List.of("T1", "T2")) {
            for (int i = 0; i < patients.length; i++) {
                preds.add(new PredictionRow(
                        seq + "__" + CMP + "__r0",
                        seq,
                        CMP,
                        0,
                        seq + i,
                        patients[i],
                        "L" + (i % 2),
                        "x",
                        labels[i],
                        seq.equals("T1") ? t1[i] : 1 - t1[i],
                        0,
                        "",
                        null,
                        null));
            }
        }
        List<CommonLesionRow> rows = RunSummaries.commonLesions(preds);
        assertThat(rows).hasSize(2);
        // rows are keyed by patient/lesion: put the arrays in that order
        String[] keys = new String[patients.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = patients[i] + "/L" + (i % 2);
        }
        Integer[] order =
                java.util.stream.IntStream.range(0, keys.length).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(order, java.util.Comparator.comparing(i -> keys[i]));
        int[] y = java.util.Arrays.stream(order).mapToInt(i -> labels[i]).toArray();
        double[] sc = java.util.Arrays.stream(order).mapToDouble(i -> t1[i]).toArray();
        String[] cl = java.util.Arrays.stream(order).map(i -> patients[i]).toArray(String[]::new);
        Estimate clustered = NewcombeAuc.auc(y, sc, cl, 0.95);
        Estimate lesionLevel = NewcombeAuc.auc(y, sc, 0.95);
        CommonLesionRow r = rows.get(0);
        assertThat(r.ciLevel()).isEqualTo("patient");
        assertThat(r.aucMethod()).isEqualTo(NewcombeAuc.CLUSTERED_METHOD);
        assertThat(r.nPatients()).isEqualTo(4);
        assertThat(r.auc()).isEqualTo(clustered.value());
        assertThat(r.aucLo()).isEqualTo(clustered.lower()).isLessThan(lesionLevel.lower());
        assertThat(r.aucHi()).isEqualTo(clustered.upper());
        assertThat(RunSummaries.commonLesions(predictions()))
                .extracting(CommonLesionRow::ciLevel)
                .containsOnly("lesion");
    }

    private static org.hemamet.contract.ResultRow slopes(String seq, double raw, double cal, double lo, double hi) {
        var cell = new org.hemamet.contract.ResultRow.Cell(
                seq + "__" + CMP + "__r0", seq, CMP, 0, 10, 10, 20, 8, 0, 0, 0, false);
        var m = new java.util.EnumMap<org.hemamet.contract.ResultRow.Metric, org.hemamet.contract.Interval>(
                org.hemamet.contract.ResultRow.Metric.class);
        m.put(
                org.hemamet.contract.ResultRow.Metric.CALIBRATION_SLOPE,
                new org.hemamet.contract.Interval(raw, raw - 0.2, raw + 0.2));
        m.put(org.hemamet.contract.ResultRow.Metric.CALIBRATED_SLOPE, new org.hemamet.contract.Interval(cal, lo, hi));
        return org.hemamet.contract.ResultRow.of(cell, "ok", "", null, 0.5, "fixed", m, 1);
    }

    @Test
    void summaryStatesTheCalibrationMethodTheSlopesAndFlagsCellsWhoseCiExcludesOne() {
        String text = RunSummaries.calibrationParagraph(
                StudyFixtures.tinyConfig(1),
                List.of(
                        slopes("T1", 0.5, 0.9, 0.4, 1.6),
                        slopes("T2", 0.4, 2.5, 1.2, 3.8),
                        slopes("STIR", 0.7, 1.1, 0.5, 1.9)));
        assertThat(text)
                .contains("Calibration: temperature (temperature scaling, Guo et al. ICML 2017")
                .contains("cross-fitted on the training part's out-of-fold scores (3 patient-grouped folds")
                .contains("median (range) over 3 cells: raw 0.50 (0.40–0.70), calibrated 1.10 (0.90–2.50)")
                .contains("Cells whose calibrated-slope CI excludes 1: T2 " + CMP + " 2.50 (1.20–3.80).")
                .doesNotContain("fold models the calibration was fitted on");
        assertThat(RunSummaries.calibrationParagraph(
                        StudyFixtures.tinyConfig(1),
                        List.of(slopes("T1", 0.5, 0.9, 0.4, 1.6)),
                        new double[] {0.9, 1.0, 1.3}))
                .contains("The fold models the calibration was fitted on, scored on the test sets and recalibrated the"
                        + " same way (cells/<id>/calibration_fit.csv, pooled over the folds): Cox slope 1.00 (0.90–1.30)"
                        + " over 3 cells.");
        assertThat(RunSummaries.calibrationParagraph(
                        StudyFixtures.tinyConfig(1), List.of(slopes("T1", 0.5, 0.9, 0.4, 1.6))))
                .contains("excludes 1: none.");
    }

    private static org.hemamet.contract.ResultRow auc(String seq, double auc, double lo, double hi) {
        var cell = new org.hemamet.contract.ResultRow.Cell(
                seq + "__" + CMP + "__r0", seq, CMP, 0, 10, 10, 20, 8, 0, 0, 0, false);
        var m = new java.util.EnumMap<org.hemamet.contract.ResultRow.Metric, org.hemamet.contract.Interval>(
                org.hemamet.contract.ResultRow.Metric.class);
        m.put(org.hemamet.contract.ResultRow.Metric.AUC, new org.hemamet.contract.Interval(auc, lo, hi));
        return org.hemamet.contract.ResultRow.of(cell, "ok", "", null, 0.5, "fixed", m, 1);
    }

    @Test
    void zeroWidthAucIntervalsAreNamedUnderTheTable() {
        var rows = List.of(auc("T1", 0.92, 0.85, 0.99), auc("T2", 1.0, 1.0, 1.0), auc("STIR", 0.999, 0.997, 1.0));
        assertThat(org.hemamet.contract.ResultRow.zeroWidthAucNote(rows))
                .contains("AUC intervals of zero width (1 cell: T2 " + CMP + ")")
                .contains("the DeLong and Obuchowski variance estimates these cells' version used are")
                .contains("not as certainty");
        assertThat(org.hemamet.contract.ResultRow.zeroWidthAucNote(rows.subList(0, 1)))
                .isEmpty();
        String md =
                RunSummaries.summary(StudyFixtures.tinyConfig(1), rows, Map.of(), List.of(), List.of(), new double[0]);
        assertThat(md).contains("AUC intervals of zero width (1 cell: T2 " + CMP + ")");
    }

    /** A CNN cell's outcome with these predictions. */
    private static CellRunner.CellOutcome outcome(String seq, List<PredictionRow> preds) {
        var cell = new org.hemamet.contract.ResultRow.Cell(
                seq + "__" + CMP + "__r0", seq, CMP, 0, 10, 10, 20, 8, 0, 0, 0, false);
        var row = org.hemamet.contract.ResultRow.of(cell, "ok", "", null, 0.5, "fixed", Map.of(), 1);
        return new CellRunner.CellOutcome(row.cellId(), "ok", 1, row, preds);
    }

    @Test
    void sequenceTestsCarryHolmAdjustedPValuesWithinTheirComparison() {
        // 20 lesions of 20 patients on T1, T2, STIR: 3 pairwise tests, one family
        List<CellRunner.CellOutcome> outcomes = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (String seq : List.of("T1", "T2", "STIR")) {
            double shift = seq.equals("T2") ? 2.5 : seq.equals("T1") ? 1.0 : 0.3;
            List<PredictionRow> preds = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int label = i % 2;
                double score = 1 / (1 + Math.exp(-(shift * label + random.nextGaussian())));
                preds.add(row(seq, "p" + i, label, score));
            }
            outcomes.add(outcome(seq, preds));
        }
        List<org.hemamet.contract.DeLongRow> rows = RunSummaries.delong(outcomes);
        assertThat(rows).hasSize(3);
        double[] adjusted = org.hemamet.metrics.Holm.adjust(rows.stream()
                .mapToDouble(org.hemamet.contract.DeLongRow::pValue)
                .toArray());
        for (int k = 0; k < rows.size(); k++) {
            assertThat(rows.get(k).pHolm())
                    .isEqualTo(adjusted[k])
                    .isGreaterThanOrEqualTo(rows.get(k).pValue());
        }
        // the smallest p is multiplied by the family size (3), unless capped at 1
        var smallest = rows.stream()
                .min(java.util.Comparator.comparingDouble(org.hemamet.contract.DeLongRow::pValue))
                .orElseThrow();
        assertThat(smallest.pHolm()).isEqualTo(Math.min(1, 3 * smallest.pValue()));
        String md =
                RunSummaries.summary(StudyFixtures.tinyConfig(1), List.of(), Map.of(), rows, List.of(), new double[0]);
        assertThat(md).contains("| p | p (Holm) |").contains("p (Holm): adjusted for the family of pairwise tests");
    }

    @Test
    void summarySaysWhichLesionsEachTableStandsOn() {
        List<PredictionRow> preds = predictions();
        String md = RunSummaries.summary(
                StudyFixtures.tinyConfig(1),
                List.of(),
                RunSummaries.testPatients(preds),
                List.of(),
                RunSummaries.commonLesions(preds),
                new double[0]);
        assertThat(md)
                .contains(RunSummaries.MAIN_CAPTION)
                .contains("| Sequence | Comparison | Test lesions |")
                .contains("## On the lesions imaged in all sequences")
                .contains("CI: Newcombe's score interval (Newcombe 2006; every patient has one common lesion).")
                .contains("| " + CMP + " | T1+T2 | 3/3 | 6 | T1 | 1.000 (0.501–1.000) |");
        assertThat(RunSummaries.testPatients(preds)).containsEntry("T1__" + CMP + "__r0", 8);
        assertThat(RunSummaries.testPatients(preds)).containsEntry("T2__" + CMP + "__r0", 7);
        assertThat(Map.of("x", RunSummaries.DELONG_CAPTION).get("x")).contains("pairwise intersection");
    }
}
