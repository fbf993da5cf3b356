package org.hemamet.reliability;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A small PNG cohort built at test time (no binaries committed): {@code n} patients, each with one lesion
 * on one 64x64 T2 key image annotated by a VIA 2 project; plus helpers to break it and to checksum outputs.
 */
final class BadCohort {
    private BadCohort() {}

    static String pid(int i) {
        return "P" + (1000 + i);
    }

    /** Writes the cohort; {@code folder(i)} names patient i's PNG folder (PHI tests put names in it). */
    static Path write(Path dir, int n, java.util.function.IntFunction<String> folder) throws IOException {
        StringBuilder csv = new StringBuilder("patient_id,lesion_id,diagnosis,histology_confirmed,age,sex,level\n");
        StringBuilder via = new StringBuilder("{\"_via_settings\":{},\"_via_attributes\":{},\"_via_img_metadata\":{");
        for (int i = 0; i < n; i++) {
            String rel = "png/" + folder.apply(i) + "/T2/img" + i + ".png";
            png(dir.resolve(rel), 64, 64, i);
            csv.append(pid(i))
                    .append(",L1,")
                    .append(i % 2 == 0 ? "hemangioma" : "lung cancer")
                    .append(",yes,")
                    .append(50 + i)
                    .append(',')
                    .append(i % 2 == 0 ? 'F' : 'M')
                    .append(",L2\n");
            via.append(i == 0 ? "" : ",")
                    .append("\"k")
                    .append(i)
                    .append("\":{\"filename\":\"")
                    .append(rel)
                    .append("\",\"size\":1,\"file_attributes\":{\"patient_id\":\"")
                    .append(pid(i))
                    .append("\",\"sequence\":\"T2\"},\"regions\":[{\"shape_attributes\":")
                    .append("{\"name\":\"rect\",\"x\":16,\"y\":16,\"width\":24,\"height\":20},")
                    .append("\"region_attributes\":{\"lesion_id\":\"L1\"}}]}");
        }
        via.append("}}");
        Files.createDirectories(dir.resolve("annotations"));
        Files.writeString(dir.resolve("cohort.csv"), csv);
        Files.writeString(dir.resolve("annotations/via_project.json"), via);
        return dir;
    }

    static Path write(Path dir, int n) throws IOException {
        return write(dir, n, BadCohort::pid);
    }

    static void png(Path file, int w, int h, int seed) throws IOException {
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                im.getRaster().setSample(x, y, 0, (x * 3 + y * 2 + seed * 7) & 0xff);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(im, "png", file.toFile());
    }

    /** Every regular file under {@code dir} (relative path) with its SHA-256; empty when {@code dir} is absent. */
    static Map<String, String> checksums(Path dir) {
        Map<String, String> m = new TreeMap<>();
        if (!Files.exists(dir)) {
            return m;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                byte[] h = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                m.put(dir.relativize(p).toString(), HexFormat.of().formatHex(h));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return m;
    }
}
