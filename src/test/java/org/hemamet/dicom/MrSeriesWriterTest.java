package org.hemamet.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MrSeriesWriterTest {
    @TempDir
    Path tmp;

    static MrSeriesWriter.Series series(Double ti, String agent) {
        return new MrSeriesWriter.Series(
                "DOE^JANE",
                "MRN1234567",
                "19600131",
                "F",
                61,
                "2.25.1",
                "20200102",
                "101500",
                "A1",
                "1",
                "MRI SPINE",
                "2.25.2",
                3,
                "2.25.3",
                "SIEMENS",
                "MAGNETOM Aera",
                "Klinikum",
                1.5,
                "t2_tirm_sag",
                "t2_tirm_sag",
                "SE\\IR",
                "SK\\SP\\MP",
                "IR",
                4000,
                55,
                ti,
                13,
                agent,
                4,
                3,
                0.75,
                0.75,
                3.5,
                4.2,
                new double[] {0, 1, 0, 0, 0, -1},
                1.5,
                0,
                300,
                600);
    }

    @Test
    void writesAndReadsBackValuesAndHeader() {
        short[] px = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 4095};
        Path f = tmp.resolve("IM1.dcm");
        MrSeriesWriter.write(
                f, series(160.0, null), new MrSeriesWriter.Slice("2.25.4", 1, new double[] {1.5, -90, 90}, 1.5, px));
        MrSeriesWriter.ReadBack r = MrSeriesWriter.read(f);
        assertThat(r.sopClassUid()).isEqualTo("1.2.840.10008.5.1.4.1.1.4");
        assertThat(r.sopInstanceUid()).isEqualTo("2.25.4");
        assertThat(r.patientId()).isEqualTo("MRN1234567");
        assertThat(r.modality()).isEqualTo("MR");
        assertThat(r.rows()).isEqualTo(4);
        assertThat(r.columns()).isEqualTo(3);
        assertThat(r.bitsStored()).isEqualTo(12);
        assertThat(r.inversionTime()).isEqualTo(160.0);
        assertThat(r.repetitionTime()).isEqualTo(4000.0);
        // modality LUT applied: value = stored * 1.5
        assertThat(r.values()).containsExactly(0, 1.5, 3, 4.5, 6, 7.5, 9, 10.5, 12, 13.5, 15, 6142.5);
    }

    @Test
    void dcmdumpReadsTheFileWithoutErrors() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dcmdump")), "dcmtk dcmdump not installed");
        Path f = tmp.resolve("IM2");
        MrSeriesWriter.write(
                f,
                series(null, "GADOVIST"),
                new MrSeriesWriter.Slice("2.25.5", 2, new double[] {0, -90, 90}, 0, new short[12]));
        Process p = new ProcessBuilder("/usr/bin/dcmdump", "-M", f.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isZero();
        assertThat(out).doesNotContain("E: ").doesNotContain("W: ");
        assertThat(out).contains("(0002,0010) UI =LittleEndianExplicit");
        assertThat(out).contains("(0008,0016) UI =MRImageStorage");
        assertThat(out).contains("(0018,0010) LO [GADOVIST]");
        assertThat(out).contains("(0020,0037) DS [0\\1\\0\\0\\0\\-1]");
        assertThat(out).contains("(0028,0101) US 12");
        assertThat(out).doesNotContain("(0018,0082)");
    }

    @Test
    void decimalStringsFitSixteenCharacters() {
        for (double d : List.of(0.123456789012345, -123456.7890123, 1e-7, 4.0, 0.75)) {
            assertThat(MrSeriesWriter.formatDs(d).length()).as("%s", d).isLessThanOrEqualTo(16);
            assertThat(Double.parseDouble(MrSeriesWriter.formatDs(d)))
                    .isCloseTo(d, org.assertj.core.api.Assertions.within(1e-6 * Math.max(1, Math.abs(d))));
        }
    }
}
