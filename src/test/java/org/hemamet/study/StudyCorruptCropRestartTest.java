package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.core.HemametException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A study stopped by a corrupt crop can be run again, unchanged, once the crop is fixed (issue 16). */
class StudyCorruptCropRestartTest {
    @TempDir
    Path tmp;

    @Test
    void aFixedCropDoesNotMakeTheSameCommandRefuseAsAnotherDataset() throws Exception {
        Path ds = StudyFixtures.separable(tmp.resolve("ds"), 12, 20, 32, 5, false);
        List<DatasetSample> samples = DatasetManifest.read(ds);
        DatasetSample hem = samples.stream()
                .filter(x -> x.diagnosis().id().equals("hemangioma"))
                .findFirst()
                .orElseThrow();
        Path crop = ds.resolve(hem.cropPath());
        byte[] good = Files.readAllBytes(crop);
        Files.write(crop, java.util.Arrays.copyOf(good, 60)); // header intact, pixel data truncated
        Path run = tmp.resolve("run");
        StudyConfig config = CellFailureTest.config("hemangioma-vs-metastases", 1e-3);
        assertThatThrownBy(() -> new StudyRunner(config, ds, run, null).run())
                .isInstanceOf(HemametException.class)
                .hasMessageContaining(hem.cropPath());
        assertThat(run.resolve("dataset.sha256")).exists(); // the leftover that used to make the rerun refuse
        Files.write(crop, good);
        List<CellRunner.CellOutcome> o = new StudyRunner(config, ds, run, null).run();
        assertThat(o).hasSize(1);
        assertThat(Files.readString(run.resolve("dataset.sha256")).trim()).isEqualTo(StudyRunner.datasetHash(ds));
    }
}
