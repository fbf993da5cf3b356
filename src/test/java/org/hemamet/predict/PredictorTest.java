package org.hemamet.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.hemamet.annotation.BoundingBox;
import org.hemamet.cli.CliRun;
import org.hemamet.contract.HeatMapProvenance;
import org.hemamet.core.TestTrees;
import org.hemamet.study.CropLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Predict against the study that trained the model: same inputs, same scores, heat maps on the lesion. */
class PredictorTest {
    static Predictor predictor;

    @BeforeAll
    static void open() {
        PredictFixture.build();
        predictor = Predictor.open(PredictFixture.bundle);
    }

    @AfterAll
    static void close() {
        predictor.close();
    }

    private static BoundingBox roi(Map<String, String> s) {
        return new BoundingBox(
                Integer.parseInt(s.get("roi_x")),
                Integer.parseInt(s.get("roi_y")),
                Integer.parseInt(s.get("roi_width")),
                Integer.parseInt(s.get("roi_height")));
    }

    @Test
    void bundleRecordsTheDatasetsCropParameters() {
        assertThat(predictor.info().crop().margin()).isEqualTo(PredictFixture.MARGIN);
        assertThat(predictor.info().cropSource()).isEqualTo("dataset ingest-report.json (params.key)");
        assertThat(predictor.info().sequence().name()).isEqualTo("T1");
        assertThat(predictor.info().classes()).containsExactly("hemangioma", "metastases");
    }

    @Test
    void reproducesTheStudyScoreFromTheOriginalDicomAndRoi() throws Exception {
        Map<String, Map<String, String>> ds = PredictFixture.datasetRows();
        List<Map<String, String>> preds = PredictFixture.testPredictions();
        assertThat(preds).hasSizeGreaterThanOrEqualTo(6);
        for (Map<String, String> p : preds) {
            Map<String, String> s = ds.get(p.get("sample_id"));
            PredictFixture.Disc disc = PredictFixture.BY_SHA.get(s.get("source_sha256"));
            Predictor.Prepared prep = predictor.prepare(disc.dicom(), roi(s));
            // the network input is the training input, bit for bit (16-bit quantisation and resize included)
            float[] training = CropLoader.read(PredictFixture.dataset.resolve(s.get("crop_path")), 32);
            assertThat(prep.input()).containsExactly(training);
            double score = predictor.predict(prep).positive();
            assertThat(score).as(p.get("sample_id")).isCloseTo(Double.parseDouble(p.get("score")), within(1e-6));
        }
    }

    @Test
    void batchOverTheViaFileReproducesEveryTestScore(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("pred.csv");
        CliRun.CliResult cli = CliRun.run(
                "predict",
                "--model",
                PredictFixture.bundle.toString(),
                "--via",
                PredictFixture.cohort.resolve("annotations/via_project.json").toString(),
                "--images",
                PredictFixture.cohort.toString(),
                "--out",
                out.toString());
        assertThat(cli.exit()).as(cli.err()).isZero();
        assertThat(cli.out()).startsWith(out + ": 28 region(s), ");
        List<Map<String, String>> rows = PredictFixture.readCsv(out);
        assertThat(rows).hasSize(28);
        assertThat(rows.get(0).keySet()).containsExactlyElementsOf(BatchPrediction.COLUMNS);
        Map<String, Double> byKey = new HashMap<>();
        Map<String, Double> calibratedByKey = new HashMap<>();
        for (Map<String, String> r : rows) {
            // exports were linked to their DICOM slice, as ingest does
            // no path or file name (PHI) in the CSV: the image index and the source's SHA-256
            assertThat(r.get("image")).matches("\\d+");
            assertThat(r.get("source_sha256")).matches("[0-9a-f]{64}");
            // a slice of one frame, its pixels lossless DICOM (the exports were linked to it), no burned-in text
            assertThat(r).containsEntry("frame", "").containsEntry("source_format", "dicom");
            assertThat(r).containsEntry("burned_in_annotation", "false");
            String key = r.get("source_sha256") + " " + r.get("roi");
            byKey.put(key, Double.parseDouble(r.get("probability")));
            calibratedByKey.put(key, Double.parseDouble(r.get("calibrated_probability")));
        }
        Map<String, Map<String, String>> ds = PredictFixture.datasetRows();
        for (Map<String, String> p : PredictFixture.testPredictions()) {
            Map<String, String> s = ds.get(p.get("sample_id"));
            String key = s.get("source_sha256") + " " + s.get("roi_x") + " " + s.get("roi_y") + " " + s.get("roi_width")
                    + " " + s.get("roi_height");
            assertThat(byKey).containsKey(key);
            assertThat(byKey.get(key)).isCloseTo(Double.parseDouble(p.get("score")), within(1e-6));
            // the bundle's calibration gives the study's calibrated probability (at the fit prevalence) moved to the
            // development cohort's prevalence by the prior odds ratio
            double fit = predictor.info().calibration().fitPrevalence();
            double moved = 1
                    / (1
                            + Math.exp(-(logit(Double.parseDouble(p.get("calibrated")))
                                    + logit(developmentPrevalence())
                                    - logit(fit))));
            assertThat(calibratedByKey.get(key)).isCloseTo(moved, within(1e-6));
        }
        assertThat(rows)
                .extracting(r -> r.get("prevalence") + " " + r.get("prevalence_source"))
                .containsOnly(developmentPrevalence() + " development cohort");
        batchProvenance(tmp, out);
    }

    /** The batch's provenance beside it: what predicted what, by hashes; no path. */
    private static void batchProvenance(Path tmp, Path out) throws Exception {
        Path file = tmp.resolve("pred.provenance.json");
        assertThat(org.hemamet.contract.PredictionProvenance.fileFor(out)).isEqualTo(file);
        var p = org.hemamet.core.Json.mapper()
                .readValue(file.toFile(), org.hemamet.contract.PredictionProvenance.class);
        assertThat(p.predictions()).isEqualTo("pred.csv");
        assertThat(p.predictionsSha256()).isEqualTo(org.hemamet.core.Hashing.sha256(out));
        assertThat(p.rows()).isEqualTo(28);
        assertThat(p.model()).isEqualTo("cnn");
        assertThat(p.cellId()).isEqualTo(predictor.info().cellId());
        assertThat(p.threshold()).isEqualTo(predictor.info().threshold());
        assertThat(p.bundleSha256()).isEqualTo(PredictionsProvenance.bundleSha256(PredictFixture.bundle));
        assertThat(p.input()).isEqualTo("via");
        assertThat(p.inputSha256())
                .isEqualTo(
                        org.hemamet.core.Hashing.sha256(PredictFixture.cohort.resolve("annotations/via_project.json")));
        assertThat(p.options()).isEmpty();
        assertThat(p.engine()).containsKeys("djl_version", "pytorch_version", "pytorch_intra_op_threads", "device");
        assertThat(Instant.parse(p.finished())).isAfterOrEqualTo(Instant.parse(p.started()));
        String text = Files.readString(file);
        assertThat(text).doesNotContain(tmp.toString()).doesNotContain(PredictFixture.base.toString());

        // a changed bundle file changes the bundle's hash
        Path copy = TestTrees.copy(PredictFixture.bundle, tmp.resolve("bundle"));
        assertThat(PredictionsProvenance.bundleSha256(copy)).isEqualTo(p.bundleSha256());
        Files.writeString(copy.resolve("notes.txt"), "x");
        assertThat(PredictionsProvenance.bundleSha256(copy)).isNotEqualTo(p.bundleSha256());
    }

    /**
     * The T1 cell's training part before balancing, counted here from split.csv: its train rows and the rows the
     * balancing dropped from the training part.
     */
    private static double developmentPrevalence() throws Exception {
        List<Map<String, String>> split = PredictFixture.readCsv(
                PredictFixture.run.resolve("cells").resolve(PredictFixture.CELL).resolve("split.csv"));
        long n = 0;
        long pos = 0;
        for (Map<String, String> r : split) {
            if (r.get("partition").equals("train")
                    || (r.get("partition").equals("dropped")
                            && r.get("dropped_from").equals("train"))) {
                n++;
                pos += Integer.parseInt(r.get("label"));
            }
        }
        return pos / (double) n;
    }

    @Test
    void theBundleRecordsTheDevelopmentPrevalenceThatPredictUsesByDefault() throws Exception {
        double dev = developmentPrevalence();
        var cal = predictor.info().calibration();
        assertThat(cal.developmentPrevalence()).isEqualTo(dev);
        assertThat(cal.defaultPrevalence()).isEqualTo(dev);
        assertThat(cal.defaultPrevalenceSource()).isEqualTo(BundleInfo.Calibration.AT_DEVELOPMENT);
        // the study's own bundle records the same (written with the cell), so export copies it as it is
        Map<?, ?> own = org.hemamet.core.Json.mapper()
                .readValue(
                        PredictFixture.run
                                .resolve("cells")
                                .resolve(PredictFixture.CELL)
                                .resolve("model")
                                .resolve("metadata.json")
                                .toFile(),
                        Map.class);
        assertThat(((Map<?, ?>) ((Map<?, ?>) own.get("calibration")).get("development_prevalence")).get("value"))
                .isEqualTo(dev);
    }

    @Test
    void heatMapCommandWritesAnOverlayWithTheRoi(@TempDir Path tmp) throws Exception {
        Map<String, String> p = PredictFixture.testPredictions().get(0);
        Map<String, String> s = PredictFixture.datasetRows().get(p.get("sample_id"));
        PredictFixture.Disc disc = PredictFixture.BY_SHA.get(s.get("source_sha256"));
        for (String method : List.of("gradcam", "occlusion")) {
            Path png = tmp.resolve(method + ".png");
            CliRun.CliResult cli = CliRun.run(
                    "predict",
                    "--model",
                    PredictFixture.bundle.toString(),
                    "--image",
                    disc.dicom().toString(),
                    "--via",
                    PredictFixture.cohort
                            .resolve("annotations/via_project.json")
                            .toString(),
                    "--heatmap",
                    png.toString(),
                    "--method",
                    method,
                    "--json");
            assertThat(cli.exit()).as(cli.err()).isZero();
            // --via with a DICOM: the region drawn on its export, mapped to the DICOM grid = the dataset's ROI
            assertThat(cli.out())
                    .contains(
                            "\"x\" : " + s.get("roi_x") + ",",
                            "\"width\" : " + s.get("roi_width") + ",",
                            "\"lesion_id\" : \"L1\"",
                            "\"decision\" : ");
            double prob = Double.parseDouble(cli.out().replaceAll("(?s).*\"probability\" : ([0-9.Ee-]+).*", "$1"));
            assertThat(prob).isCloseTo(Double.parseDouble(p.get("score")), within(1e-6));
            BufferedImage img = ImageIO.read(png.toFile());
            assertThat(img.getHeight()).isEqualTo(256);
            assertThat(img.getWidth()).isGreaterThan(256); // image + colour bar
            assertThat(Files.size(png)).isLessThan(200_000);
            // the figure says what drew it, without a path: the bundle, the DICOM cropped and the box by hash
            HeatMapProvenance made = HeatMapPng.read(png).orElseThrow();
            assertThat(made.method()).isEqualTo(method);
            assertThat(made.model()).isEqualTo("cnn");
            assertThat(made.bundleSha256()).isEqualTo(PredictionsProvenance.bundleSha256(PredictFixture.bundle));
            assertThat(made.input()).isEqualTo("image");
            assertThat(made.inputSha256()).isEqualTo(s.get("source_sha256"));
            assertThat(made.roi())
                    .isEqualTo(s.get("roi_x") + " " + s.get("roi_y") + " " + s.get("roi_width") + " "
                            + s.get("roi_height"));
            assertThat(made.probability()).isCloseTo(prob, within(1e-9));
            assertThat(made.explainedClass()).isIn("hemangioma", "metastases");
            assertThat(made.frame()).isNull();
            assertThat(made.engine()).containsKey("djl_version");
            assertThat(Files.readString(png, java.nio.charset.StandardCharsets.ISO_8859_1))
                    .doesNotContain(
                            PredictFixture.cohort.toString(),
                            disc.dicom().getFileName().toString());
        }
    }

    @Test
    void heatMapExplainsTheDecidedClassUnlessAnotherIsNamed(@TempDir Path tmp) throws Exception {
        Map<String, String> s = PredictFixture.datasetRows()
                .get(PredictFixture.testPredictions().get(0).get("sample_id"));
        PredictFixture.Disc disc = PredictFixture.BY_SHA.get(s.get("source_sha256"));
        Map<String, String> explained = new java.util.HashMap<>();
        for (String explain : List.of("decision", "hemangioma", "metastases")) {
            Path png = tmp.resolve(explain + ".png");
            CliRun.CliResult cli = CliRun.run(
                    "predict",
                    "--model",
                    PredictFixture.bundle.toString(),
                    "--image",
                    disc.dicom().toString(),
                    "--roi",
                    s.get("roi_x") + "," + s.get("roi_y") + "," + s.get("roi_width") + "," + s.get("roi_height"),
                    "--heatmap",
                    png.toString(),
                    "--explain",
                    explain,
                    "--json");
            assertThat(cli.exit()).as(cli.err()).isZero();
            String decision = cli.out().replaceAll("(?s).*\"decision\" : \"([a-z]+)\".*", "$1");
            explained.put(explain, cli.out().replaceAll("(?s).*\"heatmap_class\" : \"([a-z]+)\".*", "$1"));
            explained.put("decided", decision);
        }
        assertThat(explained.get("decision")).isEqualTo(explained.get("decided"));
        assertThat(explained.get("hemangioma")).isEqualTo("hemangioma");
        assertThat(explained.get("metastases")).isEqualTo("metastases");
        // the two classes' maps differ (each marks what the other leaves dark)
        assertThat(Files.readAllBytes(tmp.resolve("hemangioma.png")))
                .isNotEqualTo(Files.readAllBytes(tmp.resolve("metastases.png")));
        assertThat(Files.readAllBytes(tmp.resolve("decision.png")))
                .isEqualTo(Files.readAllBytes(tmp.resolve(explained.get("decided") + ".png")));
    }

    @Test
    void prevalenceMovesTheCalibratedProbabilityByThePriorOddsRatio() throws Exception {
        Map<String, String> s = PredictFixture.datasetRows()
                .get(PredictFixture.testPredictions().get(0).get("sample_id"));
        PredictFixture.Disc disc = PredictFixture.BY_SHA.get(s.get("source_sha256"));
        BoundingBox roi = roi(s);
        Predictor.Prediction atFit =
                predictor.predict(List.of(predictor.prepare(disc.dicom(), roi))).get(0);
        double fitPrevalence = developmentPrevalence(); // the default
        assertThat(atFit.prevalence()).isEqualTo(fitPrevalence);
        assertThat(atFit.prevalenceSource()).isEqualTo(BundleInfo.Calibration.AT_DEVELOPMENT);
        try (Predictor other = Predictor.open(PredictFixture.bundle).atPrevalence(0.2)) {
            Predictor.Prediction at20 =
                    other.predict(List.of(other.prepare(disc.dicom(), roi))).get(0);
            assertThat(at20.positive()).isEqualTo(atFit.positive()); // the network's output is unchanged
            assertThat(at20.decision()).isEqualTo(atFit.decision()); // and so is the decision at the threshold
            assertThat(at20.prevalence()).isEqualTo(0.2);
            assertThat(at20.prevalenceSource()).isEqualTo(Predictor.STATED);
            // logit of a probability near 0 or 1 amplifies its last-bit rounding (by 1 / (p (1 - p))): 1e-7
            assertThat(logit(at20.calibrated()) - logit(atFit.calibrated()))
                    .isCloseTo(logit(0.2) - logit(fitPrevalence), within(1e-7));
        }
        CliRun.CliResult cli = CliRun.run(
                "predict",
                "--model",
                PredictFixture.bundle.toString(),
                "--image",
                disc.dicom().toString(),
                "--roi",
                roi.x() + "," + roi.y() + "," + roi.width() + "," + roi.height(),
                "--prevalence",
                "0.2");
        assertThat(cli.exit()).as(cli.err()).isZero();
        // the text names the calibrated probability, its prevalence and the study's evidence for the calibration
        assertThat(cli.out())
                .contains("calibrated P(metastases) " + SinglePrediction.probability(predictorAt20Calibrated(disc, roi))
                        + " at prevalence 0.200 (--prevalence; study test set: Brier ");
    }

    private static double predictorAt20Calibrated(PredictFixture.Disc disc, BoundingBox roi) {
        try (Predictor other = Predictor.open(PredictFixture.bundle).atPrevalence(0.2)) {
            return other.predict(List.of(other.prepare(disc.dicom(), roi)))
                    .get(0)
                    .calibrated();
        }
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }

    @Test
    void overlayForTheReportColoursWhereTheMapIsHigh() {
        float[] crop = new float[32 * 32];
        java.util.Arrays.fill(crop, 0.5f);
        float[] map = new float[32 * 32];
        map[16 * 32 + 16] = 1f;
        BufferedImage img = HeatMaps.overlay(crop, 32, map, 32, null, "");
        int hot = img.getRGB(16 * 8 + 4, 16 * 8 + 4);
        int cold = img.getRGB(10, 200);
        assertThat(cold & 0xFFFFFF).isEqualTo(0x808080); // plain gray where the map is 0
        assertThat((hot >> 16) & 0xFF).isGreaterThan(hot & 0xFF); // warm colour on the hot spot
        BufferedImage fromModel = HeatMaps.overlay(predictor.model(), crop);
        assertThat(fromModel.getHeight()).isEqualTo(256);
    }
}
