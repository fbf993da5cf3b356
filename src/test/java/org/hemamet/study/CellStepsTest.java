package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
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
                out.add(DatasetSample.builder(id, String.format("p%03d", i), "L1", d, s, "crops/" + id + ".png")
                        .roi("rect", 0, 0, 8, 8)
                        .acquisition("", 1.5, 500, 10, Double.NaN, 0.8)
                        .build());
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
    void partitionKeepsPatientsApartBalancesTheTrainingPartOnlyAndRecordsEveryLesionOnce() {
        StudyConfig config = StudyFixtures.tinyConfig(3);
        List<DatasetSample> samples = samples(10, 24);
        PatientSplit split = split(samples, config);
        CellPartition p = CellPartition.of(CELL, samples, split, config);
        assertThat(p.insufficient()).isNull();
        int[] train = CellPartition.counts(p.train());
        int[] test = CellPartition.counts(p.test());
        assertThat(train[0]).isEqualTo(train[1]);
        // the test part keeps every T1 lesion of the test patients, at its natural prevalence
        long testLesions = samples.stream()
                .filter(s -> s.sequence() == Sequence.T1 && split.heldOut().contains(s.patientKey()))
                .count();
        assertThat(p.test()).hasSize((int) testLesions);
        assertThat(test[0]).isNotEqualTo(test[1]);
        assertThat(p.droppedTest()).isZero();
        assertThat(p.testBalanced()).isFalse();
        assertThat(p.innerTrain().size() + p.validation().size())
                .isEqualTo(p.train().size());
        List<SplitRow> rows = p.splitRows();
        assertThat(rows).hasSize(34).extracting(SplitRow::sampleId).doesNotHaveDuplicates();
        assertThat(rows.stream().filter(r -> r.partition().equals(SplitRow.DROPPED)))
                .hasSize(p.dropped().size())
                .allSatisfy(r -> assertThat(r.inner()).isEmpty())
                .allSatisfy(r -> assertThat(r.droppedFrom()).isEqualTo(SplitRow.TRAIN));
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
        assertThat(cell.nDroppedTrain()).isEqualTo(cell.nDropped());
        assertThat(cell.nDroppedTest()).isZero();
        assertThat(cell.testBalanced()).isFalse();
    }

    @Test
    void balanceTestDownsamplesTheTestPartTooAndSaysWhereEachDroppedLesionCameFrom() {
        StudyConfig config = StudyFixtures.tinyConfig(3, true, 3);
        List<DatasetSample> samples = samples(10, 24);
        PatientSplit split = split(samples, config);
        CellPartition p = CellPartition.of(CELL, samples, split, config);
        int[] test = CellPartition.counts(p.test());
        assertThat(test[0]).isEqualTo(test[1]);
        long testLesions = samples.stream()
                .filter(s -> s.sequence() == Sequence.T1 && split.heldOut().contains(s.patientKey()))
                .count();
        assertThat(p.test().size() + p.droppedTest()).isEqualTo((int) testLesions);
        assertThat(p.droppedTest()).isPositive();
        assertThat(p.splitRows().stream().filter(r -> SplitRow.TEST.equals(r.droppedFrom())))
                .hasSize(p.droppedTest())
                .allSatisfy(r -> assertThat(split.heldOut()).contains(r.patientKey()));
        ResultRow.Cell cell = p.rowCell(CELL);
        assertThat(cell.nDroppedTest()).isEqualTo(p.droppedTest());
        assertThat(cell.nDroppedTrain() + cell.nDroppedTest()).isEqualTo(cell.nDropped());
        assertThat(cell.testBalanced()).isTrue();
    }

    @Test
    void inKFoldEveryLesionOfADownsampledCellIsTestedExactlyOnce() {
        StudyConfig base = StudyFixtures.tinyConfig(3);
        StudyConfig config = base.toBuilder().repeats(1).folds(3).build();
        List<DatasetSample> samples = samples(10, 24);
        List<PatientSplit.Item> items = samples.stream()
                .filter(s -> s.sequence() == Sequence.T1)
                .map(s ->
                        new PatientSplit.Item(s.patientKey(), CELL.comparison().label(s.diagnosis())))
                .toList();
        List<Set<String>> folds = PatientSplit.stratifiedGroupedFolds(items, 3, 5);
        List<List<CellPartition.Case>> tested = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            CellId cell = new CellId(Sequence.T1, CELL.comparison(), f);
            tested.add(CellPartition.of(cell, samples, PatientSplit.ofFold(folds, f), config)
                    .test());
        }
        List<CellPartition.Case> lesions = CellPartition.lesionsOf(CELL, samples);
        assertThat(tested.stream().mapToInt(List::size).sum())
                .isEqualTo(lesions.size())
                .isEqualTo(34);
        CellPartition.assertTestedOnce(CELL, lesions, tested);
        // the check fails when a fold's test part misses a lesion or holds one twice
        List<List<CellPartition.Case>> broken = new ArrayList<>(tested);
        broken.set(0, tested.get(0).subList(1, tested.get(0).size()));
        assertThatThrownBy(() -> CellPartition.assertTestedOnce(CELL, lesions, broken))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 never tested");
        broken.set(0, tested.get(1));
        assertThatThrownBy(() -> CellPartition.assertTestedOnce(CELL, lesions, broken))
                .hasMessageContaining("tested more than once");
    }

    @Test
    void thePatientSplitDoesNotDependOnWhichSequencesTheStudyLists() {
        // every third patient has no T1 image: a split over the listed sequences only would differ
        List<DatasetSample> samples = samples(10, 24).stream()
                .filter(s -> !(s.sequence() == Sequence.T1
                        && Integer.parseInt(s.patientKey().substring(1)) % 3 == 0))
                .toList();
        StudyConfig both = StudyFixtures.tinyConfig(3);
        StudyConfig t1Only = StudyConfig.builder()
                .profile(both.profile())
                .seed(both.seed())
                .sequences(List.of(Sequence.T1))
                .comparisons(both.comparisons())
                .balancing(both.balancing())
                .testFraction(both.testFraction())
                .repeats(both.repeats())
                .inputSize(both.inputSize())
                .augmentation(both.augmentation())
                .search(both.search())
                .bootstrap(both.bootstrap())
                .folds(both.folds())
                .balanceTest(both.balanceTest())
                .calibrationFolds(both.calibrationFolds())
                .build();
        Path dir = Path.of("target", "unused-run");
        CropLoader unused = new CropLoader(dir, both.inputSize()); // the split reads no crop
        PatientSplit a = new CellRunner(both, samples, unused, dir).splitFor(CELL.comparison(), 0);
        PatientSplit b = new CellRunner(t1Only, samples, unused, dir).splitFor(CELL.comparison(), 0);
        assertThat(b).isEqualTo(a);
        // the patients without T1 are split too (the split is over every sequence's lesions)
        assertThat(a.train().size() + a.heldOut().size()).isEqualTo(34);
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
                        // a: the lower loss before batch-norm re-estimation, c: the lower loss of the model
                        SearchOutcome.Trial.scored(a, 2, new double[] {0.1}, new int[] {1}, 0.8, 0.3, 0.7),
                        SearchOutcome.Trial.diverged(b, 2, "loss NaN"),
                        SearchOutcome.Trial.scored(c, 2, new double[] {0.2}, new int[] {1}, 0.8, 0.4, 0.7)),
                new int[] {1});
        assertThat(o.chosen()).isEqualTo(c);
        assertThat(o.trials().get(0).valLossFinal()).isCloseTo(-Math.log(0.1), within(1e-12));
        assertThat(o.trials().get(2).valLossFinal()).isCloseTo(-Math.log(0.2), within(1e-12));
        assertThat(o.trials().get(0).valLoss()).isEqualTo(0.3);
        assertThat(o.validationScores()).containsExactly(0.2);
        assertThat(o.trials()).extracting(SearchTrial::chosen).containsExactly(false, false, true);
        assertThat(o.trials().get(1).note()).isEqualTo("diverged: loss NaN");
        assertThat(o.trials().get(1).valAuc()).isNaN();
        assertThat(o.hyper()).isEqualTo(new ResultRow.Hyper(1e-2, 8, 2, 0.5));

        SearchOutcome none = SearchOutcome.choose(
                List.of(SearchOutcome.Trial.diverged(a, 2, "loss NaN"), SearchOutcome.Trial.diverged(b, 2, "x")),
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
        CellEvaluation ev = CellEvaluation.of(
                CELL, p.test(), labels, scores, CalibrationFit.ofValidation(search, List.of()), Double.NaN, 5, 50);
        assertThat(ev.metrics()).containsOnlyKeys(Metric.values());
        assertThat(ev.metrics().get(Metric.ACCURACY).value()).isEqualTo(1.0);
        assertThat(ev.predictions().stream().mapToInt(PredictionRow::predicted).toArray())
                .containsExactly(labels);
        assertThat(ev.calibration().nFit()).isEqualTo(4);
        assertThat(ev.calibration().fitPrevalence()).isEqualTo(0.5);
        assertThat(ev.confusion().tp() + ev.confusion().tn()).isEqualTo(n);
        assertThat(ev.roc().thresholds()[0]).isEqualTo(Double.MAX_VALUE);
        assertThat(ev.calibratedPrevalence()).isEqualTo(0.5); // NaN target: left at the fit set's

        // moved to a target prevalence: every calibrated probability by the same prior log-odds, metrics on those
        CellEvaluation at30 = CellEvaluation.of(
                CELL, p.test(), labels, scores, CalibrationFit.ofValidation(search, List.of()), 0.3, 5, 50);
        assertThat(at30.calibratedPrevalence()).isEqualTo(0.3);
        double shift = Math.log(0.3 / 0.7);
        for (int i = 0; i < n; i++) {
            assertThat(logit(at30.predictions().get(i).calibrated())
                            - logit(ev.predictions().get(i).calibrated()))
                    .isCloseTo(shift, within(1e-9));
            assertThat(at30.predictions().get(i).score())
                    .isEqualTo(ev.predictions().get(i).score());
        }
        double brier = 0;
        for (int i = 0; i < n; i++) {
            double c = at30.predictions().get(i).calibrated();
            brier += (c - labels[i]) * (c - labels[i]) / n;
        }
        assertThat(at30.metrics().get(Metric.CALIBRATED_BRIER).value()).isCloseTo(brier, within(1e-12));
        assertThat(at30.metrics().get(Metric.CALIBRATED_SLOPE).value())
                .isCloseTo(ev.metrics().get(Metric.CALIBRATED_SLOPE).value(), within(1e-6)); // a shift keeps the slope
        assertThat(at30.metrics().get(Metric.AUC)).isEqualTo(ev.metrics().get(Metric.AUC));
        // the fitted calibration is the same: the move is applied, not fitted
        assertThat(at30.calibration().slope()).isEqualTo(ev.calibration().slope());
        assertThat(at30.calibration().intercept()).isEqualTo(ev.calibration().intercept());
        assertThat(at30.calibration().fitPrevalence())
                .isEqualTo(ev.calibration().fitPrevalence());
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }
}
