package org.hemamet.synth;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.HemametException;
import org.hemamet.core.Json;

/**
 * A contact sheet of one patient's four key images (T1, T2, STIR, T1C) side by side with the VIA regions
 * drawn, read back from a generated cohort (headless java.awt).
 */
public final class ContactSheet {
    private ContactSheet() {}

    /** Writes the sheet for {@code patientId} of the cohort at {@code cohortDir} to {@code png}. */
    public static void write(Path cohortDir, String patientId, Path png) {
        System.setProperty("java.awt.headless", "true");
        try {
            JsonNode via = Json.mapper()
                    .readTree(cohortDir.resolve("annotations/via_project.json").toFile());
            String[] seqs = {"T1", "T2", "STIR", "T1C"};
            BufferedImage[] imgs = new BufferedImage[4];
            JsonNode[] regions = new JsonNode[4];
            for (JsonNode e : via.get("_via_img_metadata")) {
                JsonNode fa = e.get("file_attributes");
                if (!patientId.equals(fa.path("patient_id").asText())) {
                    continue;
                }
                for (int i = 0; i < 4; i++) {
                    if (seqs[i].equals(fa.path("sequence").asText())) {
                        imgs[i] = readPng(cohortDir.resolve(e.get("filename").asText()));
                        regions[i] = e.get("regions");
                    }
                }
            }
            int n = 0;
            for (BufferedImage b : imgs) {
                n = b != null ? Math.max(n, b.getWidth()) : n;
            }
            if (n == 0) {
                throw HemametException.dataState(cohortDir + ": no key images for the preview patient");
            }
            int title = 22;
            BufferedImage sheet = new BufferedImage(4 * n, n + title, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = sheet.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            for (int i = 0; i < 4; i++) {
                int x0 = i * n;
                g.setColor(Color.WHITE);
                g.drawString(seqs[i] + (imgs[i] == null ? " (missing)" : ""), x0 + 6, 16);
                if (imgs[i] == null) {
                    continue;
                }
                g.drawImage(imgs[i], x0, title, n, n, null);
                g.setColor(Color.RED);
                g.setStroke(new BasicStroke(1.2f));
                double s = (double) n / imgs[i].getWidth();
                AffineTransform old = g.getTransform();
                g.translate(x0, title);
                g.scale(s, s);
                for (JsonNode region : regions[i]) {
                    draw(g, region.get("shape_attributes")); // every annotated lesion of the patient
                }
                g.setTransform(old);
            }
            g.dispose();
            AtomicFiles.writeBytes(png, PatientSynthesizer.png(sheet));
        } catch (IOException e) {
            throw HemametException.invalidInput(cohortDir + ": cannot build preview: " + e.getMessage());
        }
    }

    private static void draw(Graphics2D g, JsonNode s) {
        switch (s.get("name").asText()) {
            case "rect" ->
                g.drawRect(
                        s.get("x").asInt(),
                        s.get("y").asInt(),
                        s.get("width").asInt(),
                        s.get("height").asInt());
            case "ellipse" -> {
                AffineTransform old = g.getTransform();
                g.translate(s.get("cx").asDouble(), s.get("cy").asDouble());
                g.rotate(s.path("theta").asDouble(0));
                double rx = s.get("rx").asDouble();
                double ry = s.get("ry").asDouble();
                g.draw(new Ellipse2D.Double(-rx, -ry, 2 * rx, 2 * ry));
                g.setTransform(old);
            }
            case "polygon" -> {
                Path2D.Double p = new Path2D.Double();
                JsonNode xs = s.get("all_points_x");
                JsonNode ys = s.get("all_points_y");
                for (int i = 0; i < xs.size(); i++) {
                    if (i == 0) {
                        p.moveTo(xs.get(i).asDouble(), ys.get(i).asDouble());
                    } else {
                        p.lineTo(xs.get(i).asDouble(), ys.get(i).asDouble());
                    }
                }
                p.closePath();
                g.draw(p);
            }
            default -> {}
        }
    }

    /** Reads a PNG with the PNG reader only (no probing of every installed image reader). */
    static BufferedImage readPng(Path f) throws IOException {
        javax.imageio.ImageReader r =
                javax.imageio.ImageIO.getImageReadersByFormatName("png").next();
        try (javax.imageio.stream.ImageInputStream in =
                javax.imageio.ImageIO.createImageInputStream(Files.newInputStream(f))) {
            r.setInput(in);
            return r.read(0);
        } finally {
            r.dispose();
        }
    }
}
