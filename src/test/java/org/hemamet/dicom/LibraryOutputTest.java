package org.hemamet.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hemamet.core.HemametException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PixelMed and jj2000 print to System.err on corrupt DICOM files (issue 16): none of it reaches the
 * standard streams while hemamet reads; hemamet's own one-line refusal still names the file, and other
 * output of the same thread outside the read still passes.
 */
class LibraryOutputTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream err;
    private PrintStream out;

    @BeforeEach
    void capture() {
        err = System.err;
        out = System.out;
        PrintStream p = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setErr(p);
        System.setOut(p);
    }

    @AfterEach
    void restore() {
        System.setErr(err);
        System.setOut(out);
    }

    private String captured() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theJj2000FuzzFindingIsOneRefusalAndPrintsNothing() throws Exception {
        Path f = Files.write(tmp.resolve("tile.dcm"), DicomReaderTestAccess.corruptJpeg2000Tile());
        assertThatThrownBy(() -> DicomReader.read(f))
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(HemametException.INVALID_INPUT))
                .hasMessage(f + ": cannot decode the pixel data (IO Error when reading tile 0 x 0)");
        assertThat(captured()).as("PixelMed/jj2000 output").isEmpty();
    }

    @Test
    void aReadableButBadlyTerminatedFileReadsSilently() throws Exception {
        Path f = Files.write(tmp.resolve("term.dcm"), DicomReaderTestAccess.badlyTerminatedJpeg2000());
        DicomImage im = DicomReader.read(f);
        DicomReader.readHeader(f);
        assertThat(im.pixels().width()).isEqualTo(64);
        assertThat(captured()).as("PixelMed's 'Incorrectly terminated' line").isEmpty();
    }

    @Test
    void outputOutsideTheReadStillPasses() throws Exception {
        Path f = Files.write(tmp.resolve("tile.dcm"), DicomReaderTestAccess.corruptJpeg2000Tile());
        System.err.println("before");
        assertThatThrownBy(() -> DicomReader.read(f)).isInstanceOf(HemametException.class);
        System.err.println("after");
        assertThat(captured().lines()).containsExactly("before", "after");
    }

    @Test
    void truncatedFilesOfEveryTransferSyntaxPrintNothing() throws Exception {
        for (String name : new String[] {
            "MR_small.dcm",
            "MR_small_implicit.dcm",
            "MR_small_bigendian.dcm",
            "MR_small_RLE.dcm",
            "MR_small_jp2klossless.dcm"
        }) {
            byte[] b = Files.readAllBytes(DicomReaderTest.res(name));
            for (int cut : new int[] {300, b.length / 2, b.length - 40}) {
                Path f = Files.write(tmp.resolve("cut.dcm"), java.util.Arrays.copyOf(b, cut));
                try {
                    DicomReader.read(f);
                } catch (HemametException e) {
                    assertThat(e.getMessage()).startsWith(f.toString()).doesNotContain("\n");
                }
            }
        }
        assertThat(captured()).isEmpty();
    }
}
