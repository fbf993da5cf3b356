package org.hemamet.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The validation report says what the external crops were cut from, and what lossy pixels mean for it. */
class ValidationReportSourcesTest {
    @Test
    void theExternalSourcesAreCountedAndLossyOnesPointedOut() {
        assertThat(ValidationReport.sourceFormats(Map.of("dicom", 80)))
                .isEqualTo("External crops were cut from: 80 lossless DICOM (the external dataset's ingest-report.json"
                        + " source_formats).");
        String mixed = ValidationReport.sourceFormats(
                new TreeMap<>(Map.of("dicom", 60, "dicom-lossy", 12, "jpeg", 3, "dicom-capture", 1)));
        assertThat(mixed)
                .startsWith("External crops were cut from: 60 lossless DICOM, 1 DICOM secondary capture, 12"
                        + " lossy-compressed DICOM, 3 JPEG export (")
                .contains(" 15 of the 76 came from lossy-compressed pixels, whose fine texture is partly the codec's");
    }
}
