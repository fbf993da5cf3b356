package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hemamet.contract.CommonLesionRow;
import org.hemamet.contract.PredictionRow;
import org.hemamet.metrics.DeLong;
import org.hemamet.metrics.Estimate;
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
        Estimate t1 = DeLong.auc(labels, new double[] {0.2, 0.4, 0.7, 0.6, 0.9, 0.3}, 0.95);
        Estimate t2 = DeLong.auc(labels, new double[] {0.1, 0.8, 0.6, 0.4, 0.7, 0.2}, 0.95);
        for (CommonLesionRow r : rows) {
            assertThat(r.comparison()).isEqualTo(CMP);
            assertThat(r.sequences()).isEqualTo("T1+T2");
            assertThat(r.nCommonNeg()).isEqualTo(3);
            assertThat(r.nCommonPos()).isEqualTo(3);
            assertThat(r.nPatients()).isEqualTo(6);
        }
        assertThat(rows.get(0).auc()).isEqualTo(t1.value()).isEqualTo(1.0);
        assertThat(rows.get(0).aucLo()).isEqualTo(t1.lower());
        assertThat(rows.get(1).auc()).isEqualTo(t2.value());
        assertThat(rows.get(1).aucHi()).isEqualTo(t2.upper());
        // on all of its own lesions T1's AUC is lower: the common set really is the intersection
        double[] all = {0.2, 0.4, 0.7, 0.6, 0.9, 0.3, 0.95, 0.05};
        assertThat(DeLong.auc(new int[] {0, 0, 1, 1, 1, 0, 0, 1}, all, 0.95).value())
                .isLessThan(rows.get(0).auc());
    }

    @Test
    void summarySaysWhichLesionsEachTableStandsOn() {
        List<PredictionRow> preds = predictions();
        String md = RunSummaries.summary(
                StudyFixtures.tinyConfig(1),
                List.of(),
                RunSummaries.testPatients(preds),
                List.of(),
                RunSummaries.commonLesions(preds));
        assertThat(md)
                .contains(RunSummaries.MAIN_CAPTION)
                .contains("| Sequence | Comparison | Test lesions |")
                .contains("## On the lesions imaged in all sequences")
                .contains("| " + CMP + " | T1+T2 | 3/3 | 6 | T1 | 1.000 (1.000–1.000) |");
        assertThat(RunSummaries.testPatients(preds)).containsEntry("T1__" + CMP + "__r0", 8);
        assertThat(RunSummaries.testPatients(preds)).containsEntry("T2__" + CMP + "__r0", 7);
        assertThat(Map.of("x", RunSummaries.DELONG_CAPTION).get("x")).contains("pairwise intersection");
    }
}
