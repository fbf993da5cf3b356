package org.hemamet.predict;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hemamet.cli.CliRun;
import org.hemamet.cli.CliRun.CliResult;
import org.hemamet.contract.RunFiles;
import org.hemamet.core.Json;
import org.hemamet.core.TestTrees;
import org.hemamet.ingest.Ingest;
import org.hemamet.model.TrainedCnn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cell's own model bundle ({@code RUN_DIR/cells/<cell>/model}, which predict's help offers) crops new lesions as
 * the study's dataset did. It recorded no crop parameters, so predict used the defaults (margin 0.1, scaled per
 * crop) whatever the dataset's: on the demo a T2 metastasis at P 0.947 became a hemangioma at P > 0.999, with
 * nothing said. The fixture's dataset uses margin 0.15, so defaults would change the scores here too.
 */
class CellBundleCropTest {
    @BeforeAll
    static void build() {
        PredictFixture.build();
    }

    private static Path cellModel(Path run) {
        return run.resolve("cells").resolve(PredictFixture.CELL).resolve(RunFiles.MODEL);
    }

    private static Path anyT1Dicom() {
        return PredictFixture.BY_SHA.values().iterator().next().dicom();
    }

    private static JsonNode predict(Path bundle) {
        CliResult r = CliRun.run(
                "predict",
                "--model",
                bundle.toString(),
                "--image",
                anyT1Dicom().toString(),
                "--roi",
                "10,10,20,20",
                "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        try {
            return Json.mapper().readTree(r.out());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theStudyRecordsTheDatasetsCropInEachCellsBundle() throws Exception {
        JsonNode crop = Json.mapper()
                .readTree(cellModel(PredictFixture.run)
                        .resolve(TrainedCnn.METADATA_FILE)
                        .toFile())
                .path("input")
                .path("crop");
        assertThat(crop.path("key").asText()).isEqualTo(Ingest.recordedCropKey(PredictFixture.dataset));
        assertThat(crop.path("margin").asDouble()).isEqualTo(PredictFixture.MARGIN);
    }

    @Test
    void theCellsBundlePredictsAsItsExportDoes() {
        JsonNode cell = predict(cellModel(PredictFixture.run));
        JsonNode exported = predict(PredictFixture.bundle);
        assertThat(cell.path("predictions").get(0).path("probability").asDouble())
                .isEqualTo(
                        exported.path("predictions").get(0).path("probability").asDouble());
        assertThat(cell.path("model").path("crop").asText()).isEqualTo(Ingest.recordedCropKey(PredictFixture.dataset));
        assertThat(cell.path("model").path("crop_source").asText())
                .isEqualTo("dataset ingest-report.json (params.key)");
    }

    @Test
    void aBundleWithoutCropParametersIsRefusedNamingTheRemedy(@TempDir Path tmp) throws Exception {
        Path b = Files.createDirectories(tmp.resolve("b"));
        for (String f : new String[] {TrainedCnn.PARAMS_FILE, TrainedCnn.METADATA_FILE}) {
            Files.copy(cellModel(PredictFixture.run).resolve(f), b.resolve(f));
        }
        Path meta = b.resolve(TrainedCnn.METADATA_FILE);
        ObjectNode md = (ObjectNode) Json.mapper().readTree(meta.toFile());
        ((ObjectNode) md.get("input")).remove("crop");
        Files.writeString(meta, Json.mapper().writeValueAsString(md));
        CliResult r = CliRun.run(
                "predict", "--model", b.toString(), "--image", anyT1Dicom().toString(), "--roi", "10,10,20,20");
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip())
                .isEqualTo("hemamet: " + meta + ": records no crop parameters (input.crop), so new lesions cannot be"
                        + " cropped and scaled as the network's training crops were; export the model with 'hemamet"
                        + " export RUN_DIR --cell SEQUENCE/COMPARISON' (it reads them from the run's dataset)");
        // crops a dataset made need none: validate --run and the report's heat maps still open older runs' cells
        try (Predictor p = Predictor.open(b)) {
            assertThat(p.info().recordsCrop()).isFalse();
        }
        try (Predictor p = Predictor.open(PredictFixture.bundle)) {
            assertThat(p.info().recordsCrop()).isTrue();
        }
    }

    /** A copy of the fixture's run (its T1 cell) whose provenance.json puts the dataset where there is none. */
    private static Path runWithMovedDataset(Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        Path cell = Files.createDirectories(run.resolve("cells").resolve(PredictFixture.CELL));
        Path from = PredictFixture.run.resolve("cells").resolve(PredictFixture.CELL);
        TestTrees.copy(from, cell);
        for (String f : new String[] {RunFiles.RESULTS, RunFiles.PROVENANCE, RunFiles.STUDY}) {
            Files.copy(PredictFixture.run.resolve(f), run.resolve(f));
        }
        Path prov = run.resolve(RunFiles.PROVENANCE);
        ObjectNode p = (ObjectNode) Json.mapper().readTree(prov.toFile());
        p.put("dataset_dir", tmp.resolve("moved-away").toString());
        Files.writeString(prov, Json.mapper().writeValueAsString(p));
        return run;
    }

    /** {@code hemamet export RUN --cell T1/hemangioma-vs-metastases --out OUT} with {@code more} options. */
    private static CliResult exportT1(Path run, Path out, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "export", run.toString(), "--cell", "T1/hemangioma-vs-metastases", "--out", out.toString()));
        args.addAll(java.util.List.of(more));
        return CliRun.run(args.toArray(String[]::new));
    }

    private static String exportedCropKey(Path bundle) throws Exception {
        return Json.mapper()
                .readTree(bundle.resolve(TrainedCnn.METADATA_FILE).toFile())
                .path("input")
                .path("crop")
                .path("key")
                .asText();
    }

    /** A run whose dataset is no longer where provenance.json says: the export keeps the crop the cell recorded. */
    @Test
    void exportKeepsTheRecordedCropWhenTheDatasetHasMoved(@TempDir Path tmp) throws Exception {
        Path run = runWithMovedDataset(tmp);
        Exporter.Exported e = Exporter.export(run, "T1/hemangioma-vs-metastases", 0, tmp.resolve("out"));
        assertThat(e.cropSource()).isEqualTo("dataset ingest-report.json (params.key)");
        assertThat(exportedCropKey(tmp.resolve("out"))).isEqualTo(Ingest.recordedCropKey(PredictFixture.dataset));
    }

    /**
     * A cell of an older run (no input.crop) whose dataset has moved: export refused (it wrote the defaults, and
     * predict then cropped with them), naming --dataset; --dataset takes the dataset only if it is the run's.
     */
    @Test
    void anOlderCellWhoseDatasetMovedNeedsTheDatasetNamed(@TempDir Path tmp) throws Exception {
        Path run = runWithMovedDataset(tmp);
        Path meta = run.resolve("cells")
                .resolve(PredictFixture.CELL)
                .resolve(RunFiles.MODEL)
                .resolve(TrainedCnn.METADATA_FILE);
        ObjectNode md = (ObjectNode) Json.mapper().readTree(meta.toFile());
        ((ObjectNode) md.get("input")).remove("crop");
        Files.writeString(meta, Json.mapper().writeValueAsString(md));

        Path out = tmp.resolve("out");
        CliResult refused = exportT1(run, out);
        assertThat(refused.exit()).as(refused.err()).isEqualTo(2);
        assertThat(refused.err().strip())
                .isEqualTo("hemamet: " + meta + ": records no crop parameters and the run's dataset has no "
                        + tmp.resolve("moved-away").resolve(Ingest.REPORT_FILE) + " (moved or deleted?); name the"
                        + " run's dataset with --dataset DIR");
        assertThat(out).doesNotExist();

        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("dataset.csv"), "sample_id\n");
        CliResult wrong = exportT1(run, out, "--dataset", other.toString());
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).startsWith("hemamet: --dataset " + other + ": not the dataset this run was made on");
        assertThat(out).doesNotExist();

        CliResult named = exportT1(run, out, "--dataset", PredictFixture.dataset.toString());
        assertThat(named.exit()).as(named.err()).isZero();
        assertThat(exportedCropKey(out)).isEqualTo(Ingest.recordedCropKey(PredictFixture.dataset));
        assertThat(Json.mapper()
                        .readTree(out.resolve(TrainedCnn.METADATA_FILE).toFile())
                        .path("development")
                        .path("patients")
                        .size())
                .isPositive();
    }
}
