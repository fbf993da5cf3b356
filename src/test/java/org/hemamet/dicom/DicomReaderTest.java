package org.hemamet.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.hemamet.core.Hashing;
import org.hemamet.core.HemametException;
import org.hemamet.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DicomReaderTest {
    static Path res(String name) throws Exception {
        return Path.of(DicomReaderTest.class.getResource("/dicom/" + name).toURI());
    }

    static String sha256OfInt64(float[] values) {
        ByteBuffer bb = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            assertThat((double) v).isEqualTo(Math.rint(v));
            bb.putLong((long) v);
        }
        return Hashing.sha256(bb.array());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "MR_small.dcm",
                "MR_small_implicit.dcm",
                "MR_small_bigendian.dcm",
                "MR_small_expb.dcm",
                "MR_small_RLE.dcm",
                "MR_small_padded.dcm",
                "MR_small_jp2klossless.dcm"
            })
    void decodesPixelExactlyToExpectedJson(String name) throws Exception {
        JsonNode all = Json.mapper().readTree(res("expected.json").toFile());
        JsonNode exp = all.get(name).has("sha256_of_int64_values_row_major") ? all.get(name) : all.get("MR_small.dcm");
        DicomImage img = DicomReader.read(res(name));
        DicomDescriptor d = img.descriptor();
        assertThat(d.transferSyntaxUid())
                .isEqualTo(all.get(name).get("transfer_syntax").asText());
        assertThat(d.rows()).isEqualTo(exp.get("rows").asInt());
        assertThat(d.columns()).isEqualTo(exp.get("columns").asInt());
        assertThat(d.bitsStored()).isEqualTo(exp.get("bits_stored").asInt());
        assertThat(d.pixelSigned()).isEqualTo(exp.get("pixel_representation").asInt() == 1);
        assertThat(d.rescaleSlope()).isEqualTo(exp.get("rescale_slope").asDouble());
        assertThat(d.rescaleIntercept()).isEqualTo(exp.get("rescale_intercept").asDouble());
        float[] px = img.pixels().pixels();
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE, sum = 0;
        for (float v : px) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        assertThat(min).isEqualTo(exp.get("min").asDouble());
        assertThat(max).isEqualTo(exp.get("max").asDouble());
        assertThat(sum).isEqualTo(exp.get("sum").asDouble());
        assertThat(sum / px.length).isEqualTo(exp.get("mean").asDouble());
        assertThat(sha256OfInt64(px))
                .isEqualTo(exp.get("sha256_of_int64_values_row_major").asText());
    }

    @Test
    void jpegLsIsAClearUnsupportedTransferSyntaxError() throws Exception {
        Path f = res("MR_small_jpeg_ls_lossless.dcm");
        assertThatThrownBy(() -> DicomReader.read(f))
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessage(f + ": unsupported transfer syntax 1.2.840.10008.1.2.4.80 (JPEG-LS Lossless): no decoder"
                        + " available; export the series uncompressed or as JPEG 2000");
    }

    /**
     * A MONOCHROME1 image (lowest value shown white) reads as the MONOCHROME2 image a viewer shows the same:
     * the stored values mirrored in their range, through the modality rescale, on both read paths.
     */
    @Test
    void monochrome1ReadsAsTheMonochrome2ImageItLooksLike(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        int w = 64;
        int h = 64;
        short[] bright = new short[w * h];
        short[] mirrored = new short[w * h];
        for (int i = 0; i < bright.length; i++) {
            bright[i] = (short) ((i * 37) % 4096); // 12 bits stored
            mirrored[i] = (short) (4095 - bright[i]);
        }
        java.util.Map<String, String> twelveBitsRescaled = java.util.Map.of(
                "PixelRepresentation", "0",
                "BitsStored", "12",
                "HighBit", "11",
                "RescaleSlope", "2",
                "RescaleIntercept", "-100");
        TestDicom.Header header =
                new TestDicom.Header("P1", "Test^One", "19700101", "1.2.3.4.1", "t2", "SE", 3000, 90, 0, null);
        Path m2 = dir.resolve("m2.dcm");
        Path m1 = dir.resolve("m1.dcm");
        TestDicom.write(m2, header, w, h, bright);
        TestDicom.write(m1, header, w, h, mirrored);
        TestDicom.setFields(m2, twelveBitsRescaled);
        TestDicom.setFields(m1, twelveBitsRescaled);
        TestDicom.setFields(m1, java.util.Map.of("PhotometricInterpretation", "MONOCHROME1"));

        float[] expected = DicomReader.read(m2).pixels().pixels();
        assertThat(expected[1]).isEqualTo(2 * 37 - 100);
        assertThat(DicomReader.read(m1).pixels().pixels()).containsExactly(expected);
        assertThat(DicomReader.readWithPixelMed(m1, 0).pixels().pixels()).containsExactly(expected);
        assertThat(DicomReader.read(m1).descriptor().photometric()).isEqualTo("MONOCHROME1");
    }

    /** An enhanced MR header (functional groups) reads as the classic one it was made from. */
    @Test
    void anEnhancedHeaderReadsAsTheClassicOne(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path classic = dir.resolve("classic.dcm");
        TestDicom.write(
                classic,
                new TestDicom.Header("P1", "Test^One", "19700101", "1.2.3.4.2", "t2_tse", "SE", 3000, 90, 0, null),
                0,
                0,
                null);
        Path enhanced = dir.resolve("enhanced.dcm");
        java.nio.file.Files.copy(classic, enhanced);
        TestDicom.toEnhanced(enhanced);
        DicomDescriptor c = DicomReader.readHeader(classic);
        DicomDescriptor e = DicomReader.readHeader(enhanced);
        assertThat(c.repetitionTime()).isEqualTo(3000);
        assertThat(e.repetitionTime()).isEqualTo(c.repetitionTime());
        assertThat(e.echoTime()).isEqualTo(90);
        assertThat(e.scanningSequence()).isEqualTo("SE");
        assertThat(e.pixelSpacingRow()).isEqualTo(c.pixelSpacingRow()).isPositive();
        assertThat(e.pixelSpacingColumn()).isEqualTo(c.pixelSpacingColumn());
        assertThat(e.ruleFields()).isEqualTo(c.ruleFields());
        assertThat(DicomReader.read(enhanced).pixels().pixels())
                .containsExactly(DicomReader.read(classic).pixels().pixels());
    }

    /**
     * A multi-echo enhanced series keeps each frame's echo time and rescale in that frame's functional groups: the
     * header and the pixel values of frame 2 are frame 2's, on every read path, not frame 1's.
     */
    @Test
    void aFrameOfAnEnhancedSeriesReadsWithItsOwnEchoTimeAndRescale(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path classic = dir.resolve("classic.dcm");
        TestDicom.write(
                classic,
                new TestDicom.Header("P1", "Test^One", "19700101", "1.2.3.4.2", "t2_tse", "SE", 3000, 90, 0, null),
                0,
                0,
                null);
        Path multiEcho = dir.resolve("multiecho.dcm");
        java.nio.file.Files.copy(classic, multiEcho);
        TestDicom.toMultiFrame(multiEcho, 3, 2);
        TestDicom.toEnhanced(multiEcho);
        TestDicom.perFrameGroups(multiEcho, new double[] {12, 90, 150}, new double[] {0, 100, 0});

        assertThat(DicomReader.readHeader(multiEcho).echoTime()).isEqualTo(12);
        assertThat(DicomReader.readHeader(multiEcho, 1).echoTime()).isEqualTo(90);
        assertThat(DicomReader.readHeader(multiEcho, 2).echoTime()).isEqualTo(150);
        assertThat(DicomReader.readHeader(multiEcho, 1).ruleFields())
                .isEqualTo(DicomReader.readHeader(classic).ruleFields());
        float[] stored = DicomReader.read(classic).pixels().pixels();
        float[] plus100 = new float[stored.length];
        for (int i = 0; i < stored.length; i++) {
            plus100[i] = stored[i] + 100;
        }
        byte[] content = java.nio.file.Files.readAllBytes(multiEcho);
        DicomReader.Indexed indexed = DicomReader.readHeaderIndexed(multiEcho);
        assertThat(DicomReader.read(multiEcho, 1).pixels().pixels()).containsExactly(plus100);
        assertThat(DicomReader.read(multiEcho, 1).descriptor().echoTime()).isEqualTo(90);
        assertThat(DicomReader.read(
                                multiEcho,
                                content,
                                1,
                                new DicomReader.Indexed(DicomReader.readHeader(multiEcho, 1), indexed.afterPixelTag()))
                        .pixels()
                        .pixels())
                .containsExactly(plus100);
    }

    /**
     * A bare data set (no preamble, no meta header: older PACS exports, some anonymisers), implicit or explicit VR,
     * is DICOM and reads as the Part 10 file it came from; a PNG or a text file is not DICOM.
     */
    @Test
    void aDataSetWithoutPreambleReadsAsItsPart10File(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path part10 = res("MR_small.dcm");
        for (String ts : java.util.List.of(
                com.pixelmed.dicom.TransferSyntax.ImplicitVRLittleEndian,
                com.pixelmed.dicom.TransferSyntax.ExplicitVRLittleEndian)) {
            Path bare = dir.resolve("bare-" + ts);
            TestDicom.toBareDataSet(part10, bare, ts);
            assertThat(DicomReader.isDicom(bare)).as(ts).isTrue();
            DicomDescriptor d = DicomReader.readHeader(bare);
            assertThat(d.sopInstanceUid())
                    .isEqualTo(DicomReader.readHeader(part10).sopInstanceUid());
            assertThat(DicomReader.readHeaderIndexed(bare).descriptor().rows()).isEqualTo(64);
            float[] expected = DicomReader.read(part10).pixels().pixels();
            assertThat(DicomReader.read(bare).pixels().pixels()).as(ts).containsExactly(expected);
            byte[] content = java.nio.file.Files.readAllBytes(bare);
            assertThat(DicomReader.read(bare, content, 0, DicomReader.readHeaderIndexed(bare))
                            .pixels()
                            .pixels())
                    .as(ts)
                    .containsExactly(expected);
        }
        Path png = dir.resolve("x.png");
        javax.imageio.ImageIO.write(
                new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_BYTE_GRAY),
                "png",
                png.toFile());
        Path text = dir.resolve("README");
        java.nio.file.Files.writeString(text, "exported by PACS\n");
        assertThat(java.util.List.of(png, text, res("expected.json"))).noneMatch(DicomReader::isDicom);
    }

    /**
     * JPEG Lossless SV1, the commonest compressed syntax of PACS archives, decodes to exactly the uncompressed
     * values and is not lossy; JPEG baseline is read (8-bit) and known to be lossy, by its transfer syntax and by
     * LossyImageCompression 01, which a once-lossy image keeps after decompression.
     */
    @Test
    void jpegLosslessReadsExactlyAndJpegBaselineIsKnownLossy(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        DicomImage lossless = DicomReader.read(res("MR_small_jpeg_lossless_sv1.dcm"));
        assertThat(lossless.descriptor().transferSyntaxUid()).isEqualTo("1.2.840.10008.1.2.4.70");
        assertThat(lossless.pixels().pixels())
                .containsExactly(DicomReader.read(res("MR_small.dcm")).pixels().pixels());
        assertThat(lossless.descriptor().lossy()).isFalse();
        assertThat(DicomReader.readHeader(res("MR_small.dcm")).lossy()).isFalse();

        DicomImage baseline = DicomReader.read(res("MR_small_jpeg_baseline.dcm"));
        assertThat(baseline.descriptor().transferSyntaxUid()).isEqualTo("1.2.840.10008.1.2.4.50");
        assertThat(baseline.descriptor().lossy()).isTrue();
        assertThat(baseline.pixels().width()).isEqualTo(64);

        Path onceLossy = dir.resolve("once-lossy.dcm");
        java.nio.file.Files.copy(res("MR_small.dcm"), onceLossy);
        TestDicom.setFields(onceLossy, java.util.Map.of("LossyImageCompression", "01"));
        assertThat(DicomReader.readHeader(onceLossy).lossy()).isTrue();
    }

    @Test
    void aHeaderClaimingMoreFramesThanItsPixelDataHoldsIsRefused(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path f = dir.resolve("claims50.dcm");
        java.nio.file.Files.copy(TestDicom.source(), f);
        TestDicom.setFields(f, java.util.Map.of("NumberOfFrames", "50"));
        assertThatThrownBy(() -> DicomReader.read(f))
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageStartingWith(f + ": NumberOfFrames says 50 but the pixel data holds 1 frame(s) of ");
    }

    @Test
    void truncatedPixelDataIsRejected() throws Exception {
        Path f = res("MR_truncated.dcm");
        assertThatThrownBy(() -> DicomReader.read(f))
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessage(f
                        + ": pixel data truncated or missing (expected 8192 bytes for 1 frame(s) of 64x64 at 16 bits)");
        // the header alone is still readable (used to index a cohort)
        assertThat(DicomReader.readHeader(f).rows()).isEqualTo(64);
    }

    @Test
    void headerDescriptorCarriesSeriesFieldsAndRedactsPatient() throws Exception {
        DicomDescriptor d = DicomReader.readHeader(res("MR_small.dcm"));
        assertThat(d.modality()).isEqualTo("MR");
        assertThat(d.sopInstanceUid()).isNotEmpty();
        assertThat(d.pixelSpacingRow()).isPositive();
        assertThat(d.patient().toString()).isEqualTo("PatientIdentity[redacted]");
        assertThat(d.toString())
                .doesNotContain(d.patient().patientName())
                .doesNotContain(d.patient().patientId());
        assertThat(DicomReader.isDicom(res("MR_small.dcm"))).isTrue();
        assertThat(DicomReader.isDicom(res("expected.json"))).isFalse();
    }

    @Test
    void sequenceRuleFieldsIncludeImageTypeScanOptionsAndNoPatientField() throws Exception {
        DicomDescriptor d = DicomReader.readHeader(res("MR_small.dcm"));
        assertThat(d.imageType()).isEqualTo("DERIVED\\SECONDARY\\OTHER");
        assertThat(d.ruleFields())
                .containsEntry("ScanningSequence", "SE")
                .containsEntry("RepetitionTime", "4000.0")
                .containsEntry("EchoTime", "240.0")
                .containsEntry("ImageType", "DERIVED\\SECONDARY\\OTHER")
                .containsEntry("Modality", "MR")
                .containsKeys("SequenceName", "ScanOptions", "BodyPartExamined", "Manufacturer")
                .doesNotContainKeys("PatientID", "PatientName", "PatientBirthDate")
                .doesNotContainValue(d.patient().patientId());
        // a multi-valued ScanOptions is joined by backslashes (Philips angiography of the pydicom corpus)
        DicomDescriptor angio = DicomReader.readHeader(res("pydicom-dicomdirtests/MR700_4467.dcm"));
        assertThat(angio.scanOptions()).isEqualTo("FC\\SP");
        assertThat(angio.imageType()).isEqualTo("DERIVED\\SECONDARY\\PROJECTION IMAGE");
        assertThat(angio.ruleFields()).containsEntry("SeriesDescription", "ANGIO Projected from   C");
    }
}
