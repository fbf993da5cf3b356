package org.hemamet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hemamet.core.HemametException;
import org.hemamet.core.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainedCnnTest {
    static final int SIZE = 32;
    static final int RADIUS = 5;
    static BlobImages test;
    static TrainedCnn cnn;

    @BeforeAll
    static void trainOnBlobsAtVaryingPositions() {
        EngineSetup.setThreads(1);
        BlobImages train = BlobImages.generate(64, SIZE, RADIUS, 21);
        test = BlobImages.generate(40, SIZE, RADIUS, 22);
        cnn = CnnTrainer.train(TrainingRequest.builder()
                .setTrainData(train.data())
                .setHyperParams(new HyperParams(1e-3, 4, 8, 0.5))
                .setSeed(3)
                .build());
        assertThat(BlobImages.accuracy(cnn.predictPositive(test.images), test.labels))
                .isGreaterThanOrEqualTo(0.95);
    }

    @AfterAll
    static void close() {
        cnn.close();
    }

    @Test
    void predictionIsEvalModeRepeatableAndIndependentOfTheBatch() {
        double[] all = cnn.predictPositive(test.images);
        double[] again = cnn.predictPositive(test.images);
        assertThat(again).containsExactly(all);
        // batch statistics would make a lone image score differently; running statistics do not
        for (int i : new int[] {0, 1, 17}) {
            double alone = cnn.predictPositive(new float[][] {test.images[i]})[0];
            assertThat(alone).isCloseTo(all[i], org.assertj.core.data.Offset.offset(1e-6));
        }
        for (double p : all) {
            assertThat(p).isBetween(0.0, 1.0);
        }
    }

    @Test
    void predictionAndExplanationsReleaseEveryArray() {
        gradCam(test.images[1]);
        int before = cnn.liveArrays();
        for (int k = 0; k < 3; k++) {
            cnn.predictPositive(test.images);
            gradCam(test.images[1]);
            new OcclusionSensitivity(cnn, 8, 8).compute(test.images[1], 1);
        }
        assertThat(cnn.liveArrays()).isEqualTo(before);
    }

    @Test
    void gradCamOnEarlierBlocksGivesFullSizeMapsAndRejectsABadBlock() {
        int positive = 0;
        while (test.labels[positive] != 1) {
            positive++;
        }
        for (int b = 0; b <= 2; b++) {
            float[] map = new GradCam(cnn, b).compute(test.images[positive], 1);
            assertThat(map).hasSize(SIZE * SIZE);
            float max = 0;
            for (float v : map) {
                assertThat(v).isBetween(0f, 1f);
                max = Math.max(max, v);
            }
            assertThat(max).as("block %d", b).isEqualTo(1f);
        }
        assertThat(new GradCam(cnn, 2).compute(test.images[positive], 1))
                .containsExactly(gradCam(test.images[positive]));
        assertThatThrownBy(() -> new GradCam(cnn, 3)).hasMessage("blockIndex must be 0..2, got 3");
    }

    @Test
    void gradCamPutsMostOfItsMassOnTheBrightBlob() {
        double sumInside = 0;
        double sumStrict = 0;
        int positives = 0;
        for (int i = 0; i < test.labels.length; i++) {
            if (test.labels[i] != 1) {
                continue;
            }
            float[] map = gradCam(test.images[i]);
            assertThat(map).hasSize(SIZE * SIZE);
            double total = 0;
            double inside = 0;
            float max = 0;
            double strict = 0;
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    float v = map[y * SIZE + x];
                    assertThat(v).isBetween(0f, 1f);
                    max = Math.max(max, v);
                    total += v;
                    if (test.within(i, x, y, RADIUS + 4)) {
                        inside += v;
                    }
                    if (test.within(i, x, y, RADIUS)) {
                        strict += v;
                    }
                }
            }
            assertThat(max).isEqualTo(1f);
            assertThat(inside / total).as("image %d", i).isGreaterThan(0.5);
            sumInside += inside / total;
            sumStrict += strict / total;
            positives++;
        }
        // "inside" = the blob dilated by one cell of the 8x8 block-3 map (4 px), Grad-CAM's own resolution
        assertThat(sumInside / positives).isGreaterThan(0.6);
        // the blob itself is 7.7 % of the image; the map concentrates at least 4x on it
        double blobArea = Math.PI * RADIUS * RADIUS / (SIZE * SIZE);
        assertThat(sumStrict / positives).isGreaterThan(4 * blobArea);
    }

    @Test
    void mapsForTheNegativeClassStayOffTheBlobThatArguesForThePositive() {
        double positiveInside = 0;
        double negativeInside = 0;
        double occlusionNegativeInside = 0;
        int positives = 0;
        for (int i = 0; i < test.labels.length; i++) {
            if (test.labels[i] != 1) {
                continue;
            }
            positiveInside += insideShare(new GradCam(cnn, 2).compute(test.images[i], 1), i);
            negativeInside += insideShare(new GradCam(cnn, 2).compute(test.images[i], 0), i);
            occlusionNegativeInside += insideShare(new OcclusionSensitivity(cnn, 8, 4).compute(test.images[i], 0), i);
            positives++;
        }
        assertThat(new GradCam(cnn, 2).compute(test.images[0], 1)).containsExactly(gradCam(test.images[0]));
        System.out.printf(
                "blob share: class 1 %.3f, class 0 %.3f, occlusion class 0 %.3f%n",
                positiveInside / positives, negativeInside / positives, occlusionNegativeInside / positives);
        // z0 - z1 = -(z1 - z0): the class-0 map lights what the class-1 map leaves dark
        assertThat(negativeInside / positives).isLessThan(0.5 * positiveInside / positives);
        // occluding the blob lowers P(1), so it raises P(0): no drop of P(0) there
        assertThat(occlusionNegativeInside / positives).isLessThan(0.3);
        float[] image = test.images[0];
        assertThatThrownBy(() -> new GradCam(cnn).compute(image, 2)).hasMessage("targetClass must be 0 or 1, got 2");
        assertThatThrownBy(() -> new OcclusionSensitivity(cnn, 8, 4).compute(image, 2))
                .hasMessage("targetClass must be 0 or 1, got 2");
        assertThatThrownBy(() -> new OcclusionSensitivity(cnn, 33, 4)).hasMessage("patch must be in [1, 32], got 33");
        assertThatThrownBy(() -> new OcclusionSensitivity(cnn, 8, 0)).hasMessage("stride must be >= 1, got 0");
    }

    /** Grad-CAM for the positive class on the last block. */
    private static float[] gradCam(float[] image) {
        return new GradCam(cnn).compute(image, 1);
    }

    /** Share of the map's mass within the blob dilated by 4 px (0 for an all-zero map). */
    private static double insideShare(float[] map, int i) {
        double total = 0;
        double inside = 0;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                total += map[y * SIZE + x];
                if (test.within(i, x, y, RADIUS + 4)) {
                    inside += map[y * SIZE + x];
                }
            }
        }
        return total == 0 ? 0 : inside / total;
    }

    @Test
    void occlusionSensitivityPeaksOnTheBlob() {
        double sumInside = 0;
        int positives = 0;
        for (int i = 0; i < test.labels.length; i++) {
            if (test.labels[i] != 1) {
                continue;
            }
            sumInside += insideShare(new OcclusionSensitivity(cnn, 8, 4).compute(test.images[i], 1), i);
            positives++;
        }
        assertThat(sumInside / positives).isGreaterThan(0.6);
    }

    @Test
    void saveThenLoadGivesIdenticalPredictionsAndCompleteMetadata(@TempDir Path dir) throws Exception {
        Path bundle = dir.resolve("model");
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("classes", List.of("hemangioma", "metastases"));
        meta.put("positive_class", "metastases");
        meta.put("threshold", 0.5);
        meta.put("cell_id", "T1__hemangioma-vs-metastases__r0");
        meta.put("training", Map.of("n_train", 999));
        cnn.save(bundle, meta);
        assertThat(bundle.resolve("model.params")).isRegularFile();
        Map<String, Object> written = Json.mapper()
                .readValue(bundle.resolve("metadata.json").toFile(), new TypeReference<Map<String, Object>>() {});
        assertThat(written)
                .containsEntry("format_version", 1)
                .containsEntry("cell_id", "T1__hemangioma-vs-metastases__r0");
        assertThat(written.get("architecture"))
                .isEqualTo(Map.of(
                        "name",
                        "paper-cnn",
                        "input_size",
                        32,
                        "channels",
                        1,
                        "filters",
                        List.of(32, 64, 128),
                        "dense",
                        128,
                        "dropout",
                        0.5));
        @SuppressWarnings("unchecked")
        Map<String, Object> training = (Map<String, Object>) written.get("training");
        assertThat(training)
                .containsEntry("n_train", 999)
                .containsEntry("seed", 3)
                .containsEntry("epochs_run", 8);
        assertThat(training.get("hyper_parameters"))
                .isEqualTo(Map.of("learning_rate", 1e-3, "batch_size", 4, "epochs", 8, "dropout", 0.5));
        assertThat(((Map<?, ?>) written.get("versions")).get("pytorch"))
                .asString()
                .startsWith(EngineSetupTest.buildPytorchVersion());

        double[] before = cnn.predictPositive(test.images);
        try (TrainedCnn loaded = TrainedCnn.load(bundle)) {
            double[] after = loaded.predictPositive(test.images);
            for (int i = 0; i < before.length; i++) {
                assertThat(after[i]).isCloseTo(before[i], org.assertj.core.data.Offset.offset(1e-6));
            }
            assertThat(loaded.inputSize()).isEqualTo(SIZE);
            assertThat(loaded.metadata()).containsEntry("positive_class", "metastases");
            assertThat(loaded.history()).isEmpty();
        }
    }

    @Test
    void loadRefusesAnIncompatibleBundleNamingTheFile(@TempDir Path dir) throws Exception {
        Path bundle = dir.resolve("m");
        cnn.save(bundle, Map.of());
        Path metaFile = bundle.resolve("metadata.json");
        String original = Files.readString(metaFile);

        Files.writeString(metaFile, original.replace("\"format_version\" : 1", "\"format_version\" : 2"));
        assertRefused(bundle, metaFile + ": unsupported format_version 2 (this hemamet reads 1)");

        Files.writeString(metaFile, original.replace("\"paper-cnn\"", "\"resnet18\""));
        assertRefused(bundle, metaFile + ": unsupported architecture \"resnet18\" (this hemamet builds \"paper-cnn\")");

        Files.writeString(metaFile, original.replace("\"dense\" : 128", "\"dense\" : 64"));
        assertRefused(bundle, metaFile + ": architecture.dense is 64, this hemamet builds 128");

        // a bundle whose parameters belong to another input size
        Files.writeString(
                metaFile,
                original.replace("\"input_size\" : 32", "\"input_size\" : 64")
                        .replaceAll("\"params_sha256\" : \"[0-9a-f]+\",?", ""));
        assertThatThrownBy(() -> TrainedCnn.load(bundle))
                .isInstanceOf(HemametException.class)
                .hasMessageStartingWith(
                        bundle.resolve("model.params") + ": does not match the architecture in metadata.json");

        Files.writeString(metaFile, original);
        Files.write(bundle.resolve("model.params"), new byte[] {1, 2, 3});
        assertRefused(
                bundle,
                bundle.resolve("model.params")
                        + ": SHA-256 differs from params_sha256 in metadata.json (corrupt or mixed bundle)");

        Files.delete(metaFile);
        assertRefused(bundle, metaFile + ": not found (not a hemamet model bundle)");
    }

    private static void assertRefused(Path bundle, String message) {
        assertThatThrownBy(() -> TrainedCnn.load(bundle))
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(HemametException.INVALID_INPUT))
                .hasMessage(message);
    }
}
