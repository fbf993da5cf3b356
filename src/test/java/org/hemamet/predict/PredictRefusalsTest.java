package org.hemamet.predict;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hemamet.cli.CliRun;
import org.hemamet.cli.CliRun.CliResult;
import org.hemamet.core.Hashing;
import org.hemamet.model.TrainedCnn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each refusal of predict/export: exit 2, one line with the exact message, nothing written. */
class PredictRefusalsTest {
    @BeforeAll
    static void build() {
        PredictFixture.build();
    }

    private static CliResult cli(String... args) {
        return CliRun.run(args);
    }

    private static void assertRefused(CliResult r, String message) {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("hemamet: " + message);
    }

    private static Path anyT1Dicom() {
        return PredictFixture.BY_SHA.values().iterator().next().dicom();
    }

    @Test
    void refusesADicomOfAnotherSequence(@TempDir Path tmp) {
        Path png = tmp.resolve("h.png");
        CliResult r = cli(
                "predict",
                "--model",
                PredictFixture.bundle.toString(),
                "--image",
                PredictFixture.t2Dicom.toString(),
                "--roi",
                "10,10,20,20",
                "--heatmap",
                png.toString());
        assertRefused(
                r,
                PredictFixture.t2Dicom + ": the DICOM header says SeriesDescription 't2_tse_sag' -> T2, but the"
                        + " model was trained on T1 images (--sequence T1 if the header is wrong)");
        assertThat(png).doesNotExist();
    }

    @Test
    void refusesASeriesTheHeaderRulesExclude(@TempDir Path tmp) throws Exception {
        // the FLAIR: contrast agent "NONE", long TR/TE/TI; it used to be taken for T1C
        Path flair = tmp.resolve("flair.dcm");
        java.nio.file.Files.copy(anyT1Dicom(), flair);
        org.hemamet.dicom.TestDicom.setFields(
                flair,
                java.util.Map.of(
                        "SeriesDescription", "FLAIR",
                        "ProtocolName", "FLAIR",
                        "ContrastBolusAgent", "NONE",
                        "RepetitionTime", "10002",
                        "EchoTime", "159.5",
                        "InversionTime", "2500",
                        "ScanningSequence", "SE\\IR"));
        CliResult r = cli(
                "predict",
                "--model",
                PredictFixture.bundle.toString(),
                "--image",
                flair.toString(),
                "--roi",
                "10,10,20,20");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip())
                .startsWith("hemamet: " + flair + ": the DICOM header rules exclude this series (")
                .contains("FLAIR, excluded")
                .endsWith(
                        "the model was trained on T1 images (annotate the image's 'sequence' if the header is wrong)");
    }

    @Test
    void refusesAnRoiOutsideTheImage() {
        Path dcm = anyT1Dicom();
        assertRefused(
                cli(
                        "predict",
                        "--model",
                        PredictFixture.bundle.toString(),
                        "--image",
                        dcm.toString(),
                        "--roi",
                        "60,10,10,10"),
                dcm + ": ROI 60,10,10,10 (x,y,w,h) is not inside the 64x64 image");
        assertRefused(
                cli(
                        "predict",
                        "--model",
                        PredictFixture.bundle.toString(),
                        "--image",
                        dcm.toString(),
                        "--roi",
                        "10,10,0,5"),
                "--roi 10,10,0,5: expected x,y,w,h in pixels (integers, w and h > 0)");
    }

    @Test
    void refusesABundleOfAnotherFormatVersion(@TempDir Path tmp) throws Exception {
        Path b = copyBundle(tmp.resolve("b"));
        Path meta = b.resolve(TrainedCnn.METADATA_FILE);
        Files.writeString(meta, Files.readString(meta).replace("\"format_version\" : 1", "\"format_version\" : 2"));
        assertRefused(
                cli("predict", "--model", b.toString(), "--image", anyT1Dicom().toString(), "--roi", "10,10,20,20"),
                meta + ": unsupported format_version 2 (this hemamet reads 1)");
    }

    @Test
    void refusesABundleWithAnUnknownCropVersion(@TempDir Path tmp) throws Exception {
        Path b = copyBundle(tmp.resolve("b"));
        Path meta = b.resolve(TrainedCnn.METADATA_FILE);
        Files.writeString(meta, Files.readString(meta).replace("resize=area/linear;v1", "resize=area/linear;v2"));
        assertRefused(
                cli("predict", "--model", b.toString(), "--image", anyT1Dicom().toString(), "--roi", "10,10,20,20"),
                meta + ": unsupported input.crop (crop key version v2 (this hemamet reproduces v1))");
    }

    /** A bundle trained on crops scaled by a reference region needs one; a bare --roi has none. */
    @Test
    void refusesALesionWithoutReferenceRegionForABundleScaledByOne(@TempDir Path tmp) throws Exception {
        Path b = copyBundle(tmp.resolve("b"));
        Path meta = b.resolve(TrainedCnn.METADATA_FILE);
        String json = Files.readString(meta);
        assertThat(json).contains("\"intensity_reference\" : \"crop\"");
        Files.writeString(
                meta,
                json.replace("resize=area/linear;v1", "intensity=reference;resize=area/linear;v1")
                        .replace("\"intensity_reference\" : \"crop\"", "\"intensity_reference\" : \"reference\""));
        Path dcm = anyT1Dicom();
        CliResult r = cli("predict", "--model", b.toString(), "--image", dcm.toString(), "--roi", "10,10,20,20");
        assertThat(r.exit()).as(r.both()).isEqualTo(2);
        assertThat(r.err()).contains("intensity_reference = reference", "roi = reference");
    }

    @Test
    void refusesAPrevalenceOutsideZeroOneOrForABundleWithoutCalibration(@TempDir Path tmp) throws Exception {
        String dcm = anyT1Dicom().toString();
        assertRefused(
                cli(
                        "predict",
                        "--model",
                        PredictFixture.bundle.toString(),
                        "--image",
                        dcm,
                        "--roi",
                        "10,10,20,20",
                        "--prevalence",
                        "1.5"),
                "--prevalence must be in (0, 1), got 1.5");
        Path b = copyBundle(tmp.resolve("b"));
        Path meta = b.resolve(TrainedCnn.METADATA_FILE);
        var md = (com.fasterxml.jackson.databind.node.ObjectNode)
                org.hemamet.core.Json.mapper().readTree(meta.toFile());
        md.remove("calibration");
        Files.writeString(meta, org.hemamet.core.Json.mapper().writeValueAsString(md));
        assertRefused(
                cli("predict", "--model", b.toString(), "--image", dcm, "--roi", "10,10,20,20", "--prevalence", "0.3"),
                "--prevalence: the model bundle has no calibration (it comes from a study of an older hemamet;"
                        + " rerun the study to calibrate it)");
        // without --prevalence such a bundle still predicts, with no calibrated probability
        CliResult r = cli("predict", "--model", b.toString(), "--image", dcm, "--roi", "10,10,20,20", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"probability\"").doesNotContain("calibrated_probability");
    }

    @Test
    void aBundleOfAnOlderVersionPredictsAtItsFitPrevalenceAndSaysSo(@TempDir Path tmp) throws Exception {
        double fit = calibrationOf(PredictFixture.bundle).path("fit_prevalence").asDouble();
        assertThat(calibrationOf(PredictFixture.bundle).has("development_prevalence"))
                .isTrue();
        Path b = withCalibration(tmp.resolve("b"), cal -> cal.remove("development_prevalence"));
        CliResult r = cli(concat(new String[] {"predict", "--model", b.toString()}, lesion()));
        assertThat(r.exit()).as(r.err()).isZero();
        var out = firstPrediction(r);
        assertThat(out.path("calibration_prevalence").asDouble()).isEqualTo(fit);
        assertThat(out.path("calibration_prevalence_source").asText()).isEqualTo("calibration fit set");
        assertThat(r.err())
                .contains("hemamet: note: the bundle records no development prevalence")
                .contains(String.format(java.util.Locale.ROOT, "%.3f", fit));
        // the current bundle: the development cohort's, and no note
        CliResult now = cli(concat(new String[] {"predict", "--model", PredictFixture.bundle.toString()}, lesion()));
        assertThat(now.exit()).as(now.err()).isZero();
        assertThat(firstPrediction(now).path("calibration_prevalence_source").asText())
                .isEqualTo("development cohort");
        assertThat(now.err()).doesNotContain("development prevalence");
    }

    @Test
    void refusesADevelopmentPrevalenceOutsideZeroOne(@TempDir Path tmp) throws Exception {
        Path b = withCalibration(
                tmp.resolve("b"),
                cal -> ((com.fasterxml.jackson.databind.node.ObjectNode) cal.path("development_prevalence"))
                        .put("value", 1.0));
        CliResult r =
                cli("predict", "--model", b.toString(), "--image", anyT1Dicom().toString(), "--roi", "10,10,20,20");
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip())
                .startsWith("hemamet: " + b.resolve(TrainedCnn.METADATA_FILE)
                        + ": calibration.development_prevalence must have a value in (0, 1), got ");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    /** A run of an older version: its cell's bundle records no development prevalence; export adds it from split.csv. */
    @Test
    void exportRecordsTheDevelopmentPrevalenceOfARunThatDidNot(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        org.hemamet.core.TestTrees.copy(PredictFixture.run, run);
        Path cellModel = run.resolve("cells").resolve(PredictFixture.CELL).resolve("model");
        var expected = calibrationOf(cellModel).path("development_prevalence").deepCopy();
        assertThat(expected.path("value").asDouble()).isBetween(0.01, 0.99);
        editCalibration(cellModel, cal -> cal.remove("development_prevalence"));
        Path out = tmp.resolve("bundle");
        Exporter.export(run, "T1/hemangioma-vs-metastases", 0, out);
        assertThat(calibrationOf(out).path("development_prevalence")).isEqualTo(expected);
    }

    /** A calibration that cannot be applied is refused naming its four values (it printed the whole record). */
    @Test
    void refusesACalibrationWithoutAFiniteSlopeNamingItsValues(@TempDir Path tmp) throws Exception {
        Path b = withCalibration(tmp.resolve("b"), cal -> cal.put("slope", "NaN"));
        CliResult r =
                cli("predict", "--model", b.toString(), "--image", anyT1Dicom().toString(), "--roi", "10,10,20,20");
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip())
                .matches("hemamet: \\Q" + b.resolve(TrainedCnn.METADATA_FILE) + "\\E: calibration must be method"
                        + " platt or temperature with finite slope and intercept and a fit_prevalence in \\(0, 1\\),"
                        + " got method \\w+, slope NaN, intercept [-0-9.E]+, fit_prevalence 0\\.5");
    }

    /** The default prevalence is the one the bundle records: the calibrated probability moves by its prior odds. */
    @Test
    void predictMovesTheCalibratedProbabilityToTheRecordedDevelopmentPrevalence(@TempDir Path tmp) throws Exception {
        double fit = calibrationOf(PredictFixture.bundle).path("fit_prevalence").asDouble();
        Path b = withCalibration(
                tmp.resolve("b"),
                cal -> ((com.fasterxml.jackson.databind.node.ObjectNode) cal.path("development_prevalence"))
                        .put("value", 0.3));
        var at30 = predictJson(b, lesion());
        var atFit = predictJson(PredictFixture.bundle, concat(lesion(), "--prevalence", String.valueOf(fit)));
        assertThat(at30.path("calibration_prevalence").asDouble()).isEqualTo(0.3);
        assertThat(at30.path("probability").asDouble())
                .isEqualTo(atFit.path("probability").asDouble());
        assertThat(logit(at30.path("calibrated_probability").asDouble())
                        - logit(atFit.path("calibrated_probability").asDouble()))
                .isCloseTo(logit(0.3) - logit(fit), org.assertj.core.api.Assertions.within(1e-7));
    }

    /** A T1 lesion of the fixture, for --json output. */
    private static String[] lesion() {
        return new String[] {"--image", anyT1Dicom().toString(), "--roi", "10,10,20,20", "--json"};
    }

    /** A copy of the fixture's bundle whose metadata's calibration {@code edit} changed. */
    private static Path withCalibration(
            Path dst, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> edit)
            throws Exception {
        Path b = copyBundle(dst);
        editCalibration(b, edit);
        return b;
    }

    private static void editCalibration(
            Path bundle, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> edit)
            throws Exception {
        Path meta = bundle.resolve(TrainedCnn.METADATA_FILE);
        var md = (com.fasterxml.jackson.databind.node.ObjectNode)
                org.hemamet.core.Json.mapper().readTree(meta.toFile());
        edit.accept((com.fasterxml.jackson.databind.node.ObjectNode) md.get("calibration"));
        Files.writeString(meta, org.hemamet.core.Json.mapper().writeValueAsString(md));
    }

    private static com.fasterxml.jackson.databind.JsonNode calibrationOf(Path bundle) throws Exception {
        return org.hemamet.core.Json.mapper()
                .readTree(bundle.resolve(TrainedCnn.METADATA_FILE).toFile())
                .path("calibration");
    }

    private static com.fasterxml.jackson.databind.JsonNode firstPrediction(CliResult r) throws Exception {
        return org.hemamet.core.Json.mapper()
                .readTree(r.out())
                .path("predictions")
                .get(0);
    }

    private static com.fasterxml.jackson.databind.JsonNode predictJson(Path bundle, String... args) throws Exception {
        CliResult r = cli(concat(new String[] {"predict", "--model", bundle.toString()}, args));
        assertThat(r.exit()).as(r.err()).isZero();
        return firstPrediction(r);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }

    @Test
    void refusesInconsistentOptions() {
        String m = PredictFixture.bundle.toString();
        assertRefused(
                cli("predict", "--model", m, "--image", anyT1Dicom().toString()),
                "--image needs exactly one of --roi x,y,w,h or --via FILE");
        assertRefused(
                cli("predict", "--model", m, "--via", "x.json"),
                "batch mode (--via without --image) needs --out FILE.csv");
        assertRefused(
                cli(
                        "predict",
                        "--model",
                        m,
                        "--image",
                        anyT1Dicom().toString(),
                        "--roi",
                        "1,1,5,5",
                        "--method",
                        "lime"),
                "--method: method must be gradcam or occlusion, got 'lime'");
        assertRefused(
                cli(
                        "predict",
                        "--model",
                        m,
                        "--image",
                        anyT1Dicom().toString(),
                        "--roi",
                        "1,1,5,5",
                        "--explain",
                        "lung"),
                "--explain lung: the model's classes are hemangioma and metastases (or decision, the class it"
                        + " decides)");
    }

    @Test
    void exportCopiesTheParametersByteForByteAndRecordsTheCrop(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("bundle");
        CliResult r = cli(
                "export",
                PredictFixture.run.toString(),
                "--cell",
                "T1/hemangioma-vs-metastases",
                "--out",
                out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .isEqualTo(out + ": model of cell T1__hemangioma-vs-metastases__r0 (crop parameters from"
                        + " dataset ingest-report.json (params.key))" + System.lineSeparator());
        Path cellModel =
                PredictFixture.run.resolve("cells").resolve(PredictFixture.CELL).resolve("model");
        assertThat(Hashing.sha256(out.resolve(TrainedCnn.PARAMS_FILE)))
                .isEqualTo(Hashing.sha256(cellModel.resolve(TrainedCnn.PARAMS_FILE)));
        String meta = Files.readString(out.resolve(TrainedCnn.METADATA_FILE));
        assertThat(meta)
                .contains(
                        "\"margin\" : 0.15",
                        "\"keep_aspect\" : true",
                        "\"key\" : \"size=256;margin=0.15;aspect=keep;percentiles=0.5-99.5;resize=area/linear;v1\"",
                        "\"sequence\" : \"T1\"",
                        "\"positive_class\" : \"metastases\"",
                        "\"threshold\" : 0.5",
                        "\"test_metrics\"",
                        "\"params_sha256\"",
                        "\"dataset\"",
                        "\"exported\"",
                        "\"versions\"");
        assertThat(tmp.toFile().list()).containsExactly("bundle"); // no temporary left behind
    }

    @Test
    void exportRefusesAnUnknownCellNamingTheCellsThereAre(@TempDir Path tmp) {
        Path out = tmp.resolve("b");
        assertRefused(
                cli(
                        "export",
                        PredictFixture.run.toString(),
                        "--cell",
                        "T2/hemangioma-vs-metastases",
                        "--out",
                        out.toString()),
                "--cell T2/hemangioma-vs-metastases --repeat 0: " + PredictFixture.run
                        + " has no such cell (it has: T1/hemangioma-vs-metastases)");
        assertRefused(
                cli("export", PredictFixture.run.toString(), "--cell", "T1", "--out", out.toString()),
                "--cell T1: expected SEQUENCE/COMPARISON, e.g. T2/hemangioma-vs-metastases");
        assertThat(out).doesNotExist();
    }

    private static Path copyBundle(Path dst) throws Exception {
        Files.createDirectories(dst);
        for (String f : new String[] {TrainedCnn.PARAMS_FILE, TrainedCnn.METADATA_FILE}) {
            Files.copy(PredictFixture.bundle.resolve(f), dst.resolve(f));
        }
        return dst;
    }
}
