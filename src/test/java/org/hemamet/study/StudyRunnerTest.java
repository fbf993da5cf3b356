package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hemamet.contract.CellResult;
import org.hemamet.contract.DeLongRow;
import org.hemamet.contract.HistoryRow;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.contract.RunProvenance;
import org.hemamet.contract.SearchTrial;
import org.hemamet.contract.SplitRow;
import org.hemamet.core.HemametException;
import org.hemamet.core.TestTrees;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end protocol on small synthetic datasets (fast: 32x32 inputs, a few epochs). */
class StudyRunnerTest {
    @TempDir
    static Path tmp;

    static Path dataset;
    static Path run;
    static List<CellRunner.CellOutcome> outcomes;

    @BeforeAll
    static void runOnce() throws Exception {
        dataset = StudyFixtures.separable(tmp.resolve("ds"), 24, 40, 32, 1, false);
        run = tmp.resolve("run");
        outcomes = new StudyRunner(StudyFixtures.tinyConfig(7), dataset, run, null).run();
    }

    @Test
    void writesEveryRunFileAndOneRowPerCell() throws Exception {
        for (String f : List.of(
                "study.json", "provenance.json", "results.csv", "predictions.csv", "delong.csv", "summary.md")) {
            assertThat(run.resolve(f)).isRegularFile();
        }
        List<ResultRow> rows = RunFiles.readResults(run);
        assertThat(rows)
                .extracting(ResultRow::cellId)
                .containsExactly("T1__hemangioma-vs-metastases__r0", "T2__hemangioma-vs-metastases__r0");
        for (String cell : List.of("T1__hemangioma-vs-metastases__r0", "T2__hemangioma-vs-metastases__r0")) {
            Path d = run.resolve("cells").resolve(cell);
            for (String f : List.of(
                    "result.json",
                    "history.csv",
                    "search.csv",
                    "split.csv",
                    "predictions.csv",
                    "model/model.params",
                    "model/metadata.json")) {
                assertThat(d.resolve(f)).isRegularFile();
            }
            assertThat(RunFiles.readSearch(d))
                    .hasSize(2)
                    .filteredOn(r -> Boolean.TRUE.equals(r.chosen()))
                    .hasSize(1);
        }
        String prov = Files.readString(run.resolve("provenance.json"));
        assertThat(prov).contains("\"seed\" : 7", "dataset_sha256", "djl_version", "pytorch_version", "java_version");
        assertThat(prov)
                .contains("\"aten_cpu_capability\"", "\"onednn_cpu_isa\"", "\"cpu_flags\"")
                .contains("\"pytorch_inter_op_threads\"");
        assertThat(Files.readString(run.resolve("summary.md")))
                .contains("| T1 | hemangioma-vs-metastases | all test lesions with a T1 image, ")
                .contains("## On the lesions imaged in all sequences");
        // both sequences of the comparison, on the same (common) lesions
        var common = RunFiles.readCommonLesions(run);
        assertThat(common).extracting(c -> c.sequence()).containsExactly("T1", "T2");
        assertThat(common.get(0).nCommonPos())
                .isEqualTo(common.get(1).nCommonPos())
                .isPositive();
        assertThat(Files.readString(run.resolve("summary.md")))
                .contains("Balancing: downsampling balanced the training part only")
                .contains("test lesions (results.csv n_dropped_train, n_dropped_test");
    }

    @Test
    void everyRunFileReadsBackIntoTheRecordsItWasWrittenFrom() throws Exception {
        // run level: the same typed values as the outcomes, and writing them again gives the same bytes
        assertThat(RunFiles.readResults(run))
                .containsExactlyElementsOf(
                        outcomes.stream().map(CellRunner.CellOutcome::row).toList());
        assertThat(RunFiles.readPredictions(run))
                .containsExactlyElementsOf(
                        outcomes.stream().flatMap(o -> o.predictions().stream()).toList());
        assertRewritesIdentically(run.resolve(RunFiles.RESULTS), ResultRow.class);
        assertRewritesIdentically(run.resolve(RunFiles.PREDICTIONS), PredictionRow.class);
        assertRewritesIdentically(run.resolve(RunFiles.DELONG), DeLongRow.class);
        assertThat(RunFiles.readDeLong(run))
                .hasSize(1)
                .allSatisfy(d -> assertThat(d.paired()).isTrue());
        for (CellRunner.CellOutcome o : outcomes) {
            Path cell = RunFiles.cellDir(run, o.cellId());
            assertRewritesIdentically(cell.resolve(RunFiles.SPLIT), SplitRow.class);
            assertRewritesIdentically(cell.resolve(RunFiles.SEARCH), SearchTrial.class);
            assertRewritesIdentically(cell.resolve(RunFiles.HISTORY), HistoryRow.class);
            assertRewritesIdentically(cell.resolve(RunFiles.PREDICTIONS), PredictionRow.class);
            assertThat(RunFiles.readPredictions(cell)).isEqualTo(o.predictions());
            assertThat(RunFiles.readHistory(cell))
                    .hasSize(6)
                    .allSatisfy(h -> assertThat(h.valLoss()).isNull());
            // a resumed cell holds the same typed values as the fresh one
            CellRunner.CellOutcome resumed = CellRunner.readOutcome(cell);
            assertThat(resumed.row()).isEqualTo(o.row());
            assertThat(resumed.predictions()).isEqualTo(o.predictions());
            CellResult result = RunFiles.readCellResult(cell);
            assertThat(RunFiles.json(result)).isEqualTo(Files.readString(cell.resolve(RunFiles.RESULT)));
            assertThat(result.confusion().tp() + result.confusion().fn())
                    .isEqualTo((long) o.row().nTestPos());
            assertThat(result.calibration().nFit()).isPositive();
        }
        RunProvenance prov = RunFiles.readProvenance(run);
        assertThat(prov.seed()).isEqualTo(7L);
        assertThat(prov.cellSeconds())
                .containsOnlyKeys(
                        outcomes.stream().map(CellRunner.CellOutcome::cellId).toList());
        assertThat(RunFiles.json(prov)).isEqualTo(Files.readString(run.resolve(RunFiles.PROVENANCE)));
        assertThat(StudyConfig.ofRun(run)).isEqualTo(StudyFixtures.tinyConfig(7));
    }

    private static <T> void assertRewritesIdentically(Path file, Class<T> type) throws Exception {
        assertThat(RunFiles.csv(type, org.hemamet.core.Csv.read(file, type)))
                .as(file.toString())
                .isEqualTo(Files.readString(file));
    }

    @Test
    void separableCohortIsLearnedWithCis() {
        for (CellRunner.CellOutcome o : outcomes) {
            assertThat(o.status()).isEqualTo("ok");
            double auc = o.row().auc();
            assertThat(auc).as(o.cellId()).isGreaterThanOrEqualTo(0.95);
            assertThat(o.row().aucLo()).isLessThanOrEqualTo(auc);
            assertThat(o.row().accuracyHi()).isGreaterThanOrEqualTo(o.row().accuracy());
        }
    }

    @Test
    void plattCalibrationIsCrossFittedOnTheTrainingPartAndAppliedToTheTestScores() throws Exception {
        for (CellRunner.CellOutcome o : outcomes) {
            Path cell = run.resolve("cells").resolve(o.cellId());
            var result = org.hemamet.core.Json.mapper()
                    .readTree(cell.resolve("result.json").toFile());
            var cal = result.get("calibration");
            assertThat(cal.get("method").asText()).isEqualTo("temperature");
            assertThat(cal.get("intercept").asDouble()).isZero();
            // fitted on exactly the training lesions' out-of-fold scores (never the test set)
            long train = RunFiles.readSplit(cell).stream()
                    .filter(r -> SplitRow.TRAIN.equals(r.partition()))
                    .count();
            assertThat(cal.get("n_fit").asLong())
                    .isEqualTo(train)
                    .isEqualTo(o.row().nTrainNeg() + o.row().nTrainPos());
            assertThat(cal.get("folds").asInt()).isEqualTo(3);
            assertThat(cal.get("fitted_on").asText()).startsWith("out-of-fold scores of the training part");
            assertThat(cal.get("slope").asDouble()).isFinite();
            // calibration_fit.csv: every training lesion once with its out-of-fold score (the fit reproduces the
            // recorded slope from exactly these rows), then each fold model's score of every test lesion
            List<org.hemamet.contract.CalibrationFitRow> fitRows = RunFiles.readCalibrationFit(cell);
            List<org.hemamet.contract.CalibrationFitRow> fitPart =
                    fitRows.stream().filter(r -> r.part().equals("fit")).toList();
            assertThat(fitPart)
                    .extracting(org.hemamet.contract.CalibrationFitRow::sampleId)
                    .containsExactlyInAnyOrderElementsOf(RunFiles.readSplit(cell).stream()
                            .filter(r -> SplitRow.TRAIN.equals(r.partition()))
                            .map(SplitRow::sampleId)
                            .toList());
            assertThat(fitPart)
                    .extracting(org.hemamet.contract.CalibrationFitRow::fold)
                    .containsOnly(0, 1, 2);
            var refit = org.hemamet.metrics.LogisticCalibration.temperature(
                    fitPart.stream()
                            .mapToInt(org.hemamet.contract.CalibrationFitRow::label)
                            .toArray(),
                    fitPart.stream()
                            .mapToDouble(org.hemamet.contract.CalibrationFitRow::score)
                            .toArray());
            assertThat(refit.slope()).isEqualTo(cal.get("slope").asDouble());
            assertThat(fitRows.stream().filter(r -> r.part().equals("test")).count())
                    .isEqualTo(3L * RunFiles.readPredictions(cell).size());
            if (cal.get("test").get("cox_note").asText().isEmpty()) {
                assertThat(o.row().calibratedSlope()).isFinite();
            }
            // applied moved from the fit set's prevalence to the training part's before balancing (split.csv)
            List<SplitRow> split = RunFiles.readSplit(cell);
            long nDev = split.stream()
                    .filter(r -> SplitRow.TRAIN.equals(r.partition())
                            || (SplitRow.DROPPED.equals(r.partition()) && SplitRow.TRAIN.equals(r.droppedFrom())))
                    .count();
            long posDev = split.stream()
                    .filter(r -> SplitRow.TRAIN.equals(r.partition())
                            || (SplitRow.DROPPED.equals(r.partition()) && SplitRow.TRAIN.equals(r.droppedFrom())))
                    .filter(r -> r.label() == 1)
                    .count();
            assertThat(o.row().calibratedPrevalence()).isEqualTo(posDev / (double) nDev);
            assertThat(cal.get("development_prevalence").get("value").asDouble())
                    .isEqualTo(posDev / (double) nDev);
            org.hemamet.metrics.LogisticCalibration platt = new org.hemamet.metrics.LogisticCalibration(
                            cal.get("intercept").asDouble(), cal.get("slope").asDouble(), 0, 0, "", 0, 0)
                    .atPrevalence(cal.get("fit_prevalence").asDouble(), posDev / (double) nDev);
            List<PredictionRow> preds = RunFiles.readPredictions(cell);
            assertThat(preds).isNotEmpty();
            double brier = 0;
            for (PredictionRow p : preds) {
                double calibrated = p.calibrated();
                assertThat(calibrated).isCloseTo(platt.apply(p.score()), within(1e-12));
                double y = p.label();
                brier += (calibrated - y) * (calibrated - y);
            }
            assertThat(o.row().calibratedBrier()).isCloseTo(brier / preds.size(), within(1e-12));
            assertThat(cal.get("test").get("brier_calibrated").asDouble())
                    .isCloseTo(brier / preds.size(), within(1e-12));
            // the model bundle carries the same calibration for predict
            var md = org.hemamet.core.Json.mapper()
                    .readTree(cell.resolve("model/metadata.json").toFile());
            assertThat(md.get("calibration").get("slope").asDouble())
                    .isEqualTo(cal.get("slope").asDouble());
            assertThat(md.get("calibration").get("fit_prevalence").asDouble()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void noPatientIsInBothTrainAndTestOfAnyCell() throws Exception {
        for (CellRunner.CellOutcome o : outcomes) {
            List<SplitRow> split = RunFiles.readSplit(RunFiles.cellDir(run, o.cellId()));
            Set<Object> train = new HashSet<>();
            Set<Object> test = new HashSet<>();
            for (SplitRow r : split) {
                if (SplitRow.TRAIN.equals(r.partition())) {
                    train.add(r.patientKey());
                } else if (SplitRow.TEST.equals(r.partition())) {
                    test.add(r.patientKey());
                }
            }
            assertThat(train).isNotEmpty().doesNotContainAnyElementsOf(test);
            // downsampling balances the training part only: the test part keeps every lesion of its patients
            assertThat(o.row().nTrainNeg()).isEqualTo(o.row().nTrainPos());
            String sequence = o.row().sequence();
            long testLesions = org.hemamet.cohort.DatasetManifest.read(dataset).stream()
                    .filter(s -> s.sequence().name().equals(sequence) && test.contains(s.patientKey()))
                    .count();
            assertThat(o.row().nTestNeg() + o.row().nTestPos()).isEqualTo((int) testLesions);
            assertThat(o.row().nDropped()).isPositive().isEqualTo(o.row().nDroppedTrain());
            assertThat(o.row().nDroppedTest()).isZero();
            assertThat(o.row().testBalanced()).isFalse();
            assertThat(split)
                    .filteredOn(r -> SplitRow.DROPPED.equals(r.partition()))
                    .allSatisfy(r -> assertThat(r.droppedFrom()).isEqualTo(SplitRow.TRAIN));
        }
    }

    /** A second whole run (about 5 s on 2 cores): tagged slow, run by CI's second step. */
    @Test
    @org.junit.jupiter.api.Tag("slow")
    void sameSeedGivesTheSameResultsAndResumeSkipsFinishedCells() throws Exception {
        Path again = tmp.resolve("again");
        new StudyRunner(StudyFixtures.tinyConfig(7), dataset, again, null).run();
        assertThat(stripTimes(Files.readString(again.resolve("results.csv"))))
                .isEqualTo(stripTimes(Files.readString(run.resolve("results.csv"))));
        assertThat(Files.readString(again.resolve("predictions.csv")))
                .isEqualTo(Files.readString(run.resolve("predictions.csv")));
        // resume: a finished run is not retrained (model files untouched)
        Path params = again.resolve("cells/T1__hemangioma-vs-metastases__r0/model/model.params");
        long modified = Files.getLastModifiedTime(params).toMillis();
        new StudyRunner(StudyFixtures.tinyConfig(7), dataset, again, null).run();
        assertThat(Files.getLastModifiedTime(params).toMillis()).isEqualTo(modified);
    }

    @Test
    void reportShowsGradCamHeatMapsFromTheCellsOwnBundles() throws Exception {
        // the explicit heat-map step writes a map of each error from the cell's own bundle; the report shows them
        var maps = org.hemamet.predict.ErrorHeatMaps.write(run, dataset);
        assertThat(maps.missing()).isZero();
        var summary = org.hemamet.report.ReportWriter.write(run, dataset, run.resolve("report.html"));
        assertThat(summary.cells()).isEqualTo(2);
        // this study recorded calibration: the report has its table, one row per cell
        String html = Files.readString(run.resolve("report.html"));
        String table = html.substring(html.indexOf("<table id=\"calibration-table\">"));
        table = table.substring(0, table.indexOf("</table>"));
        assertThat(table)
                .contains("data-cell=\"T1__hemangioma-vs-metastases__r0\"", "Slope (calibrated)", "CI excludes 1");
        // the note names the run's calibration method, read from the cells' result.json
        assertThat(html).contains("Calibrated: temperature (temperature scaling, Guo et al. ICML 2017");
        assertThat(html.split("class=\"thumb heatmap\"", -1).length - 1).isEqualTo(Math.min(maps.maps(), 60));
    }

    @Test
    void aRunDirectoryOfAnotherConfigIsRefusedNamingTheFieldsThatDiffer() {
        assertThatThrownBy(() -> new StudyRunner(StudyFixtures.tinyConfig(8, true, 0), dataset, run, null).run())
                .isInstanceOf(HemametException.class)
                .satisfies(e -> assertThat(((HemametException) e).exitCode()).isEqualTo(3))
                .hasMessage(run + ": holds a run with another study config (study.json differs in balance_test:"
                        + " false in the run, true now; calibration_folds: 3 in the run, 0 now; seed: 7 in the run,"
                        + " 8 now); use a new --out directory or the same config to resume");
    }

    @Test
    void aFinishedCellOfAnotherProtocolIsNamed() throws Exception {
        // a cell written under another protocol (test part balanced, calibration on the validation split)
        // than the config: the resume would mix protocols across cells
        var result =
                org.hemamet.contract.RunFiles.readCellResult(run.resolve("cells/T1__hemangioma-vs-metastases__r0"));
        assertThat(StudyRunner.protocolMismatch(result, StudyFixtures.tinyConfig(7)))
                .isEmpty();
        assertThat(StudyRunner.protocolMismatch(result, StudyFixtures.tinyConfig(7, true, 3)))
                .isEqualTo("test_balanced false, balance_test true now");
        assertThat(StudyRunner.protocolMismatch(result, StudyFixtures.tinyConfig(7, false, 0)))
                .isEqualTo("calibration folds 3, calibration_folds 0 now");
    }

    @Test
    void aFinishedCellSplitOtherwiseRefusesTheResume() throws Exception {
        Path copy = TestTrees.copy(run, tmp.resolve("run-split-otherwise"));
        // the untouched copy resumes: this version's split is the one its cells recorded
        assertThat(new StudyRunner(StudyFixtures.tinyConfig(7), dataset, copy, null)
                        .plan()
                        .cells())
                .hasSize(2);
        // a cell whose split.csv has one test patient on the training side (as an older version's split would)
        Path cell = copy.resolve("cells/T2__hemangioma-vs-metastases__r0");
        List<SplitRow> rows = RunFiles.readSplit(cell);
        String moved = rows.stream()
                .filter(r -> SplitRow.TEST.equals(r.partition()))
                .findFirst()
                .orElseThrow()
                .patientKey();
        RunFiles.writeSplit(
                cell,
                rows.stream()
                        .map(r -> r.patientKey().equals(moved)
                                ? new SplitRow(
                                        r.sampleId(),
                                        r.patientKey(),
                                        r.diagnosis(),
                                        r.label(),
                                        SplitRow.TRAIN,
                                        SplitRow.TRAIN,
                                        "")
                                : r)
                        .toList());
        assertThat(StudyRunner.splitDifference(RunFiles.readSplit(cell), rows)).isPositive();
        assertThatThrownBy(() -> new StudyRunner(StudyFixtures.tinyConfig(7), dataset, copy, null).run())
                .isInstanceOf(HemametException.class)
                .satisfies(e -> assertThat(((HemametException) e).exitCode()).isEqualTo(3))
                .hasMessageStartingWith(copy + ": cell T2__hemangioma-vs-metastases__r0 was split otherwise than"
                        + " this version splits (")
                .hasMessageEndingWith("use a new --out directory");

        // a split.csv cut short (a copy interrupted) names the file and how to redo the cell
        String whole = Files.readString(cell.resolve(RunFiles.SPLIT));
        Files.writeString(cell.resolve(RunFiles.SPLIT), whole.substring(0, whole.length() - 5));
        assertThatThrownBy(() -> new StudyRunner(StudyFixtures.tinyConfig(7), dataset, copy, null).plan())
                .isInstanceOf(HemametException.class)
                .satisfies(e -> assertThat(((HemametException) e).exitCode()).isEqualTo(2))
                .hasMessageStartingWith(cell.resolve(RunFiles.SPLIT) + " line ")
                .hasMessageContaining("the file is cut short")
                .hasMessageEndingWith("; delete " + cell + " to run cell T2__hemangioma-vs-metastases__r0 again");

        // a result.json whose section is damaged names the file, the section and the same remedy (it said
        // "Cannot construct instance of `...Confusion`" at the document's last line, and no remedy)
        Files.writeString(cell.resolve(RunFiles.SPLIT), whole);
        Path result = cell.resolve(RunFiles.RESULT);
        Files.writeString(
                result,
                Files.readString(result).replaceFirst("\"confusion\" : \\{", "\"confusion\" : \"x\", \"c\" : {"));
        assertThatThrownBy(() -> new StudyRunner(StudyFixtures.tinyConfig(7), dataset, copy, null).plan())
                .isInstanceOf(HemametException.class)
                .satisfies(e -> assertThat(((HemametException) e).exitCode()).isEqualTo(2))
                .hasMessage("cannot read " + result + ": confusion: expected a group of settings (an object), found"
                        + " text; delete " + cell + " to run cell T2__hemangioma-vs-metastases__r0 again");
    }

    /**
     * train_seconds is wall time and differs between runs; every other column must be identical. It is found by
     * its place from the end of the header (the columns after it, model and auc_method, never hold a comma).
     */
    static String stripTimes(String csv) {
        String[] lines = csv.split("\n");
        List<String> header = List.of(lines[0].split(","));
        int fromEnd = header.size() - header.indexOf("train_seconds");
        assertThat(header).contains("train_seconds");
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            int end = line.length();
            for (int k = 0; k < fromEnd - 1; k++) {
                end = line.lastIndexOf(',', end - 1);
            }
            int start = line.lastIndexOf(',', end - 1);
            sb.append(line, 0, start).append(line, end, line.length()).append('\n');
        }
        return sb.toString();
    }
}
