package org.hemamet.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hemamet.core.HemametException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The direct read of native pixel data gives exactly PixelMed's values, header and errors. */
class LeanReadTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "MR_small.dcm",
                "MR_small_implicit.dcm",
                "MR_small_bigendian.dcm",
                "MR_small_expb.dcm",
                "MR_small_padded.dcm",
                "MR_small_RLE.dcm",
                "MR_small_jp2klossless.dcm"
            })
    void sameValuesAsPixelMed(String name) throws Exception {
        Path f = Path.of(getClass().getResource("/dicom/" + name).toURI());
        DicomImage lean = DicomReader.read(f);
        DicomImage pm = DicomReader.readWithPixelMed(f, 0);
        assertThat(lean.pixels().width()).isEqualTo(pm.pixels().width());
        assertThat(lean.pixels().pixels()).isEqualTo(pm.pixels().pixels());
        assertThat(lean.descriptor().toString()).isEqualTo(pm.descriptor().toString());
        assertThat(lean.descriptor().rescaleSlope()).isEqualTo(pm.descriptor().rescaleSlope());
    }

    /** Ingest's path: the header parsed once when indexing, the pixels decoded later at the noted offset. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "MR_small.dcm",
                "MR_small_implicit.dcm",
                "MR_small_bigendian.dcm",
                "MR_small_padded.dcm",
                "MR_small_RLE.dcm",
                "MR_small_jp2klossless.dcm"
            })
    void indexedHeaderGivesTheSameImage(String name) throws Exception {
        Path f = Path.of(getClass().getResource("/dicom/" + name).toURI());
        byte[] b = Files.readAllBytes(f);
        DicomReader.Indexed h = DicomReader.readHeaderIndexed(f);
        assertThat(h.descriptor().toString())
                .isEqualTo(DicomReader.readHeader(f).toString());
        DicomImage once = DicomReader.read(f, b, 0, h);
        DicomImage full = DicomReader.read(f);
        assertThat(once.pixels().pixels()).isEqualTo(full.pixels().pixels());
        assertThat(once.descriptor().toString()).isEqualTo(full.descriptor().toString());
        // an offset that no longer points at Pixel Data (the file changed): the full path decides
        DicomImage stale = DicomReader.read(f, b, 0, new DicomReader.Indexed(h.descriptor(), 200));
        assertThat(stale.pixels().pixels()).isEqualTo(full.pixels().pixels());
    }

    @Test
    void largeTwelveBitSliceMatchesPixelMed() throws Exception {
        short[] raster = new short[512 * 512];
        for (int i = 0; i < raster.length; i++) {
            raster[i] = (short) ((i * 2654435761L >>> 7) & 0xFFFF); // high bits set: masking and sign matter
        }
        Path f = tmp.resolve("a.dcm");
        TestDicom.write(
                f,
                new TestDicom.Header("P", "N^N", "19500101", "1.2.3.4", "T1", "SE", 500, 10, 0, null),
                512,
                512,
                raster);
        DicomImage lean = DicomReader.read(f);
        assertThat(lean.pixels().pixels())
                .isEqualTo(DicomReader.readWithPixelMed(f, 0).pixels().pixels());
    }

    @Test
    void truncatedFilesBehaveAsWithPixelMed() throws Exception {
        assertSameOutcome(
                Path.of(getClass().getResource("/dicom/MR_truncated.dcm").toURI()));
        byte[] b = Files.readAllBytes(
                Path.of(getClass().getResource("/dicom/MR_small.dcm").toURI()));
        for (int cut : new int[] {1, 100, 8000, b.length - 200}) {
            Path f = tmp.resolve("cut" + cut + ".dcm");
            Files.write(f, java.util.Arrays.copyOf(b, b.length - cut));
            assertSameOutcome(f);
        }
    }

    /** Same pixels, or the same error message. */
    private static void assertSameOutcome(Path f) {
        String expectedError = null;
        float[] expected = null;
        try {
            expected = DicomReader.readWithPixelMed(f, 0).pixels().pixels();
        } catch (HemametException e) {
            expectedError = e.getMessage();
        }
        if (expectedError != null) {
            assertThatThrownBy(() -> DicomReader.read(f))
                    .isInstanceOf(HemametException.class)
                    .hasMessage(expectedError);
        } else {
            assertThat(DicomReader.read(f).pixels().pixels()).isEqualTo(expected);
        }
    }
}
