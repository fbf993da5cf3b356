package org.hemamet.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.core.Json;
import org.hemamet.preprocess.CropCompression;
import org.hemamet.preprocess.LesionCropper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link IngestOptions#cropCompression}: the same cohort ({@link IdentityCohort}: DICOM and exported sources,
 * every shape) ingested with crops deflated at level 1 and stored uncompressed gives the same dataset.csv and masks, and crops whose decoded
 * 16-bit pixels (the JDK's PNG reader) are identical; only the crop bytes and the report's crop_format differ.
 * (Level 6 is checked on one image in
 * {@code SavePng16Test}.) A re-run with another compression over a dataset rewrites the crops instead of reusing the other format's files.
 */
class IngestCropCompressionTest {
    @TempDir
    static Path tmp;

    static Path fast;
    static Path none;

    @BeforeAll
    static void ingestEachWay() throws Exception {
        IdentityCohort.build(tmp.resolve("cohort"));
        fast = ingest("fast", CropCompression.FAST);
        none = ingest("none", CropCompression.NONE);
    }

    static Path ingest(String name, CropCompression c) {
        Path out = tmp.resolve(name);
        Ingest.run(options(out, c), Ingest.Listener.NONE);
        return out;
    }

    static IngestOptions options(Path out, CropCompression c) {
        try {
            Files.writeString(tmp.resolve("key"), IdentityCohort.KEY + "\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new IngestOptions(tmp.resolve("cohort"), out, LesionCropper.Params.DEFAULT, tmp.resolve("key"), null, 2)
                .withMasks(true)
                .withCropCompression(c);
    }

    @Test
    void everyCompressionDecodesToTheSamePixels() throws Exception {
        List<DatasetSample> samples = DatasetManifest.read(fast);
        assertThat(samples).hasSize(24);
        for (Path other : List.of(none)) {
            assertThat(Files.readAllBytes(other.resolve(DatasetManifest.FILE_NAME)))
                    .isEqualTo(Files.readAllBytes(fast.resolve(DatasetManifest.FILE_NAME)));
            for (DatasetSample s : samples) {
                byte[] a = Files.readAllBytes(fast.resolve(s.cropPath()));
                byte[] b = Files.readAllBytes(other.resolve(s.cropPath()));
                assertThat(b).as("%s: other bytes", s.cropPath()).isNotEqualTo(a);
                assertThat(decode(b)).as("%s: same pixels", s.cropPath()).isEqualTo(decode(a));
                assertThat(Files.readAllBytes(other.resolve(s.maskPath())))
                        .isEqualTo(Files.readAllBytes(fast.resolve(s.maskPath())));
            }
        }
        long fastBytes = cropBytes(fast, samples);
        long noneBytes = cropBytes(none, samples);
        assertThat(noneBytes).isGreaterThan(fastBytes).isGreaterThanOrEqualTo(24L * 256 * 513);
    }

    @Test
    void theReportNamesTheCropFormat() throws Exception {
        assertThat(cropFormat(fast)).isEqualTo(CropCompression.FAST.format()).contains("zlib level 1");
        assertThat(cropFormat(none)).contains("stored (uncompressed)");
        assertThat(params(fast).path("key").asText())
                .isEqualTo(params(none).path("key").asText());
    }

    @Test
    void aRerunWithAnotherCompressionRewritesTheCrops() throws Exception {
        Path again = tmp.resolve("again");
        Ingest.run(options(again, CropCompression.FAST), Ingest.Listener.NONE);
        assertThat(Ingest.run(options(again, CropCompression.FAST), Ingest.Listener.NONE)
                        .reused())
                .isEqualTo(24);
        Ingest.Summary s = Ingest.run(options(again, CropCompression.NONE), Ingest.Listener.NONE);
        assertThat(s.reused()).isZero();
        assertThat(s.written()).isEqualTo(24);
        assertThat(IdentityCohort.hashes(again)).isEqualTo(IdentityCohort.hashes(none));
    }

    private static long cropBytes(Path ds, List<DatasetSample> samples) throws Exception {
        long n = 0;
        for (DatasetSample s : samples) {
            n += Files.size(ds.resolve(s.cropPath()));
        }
        return n;
    }

    private static JsonNode params(Path ds) throws Exception {
        return Json.mapper().readTree(ds.resolve(Ingest.REPORT_FILE).toFile()).path("params");
    }

    private static String cropFormat(Path ds) throws Exception {
        return params(ds).path("crop_format").asText();
    }

    private static int[] decode(byte[] png) throws Exception {
        ImageReader r = ImageIO.getImageReadersByFormatName("png").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
            r.setInput(in);
            BufferedImage im = r.read(0);
            assertThat(im.getType()).isEqualTo(BufferedImage.TYPE_USHORT_GRAY);
            return im.getRaster().getSamples(0, 0, im.getWidth(), im.getHeight(), 0, (int[]) null);
        } finally {
            r.dispose();
        }
    }
}
