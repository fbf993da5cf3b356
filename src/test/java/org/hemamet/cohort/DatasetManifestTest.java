package org.hemamet.cohort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.hemamet.core.HemametException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dataset.csv read back whole, or refused naming the file: a cut copy never loses or half-fills a lesion. */
class DatasetManifestTest {
    @TempDir
    Path dir;

    private static DatasetSample sample(String id, Sequence sequence) {
        return DatasetSample.builder(id, "k" + id, "L1", Diagnosis.HEMANGIOMA, sequence, "crops/" + id + ".png")
                .roi("polygon", 1, 2, 3, 4)
                .build();
    }

    @Test
    void aDatasetCsvCutShortAnywhereIsRefusedOrReadsAsAWholePrefixOfItsRows() throws Exception {
        List<DatasetSample> samples =
                List.of(sample("a", Sequence.T1), sample("b", Sequence.T2), sample("c", Sequence.STIR));
        DatasetManifest.write(dir, samples);
        Path file = dir.resolve(DatasetManifest.FILE_NAME);
        byte[] whole = Files.readAllBytes(file);
        int header = new String(whole, StandardCharsets.UTF_8).indexOf('\n') + 1;
        for (int cut = header + 1; cut < whole.length; cut++) {
            Files.write(file, Arrays.copyOf(whole, cut));
            if (whole[cut - 1] == '\n') {
                List<DatasetSample> read = DatasetManifest.read(dir);
                assertThat(read).isEqualTo(samples.subList(0, read.size()));
            } else {
                assertThatThrownBy(() -> DatasetManifest.read(dir))
                        .isInstanceOfSatisfying(
                                HemametException.class,
                                e -> assertThat(e.exitCode()).isEqualTo(2))
                        .hasMessageStartingWith(file.toString())
                        .hasMessageContaining("cut short");
            }
        }
        Files.write(file, whole);
        assertThat(DatasetManifest.read(dir)).isEqualTo(samples);
    }
}
