package org.hemamet.reliability;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.hemamet.core.HemametException;
import org.hemamet.dicom.DicomReader;
import org.hemamet.dicom.TestDicom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DICOM geometry beyond the limit is refused naming the file, before allocating (was NegativeArraySize). */
class DicomGeometryCorpusTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"65535,65535", "65535,64", "64,65535", "8193,8193", "46341,46341"})
    void hugeRowsOrColumnsAreRefusedWithTheLimit(String rows, String columns) throws Exception {
        Path f = tmp.resolve("huge.dcm");
        TestDicom.write(
                f,
                new TestDicom.Header("P1", "A^B", "19600101", "1.2.3.9", "t2_tse", "SE", 3500, 100, 0, null),
                0,
                0,
                null);
        TestDicom.setFields(f, Map.of("Rows", rows, "Columns", columns));
        assertThatThrownBy(() -> DicomReader.read(f))
                .isInstanceOf(HemametException.class)
                .hasMessageStartingWith(f.toString())
                .hasMessageContaining("Rows x Columns " + rows + "x" + columns + " exceeds the limit of 8192x8192");
    }
}
