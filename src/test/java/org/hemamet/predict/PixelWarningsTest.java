package org.hemamet.predict;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.hemamet.cli.CliRun;
import org.hemamet.cli.CliRun.CliResult;
import org.hemamet.dicom.TestDicom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * predict says on stderr what ingest notes of a DICOM's pixels (lossy compression, a secondary capture, burned-in
 * text), records it in its output, and predicts all the same; a plain MR slice gets no warning.
 */
class PixelWarningsTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void build() {
        PredictFixture.build();
    }

    @Test
    void lossySecondaryCaptureAndBurnedInTextAreSaidAndPredicted() throws Exception {
        Path plain = PredictFixture.BY_SHA.values().iterator().next().dicom();
        CliResult clean = predict(plain);
        assertThat(clean.exit()).as(clean.err()).isZero();
        assertThat(clean.err()).doesNotContain("warning");

        Path marked = tmp.resolve("marked.dcm");
        Files.copy(plain, marked);
        TestDicom.setFields(
                marked,
                Map.of(
                        "LossyImageCompression", "01",
                        "BurnedInAnnotation", "YES",
                        "SOPClassUID", "1.2.840.10008.5.1.4.1.1.7"));
        CliResult r = predict(marked);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err())
                .contains("hemamet: warning: " + marked + ": its pixels went through lossy compression")
                .contains("hemamet: warning: " + marked + ": a secondary capture (a rendered, windowed image)")
                .contains("hemamet: warning: " + marked + ": the header says text is burned into the pixels");
        // the same prediction, recorded as made from lossy pixels whose header says text is burned in
        assertThat(clean.out()).contains("\"source_format\" : \"dicom\",", "\"burned_in_annotation\" : false");
        assertThat(r.out())
                .isEqualTo(clean.out()
                        .replace(
                                plain.getFileName().toString(),
                                marked.getFileName().toString())
                        .replace("\"source_format\" : \"dicom\",", "\"source_format\" : \"dicom-lossy\",")
                        .replace("\"burned_in_annotation\" : false", "\"burned_in_annotation\" : true"));
    }

    private static CliResult predict(Path image) {
        return CliRun.run(
                "predict",
                "--model",
                PredictFixture.bundle.toString(),
                "--image",
                image.toString(),
                "--roi",
                "10,10,20,20",
                "--json");
    }
}
