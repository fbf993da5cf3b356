package org.hemamet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.cohort.Diagnosis;
import org.hemamet.cohort.Sequence;
import org.hemamet.core.Json;
import org.hemamet.preprocess.FloatImage;
import org.hemamet.preprocess.SavePng16;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hemamet bench}: a tiny real measurement (synthetic + dataset), JSON keys, exact errors. */
class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void measuresSyntheticAndDatasetAsJson() throws Exception {
        Path ds = dir.resolve("ds");
        Files.createDirectories(ds.resolve("crops"));
        List<DatasetSample> samples = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            float[] px = new float[40 * 40];
            for (int p = 0; p < px.length; p++) {
                px[p] = ((p * 7 + i * 13) % 97) / 97f;
            }
            String crop = "crops/c" + i + ".png";
            Files.write(ds.resolve(crop), SavePng16.encode(new FloatImage(40, 40, px)));
            samples.add(DatasetSample.builder(
                            "s" + i,
                            "p" + i,
                            "L1",
                            i % 2 == 0 ? Diagnosis.HEMANGIOMA : Diagnosis.LUNG,
                            Sequence.T1,
                            crop)
                    .sourceSha256("0".repeat(64))
                    .roi("rect", 0, 0, 40, 40)
                    .acquisition("", 1.5, 500, 10, Double.NaN, 0.8)
                    .build());
        }
        DatasetManifest.write(ds, samples);

        CliRun.CliResult r = CliRun.run(
                "bench",
                "--input",
                "32",
                "--batch",
                "4",
                "--steps",
                "2",
                "--warmup",
                "1",
                "--images",
                "8",
                "--threads",
                "1",
                "--json",
                "--dataset",
                ds.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        assertThat(lines).hasSize(2);
        JsonNode synth = Json.mapper().readTree(lines[0]);
        JsonNode real = Json.mapper().readTree(lines[1]);
        assertThat(synth.get("data").asText()).isEqualTo("synthetic");
        assertThat(real.get("data").asText()).isEqualTo(ds.toString());
        for (JsonNode j : List.of(synth, real)) {
            assertThat(j.get("input").asInt()).isEqualTo(32);
            assertThat(j.get("batch").asInt()).isEqualTo(4);
            assertThat(j.get("steps").asInt()).isEqualTo(2);
            assertThat(j.get("threads").asInt()).isEqualTo(1);
            assertThat(j.get("train_img_s").asDouble()).isPositive();
            assertThat(j.get("infer_img_s").asDouble()).isPositive();
            assertThat(j.get("fwd_bwd_ms").asDouble()).isPositive();
            assertThat(j.get("optimizer_ms").asDouble()).isPositive();
            assertThat(j.get("peak_rss_mb").asDouble()).isGreaterThan(50);
            assertThat(j.get("user_s").asDouble()).isPositive();
            assertThat(j.has("sys_s")).isTrue();
        }
    }

    @Test
    void rejectsUnknownDevice() {
        CliRun.CliResult r = CliRun.run("bench", "--device", "tpu");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).endsWith("--device: expected auto, cpu or gpu, got 'tpu'");
    }

    @Test
    void rejectsFewerImagesThanABatch() {
        CliRun.CliResult r = CliRun.run("bench", "--images", "3", "--batch", "4");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).endsWith("--images: 3 is fewer than one batch of 4");
    }

    @Test
    void rejectsADirectoryWithoutManifest() {
        CliRun.CliResult r = CliRun.run(
                "bench", "--input", "16", "--batch", "2", "--steps", "1", "--images", "2", "--dataset", dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).endsWith(dir + ": no dataset.csv (not an ingested dataset)");
    }
}
