package org.hemamet.cohort;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional mask_path column: written only when a sample has a mask, read back, absent in old files. */
class DatasetManifestMaskTest {
    @TempDir
    Path dir;

    private static DatasetSample sample(String id, String maskPath) {
        return DatasetSample.builder(id, "k", "L1", Diagnosis.HEMANGIOMA, Sequence.T1, "crops/" + id + ".png")
                .roi("polygon", 1, 2, 3, 4)
                .maskPath(maskPath)
                .build();
    }

    @Test
    void withoutMasksTheFileHasTheOriginalColumnsOnly() {
        String csv = DatasetManifest.toCsv(List.of(sample("a", "")));
        assertThat(csv.lines().findFirst().orElseThrow()).isEqualTo(String.join(",", DatasetManifest.COLUMNS));
        assertThat(csv)
                .isEqualTo(DatasetManifest.toCsv(
                        List.of(DatasetSample.builder("a", "k", "L1", Diagnosis.HEMANGIOMA, Sequence.T1, "crops/a.png")
                                .roi("polygon", 1, 2, 3, 4)
                                .build())));
    }

    @Test
    void maskPathsRoundTripAndOldFilesReadWithoutThem() throws Exception {
        DatasetManifest.write(dir, List.of(sample("a", "masks/a.png"), sample("b", "masks/b.png")));
        assertThat(Files.readAllLines(dir.resolve(DatasetManifest.FILE_NAME)).get(0))
                .endsWith(",mask_path");
        assertThat(DatasetManifest.read(dir))
                .extracting(DatasetSample::maskPath)
                .containsExactly("masks/a.png", "masks/b.png");
        DatasetManifest.write(dir, List.of(sample("a", "")));
        assertThat(DatasetManifest.read(dir)).singleElement().satisfies(s -> {
            assertThat(s.maskPath()).isEmpty();
            assertThat(s.hasMask()).isFalse();
        });
    }
}
