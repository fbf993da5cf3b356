package org.hemamet.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hemamet.core.HemametException;
import org.hemamet.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** metadata.json: assembled in stages, written with sorted keys, read back to the same record. */
class BundleMetadataTest {
    static BundleMetadata studyBundle() {
        return BundleMetadata.forCell(
                        "T1__hemangioma-vs-metastases__r0",
                        "T1",
                        32,
                        "hemangioma-vs-metastases",
                        "metastases",
                        0.5,
                        "fixed threshold 0.5 on P(positive)",
                        new BundleMetadata.Training(
                                20,
                                10,
                                10,
                                "downsample",
                                new BundleMetadata.HyperParameters(1e-3, 8, 2, 0.5),
                                42L,
                                7L,
                                null,
                                null,
                                null,
                                null),
                        new BundleMetadata.TestMetrics(
                                new BundleMetadata.Metric(0.9, 0.8, 1.0),
                                new BundleMetadata.Metric(1.0, 0.7, 1.0),
                                new BundleMetadata.Metric(0.8, 0.5, 0.9),
                                new BundleMetadata.Metric(Double.NaN, Double.NaN, Double.NaN)),
                        Calibration.platt(1.2, -0.1, 8, 4, new Calibration.TestSet(0.1, 0.09, 1.1, 0.0, 1.0, 0.0, "")))
                .completedBy(
                        new BundleMetadata.Architecture("paper-cnn", 32, 1, List.of(32, 64, 128), 128, 0.5),
                        new BundleMetadata.Versions("0.36.0", "2.7.1", "17"),
                        new BundleMetadata.Training(
                                99,
                                null,
                                null,
                                null,
                                new BundleMetadata.HyperParameters(1.0, 1, 1, 0.1),
                                1L,
                                null,
                                2,
                                new BundleMetadata.Augmentation(false, 0.0, 0.0),
                                "cpu",
                                "fp32"),
                        "abc");
    }

    @Test
    void theNetworkCompletesWhatTheStudyLeftOpenAndKeysAreSorted(@TempDir Path dir) throws Exception {
        BundleMetadata m = studyBundle();
        assertThat(m.formatVersion()).isEqualTo(BundleMetadata.FORMAT_VERSION);
        assertThat(m.training().nTrain()).isEqualTo(20); // the study's, not the default
        assertThat(m.training().epochsRun()).isEqualTo(2);
        assertThat(m.training().hyperParameters().learningRate()).isEqualTo(1e-3);
        String json = BundleFiles.json(m);
        assertThat(json)
                .contains("\"value\" : \"NaN\"")
                .doesNotContain("null", "\"dataset\"", "\"exported\"", "\"crop\"");
        Map<String, Object> read = BundleFiles.readMetadata(Files.writeString(dir.resolve("m.json"), json));
        assertThat(List.copyOf(read.keySet())).isSorted();
        assertThat(BundleFiles.typed(read)).isEqualTo(m);
        assertThat(BundleFiles.json(BundleFiles.typed(read))).isEqualTo(json);
    }

    @Test
    void unknownFieldsAreKeptAndOldBundlesWithoutCalibrationRead() throws Exception {
        Map<String, Object> map = BundleFiles.asMap(studyBundle());
        map.remove("calibration");
        map.put("b_future_field", Map.of("x", 1));
        BundleMetadata m = BundleFiles.typed(map);
        assertThat(m.calibration()).isNull();
        assertThat(m.other()).containsKey("b_future_field");
        String json = BundleFiles.json(m);
        assertThat(json).isEqualTo(Json.mapper().writeValueAsString(map) + "\n");
    }

    @Test
    void anExportAddsCropDatasetAndExport() {
        BundleMetadata m = studyBundle()
                .exportedWith(
                        new BundleMetadata.Crop(256, 0.1, true, 0.5, 99.5, "crop", "k", "defaults", "steps"),
                        BundleMetadata.Dataset.UNKNOWN,
                        new BundleMetadata.Exported("c", "0.1.0", "2026-01-01T00:00:00Z"));
        assertThat(m.input().crop().key()).isEqualTo("k");
        assertThat(m.input().sequence()).isEqualTo("T1");
        assertThat(BundleFiles.json(m)).contains("\"dataset\" : { }");
    }

    /** Each copy changes the fields it names and keeps every other one, the unknown ones too. */
    @Test
    void copiesChangeOnlyTheirFields() {
        Map<String, Object> map = BundleFiles.asMap(studyBundle());
        map.put("b_future_field", "kept");
        BundleMetadata m = BundleFiles.typed(map);
        BundleMetadata.Anatomy anatomy = new BundleMetadata.Anatomy("MR", "SAGITTAL", "SPINE,TRUNK", "test");
        BundleMetadata.Development dev = new BundleMetadata.Development("d", "all", List.of("p"), List.of("s"));
        BundleMetadata changed = m.withAnatomy(anatomy).withDevelopment(dev).withInputChannels(4);
        assertThat(changed.anatomy()).isEqualTo(anatomy);
        assertThat(changed.development()).isEqualTo(dev);
        assertThat(changed.input().channels()).isEqualTo(4);
        BundleMetadata back = changed.withAnatomy(m.anatomy())
                .withDevelopment(m.development())
                .withInputChannels(m.input().channels());
        assertThat(back).isEqualTo(m);
        assertThat(BundleFiles.json(back)).isEqualTo(BundleFiles.json(m)).contains("b_future_field");
    }

    @Test
    void refusalsNameTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("metadata.json");
        assertThatThrownBy(() -> BundleFiles.readMetadata(f))
                .isInstanceOf(HemametException.class)
                .hasMessage(f + ": not found (not a hemamet model bundle)");
        Files.writeString(f, "null");
        assertThatThrownBy(() -> BundleFiles.readMetadata(f)).hasMessage(f + ": empty");
        Map<String, Object> m = BundleFiles.asMap(studyBundle());
        m.put("threshold", 1.5);
        assertThatThrownBy(() -> BundleFiles.checkPredictable(f, m, 32, c -> {}))
                .hasMessage(f + ": threshold must be a number in [0, 1], got 1.5");
        m.put("threshold", 0.5);
        assertThat(BundleFiles.checkPredictable(f, m, 32, c -> {}).positiveClass())
                .isEqualTo("metastases");
        assertThatThrownBy(() -> BundleFiles.checkPredictable(f, m, 64, c -> {}))
                .hasMessage(f + ": input.size 32 differs from architecture.input_size 64");
    }
}
