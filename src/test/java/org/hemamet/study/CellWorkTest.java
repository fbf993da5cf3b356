package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hemamet.study.EarlyFusionTest.sample;

import java.util.ArrayList;
import java.util.List;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.cohort.Diagnosis;
import org.hemamet.cohort.Sequence;
import org.junit.jupiter.api.Test;

class CellWorkTest {
    private static final Comparison ALL = Comparison.parse("hemangioma-vs-metastases");
    private static final Comparison LUNG = Comparison.parse("hemangioma-vs-lung");
    private static final Comparison MYELOMA = Comparison.parse("hemangioma-vs-myeloma");

    /** 10 hemangiomas on T1 and T2 (T2 for patients 0-5 only), 4 lung and 8 myeloma lesions on T1. */
    private static List<DatasetSample> cohort() {
        List<DatasetSample> s = new ArrayList<>();
        for (int p = 0; p < 10; p++) {
            s.add(sample(p, "L1", Sequence.T1, Diagnosis.HEMANGIOMA));
            if (p < 6) {
                s.add(sample(p, "L1", Sequence.T2, Diagnosis.HEMANGIOMA));
            }
        }
        for (int p = 10; p < 14; p++) {
            s.add(sample(p, "L1", Sequence.T1, Diagnosis.LUNG));
            s.add(sample(p, "L1", Sequence.T2, Diagnosis.LUNG));
        }
        for (int p = 14; p < 22; p++) {
            s.add(sample(p, "L1", Sequence.T1, Diagnosis.MYELOMA));
        }
        return s;
    }

    @Test
    void theWorkIsTwiceTheSmallerClassOfTheCellsTrainingUnits() {
        List<DatasetSample> s = cohort();
        assertThat(CellWork.estimate(new CellId(Sequence.T1, ALL, 0), s)).isEqualTo(20); // 10 hem, 12 metastases
        assertThat(CellWork.estimate(new CellId(Sequence.T1, LUNG, 0), s)).isEqualTo(8); // 10 hem, 4 lung
        assertThat(CellWork.estimate(new CellId(Sequence.T2, MYELOMA, 0), s)).isZero(); // no myeloma on T2
        // early-fused: one unit per lesion whatever its sequences: 10 hemangiomas, 12 metastases
        assertThat(CellWork.estimate(CellId.earlyFused(List.of(Sequence.T1, Sequence.T2), ALL, 0), s))
                .isEqualTo(20);
    }

    @Test
    void theLargestCellsStartFirstAndEqualOnesKeepTheirRunOrder() {
        CellId t1Lung = new CellId(Sequence.T1, LUNG, 0);
        CellId t2Lung = new CellId(Sequence.T2, LUNG, 0);
        CellId t1All = new CellId(Sequence.T1, ALL, 0);
        CellId t1Myeloma = new CellId(Sequence.T1, MYELOMA, 0);
        CellId t1AllAgain = new CellId(Sequence.T1, ALL, 1);
        List<CellId> runOrder = List.of(t1Lung, t2Lung, t1All, t1Myeloma, t1AllAgain);
        assertThat(CellWork.largestFirst(runOrder, cohort()))
                .containsExactly(t1All, t1AllAgain, t1Myeloma, t1Lung, t2Lung);
    }
}
