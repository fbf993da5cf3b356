package org.hemamet.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hemamet.core.HemametException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one reader of a dataset's crop parameters, which study, export, predict and validate share. */
class IngestCropKeyTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheKeyAndIsEmptyWithoutAReportOrWithoutAKey() throws Exception {
        assertThat(Ingest.cropKey(tmp)).isEmpty();
        Path report = tmp.resolve(Ingest.REPORT_FILE);
        Files.writeString(report, "{\"params\": {\"margin\": 0.1}}");
        assertThat(Ingest.cropKey(tmp)).isEmpty();
        Files.writeString(report, "{\"params\": {\"key\": \"size=64,margin=0.1\"}}");
        assertThat(Ingest.cropKey(tmp)).contains("size=64,margin=0.1");
        assertThat(Ingest.recordedCropKey(tmp)).isEqualTo("size=64,margin=0.1");
    }

    /** A report that is there but damaged is refused where it is damaged; it was read as "no key" by some. */
    @Test
    void refusesADamagedReportNamingWhere() throws Exception {
        Path report = tmp.resolve(Ingest.REPORT_FILE);
        Files.writeString(report, "{\"params\": {\"key\": \"size=64\",\n");
        assertThatThrownBy(() -> Ingest.cropKey(tmp))
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageStartingWith(report + ": line 2, column ")
                .hasMessageContaining("cut short");
        Files.delete(report);
        assertThatThrownBy(() -> Ingest.recordedCropKey(tmp))
                .isInstanceOf(HemametException.class)
                .hasMessage(report + ": not found or records no crop parameters (params.key); make the dataset"
                        + " with 'hemamet ingest'");
    }
}
