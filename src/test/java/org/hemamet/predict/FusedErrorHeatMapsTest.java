package org.hemamet.predict;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.hemamet.cli.CliRun;
import org.hemamet.cli.CliRun.CliResult;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.cohort.Sequence;
import org.hemamet.contract.HeatMapIndex;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.core.Csv;
import org.hemamet.core.HemametException;
import org.hemamet.preprocess.LesionCropper;
import org.hemamet.report.ReportWriter;
import org.hemamet.study.CropLoader;
import org.hemamet.study.EarlyFusion;
import org.hemamet.study.StudyFixturesAccess;
import org.hemamet.study.StudyRunner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny study with early fusion (T1 and T2; every fifth patient without T2), errors planted on its fused cell:
 * the heat-map step writes each error's map of the cell's own fused model (what a direct Grad-CAM of the
 * bundle gives), one panel per fused sequence with the masked one not acquired, the index names the fused and
 * masked sequences, the report shows them, and {@code predict --heatmap} draws the same panels for a fused
 * bundle; no path or dataset name in any of those bytes.
 */
@Tag("slow")
class FusedErrorHeatMapsTest {
    static final String CMP = "hemangioma-vs-metastases";
    static final String CELL = EarlyFusion.NAME_MODEL + "__" + CMP + "__r0";
    /** The dataset folder's name: it must reach no output. */
    static final String COHORT_NAME = "cohort-QxZebra";

    @TempDir
    Path tmp;

    @Test
    void theFusedCellsErrorsGetOneMapOverEachAcquiredCropAndPredictDrawsTheSame() throws Exception {
        Path dataset = StudyFixturesAccess.separable(tmp.resolve(COHORT_NAME), 24, 24, 32, 1, 2);
        List<DatasetSample> kept = new ArrayList<>();
        for (DatasetSample s : DatasetManifest.read(dataset)) {
            if (!(s.sequence() == Sequence.T2 && patient(s) % 5 == 0)) {
                kept.add(s);
            }
        }
        DatasetManifest.write(dataset, kept);
        Files.writeString(
                dataset.resolve("ingest-report.json"),
                "{\"params\":{\"key\":\"" + LesionCropper.Params.DEFAULT.key() + "\"}}\n");
        Path run = tmp.resolve("run");
        new StudyRunner(StudyFixturesAccess.tinyConfig(7).withFusion(List.of(EarlyFusion.NAME)), dataset, run, null)
                .run();

        List<PredictionRow> planted = plantErrors(run);
        ErrorHeatMaps.write(run, dataset);
        HeatMapIndex index = HeatMapIndex.read(run, CELL).orElseThrow();
        assertThat(index.reason()).isNull();
        assertThat(index.method()).isEqualTo(ErrorHeatMaps.METHOD_FUSED);
        assertThat(index.cases()).hasSize(planted.size());
        Path bundle = RunFiles.cellDir(run, CELL).resolve(RunFiles.MODEL);
        CropLoader loader = new CropLoader(dataset, 32);
        int maskedSeen = 0;
        try (EarlyFusedPredictor model = EarlyFusedPredictor.open(bundle)) {
            for (int k = 0; k < planted.size(); k++) {
                PredictionRow p = planted.get(k);
                HeatMapIndex.Case c = index.cases().get(k);
                boolean lacksT2 = patientNumber(p.patientKey()) % 5 == 0;
                maskedSeen += lacksT2 ? 1 : 0;
                assertThat(c.sampleId()).isEqualTo(p.sampleId());
                assertThat(c.targetClass()).isEqualTo(p.predicted());
                assertThat(c.sequences()).containsExactly("T1", "T2");
                assertThat(c.masked()).isEqualTo(lacksT2 ? List.of("T2") : List.of());
                // the written map is Grad-CAM of the cell's own fused model on the lesion's crops
                float[][] crops = new float[2][];
                for (DatasetSample s : kept) {
                    if (s.patientKey().equals(p.patientKey()) && s.lesionId().equals(p.lesionId())) {
                        crops[s.sequence() == Sequence.T1 ? 0 : 1] = loader.load(s.cropPath());
                    }
                }
                assertThat(crops[1] == null).isEqualTo(lacksT2);
                BufferedImage written = ImageIO.read(
                        HeatMapIndex.dir(run, CELL).resolve(c.file()).toFile());
                int panel = HeatMaps.panelWidth(HeatMaps.MIN_DISPLAY);
                assertThat(written.getWidth()).isEqualTo(2 * panel + HeatMaps.PANEL_GAP);
                assertThat(rgb(written))
                        .isEqualTo(rgb(model.heatMap(crops, HeatMaps.Method.GRADCAM, p.predicted(), "Grad-CAM")));
                assertThat(rgb(written))
                        .isNotEqualTo(
                                rgb(model.heatMap(crops, HeatMaps.Method.GRADCAM, 1 - p.predicted(), "Grad-CAM")));
            }
        }
        assertThat(maskedSeen).as("a planted error lacking T2").isPositive();

        // the report's gallery shows the panels and names the masked sequence
        Path html = ReportWriter.write(run, dataset, tmp.resolve("out").resolve("r.html"))
                .html();
        String page = Files.readString(html);
        assertThat(page.split("class=\"thumb heatmap panels\"", -1)).hasSize(1 + planted.size());
        assertThat(page).contains("T2 (not acquired)").contains("one panel per fused sequence");

        // predict --heatmap on the exported bundle, for a dataset of one lesion lacking T2
        Path exported = tmp.resolve("out").resolve("bundle");
        CliResult e = CliRun.run(
                "export", run.toString(), "--fusion", "early", "--comparison", CMP, "--out", exported.toString());
        assertThat(e.exit()).as(e.both()).isZero();
        PredictionRow lacking = planted.stream()
                .filter(p -> patientNumber(p.patientKey()) % 5 == 0)
                .findFirst()
                .orElseThrow();
        Path one = oneLesionDataset(dataset, kept, lacking, tmp.resolve("one-" + COHORT_NAME));
        Path heat = tmp.resolve("out").resolve("h.png");
        Path csv = tmp.resolve("out").resolve("p.csv");
        CliResult r = CliRun.run(
                "predict",
                "--model",
                exported.toString(),
                "--dataset",
                one.toString(),
                "--out",
                csv.toString(),
                "--heatmap",
                heat.toString());
        assertThat(r.exit()).as(r.both()).isZero();
        List<org.hemamet.contract.FusedPredictionRow> predicted =
                Csv.read(csv, org.hemamet.contract.FusedPredictionRow.class);
        assertThat(predicted).hasSize(1);
        assertThat(predicted.get(0).missing()).isEqualTo("T2");
        assertThat(r.out()).contains("heat map for " + predicted.get(0).decision());
        BufferedImage drawn = ImageIO.read(heat.toFile());
        try (EarlyFusedPredictor model = EarlyFusedPredictor.open(exported)) {
            float[][] crops = {new CropLoader(one, 32).load(cropOf(kept, lacking, Sequence.T1)), null};
            int target = model.info().classes().indexOf(predicted.get(0).decision());
            BufferedImage expected = model.heatMap(crops, HeatMaps.Method.GRADCAM, target, null);
            // the panels below the title: the same map over the same crop, T2 not acquired
            int top = 40;
            assertThat(rgb(drawn.getSubimage(0, top, drawn.getWidth(), drawn.getHeight() - top)))
                    .isEqualTo(rgb(expected.getSubimage(0, top, expected.getWidth(), expected.getHeight() - top)));
        }
        // a batch of several lesions has no one heat map: refused before anything is written
        Path heat2 = tmp.resolve("out").resolve("h2.png");
        CliResult many = CliRun.run(
                "predict",
                "--model",
                exported.toString(),
                "--dataset",
                dataset.toString(),
                "--out",
                tmp.resolve("out").resolve("p2.csv").toString(),
                "--heatmap",
                heat2.toString());
        assertThat(many.exit()).as(many.both()).isEqualTo(HemametException.INVALID_INPUT);
        assertThat(many.err().strip().lines()).hasSize(1);
        assertThat(many.err()).contains("--heatmap draws one");
        assertThat(heat2).doesNotExist();
        assertThat(tmp.resolve("out").resolve("p2.csv")).doesNotExist();

        // no path and no dataset name in any byte the heat maps, the index, the report's gallery or predict wrote
        // (the report's provenance appendix shows the run's recorded dataset_dir by design)
        List<Path> outputs = new ArrayList<>();
        try (Stream<Path> s = Files.walk(HeatMapIndex.dir(run, CELL))) {
            s.filter(Files::isRegularFile).forEach(outputs::add);
        }
        outputs.addAll(List.of(heat, csv));
        List<String> texts = new ArrayList<>();
        for (Path f : outputs) {
            texts.add(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
        }
        int from = page.indexOf("class=\"gallery\"");
        assertThat(from).isPositive();
        texts.add(page.substring(from, page.indexOf("</section>", from)));
        for (String bytes : texts) {
            assertThat(bytes).doesNotContain(COHORT_NAME).doesNotContain(tmp.toString());
        }
    }

    /**
     * Makes the fused cell's first four test lesions errors (its first lesion lacking T2 among them) and the
     * rest right; returns the planted errors in predictions.csv order.
     */
    private static List<PredictionRow> plantErrors(Path run) throws Exception {
        List<PredictionRow> rows = RunFiles.readAllPredictions(run);
        List<PredictionRow> fused =
                rows.stream().filter(p -> CELL.equals(p.cellId())).toList();
        assertThat(fused).hasSizeGreaterThan(5);
        Set<String> wrong = new HashSet<>();
        fused.stream().limit(3).forEach(p -> wrong.add(p.sampleId()));
        fused.stream()
                .filter(p -> patientNumber(p.patientKey()) % 5 == 0)
                .findFirst()
                .ifPresent(p -> wrong.add(p.sampleId()));
        List<PredictionRow> out = new ArrayList<>();
        List<PredictionRow> planted = new ArrayList<>();
        for (PredictionRow p : rows) {
            int predicted =
                    !CELL.equals(p.cellId()) ? p.predicted() : wrong.contains(p.sampleId()) ? 1 - p.label() : p.label();
            PredictionRow q = p.withPredicted(predicted);
            out.add(q);
            if (CELL.equals(p.cellId()) && wrong.contains(p.sampleId())) {
                planted.add(q);
            }
        }
        RunFiles.writePredictions(run, out);
        return planted;
    }

    private static Path oneLesionDataset(Path dataset, List<DatasetSample> kept, PredictionRow lesion, Path to)
            throws Exception {
        List<DatasetSample> rows = kept.stream()
                .filter(s -> s.patientKey().equals(lesion.patientKey())
                        && s.lesionId().equals(lesion.lesionId()))
                .toList();
        Files.createDirectories(to.resolve("crops"));
        for (DatasetSample s : rows) {
            Files.copy(dataset.resolve(s.cropPath()), to.resolve(s.cropPath()));
        }
        DatasetManifest.write(to, rows);
        Files.copy(dataset.resolve("ingest-report.json"), to.resolve("ingest-report.json"));
        return to;
    }

    private static String cropOf(List<DatasetSample> kept, PredictionRow lesion, Sequence seq) {
        return kept.stream()
                .filter(s -> s.patientKey().equals(lesion.patientKey())
                        && s.lesionId().equals(lesion.lesionId())
                        && s.sequence() == seq)
                .map(DatasetSample::cropPath)
                .findFirst()
                .orElseThrow();
    }

    private static int patient(DatasetSample s) {
        return patientNumber(s.patientKey());
    }

    private static int patientNumber(String patientKey) {
        return Integer.parseInt(patientKey.substring(1));
    }

    private static int[] rgb(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }
}
