package org.hemamet.predict;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a heat map's provenance back: a PNG without it and a file that is no PNG give none, and nothing
 * is printed (asking ImageIO's plug-ins which one reads a file has PixelMed's print a line to stderr).
 */
class HeatMapPngTest {
    @TempDir
    Path tmp;

    @Test
    void aPlainPngAndAJpegHoldNoProvenanceAndReadingThemPrintsNothing() throws Exception {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        Path png = tmp.resolve("plain.png");
        Path jpg = tmp.resolve("plain.jpg");
        ImageIO.write(img, "png", png.toFile());
        ImageIO.write(img, "jpeg", jpg.toFile());
        Path text = Files.writeString(tmp.resolve("notes.png"), "not an image\n");

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(HeatMapPng.read(png)).isEmpty();
            assertThat(HeatMapPng.read(jpg)).isEmpty();
            assertThat(HeatMapPng.read(text)).isEmpty();
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
