package org.hemamet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
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

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return CliFactory.create(new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
    }

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
            samples.add(new DatasetSample(
                    "s" + i,
                    "p" + i,
                    "L1",
                    i % 2 == 0 ? Diagnosis.HEMANGIOMA : Diagnosis.LUNG,
                    Sequence.T1,
                    crop,
                    "0".repeat(64),
                    "rect",
                    0,
                    0,
                    40,
                    40,
                    0,
                    1,
                    "",
                    1.5,
                    500,
                    10,
                    Double.NaN,
                    0.8));
        }
        DatasetManifest.write(ds, samples);

        int code = run(
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

        assertThat(code).as(err.toString()).isZero();
        String[] lines = out.toString().strip().split("\n");
        assertThat(lines).hasSize(2);
        JsonNode synth = Json.mapper().readTree(lines[0]);
        JsonNode real = Json.mapper().readTree(lines[1]);
        assertThat(synth.get("data").asText()).isEqualTo("synthetic");
        assertThat(real.get("data").asText()).isEqualTo(ds.toString());
        for (JsonNode r : List.of(synth, real)) {
            assertThat(r.get("input").asInt()).isEqualTo(32);
            assertThat(r.get("batch").asInt()).isEqualTo(4);
            assertThat(r.get("steps").asInt()).isEqualTo(2);
            assertThat(r.get("threads").asInt()).isEqualTo(1);
            assertThat(r.get("train_img_s").asDouble()).isPositive();
            assertThat(r.get("infer_img_s").asDouble()).isPositive();
            assertThat(r.get("fwd_bwd_ms").asDouble()).isPositive();
            assertThat(r.get("optimizer_ms").asDouble()).isPositive();
            assertThat(r.get("peak_rss_mb").asDouble()).isGreaterThan(50);
            assertThat(r.get("user_s").asDouble()).isPositive();
            assertThat(r.has("sys_s")).isTrue();
        }
    }

    @Test
    void rejectsUnknownDevice() {
        assertThat(run("bench", "--device", "tpu")).isEqualTo(2);
        assertThat(err.toString().strip()).endsWith("--device: expected cpu or gpu, got 'tpu'");
    }

    @Test
    void rejectsFewerImagesThanABatch() {
        assertThat(run("bench", "--images", "3", "--batch", "4")).isEqualTo(2);
        assertThat(err.toString().strip()).endsWith("--images: 3 is fewer than one batch of 4");
    }

    @Test
    void rejectsADirectoryWithoutManifest() {
        assertThat(run(
                        "bench",
                        "--input",
                        "16",
                        "--batch",
                        "2",
                        "--steps",
                        "1",
                        "--images",
                        "2",
                        "--dataset",
                        dir.toString()))
                .isEqualTo(2);
        assertThat(err.toString().strip()).endsWith(dir + ": no dataset.csv (not an ingested dataset)");
    }
}
