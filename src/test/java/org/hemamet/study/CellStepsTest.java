package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.cohort.Diagnosis;
import org.hemamet.cohort.Sequence;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.ResultRow.Metric;
import org.hemamet.contract.SearchTrial;
import org.hemamet.contract.SplitRow;
import org.hemamet.model.HyperParams;
import org.junit.jupiter.api.Test;

/** The steps of a cell, each alone and without a network: partition, choice of the search, evaluation. */
class CellStepsTest {
    static final CellId CELL = new CellId(Sequence.T1, Comparison.parse("hemangioma-vs-metastases"), 0);

    static List<DatasetSample> samples(int hemangiomas, int metastases) {
        List<DatasetSample> out = new ArrayList<>();
        for (int i = 0; i < hemangiomas + metastases; i++) {
            Diagnosis d = i < hemangiomas ? Diagnosis.HEMANGIOMA : Diagnosis.LUNG;
            for (Sequence s : List.of(Sequence.T1, Sequence.T2)) {
                String id = String.format("p%03d_L1_%s", i, s);
                out.add(new DatasetSample(
                        id,
                        String.format("p%03d", i),
                        "L1",
                        d,
                        s,
                        "crops/" + id + ".png",
                        "",
                        "rect",
                        0,
                        0,
                        8,
                        8,
                        0,
                        1,
                        "",
                        1.5,
                        500,
                        10,
                        Double.NaN,
                        0.8));
            }
        }
        return out;
    }

    static PatientSplit split(List<DatasetSample> samples, StudyConfig config) {
        List<PatientSplit.Item> items = samples.stream()
                .filter(s -> s.sequence() == Sequence.T1)
                .map(s ->
                        new PatientSplit.Item(s.patientKey(), CELL.comparison().label(s.diagnosis())))
                .toList();
        return PatientSplit.stratifiedGrouped(items, config.testFraction(), 11);
    }

    @Test
    void partitionKeepsPatientsApartBalancesAndRecordsEveryLesionOnce() {
        StudyConfig config = StudyFixtures.tinyConfig(3);
        List<DatasetSample> samples = samples(10, 24);
        CellPartition p = CellPartition.of(CELL, samples, split(samples, config), config);
        assertThat(p.insufficient()).isNull();
        int[] train = CellPartition.counts(p.train());
        int[] test = CellPartition.counts(p.test());
        assertThat(train[0]).isEqualTo(train[1]);
        assertThat(test[0]).isEqualTo(test[1]);
        assertThat(p.innerTrain().size() + p.validation().size())
                .isEqualTo(p.train().size());
        List<SplitRow> rows = p.splitRows();
        assertThat(rows).hasSize(34).extracting(SplitRow::sampleId).doesNotHaveDuplicates();
        assertThat(rows.stream().filter(r -> r.partition().equals(SplitRow.DROPPED)))
                .hasSize(p.dropped().size())
                .allSatisfy(r -> assertThat(r.inner()).isEmpty());
        assertThat(rows.stream().filter(r -> SplitRow.VALIDATION.equals(r.inner())))
                .hasSize(p.validation().size());
        Set<String> trainPatients = new HashSet<>();
        rows.stream().filter(r -> r.partition().equals(SplitRow.TRAIN)).forEach(r -> trainPatients.add(r.patientKey()));
        assertThat(rows.stream()
                        .filter(r -> r.partition().equals(SplitRow.TEST))
                        .map(SplitRow::patientKey))
                .doesNotContainAnyElementsOf(trainPatients);
        ResultRow.Cell cell = p.rowCell(CELL);
        assertThat(cell.nTrainNeg() + cell.nTrainPos()).isEqualTo(p.train().size());
        assertThat(cell.nDropped()).isEqualTo(p.dropped().size()).isPositive();
    }

    @Test
    void aPartitionTooSmallSaysWhy() {
        StudyConfig config = StudyFixtures.tinyConfig(3);
        List<DatasetSample> samples = samples(3, 3);
        CellPartition p = CellPartition.of(CELL, samples, split(samples, config), config);
        assertThat(p.insufficient())
                .startsWith("cell T1__hemangioma-vs-metastases__r0: too few lesions to split and balance (hemangioma/"
                        + "metastases: inner-train ");
    }

    @Test
    void searchChoosesTheHighestValidationAucThenTheLowerLossAndRecordsEveryTrial() {
        HyperParams a = new HyperParams(1e-3, 8, 2, 0.5);
        HyperParams b = new HyperParams(3e-3, 8, 2, 0.5);
        HyperParams c = new HyperParams(1e-2, 8, 2, 0.5);
        SearchOutcome o = SearchOutcome.choose(
                List.of(
                        SearchOutcome.Trial.scored(a, new double[] {0.1}, 0.8, 0.5, 0.7),
                        SearchOutcome.Trial.diverged(b, "loss NaN"),
                        SearchOutcome.Trial.scored(c, new double[] {0.2}, 0.8, 0.4, 0.7)),
                new int[] {1});
        assertThat(o.chosen()).isEqualTo(c);
        assertThat(o.validationScores()).containsExactly(0.2);
        assertThat(o.trials()).extracting(SearchTrial::chosen).containsExactly(false, false, true);
        assertThat(o.trials().get(1).note()).isEqualTo("diverged: loss NaN");
        assertThat(o.trials().get(1).valAuc()).isNaN();
        assertThat(o.hyper()).isEqualTo(new ResultRow.Hyper(1e-2, 8, 2, 0.5));

        SearchOutcome none = SearchOutcome.choose(
                List.of(SearchOutcome.Trial.diverged(a, "loss NaN"), SearchOutcome.Trial.diverged(b, "x")),
                new int[] {1});
        assertThat(none.allDiverged()).isTrue();
        assertThat(none.hyper()).isNull();
        assertThat(none.trials()).extracting(SearchTrial::chosen).containsOnlyNulls();
        assertThat(none.divergence()).isEqualTo("every search trial diverged (first: loss NaN)");
    }

    @Test
    void evaluationGivesEveryMetricAPredictionPerTestLesionAndACalibrationFittedOnValidation() {
        StudyConfig config = StudyFixtures.tinyConfig(3);
        List<DatasetSample> samples = samples(10, 24);
        CellPartition p = CellPartition.of(CELL, samples, split(samples, config), config);
        int n = p.test().size();
        int[] labels = p.test().stream().mapToInt(CellPartition.Case::label).toArray();
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = labels[i] == 1 ? 0.6 + 0.01 * i : 0.45 - 0.01 * i;
        }
        SearchOutcome search = new SearchOutcome(
                List.of(), new HyperParams(1e-3, 8, 2, 0.5), new double[] {0.2, 0.3, 0.7, 0.6}, new int[] {0, 1, 1, 0});
        CellEvaluation ev = CellEvaluation.of(CELL, p.test(), labels, scores, search, 5, 50);
        assertThat(ev.metrics()).containsOnlyKeys(Metric.values());
        assertThat(ev.metrics().get(Metric.ACCURACY).value()).isEqualTo(1.0);
        assertThat(ev.predictions().stream().mapToInt(PredictionRow::predicted).toArray())
                .containsExactly(labels);
        assertThat(ev.calibration().nFit()).isEqualTo(4);
        assertThat(ev.calibration().fitPrevalence()).isEqualTo(0.5);
        assertThat(ev.confusion().tp() + ev.confusion().tn()).isEqualTo(n);
        assertThat(ev.roc().thresholds()[0]).isEqualTo(Double.MAX_VALUE);
    }
}
