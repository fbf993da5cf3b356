package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hemamet.contract.DeLongRow;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.metrics.ClusteredAuc;
import org.hemamet.metrics.DeLong;
import org.junit.jupiter.api.Test;

/** delong.csv's test: DeLong with one lesion per patient, Obuchowski when a patient has several. */
class DeLongRowsTest {
    private static final String CMP = "hemangioma-vs-metastases";

    private static final int[] LABELS = {0, 0, 0, 1, 1, 1, 0, 1, 0, 1, 1, 0};
    private static final double[] T1 = {0.1, 0.4, 0.35, 0.8, 0.7, 0.3, 0.2, 0.9, 0.6, 0.55, 0.65, 0.45};
    private static final double[] T2 = {0.2, 0.3, 0.5, 0.6, 0.9, 0.4, 0.1, 0.7, 0.3, 0.8, 0.5, 0.35};

    private static CellRunner.CellOutcome outcome(String seq, double[] scores, String[] patients) {
        String id = seq + "__" + CMP + "__r0";
        ResultRow row = ResultRow.of(
                new ResultRow.Cell(id, seq, CMP, 0, 1, 1, 6, 6, 0, 0, 0, false),
                ResultRow.OK,
                "",
                null,
                null,
                null,
                Map.of(),
                0);
        List<PredictionRow> preds = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            preds.add(new PredictionRow(
                    id,
                    seq,
                    CMP,
                    0,
                    "s" + i,
                    patients[i],
                    "L" + i,
                    "x",
                    LABELS[i],
                    scores[i],
                    0,
                    "c",
                    null,
                    ResultRow.CNN));
        }
        return new CellRunner.CellOutcome(id, ResultRow.OK, 0, row, preds);
    }

    private static List<DeLongRow> rows(String[] patients) {
        return RunSummaries.delong(List.of(outcome("T1", T1, patients), outcome("T2", T2, patients)));
    }

    @Test
    void onePatientPerLesionIsDeLong() {
        String[] patients = new String[LABELS.length];
        for (int i = 0; i < patients.length; i++) {
            patients[i] = "p" + i;
        }
        DeLongRow r = rows(patients).get(0);
        DeLong.Comparison d = DeLong.pairedTest(LABELS, T1, T2);
        assertThat(r.method()).isEqualTo("delong-paired");
        assertThat(r.pValue()).isCloseTo(d.pValue(), offset(1e-12));
        assertThat(r.z()).isCloseTo(d.z(), offset(1e-12));
    }

    @Test
    void severalLesionsOfAPatientMakeItObuchowski() {
        String[] patients = new String[LABELS.length];
        for (int i = 0; i < patients.length; i++) {
            patients[i] = "p" + (i / 2);
        }
        // lesions 2k and 2k+1 share a patient (their keys sort in index order)
        DeLongRow r = rows(patients).get(0);
        assertThat(r.method()).isEqualTo("obuchowski-paired");
        assertThat(r.paired()).isTrue();
        assertThat(r.nCommon()).isEqualTo(LABELS.length);
        assertThat(r.aucA()).isEqualTo(DeLong.pairedTest(LABELS, T1, T2).aucA());
        assertThat(r.pValue())
                .isCloseTo(
                        ClusteredAuc.pairedTest(LABELS, T1, T2, patients, 0.95).pValue(), offset(1e-12));
    }
}
