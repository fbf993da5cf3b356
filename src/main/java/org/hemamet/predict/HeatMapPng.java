package org.hemamet.predict;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.hemamet.annotation.BoundingBox;
import org.hemamet.contract.HeatMapProvenance;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.Json;
import org.hemamet.model.ModelInfo;
import org.hemamet.provenance.Provenance;
import org.w3c.dom.Node;

/**
 * A heat map PNG that carries its own provenance ({@link HeatMapProvenance}) in tEXt chunks (the PNG
 * specification's textual data, keyword {@code Software} being one of its predefined keywords): {@code Software} and {@value HeatMapProvenance#PNG_KEYWORD} (the record as JSON, ASCII), so
 * that a figure copied away from its command still says which model, input and method drew it. Viewers ignore
 * the chunks; PNG metadata tools list them.
 */
public final class HeatMapPng {
    private static final String FORMAT = "javax_imageio_png_1.0";
    private static final byte[] PNG_SIGNATURE = {(byte) 137, 80, 78, 71, 13, 10, 26, 10};

    private HeatMapPng() {}

    /** What drew a map: the method, the class it explains and the lesion's P(positive). */
    public record Drawn(HeatMaps.Method method, String explainedClass, double probability) {}

    /**
     * What the map is of: {@code input} ({@code image}, {@code via} or {@code dataset}) with its hash, and for one
     * lesion of an image the frame (1-based, null when none) and box on the source pixels (null otherwise).
     */
    public record Subject(String input, String inputSha256, Integer frame, BoundingBox roi) {}

    /** The provenance of a map drawn now by the {@code model} ({@code cnn}, {@code fusion-early}) bundle {@code bundle}. */
    public static HeatMapProvenance provenance(Drawn drawn, String model, String cellId, Path bundle, Subject subject) {
        Provenance.Environment env = Provenance.environment();
        BoundingBox r = subject.roi();
        return new HeatMapProvenance(
                drawn.method().name().toLowerCase(java.util.Locale.ROOT),
                drawn.explainedClass(),
                drawn.probability(),
                model,
                cellId,
                PredictionsProvenance.bundleSha256(bundle),
                subject.input(),
                subject.inputSha256(),
                subject.frame(),
                r == null ? null : r.x() + " " + r.y() + " " + r.width() + " " + r.height(),
                env.hemametVersion(),
                env.javaVersion(),
                env.os(),
                env.cpu(),
                env.availableProcessors(),
                env.hostHash(),
                ModelInfo.versions());
    }

    /** Writes {@code img} to {@code file} as a PNG holding {@code provenance}, atomically. */
    public static void write(Path file, BufferedImage img, HeatMapProvenance provenance) {
        String json;
        try {
            json = Json.mapper()
                    .writer()
                    .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .with(JsonWriteFeature.ESCAPE_NON_ASCII)
                    .writeValueAsString(provenance);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        AtomicFiles.write(file, o -> {
            ImageWriter writer = pngWriter();
            try (ImageOutputStream ios = ImageIO.createImageOutputStream(o)) {
                IIOMetadata meta =
                        writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), null);
                meta.mergeTree(FORMAT, text("Software", "hemamet " + provenance.hemametVersion(), json));
                writer.setOutput(ios);
                writer.write(new IIOImage(img, null, meta));
            } finally {
                writer.dispose();
            }
        });
    }

    /**
     * The provenance a heat map PNG holds; empty for a PNG without it, or a file that is no PNG. Read with the
     * PNG reader itself: asking every installed plug-in which one reads the file has PixelMed's JPEG-lossless
     * plug-in print a line to stderr.
     */
    public static Optional<HeatMapProvenance> read(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("png");
            if (in == null || !isPng(in) || !readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                Node root = reader.getImageMetadata(0).getAsTree(FORMAT);
                for (Node c = root.getFirstChild(); c != null; c = c.getNextSibling()) {
                    if (c.getNodeName().equals("tEXt")) {
                        for (Node e = c.getFirstChild(); e != null; e = e.getNextSibling()) {
                            IIOMetadataNode entry = (IIOMetadataNode) e;
                            if (entry.getAttribute("keyword").equals(HeatMapProvenance.PNG_KEYWORD)) {
                                return Optional.of(
                                        Json.mapper().readValue(entry.getAttribute("value"), HeatMapProvenance.class));
                            }
                        }
                    }
                }
                return Optional.empty();
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static ImageWriter pngWriter() throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IOException("no PNG writer");
        }
        return writers.next();
    }

    private static IIOMetadataNode text(String softwareKey, String software, String json) {
        IIOMetadataNode text = new IIOMetadataNode("tEXt");
        text.appendChild(entry(softwareKey, software));
        text.appendChild(entry(HeatMapProvenance.PNG_KEYWORD, json));
        IIOMetadataNode root = new IIOMetadataNode(FORMAT);
        root.appendChild(text);
        return root;
    }

    private static IIOMetadataNode entry(String keyword, String value) {
        IIOMetadataNode e = new IIOMetadataNode("tEXtEntry");
        e.setAttribute("keyword", keyword);
        e.setAttribute("value", value);
        return e;
    }

    private static boolean isPng(ImageInputStream in) throws IOException {
        byte[] head = new byte[PNG_SIGNATURE.length];
        in.mark();
        int n = in.read(head);
        in.reset();
        return n == head.length && java.util.Arrays.equals(head, PNG_SIGNATURE);
    }
}
