package org.hemamet.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hemamet.annotation.BoundingBox;
import org.hemamet.cli.CliRun;
import org.hemamet.contract.BaselineFiles;
import org.hemamet.contract.BaselineModel;
import org.hemamet.contract.ResultRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study's radiomics-lr baseline as a model one keeps: {@code predict} applies a run's
 * {@code baselines/<cell>/} (and its {@code export --baseline radiomics-lr} bundle) to the original DICOM
 * slices and VIA regions and gives the study's test scores; a model of other grey levels is refused.
 */
class RadiomicsPredictTest {
    static Path kept;

    @BeforeAll
    static void build() {
        PredictFixture.build();
        kept = PredictFixture.run.resolve("baselines").resolve(PredictFixture.CELL);
    }

    /** The study's radiomics-lr test predictions of the cell. */
    private static List<Map<String, String>> studyPredictions() throws Exception {
        return PredictFixture.readCsv(kept.resolve("predictions.csv")).stream()
                .filter(p -> p.get("model").equals(ResultRow.RADIOMICS_LR))
                .toList();
    }

    private static String key(Map<String, String> s) {
        return s.get("source_sha256") + " " + s.get("roi_x") + " " + s.get("roi_y") + " " + s.get("roi_width") + " "
                + s.get("roi_height");
    }

    private static CliRun.CliResult batch(Path model, Path out) {
        return CliRun.run(
                "predict",
                "--model",
                model.toString(),
                "--via",
                PredictFixture.cohort.resolve("annotations/via_project.json").toString(),
                "--images",
                PredictFixture.cohort.toString(),
                "--out",
                out.toString());
    }

    @Test
    void theKeptModelRecordsTheDatasetsCropAndIsTheStudysFit() throws Exception {
        BaselineModel m = BaselineFiles.read(kept.resolve(BaselineFiles.RADIOMICS_LR), ResultRow.RADIOMICS_LR);
        assertThat(m.crop().margin()).isEqualTo(PredictFixture.MARGIN);
        assertThat(m.crop().intensityReference()).isEqualTo("crop");
        assertThat(m.sequence()).isEqualTo("T1");
        assertThat(m.features()).hasSize(43);
        assertThat(studyPredictions()).isNotEmpty();
    }

    @Test
    void batchOverTheViaFileReproducesEveryRadiomicsTestScore(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("pred.csv");
        CliRun.CliResult cli = batch(kept, out);
        assertThat(cli.exit()).as(cli.err()).isZero();
        assertThat(cli.out()).startsWith(out + ": 28 region(s), ").contains("radiomics model");
        Map<String, Double> byKey = new HashMap<>();
        Map<String, Double> calibratedByKey = new HashMap<>();
        for (Map<String, String> r : PredictFixture.readCsv(out)) {
            String k = r.get("source_sha256") + " " + r.get("roi");
            byKey.put(k, Double.parseDouble(r.get("probability")));
            calibratedByKey.put(k, Double.parseDouble(r.get("calibrated_probability")));
            assertThat(r.get("ood")).isEmpty();
        }
        Map<String, Map<String, String>> ds = PredictFixture.datasetRows();
        List<Map<String, String>> study = studyPredictions();
        for (Map<String, String> p : study) {
            String k = key(ds.get(p.get("sample_id")));
            assertThat(byKey).containsKey(k);
            // the CSV prints 9 decimals: equal up to its rounding
            assertThat(byKey.get(k)).as(p.get("sample_id")).isCloseTo(Double.parseDouble(p.get("score")), within(1e-9));
            assertThat(calibratedByKey.get(k)).isCloseTo(Double.parseDouble(p.get("calibrated")), within(1e-9));
        }

        // the exported radiomics bundle predicts the same, byte for byte
        Path bundle = tmp.resolve("radiomics-bundle");
        CliRun.CliResult export = CliRun.run(
                "export",
                PredictFixture.run.toString(),
                "--cell",
                "T1/hemangioma-vs-metastases",
                "--baseline",
                "radiomics-lr",
                "--out",
                bundle.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.out()).contains("radiomics-lr model of cell " + PredictFixture.CELL);
        BaselineModel exported = BaselineFiles.read(bundle.resolve(BaselineFiles.RADIOMICS_LR), ResultRow.RADIOMICS_LR);
        assertThat(exported.exported().cellId()).isEqualTo(PredictFixture.CELL);
        // export records the cell's prevalence before balancing, as predict's default (the kept model had none)
        assertThat(exported.calibration().developmentPrevalence().value())
                .isEqualTo(org.hemamet.study.DevelopmentPrevalences.valueOf(PredictFixture.run, PredictFixture.CELL));
        Path out2 = tmp.resolve("pred2.csv");
        CliRun.CliResult cli2 = batch(bundle, out2);
        assertThat(cli2.exit()).as(cli2.err()).isZero();
        assertThat(Files.readString(out2)).isEqualTo(Files.readString(out));
    }

    /** One lesion by its box on the DICOM slice (the whole box is the mask, as ingest masks a rect). */
    @Test
    void oneLesionByItsBoxGivesTheStudyScore() throws Exception {
        Map<String, String> p = studyPredictions().get(0);
        Map<String, String> s = PredictFixture.datasetRows().get(p.get("sample_id"));
        PredictFixture.Disc disc = PredictFixture.BY_SHA.get(s.get("source_sha256"));
        try (Predictor predictor = Predictor.open(kept)) {
            assertThat(predictor.radiomics()).isTrue();
            Predictor.Prepared prepared = predictor.prepare(
                    disc.dicom(),
                    new BoundingBox(
                            Integer.parseInt(s.get("roi_x")),
                            Integer.parseInt(s.get("roi_y")),
                            Integer.parseInt(s.get("roi_width")),
                            Integer.parseInt(s.get("roi_height"))));
            assertThat(predictor.predict(prepared).positive())
                    .isCloseTo(Double.parseDouble(p.get("score")), within(1e-12));
        }
    }

    @Test
    void aBundleOfOtherGreyLevelsOrAHeatMapIsRefusedWithOneLine(@TempDir Path tmp) throws Exception {
        Path bundle = tmp.resolve("b");
        Files.createDirectories(bundle);
        String json = Files.readString(kept.resolve(BaselineFiles.RADIOMICS_LR));
        Files.writeString(bundle.resolve(BaselineFiles.RADIOMICS_LR), json.replace(" bins\"", " bins \""));
        Path out = tmp.resolve("pred.csv");
        CliRun.CliResult cli = batch(bundle, out);
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err().strip()).doesNotContain("\n").contains(BaselineFiles.RADIOMICS_LR + ": discretisation");
        assertThat(out).doesNotExist();

        Map<String, String> s =
                PredictFixture.datasetRows().get(studyPredictions().get(0).get("sample_id"));
        PredictFixture.Disc disc = PredictFixture.BY_SHA.get(s.get("source_sha256"));
        Path png = tmp.resolve("map.png");
        CliRun.CliResult heat = CliRun.run(
                "predict",
                "--model",
                kept.toString(),
                "--image",
                disc.dicom().toString(),
                "--roi",
                s.get("roi_x") + "," + s.get("roi_y") + "," + s.get("roi_width") + "," + s.get("roi_height"),
                "--heatmap",
                png.toString());
        assertThat(heat.exit()).isEqualTo(2);
        assertThat(heat.err().strip()).doesNotContain("\n").contains("radiomics model");
        assertThat(png).doesNotExist();
    }
}
