package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.hemamet.baseline.RadiomicsModel;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.cohort.Sequence;
import org.hemamet.contract.BaselineFiles;
import org.hemamet.contract.BaselineModel;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.contract.SplitRow;
import org.hemamet.core.HemametException;
import org.hemamet.preprocess.MaskPng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The radiomics baseline beside the CNN: a row for every ok cell on exactly the CNN's test lesions, fitted
 * and its C chosen without a test lesion, the CNN's readers untouched, and a clear note without masks.
 */
class BaselineStepTest {
    @TempDir
    Path tmp;

    /** The separable fixture with a mask per crop (the central disc where the fixture draws the lesion). */
    static Path withMasks(Path dir, int size) throws Exception {
        return withMasks(dir, size, Double.NaN);
    }

    /** As {@link #withMasks(Path, int)}, each image with a reference region of median {@code referenceMedian}. */
    static Path withMasks(Path dir, int size, double referenceMedian) throws Exception {
        List<DatasetSample> out = new ArrayList<>();
        Files.createDirectories(dir.resolve("masks"));
        boolean[] mask = new boolean[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double dx = x - size / 2.0;
                double dy = y - size / 2.0;
                mask[y * size + x] = dx * dx + dy * dy < 0.2 * size * size * 0.2;
            }
        }
        for (DatasetSample s : DatasetManifest.read(dir)) {
            String rel = "masks/" + s.sampleId() + ".png";
            Files.write(dir.resolve(rel), MaskPng.encode(mask, size, size));
            out.add(s.toBuilder().maskPath(rel).referenceMedian(referenceMedian).build());
        }
        DatasetManifest.write(dir, out);
        return dir;
    }

    @Test
    void everyOkCellHasTheBaselineOnTheCnnsTestLesionsAndTheCnnReadersSeeOnlyTheCnn() throws Exception {
        Path ds = withMasks(StudyFixtures.separable(tmp.resolve("ds"), 20, 24, 32, 5, false), 32);
        StudyConfig config = StudyFixtures.tinyConfig(11);
        assertThat(config.baselines())
                .containsExactly(ResultRow.RADIOMICS_LR, ResultRow.INTENSITY_RATIO); // on by default
        Path run = tmp.resolve("run");
        List<CellRunner.CellOutcome> outcomes = new StudyRunner(config, ds, run, null).run();

        List<ResultRow> all = RunFiles.readAllResults(run);
        List<PredictionRow> preds = RunFiles.readAllPredictions(run);
        List<String> okCells = outcomes.stream()
                .filter(o -> ResultRow.OK.equals(o.status()))
                .map(CellRunner.CellOutcome::cellId)
                .toList();
        assertThat(okCells).hasSize(2);
        // CNN rows first, exactly the outcomes' rows; the baselines after them
        assertThat(all.subList(0, outcomes.size()))
                .containsExactlyElementsOf(
                        outcomes.stream().map(CellRunner.CellOutcome::row).toList());
        assertThat(all.subList(outcomes.size(), all.size()))
                .extracting(ResultRow::model, ResultRow::cellId, ResultRow::status)
                .containsExactlyElementsOf(okCells.stream()
                        .map(c -> org.assertj.core.groups.Tuple.tuple(ResultRow.RADIOMICS_LR, c, ResultRow.OK))
                        .toList());
        for (String cell : okCells) {
            assertThat(ids(preds, cell, ResultRow.RADIOMICS_LR))
                    .isNotEmpty()
                    .isEqualTo(ids(preds, cell, ResultRow.CNN))
                    .isEqualTo(splitIds(run, cell, SplitRow.TEST));
        }
        // the separable fixture's bright/dark disc is in the mask: radiomics separates it
        all.stream().filter(r -> !r.fromCnn()).forEach(r -> assertThat(r.auc()).isGreaterThan(0.9));
        // a baseline row records its CI level, test patients and AUC interval method as the CNN's row of its cell
        for (ResultRow b : all.subList(outcomes.size(), all.size())) {
            ResultRow cnn = all.stream()
                    .filter(r -> r.fromCnn() && r.cellId().equals(b.cellId()))
                    .findFirst()
                    .orElseThrow();
            assertThat(b.ciLevel()).isNotNull().isEqualTo(cnn.ciLevel());
            assertThat(b.nTestPatients()).isNotNull().isEqualTo(cnn.nTestPatients());
            assertThat(b.aucMethod()).startsWith("newcombe").isEqualTo(cnn.aucMethod());
        }
        // every existing reader keeps the CNN's rows only
        assertThat(RunFiles.readResults(run)).hasSize(outcomes.size()).allMatch(ResultRow::fromCnn);
        assertThat(RunFiles.readPredictions(run)).allMatch(PredictionRow::fromCnn);
        assertThat(org.hemamet.report.RunReader.read(run).cells()).hasSize(outcomes.size());
        Path html = tmp.resolve("report.html");
        org.hemamet.report.ReportWriter.write(run, ds, html);
        assertThat(Files.readString(html))
                .contains("id=\"baselines-table\"", "radiomics-lr", "no reference region")
                .contains("<th class=\"num\">p (Holm)</th>");
        String summary = Files.readString(run.resolve(RunFiles.SUMMARY));
        assertThat(summary)
                .contains("## CNN vs baselines", "radiomics-lr", "no reference region")
                .contains("| p (paired, clustered) | p (Holm) |")
                .contains("p (Holm): adjusted over the run's cells, one family per baseline");
        assertThat(Files.readString(BaselineStep.cellDir(run, okCells.get(0)).resolve(BaselineStep.MODEL_FILE)))
                .contains("\"c\"", "\"bins\" : 32", "Q4LE");
    }

    @Test
    void theFitsAndTheChoiceOfCNeverSeeATestLesion() throws Exception {
        Path ds = withMasks(StudyFixtures.separable(tmp.resolve("ds"), 20, 24, 32, 6, false), 32);
        StudyConfig config = StudyFixtures.tinyConfig(12);
        BaselineStep.Outcome out =
                new BaselineStep(config, ds, tmp.resolve("run")).run(cellT1(), partition(ds, config));
        CellPartition p = partition(ds, config);
        assertThat(out.rows()).singleElement().extracting(ResultRow::status).isEqualTo(ResultRow.OK);
        Set<String> test = new HashSet<>(out.testedOn());
        assertThat(test).isEqualTo(ids(p.test()));
        assertThat(out.fittedOn()).isNotEmpty().doesNotContainAnyElementsOf(test);
        assertThat(new HashSet<>(out.fittedOn())).isEqualTo(ids(p.train()));
        assertThat(out.searchedOn()).isNotEmpty().doesNotContainAnyElementsOf(test);
        assertThat(new HashSet<>(out.searchedOn())).isEqualTo(union(ids(p.innerTrain()), ids(p.validation())));
        assertThat(out.predictions()).extracting(PredictionRow::sampleId).containsExactlyInAnyOrderElementsOf(test);
    }

    /**
     * The kept radiomics-lr.json, read back through the contract layer and applied to the cell's own test
     * crops and masks, gives the study's test scores (to 1e-9: the same arithmetic); its standardiser is
     * the training part's (refitted here on the training rows: equal), and the threshold and C are recorded.
     */
    @Test
    void theKeptModelGivesTheStudysTestPredictions() throws Exception {
        Path ds = withMasks(StudyFixtures.separable(tmp.resolve("ds"), 20, 24, 32, 6, false), 32);
        StudyConfig config = StudyFixtures.tinyConfig(12);
        BaselineStep step = new BaselineStep(config, ds, tmp.resolve("run"));
        CellPartition p = partition(ds, config);
        BaselineStep.Outcome out = step.run(cellT1(), p);
        Path file = BaselineStep.cellDir(tmp.resolve("run"), cellT1().id()).resolve(BaselineStep.MODEL_FILE);
        BaselineModel kept = BaselineFiles.read(file, ResultRow.RADIOMICS_LR);
        RadiomicsModel model = RadiomicsModel.of(file, kept);

        assertThat(kept.features()).hasSize(43).startsWith("Q4LE").isEqualTo(RadiomicsModel.featureCodes());
        assertThat(kept.bins()).isEqualTo(config.radiomics().bins());
        assertThat(kept.threshold()).isEqualTo(out.rows().get(0).threshold());
        assertThat(kept.nTrain()).isEqualTo(p.train().size());
        assertThat(kept.classes()).containsExactly("hemangioma", "metastases");
        assertThat(kept.crop())
                .as("a hand-made dataset has no ingest-report.json")
                .isNull();
        double[][] xTrain =
                p.train().stream().map(c -> step.features(c.sample())).toArray(double[][]::new);
        assertThat(model.regression().standardiser()).isEqualTo(org.hemamet.baseline.Standardiser.fit(xTrain));

        Map<String, DatasetSample> byId =
                DatasetManifest.read(ds).stream().collect(Collectors.toMap(DatasetSample::sampleId, s -> s));
        assertThat(out.predictions()).hasSize(p.test().size());
        for (PredictionRow r : out.predictions()) {
            DatasetSample s = byId.get(r.sampleId());
            MaskPng.Mask mask = MaskPng.decode(Files.readAllBytes(ds.resolve(s.maskPath())));
            float[] crop = CropLoader.read(ds.resolve(s.cropPath()), mask.width());
            assertThat(model.predictPositive(crop, mask.width(), mask.inside()))
                    .as(r.sampleId())
                    .isCloseTo(r.score(), org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    /** A kept model whose features or grey levels this version does not compute is refused, naming the file. */
    @Test
    void aKeptModelOfOtherFeaturesOrGreyLevelsIsRefused() throws Exception {
        Path ds = withMasks(StudyFixtures.separable(tmp.resolve("ds"), 20, 24, 32, 6, false), 32);
        StudyConfig config = StudyFixtures.tinyConfig(12);
        new BaselineStep(config, ds, tmp.resolve("run")).run(cellT1(), partition(ds, config));
        Path file = BaselineStep.cellDir(tmp.resolve("run"), cellT1().id()).resolve(BaselineStep.MODEL_FILE);
        String json = Files.readString(file);

        Files.writeString(file, json.replace("\"Q4LE\"", "\"XXXX\""));
        BaselineModel renamed = BaselineFiles.read(file, ResultRow.RADIOMICS_LR);
        assertThatThrownBy(() -> RadiomicsModel.of(file, renamed))
                .isInstanceOf(HemametException.class)
                .hasMessageStartingWith(file + ": its features")
                .hasMessageNotContaining("\n")
                .extracting(e -> ((HemametException) e).exitCode())
                .isEqualTo(2);
        Files.writeString(file, json.replace(": 32 bins\"", ": 16 bins\""));
        BaselineModel otherBins = BaselineFiles.read(file, ResultRow.RADIOMICS_LR);
        assertThatThrownBy(() -> RadiomicsModel.of(file, otherBins)).hasMessageStartingWith(file + ": discretisation");
        Files.writeString(file, json.replace("\"format_version\" : 1", "\"format_version\" : 2"));
        assertThatThrownBy(() -> BaselineFiles.read(file, ResultRow.RADIOMICS_LR))
                .hasMessageStartingWith(file + ": unsupported format_version 2");
        Files.writeString(file, json.replace("\"format_version\" : 1,", ""));
        assertThatThrownBy(() -> BaselineFiles.read(file, ResultRow.RADIOMICS_LR))
                .hasMessageStartingWith(file + ": no format_version: kept by an older hemamet");
        Files.writeString(file, json.replaceFirst("\"weights\" : \\[ [^,]+,", "\"weights\" : [ "));
        assertThatThrownBy(() -> BaselineFiles.read(file, ResultRow.RADIOMICS_LR))
                .hasMessageContaining("one entry per feature");
    }

    /**
     * With reference regions the ratio baseline runs beside radiomics-lr on the same partition: its one
     * feature is the lesion's mean signal (crop scaling undone) over the reference median, fitted and its C
     * chosen without a test lesion, and it separates the fixture's bright and dark lesions.
     */
    @Test
    void withReferenceRegionsTheRatioBaselineRunsOnTheSamePartition() throws Exception {
        Path ds = withMasks(StudyFixtures.separable(tmp.resolve("ds"), 20, 24, 32, 6, false), 32, 0.45);
        StudyConfig config = StudyFixtures.tinyConfig(12);
        BaselineStep step = new BaselineStep(config, ds, tmp.resolve("run"));
        BaselineStep.Outcome out = step.run(cellT1(), partition(ds, config));
        assertThat(out.rows())
                .extracting(ResultRow::model)
                .containsExactly(ResultRow.RADIOMICS_LR, ResultRow.INTENSITY_RATIO);
        ResultRow ratio = out.rows().get(1);
        assertThat(ratio.status()).isEqualTo(ResultRow.OK);
        assertThat(ratio.auc()).isGreaterThan(0.9);
        CellPartition p = partition(ds, config);
        Set<String> test = ids(p.test());
        assertThat(out.fittedOn()).doesNotContainAnyElementsOf(test);
        assertThat(out.searchedOn()).doesNotContainAnyElementsOf(test);
        assertThat(out.predictions().stream().filter(r -> r.model().equals(ResultRow.INTENSITY_RATIO)))
                .extracting(PredictionRow::sampleId)
                .containsExactlyInAnyOrderElementsOf(test);
        assertThat(BaselineStep.cellDir(tmp.resolve("run"), cellT1().id()).resolve(BaselineStep.RATIO_MODEL_FILE))
                .exists();

        // the feature by hand: mean of the crop (source units) in the mask over the reference median
        DatasetSample s = DatasetManifest.read(ds).get(0);
        float[] crop = CropLoader.read(ds.resolve(s.cropPath()), 32);
        boolean[] mask =
                MaskPng.decode(Files.readAllBytes(ds.resolve(s.maskPath()))).inside();
        double sum = 0;
        int n = 0;
        for (int i = 0; i < crop.length; i++) {
            if (mask[i]) {
                sum += crop[i];
                n++;
            }
        }
        assertThat(step.ratio(s)[0]).isCloseTo(sum / n / 0.45, org.assertj.core.api.Assertions.within(1e-9));
        String md = BaselineSummary.markdown(List.of(okCnnRow(ratio), ratio), out.predictions());
        assertThat(md).contains(ResultRow.INTENSITY_RATIO).doesNotContain(BaselineStep.RATIO_NOTE);
    }

    @Test
    void aDatasetWithoutMasksGivesAClearNoteNotACrash() throws Exception {
        Path ds = StudyFixtures.separable(tmp.resolve("ds"), 20, 24, 32, 7, false);
        StudyConfig config = StudyFixtures.tinyConfig(13);
        BaselineStep.Outcome out =
                new BaselineStep(config, ds, tmp.resolve("run")).run(cellT1(), partition(ds, config));
        assertThat(out.rows()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(BaselineStep.NOT_AVAILABLE);
            assertThat(r.message()).contains("not available", "no lesion masks", "--no-masks");
            assertThat(r.auc()).isNull();
        });
        assertThat(out.predictions()).isEmpty();
        String md = BaselineSummary.markdown(
                List.of(okCnnRow(out.rows().get(0)), out.rows().get(0)), List.of());
        assertThat(md).contains("not_available: radiomics-lr: not available: the dataset has no lesion masks");
    }

    @Test
    void noBaselinesWhenTheStudyTurnsThemOff() throws Exception {
        Path ds = withMasks(StudyFixtures.separable(tmp.resolve("ds"), 20, 24, 32, 8, false), 32);
        StudyConfig config = StudyFixtures.tinyConfig(14).withBaselines(List.of());
        BaselineStep.Outcome out =
                new BaselineStep(config, ds, tmp.resolve("run")).run(cellT1(), partition(ds, config));
        assertThat(out.rows()).isEmpty();
        assertThat(tmp.resolve("run").resolve(BaselineStep.DIR)).doesNotExist();
    }

    @Test
    void theDatasetHashCoversTheMasks() throws Exception {
        Path ds = withMasks(StudyFixtures.separable(tmp.resolve("ds"), 4, 4, 16, 9, false), 16);
        String before = StudyRunner.datasetHash(ds);
        DatasetSample first = DatasetManifest.read(ds).get(0);
        Files.write(ds.resolve(first.maskPath()), MaskPng.encode(new boolean[16 * 16], 16, 16));
        assertThat(StudyRunner.datasetHash(ds)).isNotEqualTo(before);
    }

    private static ResultRow okCnnRow(ResultRow baseline) {
        return ResultRow.of(
                new ResultRow.Cell(baseline.cellId(), "T1", "hemangioma-vs-metastases", 0, 1, 1, 1, 1, 0, 0, 0, false),
                ResultRow.OK,
                "",
                null,
                0.5,
                "fixed",
                Map.of(),
                1.0);
    }

    private static CellId cellT1() {
        return new CellId(Sequence.T1, Comparison.parse("hemangioma-vs-metastases"), 0);
    }

    private static CellPartition partition(Path ds, StudyConfig config) {
        List<DatasetSample> samples = DatasetManifest.read(ds);
        Comparison cmp = Comparison.parse("hemangioma-vs-metastases");
        Map<String, PatientSplit.Item> items = new TreeMap<>();
        for (DatasetSample s : samples) {
            items.putIfAbsent(s.patientKey(), new PatientSplit.Item(s.patientKey(), cmp.label(s.diagnosis())));
        }
        PatientSplit split = PatientSplit.stratifiedGrouped(items.values(), 0.4, 99);
        return CellPartition.of(cellT1(), samples, split, config);
    }

    private static Set<String> ids(List<CellPartition.Case> cases) {
        return cases.stream().map(c -> c.sample().sampleId()).collect(Collectors.toSet());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new HashSet<>(a);
        u.addAll(b);
        return u;
    }

    private static Set<String> ids(List<PredictionRow> preds, String cell, String model) {
        return preds.stream()
                .filter(p -> p.cellId().equals(cell) && p.model().equals(model))
                .map(PredictionRow::sampleId)
                .collect(Collectors.toSet());
    }

    private static Set<String> splitIds(Path run, String cell, String partition) {
        return RunFiles.readSplit(RunFiles.cellDir(run, cell)).stream()
                .filter(r -> r.partition().equals(partition))
                .map(SplitRow::sampleId)
                .collect(Collectors.toSet());
    }
}
