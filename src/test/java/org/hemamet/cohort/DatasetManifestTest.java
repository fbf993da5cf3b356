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

    /**
     * Every field reads back as written, the frame of a multi-frame source and the plane of a non-sagittal one among
     * them (the frame column is left empty for single-frame samples); a dataset of single-frame sagittal slices, the
     * study's scope, has neither column, as before they were recorded.
     */
    @Test
    void everyFieldReadsBackAndFrameAndPlaneAreWrittenOnlyWhenSomeSampleNeedsThem() throws Exception {
        DatasetSample single = DatasetSampleTest.FULL.toBuilder()
                .identity("p1_L1_T1", "p1", "L1", Diagnosis.RCC, Sequence.T1, "crops/p1_L1_T1.png")
                .frame(0)
                .plane("SAGITTAL")
                .build();
        List<DatasetSample> samples = List.of(DatasetSampleTest.FULL, single);
        DatasetManifest.write(dir, samples);
        assertThat(DatasetManifest.read(dir)).isEqualTo(samples);
        List<String> lines = Files.readAllLines(dir.resolve(DatasetManifest.FILE_NAME));
        assertThat(lines.get(0)).endsWith(",body_part,frame,plane");
        assertThat(lines.get(1)).endsWith(",SPINE,3,AXIAL");
        assertThat(lines.get(2)).endsWith(",SPINE,,SAGITTAL");

        DatasetManifest.write(dir, List.of(single));
        assertThat(Files.readAllLines(dir.resolve(DatasetManifest.FILE_NAME)).get(0))
                .endsWith(",body_part");
        assertThat(DatasetManifest.read(dir))
                .containsExactly(single.toBuilder().plane("").build());
    }

    @Test
    void aPlaneThatIsNoneOfTheThreeIsRefusedNamingTheRow() throws Exception {
        DatasetManifest.write(dir, List.of(DatasetSampleTest.FULL));
        Path file = dir.resolve(DatasetManifest.FILE_NAME);
        Files.writeString(file, Files.readString(file).replace(",AXIAL", ",OBLIQUE"));
        assertThatThrownBy(() -> DatasetManifest.read(dir))
                .hasMessage(file + ": row 2: plane 'OBLIQUE' is not one of [, SAGITTAL, CORONAL, AXIAL]");
    }
}
