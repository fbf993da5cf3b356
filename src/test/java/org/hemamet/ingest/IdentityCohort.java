package org.hemamet.ingest;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.hemamet.core.Hashing;
import org.hemamet.dicom.TestDicom;
import org.hemamet.preprocess.FloatImage;
import org.hemamet.preprocess.SavePng16;

/**
 * A deterministic cohort exercising every ingest source path, for proving that performance work leaves the
 * outputs byte-identical: 512×512 DICOM slices (12-bit in 16, unsigned, with and without a modality LUT) in
 * explicit VR little endian, implicit VR little endian and explicit VR big endian; MR_small as RLE (PixelMed
 * decoder path) and as a signed 16-bit slice linked to a PNG of twice its size (region scaled); PNG-only
 * sources as 8-bit and 16-bit grayscale written by the JDK (adaptive row filters), hemamet's own 16-bit PNG
 * (Sub filter), RGB PNG and JPEG (ImageIO path); regions that shrink, enlarge, cross the border, and
 * rect/circle/ellipse/polygon shapes. {@link #hashes} lists the SHA-256 of every file of the dataset.
 */
final class IdentityCohort {
    static final String KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    private IdentityCohort() {}

    static void build(Path c) throws Exception {
        SplittableRandom rnd = new SplittableRandom(2024);
        StringBuilder csv = new StringBuilder("patient_id,lesion_id,diagnosis\n");
        List<String> entries = new ArrayList<>();
        String[] shapes = {
            "{\"name\":\"rect\",\"x\":%d,\"y\":%d,\"width\":%d,\"height\":%d}",
            "{\"name\":\"ellipse\",\"cx\":%d,\"cy\":%d,\"rx\":%d,\"ry\":%d}",
            "{\"name\":\"circle\",\"cx\":%d,\"cy\":%d,\"r\":%d}",
            "{\"name\":\"polygon\",\"all_points_x\":[%d,%d,%d],\"all_points_y\":[%d,%d,%d]}"
        };
        String[] tsNames = {"ELE", "ILE", "EBE"};
        TransferSyntax[] ts = {
            new TransferSyntax(TransferSyntax.ExplicitVRLittleEndian),
            new TransferSyntax(TransferSyntax.ImplicitVRLittleEndian),
            new TransferSyntax(TransferSyntax.ExplicitVRBigEndian)
        };
        int k = 0;
        // 512x512 DICOM slices, linked by sop_instance_uid to an 8-bit PNG export of the same size
        for (int i = 0; i < 9; i++, k++) {
            String pid = "D" + i;
            String sop = "1.2.826.0.1.3680043.10.543.77." + i;
            short[] raster = new short[512 * 512];
            for (int y = 0; y < 512; y++) {
                for (int x = 0; x < 512; x++) {
                    double v = 1200 + 900 * Math.sin(x / 37.0 + i) * Math.cos(y / 23.0) + rnd.nextInt(200);
                    raster[y * 512 + x] = (short) Math.max(0, Math.min(4095, (int) v));
                }
            }
            Path f = c.resolve("dicom/" + pid + "/s" + i + ".dcm");
            TestDicom.write(
                    f,
                    new TestDicom.Header(pid, "NAME^" + i, "19600101", sop, "SAG T1 SE", "SE", 500, 10, 0, null),
                    512,
                    512,
                    raster);
            rewrite(f, ts[i % 3], i % 2 == 1, sop);
            Path png = c.resolve("png/" + pid + "/T1/export" + i + ".png");
            writeGray(png, 512, 512, 8, rnd);
            csv.append(pid)
                    .append(",L1,")
                    .append(i % 2 == 0 ? "hemangioma" : "breast")
                    .append('\n');
            entries.add(entry("png/" + pid + "/T1/export" + i + ".png", sop, region(shapes[i % 4], rnd, 512)));
        }
        // MR_small (64x64, signed) as RLE and as explicit LE with new UIDs, linked to 128x128 PNG exports
        String[] small = {"MR_small_RLE.dcm", "MR_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm"};
        for (int i = 0; i < small.length; i++, k++) {
            String pid = "S" + i;
            String sop = "1.2.826.0.1.3680043.10.543.78." + i;
            Path f = c.resolve("dicom/" + pid + "/" + small[i]);
            Files.createDirectories(f.getParent());
            Files.copy(
                    Path.of(IdentityCohort.class
                            .getResource("/dicom/" + small[i])
                            .toURI()),
                    f);
            if (i > 0) {
                AttributeList al = new AttributeList();
                al.read(f.toFile());
                rewrite(
                        f,
                        al.get(TagFromName.TransferSyntaxUID)
                                        .getSingleStringValueOrEmptyString()
                                        .equals(TransferSyntax.ExplicitVRBigEndian)
                                ? new TransferSyntax(TransferSyntax.ExplicitVRBigEndian)
                                : ts[i % 3],
                        false,
                        sop);
            } else {
                AttributeList al = new AttributeList();
                al.read(f.toFile());
                sop = al.get(TagFromName.SOPInstanceUID).getSingleStringValueOrEmptyString();
            }
            Path png = c.resolve("png/" + pid + "/T2/small" + i + ".png");
            writeGray(png, 128, 128, 8, rnd);
            csv.append(pid).append(",L1,lung\n");
            entries.add(entry(
                    "png/" + pid + "/T2/small" + i + ".png",
                    sop,
                    String.format(shapes[0], 20 + 10 * i, 30, 40 + 15 * i, 50)));
        }
        // PNG-only sources
        for (int i = 0; i < 10; i++, k++) {
            String pid = "P" + i;
            String name = "png/" + pid + "/STIR/p" + i + (i % 5 == 4 ? ".jpg" : ".png");
            Path p = c.resolve(name);
            int w = 512 - 64 * (i % 3);
            int h = 512 - 32 * (i % 2);
            switch (i % 5) {
                case 0 -> writeGray(p, w, h, 8, rnd);
                case 1 -> writeGray(p, w, h, 16, rnd);
                case 2 -> {
                    float[] px = new float[w * h];
                    for (int q = 0; q < px.length; q++) {
                        px[q] = (float) ((q % w + q / w) % 700 / 700.0 + rnd.nextDouble() * 0.05);
                    }
                    Files.createDirectories(p.getParent());
                    Files.write(
                            p, SavePng16.encode(new FloatImage(w, h, px), 6)); // level 6: the input file as recorded
                }
                case 3 -> writeRgb(p, w, h, "png", rnd);
                default -> writeRgb(p, w, h, "jpg", rnd);
            }
            csv.append(pid)
                    .append(",L1,")
                    .append(i % 2 == 0 ? "prostate" : "hemangioma")
                    .append('\n');
            entries.add(entry(name, null, region(shapes[i % 4], rnd, Math.min(w, h))));
        }
        // one slice with two lesions (the source is hashed and read for both)
        csv.append("D0,L2,hemangioma\n");
        entries.add(entry(
                "png/D0/T1/export0.png",
                "1.2.826.0.1.3680043.10.543.77.0",
                String.format(shapes[0], 480, 490, 60, 40),
                "L2"));
        Files.writeString(c.resolve("cohort.csv"), csv);
        Files.createDirectories(c.resolve("annotations"));
        StringBuilder via = new StringBuilder("{");
        for (int i = 0; i < entries.size(); i++) {
            via.append(i > 0 ? "," : "").append("\"k").append(i).append("\":").append(entries.get(i));
        }
        Files.writeString(c.resolve("annotations/via.json"), via + "}");
    }

    private static String region(String shape, SplittableRandom rnd, int size) {
        int x = rnd.nextInt(size);
        int y = rnd.nextInt(size);
        int w = 8 + rnd.nextInt(size / 2);
        int h = 8 + rnd.nextInt(size / 2);
        return shape.startsWith("{\"name\":\"polygon")
                ? String.format(shape, x, x + w, x + w / 3, y, y + h / 2, y + h)
                : String.format(shape, x, y, w, h);
    }

    private static String entry(String file, String sop, String shape) {
        return entry(file, sop, shape, "L1");
    }

    private static String entry(String file, String sop, String shape, String lesion) {
        return "{\"filename\":\"" + file + "\",\"size\":1,\"file_attributes\":{\"patient_id\":\""
                + file.split("/")[1] + "\"" + (sop == null ? "" : ",\"sop_instance_uid\":\"" + sop + "\"")
                + "},\"regions\":[{\"shape_attributes\":"
                + shape + ",\"region_attributes\":{\"lesion_id\":\"" + lesion + "\"}}]}";
    }

    /** Re-writes a DICOM file in another transfer syntax, optionally 12-bit unsigned with a modality LUT. */
    private static void rewrite(Path f, TransferSyntax ts, boolean lut, String sop) throws Exception {
        AttributeList al = new AttributeList();
        al.read(f.toFile());
        al.removeGroupLengthAttributes();
        al.removeMetaInformationHeaderAttributes();
        Attribute u = new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID);
        u.addValue(sop);
        al.put(u);
        if (al.get(TagFromName.Rows).getSingleIntegerValueOrDefault(0) == 512) {
            put(al, new UnsignedShortAttribute(TagFromName.BitsStored), 12);
            put(al, new UnsignedShortAttribute(TagFromName.HighBit), 11);
            put(al, new UnsignedShortAttribute(TagFromName.PixelRepresentation), 0);
        }
        if (lut) {
            Attribute s = new DecimalStringAttribute(TagFromName.RescaleSlope);
            s.addValue("2.5");
            al.put(s);
            Attribute b = new DecimalStringAttribute(TagFromName.RescaleIntercept);
            b.addValue("-100.25");
            al.put(b);
        }
        FileMetaInformation.addFileMetaInformation(al, ts.getUID(), "HEMAMETTEST");
        al.write(f.toFile(), ts.getUID(), true, true);
    }

    private static void put(AttributeList al, Attribute a, int v) throws Exception {
        a.addValue(v);
        al.put(a);
    }

    private static void writeGray(Path p, int w, int h, int bits, SplittableRandom rnd) throws IOException {
        BufferedImage img =
                new BufferedImage(w, h, bits == 8 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_USHORT_GRAY);
        int max = bits == 8 ? 255 : 65535;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = 0.5 + 0.3 * Math.sin(x / 19.0) * Math.cos(y / 31.0) + 0.1 * rnd.nextDouble();
                img.getRaster().setSample(x, y, 0, (int) Math.min(max, v * max));
            }
        }
        Files.createDirectories(p.getParent());
        if (!ImageIO.write(img, "png", p.toFile())) {
            throw new IOException("no PNG writer");
        }
    }

    private static void writeRgb(Path p, int w, int h, String format, SplittableRandom rnd) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int g = (int) (127 + 100 * Math.sin((x + y) / 29.0)) + rnd.nextInt(20);
                img.setRGB(x, y, (g << 16) | (Math.min(255, g + 10) << 8) | Math.max(0, g - 10));
            }
        }
        Files.createDirectories(p.getParent());
        if (!ImageIO.write(img, format, p.toFile())) {
            throw new IOException("no " + format + " writer");
        }
    }

    /** "sha256  relative path" of every file under {@code dir}, sorted by path. */
    static List<String> hashes(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    // the dataset, not the record of how it was made (machine, threads, times differ by run)
                    .filter(p -> !p.getFileName().toString().equals(org.hemamet.contract.IngestProvenance.FILE))
                    .sorted()
                    .map(p -> Hashing.sha256(p) + "  "
                            + dir.relativize(p).toString().replace('\\', '/'))
                    .toList();
        }
    }

    /**
     * The SHA-256 of every crop's decoded pixel values (width, height, then each 16-bit sample big-endian, as
     * the JDK's PNG reader returns them), by crop path: what a PNG's zlib level cannot change.
     */
    static List<String> pixelHashes(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("crops"))) {
            List<String> out = new ArrayList<>();
            for (Path p : s.sorted().toList()) {
                javax.imageio.ImageReader png =
                        ImageIO.getImageReadersByFormatName("png").next(); // the JDK's, not a DICOM plug-in
                java.awt.image.Raster r;
                try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(p.toFile())) {
                    png.setInput(in);
                    r = png.read(0).getRaster();
                } finally {
                    png.dispose();
                }
                int[] v = r.getSamples(0, 0, r.getWidth(), r.getHeight(), 0, (int[]) null);
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + 2 * v.length);
                b.putInt(r.getWidth()).putInt(r.getHeight());
                for (int x : v) {
                    b.putShort((short) x);
                }
                out.add(Hashing.sha256(b.array()) + "  "
                        + dir.relativize(p).toString().replace('\\', '/'));
            }
            return out;
        }
    }

    /**
     * Builds the cohort under {@code args[0]} (or uses the cohort {@code args[1]}; {@code synth512}: the
     * cohort of {@code IngestBenchmarkTest}), ingests it, prints the dataset hashes and writes them, and the
     * crops' pixel hashes, to {@code args[0]/sha256.txt} and {@code args[0]/pixels-sha256.txt} (records the
     * expected files).
     */
    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Path cohort = args.length > 1 ? Path.of(args[1]) : work.resolve("cohort");
        if (args.length == 1) {
            build(cohort);
        } else if (args[1].equals("synth512")) {
            cohort = IngestBenchmark.synthCohort(work.resolve("synth"), 40);
        }
        Files.createDirectories(work);
        Files.writeString(work.resolve("key"), KEY + "\n");
        Ingest.Summary s = Ingest.run(
                new IngestOptions(
                        cohort,
                        work.resolve("dataset"),
                        org.hemamet.preprocess.LesionCropper.Params.DEFAULT,
                        work.resolve("key"),
                        null),
                Ingest.Listener.NONE);
        System.err.println(s);
        hashes(work.resolve("dataset")).forEach(System.out::println);
        Files.write(work.resolve("sha256.txt"), hashes(work.resolve("dataset")));
        Files.write(work.resolve("pixels-sha256.txt"), pixelHashes(work.resolve("dataset")));
    }
}
