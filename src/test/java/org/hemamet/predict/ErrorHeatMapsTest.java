package org.hemamet.predict;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.hemamet.contract.HeatMapIndex;
import org.hemamet.core.TestTrees;
import org.hemamet.model.TrainedCnn;
import org.hemamet.report.ReportWriter;
import org.hemamet.study.CropLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The explicit heat-map step on a real study run (PredictFixture): a map of each misclassified test lesion
 * from the cell's own bundle for the class it predicted, a reason for each one it could not make, kept
 * when complete, and shown by the report.
 */
class ErrorHeatMapsTest {
    private static final String CELL = PredictFixture.CELL;
    private static final String NO_BUNDLE = "T2__hemangioma-vs-metastases__r0";

    @TempDir
    Path tmp;

    @BeforeAll
    static void build() {
        PredictFixture.build();
    }

    @Test
    void writesAMapOfEachErrorFromTheCellsOwnModelAndSaysWhyForTheOthers() throws Exception {
        Path run = copyOfRun();
        List<String[]> rows = plantErrors(run, true);
        ErrorHeatMaps.Summary s = ErrorHeatMaps.write(run, PredictFixture.dataset);
        assertThat(s).isEqualTo(new ErrorHeatMaps.Summary(2, 3, 2));

        HeatMapIndex index = HeatMapIndex.read(run, CELL).orElseThrow();
        assertThat(index.reason()).isNull();
        assertThat(index.method()).isEqualTo(ErrorHeatMaps.METHOD);
        assertThat(index.cases()).hasSize(4);
        try (TrainedCnn model =
                TrainedCnn.load(run.resolve("cells").resolve(CELL).resolve("model"))) {
            for (int k = 0; k < 3; k++) {
                String[] r = rows.get(k);
                HeatMapIndex.Case c = index.cases().get(k);
                int predicted = Integer.parseInt(r[2]);
                assertThat(c).isEqualTo(new HeatMapIndex.Case(r[0], predicted, r[0] + ".png", null));
                // the map of the class the model predicted, on the crop as the network saw it
                float[] input = CropLoader.read(PredictFixture.dataset.resolve(r[3]), model.inputSize());
                int[] written = rgb(ImageIO.read(
                        HeatMapIndex.dir(run, CELL).resolve(c.file()).toFile()));
                assertThat(written).isEqualTo(rgb(HeatMaps.overlay(model, input, predicted)));
                assertThat(written).isNotEqualTo(rgb(HeatMaps.overlay(model, input, 1 - predicted)));
            }
        }
        assertThat(index.cases().get(3).file()).isNull();
        assertThat(index.cases().get(3).reason())
                .isEqualTo("crop crops/missing.png not found in the dataset directory");
        HeatMapIndex none = HeatMapIndex.read(run, NO_BUNDLE).orElseThrow();
        assertThat(none.reason()).isEqualTo("no model bundle in the cell (model/metadata.json not found)");

        // the report shows the three maps and, for each other error, why it has none
        ReportWriter.ReportSummary report = ReportWriter.write(run, PredictFixture.dataset, tmp.resolve("r.html"));
        String html = Files.readString(report.html());
        assertThat(html.split("class=\"thumb heatmap\"", -1)).hasSize(1 + 3);
        assertThat(html)
                .contains("no heat map: crop crops/missing.png not found in the dataset directory")
                .contains("no heat map: no model bundle in the cell (model/metadata.json not found)");
    }

    @Test
    void keepsACompleteCellAndRedoesAnIncompleteOne() throws Exception {
        Path run = copyOfRun();
        plantErrors(run, true);
        ErrorHeatMaps.write(run, null);
        assertThat(HeatMapIndex.read(run, CELL).orElseThrow().reason())
                .isEqualTo("no dataset directory was given, so the crops are unknown");

        plantErrors(run, false);
        assertThat(ErrorHeatMaps.write(run, PredictFixture.dataset)).isEqualTo(new ErrorHeatMaps.Summary(1, 3, 0));
        Path marker = Files.writeString(HeatMapIndex.dir(run, CELL).resolve("marker"), "kept");
        assertThat(ErrorHeatMaps.write(run, PredictFixture.dataset)).isEqualTo(new ErrorHeatMaps.Summary(1, 3, 0));
        assertThat(marker).exists();
        // without the dataset the complete cell is still kept (its maps need no crop any more)
        assertThat(ErrorHeatMaps.write(run, null)).isEqualTo(new ErrorHeatMaps.Summary(1, 3, 0));
        assertThat(marker).exists();
    }

    @Test
    void aRunWithoutPredictionsHasNothingToExplain() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("empty"));
        assertThat(ErrorHeatMaps.write(run, PredictFixture.dataset)).isEqualTo(new ErrorHeatMaps.Summary(0, 0, 0));
        assertThat(run.resolve("cells")).doesNotExist();
    }

    private Path copyOfRun() throws IOException {
        return TestTrees.copy(PredictFixture.run, tmp.resolve("run"));
    }

    /**
     * Rewrites predictions.csv so that the cell's first three test lesions are errors and the rest right;
     * with {@code extra}, also an error whose crop is missing and one of a cell without a model bundle.
     *
     * @return [sample_id, label, predicted, crop_path] of the planted errors
     */
    private static List<String[]> plantErrors(Path run, boolean extra) throws IOException {
        // Jackson quotes every value; none holds a comma or a quote, so plain splitting is exact
        List<String> lines = Files.readAllLines(PredictFixture.run.resolve("predictions.csv")).stream()
                .map(l -> l.replace("\"", ""))
                .toList();
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        int cell = header.indexOf("cell_id");
        int sample = header.indexOf("sample_id");
        int label = header.indexOf("label");
        int predicted = header.indexOf("predicted");
        int crop = header.indexOf("crop_path");
        List<String> out = new ArrayList<>(List.of(lines.get(0)));
        List<String[]> errors = new ArrayList<>();
        List<String[]> rows = lines.stream().skip(1).map(l -> l.split(",", -1)).toList();
        assertThat(rows.size()).isGreaterThanOrEqualTo(5);
        for (int k = 0; k < rows.size(); k++) {
            String[] f = rows.get(k).clone();
            assertThat(f[cell]).isEqualTo(CELL);
            int l = Integer.parseInt(f[label]);
            f[predicted] = Integer.toString(k < 3 ? 1 - l : l);
            out.add(String.join(",", f));
            if (k < 3) {
                errors.add(new String[] {f[sample], f[label], f[predicted], f[crop]});
            }
        }
        if (extra) {
            String[] missing = rows.get(3).clone();
            missing[sample] = "missing_crop";
            missing[crop] = "crops/missing.png";
            missing[predicted] = Integer.toString(1 - Integer.parseInt(missing[label]));
            out.add(String.join(",", missing));
            String[] other = rows.get(4).clone();
            other[cell] = NO_BUNDLE;
            other[predicted] = Integer.toString(1 - Integer.parseInt(other[label]));
            out.add(String.join(",", other));
            // and that cell in results.csv, as a cell the study finished but whose bundle is gone
            List<String> results = Files.readAllLines(PredictFixture.run.resolve("results.csv"));
            results = new ArrayList<>(results);
            results.add(results.get(1).replace(CELL, NO_BUNDLE));
            Files.write(run.resolve("results.csv"), results);
        }
        Files.write(run.resolve("predictions.csv"), out);
        return errors;
    }

    private static int[] rgb(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }
}
