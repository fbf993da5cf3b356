package org.hemamet.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.hemamet.cli.CliRun;
import org.hemamet.cli.CliRun.CliResult;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.TestTrees;
import org.hemamet.dicom.DicomReaderTestAccess;
import org.hemamet.dicom.TestDicom;
import org.hemamet.predict.PredictFixtureAccess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The refusal corpus (issue 16), one table: every command given the bad inputs users really produce
 * (truncated, empty or mislabelled DICOM/PNG/JPEG files; VIA projects of the wrong shape or with regions
 * outside the image; duplicate names; cohort tables that are not; a bundle or run half-written or from
 * another version; options out of range; an output whose folder is a file). Each case starts from a fresh
 * copy of one small world (a 4-patient PNG cohort and its dataset, a bundle and run from a real tiny study,
 * good PNG/DICOM files), breaks one thing, runs the command, and asserts the exit code of the one table
 * ({@code HemametException}), a single stderr line naming the file or option and the problem, no stack trace,
 * and that not one byte of the world changed (nothing written or half-written, the old dataset intact).
 */
class RefusalCorpusTest {
    private static Path world;

    @TempDir
    Path tmp;

    @FunctionalInterface
    interface Setup {
        void apply(Path d) throws Exception;
    }

    /**
     * One row of the table.
     *
     * @param name    what is wrong
     * @param setup   how the world is broken before the command
     * @param args    the command line, {@code @x} standing for the world's file {@code x}
     * @param exit    the expected exit code
     * @param names   what the message must name (the file or option)
     * @param problem what the message must say is wrong
     */
    record Case(String name, Setup setup, String args, int exit, String names, String problem) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void buildWorld() throws Exception {
        world = Files.createTempDirectory("hemamet-refusals");
        BadCohort.write(world.resolve("cohort"), 4);
        // a fixed key: sample ids, and so the order of skips the messages name, are the same on every run
        Files.writeString(world.resolve("ds.key"), "5eed".repeat(16) + "\n");
        Files.copy(world.resolve(VIA), world.resolve("via.json"));
        CliResult ok = CliRun.run(
                "ingest",
                world.resolve("cohort").toString(),
                "--out",
                world.resolve("ds").toString(),
                "--no-progress");
        assertThat(ok.exit()).as(ok.both()).isZero();
        TestTrees.copy(PredictFixtureAccess.bundle(), world.resolve("bundle"));
        TestTrees.copy(PredictFixtureAccess.run(), world.resolve("run"));
        Files.copy(PredictFixtureAccess.t1Dicom(), world.resolve("t1.dcm"));
        TestTrees.copy(PredictFixtureAccess.dataset(), world.resolve("pds"));
        Files.copy(TestDicom.source().resolveSibling("MR_small_jp2klossless.dcm"), world.resolve("jp2k.dcm"));
        BadCohort.png(world.resolve("good.png"), 64, 64, 3);
        BufferedImage im = ImageIO.read(world.resolve("good.png").toFile());
        ImageIO.write(im, "jpeg", world.resolve("good.jpg").toFile());
        Files.createDirectories(world.resolve("emptydir"));
        Files.writeString(world.resolve("afile"), "x\n");
        Files.writeString(world.resolve("ok.csv"), "label,score\n1,0.3\n0,0.2\n");
    }

    @AfterAll
    static void dropWorld() {
        AtomicFiles.deleteRecursively(world);
    }

    /**
     * Copies the world's small files, and those of its folders (cohort, dataset, bundle, run) that the
     * command line names: what a case can read or break, and no more (the corpus stays fast).
     */
    static void copyWorld(Path d, String args) throws IOException {
        Files.createDirectories(d);
        try (Stream<Path> s = Files.list(world)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                boolean named =
                        args.contains("@" + name + " ") || args.contains("@" + name + "/") || args.endsWith("@" + name);
                if (!Files.isDirectory(p) || named || name.equals("emptydir")) {
                    TestTrees.copy(p, d.resolve(name));
                }
            }
        }
    }

    // ---- how to break the world ----

    static Setup none() {
        return d -> {};
    }

    static Setup text(String rel, String content) {
        return d -> {
            Files.createDirectories(d.resolve(rel).getParent());
            Files.writeString(d.resolve(rel), content);
        };
    }

    static Setup bytes(String rel, byte[] content) {
        return d -> {
            Files.createDirectories(d.resolve(rel).getParent());
            Files.write(d.resolve(rel), content);
        };
    }

    /** {@code rel} becomes the first {@code n} bytes of {@code from} (n < 0: all but the last -n). */
    static Setup head(String from, String rel, int n) {
        return d -> {
            byte[] b = Files.readAllBytes(d.resolve(from));
            Files.write(d.resolve(rel), Arrays.copyOf(b, n >= 0 ? n : b.length + n));
        };
    }

    static Setup garbage(String rel, int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return bytes(rel, b);
    }

    static Setup replace(String rel, String from, String to) {
        return d -> {
            String s = Files.readString(d.resolve(rel));
            assertThat(s).as(rel).contains(from);
            Files.writeString(d.resolve(rel), s.replace(from, to));
        };
    }

    static Setup delete(String rel) {
        return d -> AtomicFiles.deleteRecursively(d.resolve(rel));
    }

    static Setup copy(String from, String to) {
        return d -> {
            Files.createDirectories(d.resolve(to).getParent());
            Files.copy(d.resolve(from), d.resolve(to));
        };
    }

    static Setup all(Setup... steps) {
        return d -> {
            for (Setup s : steps) {
                s.apply(d);
            }
        };
    }

    /** Applies {@code f} to each of the cohort's four images. */
    static Setup eachImage(java.util.function.Function<String, Setup> f) {
        return d -> {
            for (int i = 0; i < 4; i++) {
                f.apply("cohort/png/" + BadCohort.pid(i) + "/T2/img" + i + ".png")
                        .apply(d);
            }
        };
    }

    static final String VIA = "cohort/annotations/via_project.json";

    /** The VIA project with every image's regions removed. */
    static String NO_REGIONS(String via) {
        String out = via.replaceAll("\"regions\":\\[\\{.*?\\}\\}\\]", "\"regions\":[]");
        assertThat(out).doesNotContain("shape_attributes");
        return out;
    }

    /** A copy of the T1 slice with header fields replaced (DICOM keyword to value). */
    static Setup dicomWith(String rel, String... keyValues) {
        return d -> {
            Files.copy(d.resolve("t1.dcm"), d.resolve(rel));
            Map<String, String> m = new java.util.LinkedHashMap<>();
            for (int i = 0; i < keyValues.length; i += 2) {
                m.put(keyValues[i], keyValues[i + 1]);
            }
            TestDicom.setFields(d.resolve(rel), m);
        };
    }

    static final String RECT = "\"x\":16,\"y\":16,\"width\":24,\"height\":20";
    static final String COHORT = "cohort/cohort.csv";

    static Case c(String name, Setup setup, String args, int exit, String names, String problem) {
        return new Case(name, setup, args, exit, names, problem);
    }

    static Case ingest(String name, Setup setup, int exit, String names, String problem) {
        return c(name, setup, "ingest @cohort --out @ds --no-progress", exit, names, problem);
    }

    static Case predict(String name, Setup setup, String image, String roi, String names, String problem) {
        return c(name, setup, "predict --model @bundle --image @" + image + " --roi " + roi, 2, names, problem);
    }

    static Case bundle(String name, Setup setup, int exit, String names, String problem) {
        return c(name, setup, "predict --model @bundle --image @good.png --roi 10,10,20,20", exit, names, problem);
    }

    static Stream<Case> cases() {
        List<Case> l = new ArrayList<>();
        ingestCases(l);
        predictCases(l);
        bundleCases(l);
        runCases(l);
        otherCases(l);
        return l.stream();
    }

    static void ingestCases(List<Case> l) {
        l.add(
                ingest(
                        "every image zero bytes",
                        eachImage(f -> bytes(f, new byte[0])),
                        3,
                        "cohort",
                        "no lesion gave a sample (4 region(s) skipped, first: annotations/via_project.json image 1 region 0: png/P1001/T2/img1.png: empty file (0 bytes), not an image)"));
        l.add(ingest(
                "every image truncated",
                eachImage(f -> head(f, f, 60)),
                3,
                "cohort",
                "png/P1001/T2/img1.png: truncated PNG (chunk IDAT)"));
        l.add(ingest(
                "every image text",
                eachImage(f -> text(f, "not an image\n")),
                3,
                "cohort",
                "png/P1001/T2/img1.png: not a PNG/JPEG image"));
        l.add(ingest(
                "every image a JPEG cut short",
                eachImage(f -> head("good.jpg", f, 200)),
                3,
                "cohort",
                "png/P1001/T2/img1.png: cannot decode image (Invalid JPEG file structure: missing SOS marker)"));
        l.add(ingest(
                "every image a DICOM cut short",
                eachImage(f -> head("t1.dcm", f, 700)),
                3,
                "cohort",
                "png/P1001/T2/img1.png: not a PNG/JPEG image (nor a DICOM file"));
        l.add(ingest(
                "every image a folder",
                eachImage(f -> all(delete(f), d -> Files.createDirectories(d.resolve(f)))),
                3,
                "cohort",
                "image 'png/P1000/T2/img0.png' not found"));
        l.add(ingest(
                "every image missing",
                eachImage(f -> delete(f)),
                3,
                "cohort",
                "image 'png/P1000/T2/img0.png' not found"));
        l.add(ingest(
                "regions outside the image",
                replace(VIA, "\"x\":16,\"y\":16", "\"x\":100,\"y\":100"),
                3,
                "cohort",
                "lesion box 100,100,24x20 lies outside the 64x64 image"));
        l.add(ingest(
                "regions at negative coordinates",
                replace(VIA, "\"x\":16,\"y\":16", "\"x\":-100,\"y\":-100"),
                3,
                "cohort",
                "lesion box -100,-100,24x20 lies outside the 64x64 image"));
        l.add(ingest(
                "no regions at all",
                d -> Files.writeString(d.resolve(VIA), NO_REGIONS(Files.readString(d.resolve(VIA)))),
                3,
                "cohort",
                "no lesion gave a sample"));
        l.add(ingest(
                "regions not a list",
                replace(VIA, "\"regions\":[", "\"regions\":\"none\",\"x\":["),
                2,
                "via_project.json",
                "regions is neither an array nor an object"));
        l.add(ingest(
                "a polygon of two points",
                replace(
                        VIA,
                        "{\"name\":\"rect\"," + RECT + "}",
                        "{\"name\":\"polygon\",\"all_points_x\":[1,5],\"all_points_y\":[1,5]}"),
                2,
                "via_project.json",
                "region 0: a polygon cannot define a crop"));
        l.add(ingest(
                "a polygon with fewer y than x",
                replace(
                        VIA,
                        "{\"name\":\"rect\"," + RECT + "}",
                        "{\"name\":\"polygon\",\"all_points_x\":[10,30,30],\"all_points_y\":[10,10]}"),
                2,
                "via_project.json",
                "all_points_x has 3 values but all_points_y has 2"));
        l.add(ingest(
                "a circle of negative radius",
                replace(VIA, "{\"name\":\"rect\"," + RECT + "}", "{\"name\":\"circle\",\"cx\":30,\"cy\":30,\"r\":-5}"),
                2,
                "via_project.json",
                "region 0: a circle cannot define a crop"));
        l.add(ingest(
                "a rect without width",
                replace(VIA, ",\"width\":24", ""),
                2,
                "via_project.json",
                "rect: missing 'width'"));
        l.add(ingest(
                "a rect x as text",
                replace(VIA, "\"x\":16", "\"x\":\"sixteen\""),
                2,
                "via_project.json",
                "rect: 'x' is not a number: \"sixteen\""));
        l.add(ingest(
                "an unknown shape",
                replace(VIA, "\"name\":\"rect\"", "\"name\":\"blob\""),
                2,
                "via_project.json",
                "unknown shape 'blob'"));
        l.add(ingest(
                "a region without shape_attributes",
                replace(VIA, "\"shape_attributes\":", "\"shape\":"),
                2,
                "via_project.json",
                "shape_attributes has no shape name"));
        l.add(ingest(
                "an image entry without filename",
                replace(VIA, "\"filename\":", "\"file\":"),
                2,
                "via_project.json",
                "image entry without a filename"));
        l.add(ingest(
                "VIA names images that do not exist",
                replace(VIA, "/T2/img", "/T2/gone"),
                3,
                "cohort",
                "image 'png/P1000/T2/gone0.png' not found"));
        l.add(ingest(
                "VIA names a patient not in cohort.csv",
                d -> Files.writeString(
                        d.resolve(VIA),
                        Files.readString(d.resolve(VIA)).replace("\"patient_id\":\"P", "\"patient_id\":\"Q")),
                3,
                "cohort",
                "lesion 'L1' of patient Q1000 is not in cohort.csv"));
        l.add(ingest(
                "VIA gives two patients the same image",
                replace(VIA, "png/P1001/T2/img1.png", "png/P1000/T2/img0.png"),
                2,
                "via_project.json",
                "png/P1000/T2/img0.png is annotated for two patients (annotations/via_project.json image 0 region 0,"
                        + " annotations/via_project.json image 1 region 0)"));
        l.add(
                ingest(
                        "VIA _via_img_metadata an array",
                        replace(VIA, "\"_via_img_metadata\":{", "\"_via_img_metadata\":[{"),
                        2,
                        "via_project.json",
                        "invalid JSON (line 1: Unexpected close marker '}': expected ']' (the list opened at line 1, column 62))"));
        l.add(ingest(
                "VIA truncated mid-way",
                d -> head(VIA, VIA, (int) Files.size(d.resolve(VIA)) / 2).apply(d),
                2,
                "via_project.json",
                "invalid JSON (line 1: Unexpected end-of-input"));
        l.add(ingest("VIA zero bytes", bytes(VIA, new byte[0]), 2, "via_project.json", "not a VIA annotation file"));
        l.add(ingest("VIA random bytes", garbage(VIA, 300), 2, "via_project.json", "is not UTF-8"));
        l.add(ingest(
                "VIA CSV with too few columns",
                all(delete(VIA), text("cohort/annotations/via.csv", "filename,file_size\npng/P1000/T2/img0.png,1\n")),
                2,
                "via.csv",
                "not a VIA CSV export"));
        l.add(ingest(
                "VIA CSV with a shape that is not JSON",
                all(
                        delete(VIA),
                        text(
                                "cohort/annotations/via.csv",
                                "filename,file_size,file_attributes,region_count,region_id,region_shape_attributes,region_attributes\npng/P1000/T2/img0.png,1,\"{}\",1,0,\"{name:rect\",\"{}\"\n")),
                2,
                "via.csv",
                "row 2: column region_shape_attributes is not JSON"));
        l.add(ingest(
                "annotations is a file",
                all(delete("cohort/annotations"), text("cohort/annotations", "x")),
                2,
                "annotations",
                "not found (a cohort needs VIA files in annotations/)"));
        l.add(ingest("annotations folder empty", delete(VIA), 2, "annotations", "no VIA files (*.json, *.csv)"));
        l.add(ingest("cohort.csv zero bytes", bytes(COHORT, new byte[0]), 2, "cohort.csv", "no lesions"));
        l.add(ingest("cohort.csv random bytes", garbage(COHORT, 400), 2, "cohort.csv", "is not UTF-8"));
        l.add(ingest(
                "cohort.csv separated by '|' (';' and tabs are read: CohortTableTest)",
                d -> Files.writeString(
                        d.resolve(COHORT), Files.readString(d.resolve(COHORT)).replace(',', '|')),
                2,
                "cohort.csv",
                "missing column 'patient_id'"));
        l.add(ingest(
                "cohort.csv row with too many fields",
                d -> Files.writeString(
                        d.resolve(COHORT),
                        "P2000,L1,hemangioma,yes,60,F,L2,extra,more\n",
                        java.nio.file.StandardOpenOption.APPEND),
                2,
                "cohort.csv",
                "line 6: 9 fields, the header has 7 columns"));
        l.add(ingest(
                "cohort.csv row with too few fields",
                d -> Files.writeString(d.resolve(COHORT), "P2000,L1\n", java.nio.file.StandardOpenOption.APPEND),
                2,
                "cohort.csv",
                "row 6: unknown diagnosis ''"));
        l.add(ingest(
                "cohort.csv unterminated quote",
                d -> Files.writeString(
                        d.resolve(COHORT),
                        "P2000,\"L1,hemangioma,yes,60,F,L2\n",
                        java.nio.file.StandardOpenOption.APPEND),
                2,
                "cohort.csv",
                "line 6: unterminated quoted field"));
        l.add(ingest(
                "cohort.csv in Latin-1",
                d -> Files.write(
                        d.resolve(COHORT),
                        "P2000,L1,h\u00e9mangioma,yes,60,F,L2\n".getBytes(StandardCharsets.ISO_8859_1),
                        java.nio.file.StandardOpenOption.APPEND),
                2,
                "cohort.csv",
                "line 6: byte 0xE9 is not UTF-8"));
        l.add(ingest(
                "cohort.csv sex unknown",
                d -> Files.writeString(
                        d.resolve(COHORT),
                        "P2000,L1,hemangioma,yes,60,Q,L2\n",
                        java.nio.file.StandardOpenOption.APPEND),
                2,
                "cohort.csv",
                "row 6: sex 'Q' is not one of"));
        l.add(ingest(
                "cohort.csv histology maybe",
                d -> Files.writeString(
                        d.resolve(COHORT),
                        "P2000,L1,hemangioma,maybe,60,F,L2\n",
                        java.nio.file.StandardOpenOption.APPEND),
                2,
                "cohort.csv",
                "row 6: histology_confirmed 'maybe' is not one of"));
        l.add(ingest(
                "cohort.csv a folder",
                all(delete(COHORT), d -> Files.createDirectories(d.resolve(COHORT))),
                2,
                "cohort.csv",
                "not found"));
        l.add(ingest(
                "a dataset of another kind in --out",
                all(delete("ds/dataset.csv")),
                2,
                "ds",
                "exists and is not a hemamet dataset (no dataset.csv)"));
        l.add(c(
                "ingest --out a file",
                none(),
                "ingest @cohort --out @afile --no-progress",
                2,
                "afile",
                "exists and is not a hemamet dataset"));
        l.add(c(
                "ingest --out under a file",
                none(),
                "ingest @cohort --out @afile/ds --no-progress",
                5,
                "afile",
                "output error: cannot write"));
        l.add(c(
                "ingest --margin -1",
                none(),
                "ingest @cohort --out @ds --margin -1 --no-progress",
                2,
                "--margin",
                "margin must be 0..5, got -1.0"));
        l.add(c(
                "ingest --margin abc",
                none(),
                "ingest @cohort --out @ds --margin abc --no-progress",
                2,
                "--margin",
                "'abc' is not a double (see 'hemamet ingest --help')"));
        l.add(c(
                "ingest --size 0",
                none(),
                "ingest @cohort --out @ds --size 0 --no-progress",
                2,
                "--size",
                "size must be 8..4096, got 0"));
        l.add(c(
                "ingest --size 100000",
                none(),
                "ingest @cohort --out @ds --size 100000 --no-progress",
                2,
                "--size",
                "size must be 8..4096, got 100000"));
        l.add(c(
                "ingest --threads 0",
                none(),
                "ingest @cohort --out @ds --threads 0 --no-progress",
                2,
                "--threads",
                "must be at least 1, got 0"));
        l.add(c(
                "ingest --intensity-reference x",
                none(),
                "ingest @cohort --out @ds --intensity-reference x --no-progress",
                2,
                "--intensity-reference",
                "intensity reference 'x' (crop, slice or reference)"));
        l.add(c(
                "ingest --sequence-rules missing",
                none(),
                "ingest @cohort --out @ds --sequence-rules @none.yaml --no-progress",
                2,
                "none.yaml",
                "cannot read sequence rules"));
        l.add(c(
                "ingest --sequence-rules garbage",
                text("rules.yaml", "rules: [1, 2\n"),
                "ingest @cohort --out @ds --sequence-rules @rules.yaml --no-progress",
                2,
                "rules.yaml",
                "cannot read sequence rules"));
        l.add(c(
                "ingest --key-file a folder",
                none(),
                "ingest @cohort --out @ds --key-file @emptydir --no-progress",
                2,
                "emptydir",
                "cannot read key file (Is a directory)"));
        l.add(c(
                "ingest --key-file empty",
                bytes("k.key", new byte[0]),
                "ingest @cohort --out @ds --key-file @k.key --no-progress",
                2,
                "k.key",
                "not a hemamet key file"));
        l.add(c(
                "ingest --size abc",
                none(),
                "ingest @cohort --out @ds --size abc --no-progress",
                2,
                "--size",
                "'abc' is not an int"));
        l.add(c(
                "ingest unknown option",
                none(),
                "ingest @cohort --out @ds --marign 0.2",
                2,
                "--marign",
                "Unknown options"));
        l.add(c("ingest without --out", none(), "ingest @cohort", 2, "--out", "Missing required option"));
    }

    static void predictCases(List<Case> l) {
        l.add(predict(
                "PNG zero bytes",
                bytes("x.png", new byte[0]),
                "x.png",
                "10,10,20,20",
                "x.png",
                "empty file (0 bytes), not an image"));
        l.add(predict(
                "PNG truncated",
                head("good.png", "x.png", 100),
                "x.png",
                "10,10,20,20",
                "x.png",
                "truncated PNG (chunk IDAT)"));
        l.add(predict(
                "PNG that is text",
                text("x.png", "hello\n"),
                "x.png",
                "10,10,20,20",
                "x.png",
                "not a PNG/JPEG image (nor a DICOM file: no DICM at byte 128)"));
        l.add(predict(
                "JPEG truncated",
                head("good.jpg", "x.jpg", 200),
                "x.jpg",
                "10,10,20,20",
                "x.jpg",
                "cannot decode image (Invalid JPEG file structure: missing SOS marker)"));
        l.add(predict(
                "JPEG random bytes",
                garbage("x.jpg", 500),
                "x.jpg",
                "10,10,20,20",
                "x.jpg",
                "not a PNG/JPEG image (nor a DICOM file"));
        l.add(predict(
                "DICOM zero bytes",
                bytes("x.dcm", new byte[0]),
                "x.dcm",
                "10,10,20,20",
                "x.dcm",
                "empty file (0 bytes), not an image"));
        l.add(predict(
                "DICOM header cut",
                head("t1.dcm", "x.dcm", 400),
                "x.dcm",
                "10,10,20,20",
                "x.dcm",
                "no image (Rows/Columns missing: not an image, or the file is cut short)"));
        l.add(predict(
                "DICOM pixel data cut",
                head("t1.dcm", "x.dcm", -1000),
                "x.dcm",
                "10,10,20,20",
                "x.dcm",
                "pixel data truncated or missing (expected 8192 bytes for 1 frame(s) of 64x64 at 16 bits)"));
        l.add(predict(
                "DICOM random bytes",
                garbage("x.dcm", 2000),
                "x.dcm",
                "10,10,20,20",
                "x.dcm",
                "not a PNG/JPEG image (nor a DICOM file: no DICM at byte 128)"));
        l.add(predict("image missing", none(), "gone.png", "10,10,20,20", "gone.png", "not found"));
        l.add(predict(
                "image a folder", none(), "emptydir", "10,10,20,20", "emptydir", "is a directory, not an image file"));
        l.add(predict(
                "ROI of three numbers",
                none(),
                "good.png",
                "10,10,20",
                "--roi 10,10,20",
                "expected x,y,w,h in pixels"));
        l.add(predict("ROI not numbers", none(), "good.png", "a,b,c,d", "--roi a,b,c,d", "expected x,y,w,h in pixels"));
        l.add(predict("ROI of zero width", none(), "good.png", "10,10,0,20", "--roi 10,10,0,20", "w and h > 0"));
        l.add(predict(
                "ROI of negative height", none(), "good.png", "10,10,20,-20", "--roi 10,10,20,-20", "w and h > 0"));
        l.add(predict(
                "ROI outside the image",
                none(),
                "good.png",
                "100,100,20,20",
                "good.png",
                "ROI 100,100,20,20 (x,y,w,h) is not inside the 64x64 image"));
        l.add(predict(
                "ROI at negative coordinates",
                none(),
                "good.png",
                "-50,-50,20,20",
                "good.png",
                "ROI -50,-50,20,20 (x,y,w,h) is not inside the 64x64 image"));
        l.add(predict(
                "ROI of 60000 squared",
                none(),
                "good.png",
                "0,0,60000,60000",
                "good.png",
                "ROI 0,0,60000,60000 (x,y,w,h) is not inside the 64x64 image"));
        l.add(predict(
                "ROI outside a DICOM",
                none(),
                "t1.dcm",
                "60,60,30,30",
                "t1.dcm",
                "ROI 60,60,30,30 (x,y,w,h) is not inside the 64x64 image"));
        String base = "predict --model @bundle --image @good.png --roi 10,10,20,20 ";
        l.add(c(
                "predict --prevalence 0",
                none(),
                base + "--prevalence 0",
                2,
                "--prevalence",
                "must be in (0, 1), got 0.0"));
        l.add(c(
                "predict --prevalence 1.5",
                none(),
                base + "--prevalence 1.5",
                2,
                "--prevalence",
                "must be in (0, 1), got 1.5"));
        l.add(c(
                "predict --prevalence abc",
                none(),
                base + "--prevalence abc",
                2,
                "--prevalence",
                "'abc' is not a double"));
        l.add(c(
                "predict --sequence XYZ",
                none(),
                base + "--sequence XYZ",
                2,
                "XYZ",
                "unknown sequence 'XYZ' (expected one of T1, T2, STIR, T1C)"));
        l.add(c(
                "predict --method foo",
                none(),
                base + "--method foo",
                2,
                "--method",
                "must be gradcam or occlusion, got 'foo'"));
        l.add(c(
                "predict --heatmap under a file",
                none(),
                base + "--heatmap @afile/h.png",
                5,
                "afile",
                "output error: cannot write"));
        l.add(c("predict --heatmap a folder", none(), base + "--heatmap @emptydir", 5, "emptydir", "Is a directory"));
        l.add(c(
                "predict --roi and --via",
                none(),
                base + "--via @cohort/annotations/via_project.json",
                2,
                "--roi",
                "--image needs exactly one of --roi x,y,w,h or --via FILE"));
        l.add(c(
                "predict batch without --out",
                none(),
                "predict --model @bundle --via @" + VIA,
                2,
                "--out",
                "batch mode (--via without --image) needs --out FILE.csv"));
        l.add(c(
                "predict batch VIA missing",
                none(),
                "predict --model @bundle --via @none.json --out @p.csv",
                2,
                "none.json",
                "cannot read"));
        l.add(c(
                "predict batch VIA truncated",
                head(VIA, "v.json", 50),
                "predict --model @bundle --via @v.json --images @cohort --out @p.csv",
                2,
                "v.json",
                "invalid JSON (line 1: Unexpected end-of-input"));
        l.add(c(
                "predict batch --out under a file",
                none(),
                "predict --model @bundle --via @" + VIA + " --images @cohort --out @afile/p.csv",
                5,
                "afile",
                "output error: cannot write"));
        l.add(predict(
                "DICOM of 65535 rows",
                dicomWith("x.dcm", "Rows", "65535"),
                "x.dcm",
                "10,10,20,20",
                "x.dcm",
                "Rows x Columns 65535x64 exceeds the limit of 8192x8192"));
        l.add(predict(
                "DICOM claiming 50 frames",
                dicomWith("x.dcm", "NumberOfFrames", "50"),
                "x.dcm",
                "10,10,20,20",
                "x.dcm",
                "NumberOfFrames says 50 but the pixel data holds 1 frame(s) of 64x64"));
        l.add(predict(
                "DICOM of a CT", dicomWith("x.dcm", "Modality", "CT"), "x.dcm", "10,10,20,20", "x.dcm", "Modality"));
        l.add(predict(
                "DICOM of a head",
                dicomWith("x.dcm", "BodyPartExamined", "HEAD"),
                "x.dcm",
                "10,10,20,20",
                "x.dcm",
                "BodyPartExamined"));
        l.add(
                predict(
                        "DICOM of a T2 series",
                        dicomWith("x.dcm", "SeriesDescription", "t2_tse_sag", "ProtocolName", "t2_tse_sag"),
                        "x.dcm",
                        "10,10,20,20",
                        "x.dcm",
                        "the DICOM header rules cannot tell its sequence (SeriesDescription 't2_tse_sag', TR 500 ms, TE 10 ms"));
        l.add(predict(
                "DICOM JPEG 2000 cut short",
                head("jp2k.dcm", "x.dcm", -300),
                "x.dcm",
                "10,10,20,20",
                "x.dcm",
                "cannot decode the pixel data (the JPEG 2000 stream is corrupt or cut short)"));
        l.add(predict(
                "DICOM JPEG 2000 with a corrupt tile",
                d -> Files.write(d.resolve("x.dcm"), DicomReaderTestAccess.corruptJpeg2000Tile()),
                "x.dcm",
                "10,10,20,20",
                "x.dcm",
                "cannot decode the pixel data (IO Error when reading tile 0 x 0)"));
        l.add(c(
                "predict batch on another sequence",
                none(),
                "predict --model @bundle --via @" + VIA + " --images @cohort --out @p.csv",
                3,
                "via_project.json",
                "no region to predict (all 4 region(s) are annotated [T2], the model is T1)"));
        l.add(c(
                "predict batch without regions",
                d -> Files.writeString(d.resolve("v.json"), NO_REGIONS(Files.readString(d.resolve(VIA)))),
                "predict --model @bundle --via @v.json --images @cohort --out @p.csv",
                3,
                "v.json",
                "no region to predict (the file has no regions)"));
        l.add(c(
                "predict --image with --out",
                none(),
                base + "--out @p.csv",
                2,
                "--out",
                "--images and --out are for a batch"));
    }

    static void bundleCases(List<Case> l) {
        l.add(bundle("bundle without model.params", delete("bundle/model.params"), 2, "model.params", "not found"));
        l.add(bundle(
                "bundle model.params zero bytes",
                bytes("bundle/model.params", new byte[0]),
                2,
                "model.params",
                "SHA-256 differs from params_sha256 in metadata.json (corrupt or mixed bundle)"));
        l.add(bundle(
                "bundle model.params truncated",
                d -> head(
                                "bundle/model.params",
                                "bundle/model.params",
                                (int) Files.size(d.resolve("bundle/model.params")) / 2)
                        .apply(d),
                2,
                "model.params",
                "SHA-256 differs from params_sha256"));
        l.add(bundle(
                "bundle model.params random",
                garbage("bundle/model.params", 5000),
                2,
                "model.params",
                "SHA-256 differs from params_sha256"));
        l.add(bundle(
                "bundle metadata.json truncated",
                head("bundle/metadata.json", "bundle/metadata.json", 100),
                2,
                "metadata.json",
                "not valid JSON"));
        l.add(bundle(
                "bundle metadata.json zero bytes",
                bytes("bundle/metadata.json", new byte[0]),
                2,
                "metadata.json",
                "not valid JSON"));
        l.add(bundle(
                "bundle of format version 99",
                d -> Files.writeString(
                        d.resolve("bundle/metadata.json"),
                        Files.readString(d.resolve("bundle/metadata.json"))
                                .replaceFirst("\"format_version\"\\s*:\\s*1", "\"format_version\" : 99")),
                2,
                "metadata.json",
                "unsupported format_version 99 (this hemamet reads 1)"));
        l.add(bundle(
                "bundle of an older version (no format_version)",
                d -> Files.writeString(
                        d.resolve("bundle/metadata.json"),
                        Files.readString(d.resolve("bundle/metadata.json"))
                                .replaceFirst("\"format_version\"\\s*:\\s*1\\s*,", "")),
                2,
                "metadata.json",
                "no format_version (a bundle of another hemamet version"));
        l.add(bundle(
                "bundle metadata a JSON array",
                text("bundle/metadata.json", "[]"),
                2,
                "metadata.json",
                "not valid JSON"));
        l.add(bundle(
                "bundle ood.json truncated",
                head("bundle/ood.json", "bundle/ood.json", 30),
                2,
                "ood.json",
                "not valid"));
        l.add(bundle(
                "bundle ood.json of another architecture",
                text("bundle/ood.json", "{\"layers\":[]}"),
                2,
                "ood.json",
                "method must be one of [mahalanobis-feature-ensemble, mahalanobis-class-conditional]"));
        l.add(bundle(
                "bundle half-written (temporary left)",
                all(delete("bundle/metadata.json")),
                2,
                "metadata.json",
                "not found (not a hemamet model bundle)"));
        l.add(c(
                "export a cell that does not exist",
                none(),
                "export @run --cell T2/hemangioma-vs-metastases --out @b",
                2,
                "--cell T2/hemangioma-vs-metastases --repeat 0: ",
                "run has no such cell (it has: T1/hemangioma-vs-metastases)"));
        l.add(c(
                "export a malformed cell",
                none(),
                "export @run --cell T1 --out @b",
                2,
                "--cell T1",
                "expected SEQUENCE/COMPARISON"));
        l.add(c(
                "export --repeat 7",
                none(),
                "export @run --cell T1/hemangioma-vs-metastases --repeat 7 --out @b",
                2,
                "--repeat 7: ",
                "run has no such cell (it has: T1/hemangioma-vs-metastases)"));
        l.add(c(
                "export --repeat -1",
                none(),
                "export @run --cell T1/hemangioma-vs-metastases --repeat -1 --out @b",
                2,
                "--repeat -1",
                "must be >= 0"));
        l.add(c(
                "export --out a file",
                none(),
                "export @run --cell T1/hemangioma-vs-metastases --out @afile",
                2,
                "afile",
                "exists and is not a model bundle"));
        l.add(c(
                "export --out under a file",
                none(),
                "export @run --cell T1/hemangioma-vs-metastases --out @afile/b",
                5,
                "afile",
                "output error: cannot write"));
        l.add(c(
                "export a run whose model is missing",
                d -> {
                    try (Stream<Path> s = Files.walk(d.resolve("run/cells"))) {
                        for (Path p : s.filter(p -> p.getFileName().toString().equals("model"))
                                .toList()) AtomicFiles.deleteRecursively(p);
                    }
                },
                "export @run --cell T1/hemangioma-vs-metastases --out @b",
                2,
                "T1__hemangioma-vs-metastases__r0",
                "no model bundle"));
    }

    static void runCases(List<Case> l) {
        l.add(c(
                "report provenance.json garbage",
                garbage("run/provenance.json", 100),
                "report @run --out @r.html",
                2,
                "provenance.json",
                "Invalid UTF-8 start byte 0x9f"));
        l.add(c(
                "report --out under a file",
                none(),
                "report @run --out @afile/r.html",
                5,
                "afile",
                "output error: cannot write"));
        l.add(c("report --out a folder", none(), "report @run --out @emptydir", 5, "emptydir", "Is a directory"));
        l.add(c(
                "status study.json garbage",
                garbage("run/study.json", 100),
                "status @run",
                2,
                "study.json",
                "invalid study file"));
        l.add(c(
                "validate a run against a cohort folder",
                none(),
                "validate --run @run --dataset @cohort --out @v",
                2,
                "dataset.csv",
                "not found (is"));
        l.add(c(
                "validate a dataset whose crops are gone",
                delete("pds/crops"),
                "validate --run @run --dataset @pds --out @v",
                2,
                "crops",
                "no such file or directory"));
        l.add(c(
                "validate dataset.csv header only",
                d -> Files.writeString(
                        d.resolve("pds/dataset.csv"),
                        Files.readAllLines(d.resolve("pds/dataset.csv")).get(0) + "\n"),
                "validate --run @run --dataset @pds --out @v",
                3,
                "dataset.csv",
                "no samples (header only)"));
        l.add(c(
                "validate a dataset of the development patients",
                none(),
                "validate --run @run --dataset @pds --out @v",
                3,
                "pds",
                "is the development dataset itself"));
        l.add(c(
                "validate --out a file",
                none(),
                "validate --run @run --dataset @ds --out @afile",
                2,
                "afile",
                "exists and is not a validation output"));
        l.add(c(
                "validate --resamples -1",
                none(),
                "validate --run @run --dataset @ds --out @v --resamples -1",
                2,
                "--resamples",
                "must be >= 0, got -1"));
        l.add(c(
                "validate the bundle with a truncated metadata",
                head("bundle/metadata.json", "bundle/metadata.json", 100),
                "validate --model @bundle --dataset @ds --out @v",
                2,
                "metadata.json",
                "not valid JSON"));
        l.add(c(
                "study dataset.csv without a column",
                d -> Files.writeString(
                        d.resolve("ds/dataset.csv"),
                        Files.readString(d.resolve("ds/dataset.csv")).replaceFirst("sample_id", "id")),
                "study @ds --profile quick --out @r",
                2,
                "dataset.csv",
                "row 2: missing value in column 'sample_id'"));
        l.add(c(
                "study dataset.csv cut short mid-row",
                head("ds/dataset.csv", "ds/dataset.csv", -20),
                "study @ds --profile quick --out @r",
                2,
                "dataset.csv",
                "(the file is cut short: written or copied incompletely?)"));
        l.add(c(
                "validate dataset.csv cut short mid-row",
                head("pds/dataset.csv", "pds/dataset.csv", -20),
                "validate --run @run --dataset @pds --out @v",
                2,
                "dataset.csv",
                "(the file is cut short: written or copied incompletely?)"));
        l.add(c(
                "report results.csv cut short",
                head("run/results.csv", "run/results.csv", -3),
                "report @run --out @v/report.html",
                2,
                "results.csv",
                "the last line has no line break (the file is cut short"));
        l.add(c(
                "report predictions.csv cut short mid-row",
                d -> {
                    String p = Files.readString(d.resolve("run/predictions.csv"));
                    Files.writeString(
                            d.resolve("run/predictions.csv"), p.substring(0, p.indexOf(',', p.indexOf('\n'))) + "\n");
                },
                "report @run --out @v/report.html",
                2,
                "predictions.csv",
                "line 2: 1 fields, the header has"));
        l.add(c(
                "study a dataset whose crop is missing",
                d -> {
                    try (Stream<Path> s = Files.list(d.resolve("ds/crops"))) {
                        Files.delete(s.findFirst().orElseThrow());
                    }
                },
                "study @ds --profile quick --out @r",
                2,
                "crops/",
                "no such file or directory"));
        l.add(c(
                "study --seed abc",
                none(),
                "study @ds --profile quick --seed abc --out @r",
                2,
                "--seed",
                "'abc' is not a long"));
        l.add(c(
                "study --out a file",
                none(),
                "study @ds --profile quick --out @afile",
                2,
                "afile",
                "is a file, not a run directory"));
        l.add(c(
                "study --out a run of another dataset",
                none(),
                "study @ds --profile quick --out @run",
                3,
                "run",
                "holds a run with another study config"));
        l.add(c(
                "study file a YAML list",
                text("s.yaml", "- 1\n- 2\n"),
                "study @ds --config @s.yaml --out @r",
                2,
                "s.yaml",
                "invalid study file"));
        l.add(c(
                "study file unknown key",
                text("s.yaml", "nmae: x\n"),
                "study @ds --config @s.yaml --out @r",
                2,
                "s.yaml",
                "line 1, column 1: unknown setting \"nmae\"; known: augmentation,"));
    }

    static void otherCases(List<Case> l) {
        l.add(c(
                "evaluate '|'-separated CSV (';' and tabs are read: EvaluateCommandTest)",
                text("p.csv", "label|score\n1|0.3\n0|0.2\n"),
                "evaluate --predictions @p.csv",
                2,
                "p.csv",
                "missing column 'label' (columns: label|score)"));
        l.add(c(
                "evaluate unterminated quote",
                text("p.csv", "label,score\n1,\"0.3\n0,0.2\n"),
                "evaluate --predictions @p.csv",
                2,
                "p.csv",
                "not a readable CSV file: Missing closing quote"));
        l.add(c(
                "evaluate random bytes",
                garbage("p.csv", 300),
                "evaluate --predictions @p.csv",
                2,
                "p.csv",
                "not a readable CSV file: not UTF-8 text"));
        l.add(c(
                "evaluate a folder",
                none(),
                "evaluate --predictions @emptydir",
                2,
                "emptydir",
                "is a directory, not a CSV file"));
        l.add(c(
                "evaluate row with extra field",
                text("p.csv", "label,score\n1,0.3,9\n0,0.2\n"),
                "evaluate --predictions @p.csv",
                2,
                "p.csv",
                "line 2: 3 fields, the header has 2 columns"));
        l.add(c(
                "evaluate --resamples abc",
                none(),
                "evaluate --predictions @ok.csv --resamples abc",
                2,
                "--resamples",
                "'abc' is not an int"));
        l.add(c(
                "evaluate --threshold youden:x",
                none(),
                "evaluate --predictions @ok.csv --threshold sensitivity:x",
                2,
                "--threshold",
                "not a threshold rule: 'sensitivity:x'"));
        l.add(c(
                "annotations zero bytes",
                bytes("a.json", new byte[0]),
                "annotations @a.json",
                2,
                "a.json",
                "not a VIA annotation file"));
        l.add(c(
                "annotations a folder",
                none(),
                "annotations @emptydir",
                2,
                "emptydir",
                "cannot read (Is a directory)"));
        l.add(c(
                "annotations JSON array",
                text("a.json", "[1]"),
                "annotations @a.json",
                2,
                "a.json",
                "not a VIA annotation file"));
        l.add(c(
                "annotations truncated",
                head("via.json", "a.json", 80),
                "annotations @a.json",
                2,
                "a.json",
                "invalid JSON (line 1: Unexpected end-of-input"));
        l.add(c(
                "annotations VIA CSV bad",
                text("a.csv", "filename,region_shape_attributes\nx.png,{\n"),
                "annotations @a.csv",
                2,
                "a.csv",
                "not a VIA CSV export"));
        l.add(c(
                "synth --params missing",
                none(),
                "synth --out @s --params @none.json",
                2,
                "none.json",
                "cannot read parameter file"));
        l.add(c(
                "synth --params not JSON",
                text("p.json", "{age: "),
                "synth --out @s --params @p.json",
                2,
                "p.json",
                "cannot read parameter file"));
        l.add(c("synth --seed abc", none(), "synth --out @s --seed abc", 2, "--seed", "'abc' is not a long"));
        l.add(c(
                "synth --threads 0",
                none(),
                "synth --out @s --threads 0",
                2,
                "--threads",
                "must be at least 1, got 0"));
        l.add(c(
                "synth --atypical-fraction 2",
                none(),
                "synth --out @s --atypical-fraction 2",
                2,
                "--atypical-fraction",
                "must be in [0, 1], got 2.0"));
        l.add(c(
                "synth --out a non-empty folder",
                none(),
                "synth --out @cohort",
                2,
                "cohort",
                "output directory exists and is not empty"));
        l.add(c(
                "synth --preview under a file",
                none(),
                "synth --out @s --preview @afile/p.png",
                5,
                "afile",
                "output error: cannot write"));
        l.add(c(
                "bench --steps 0",
                none(),
                "bench --steps 0",
                2,
                "steps",
                "need warmup >= 0 and steps >= 1, got 2 / 0"));
        l.add(c("bench --threads -1", none(), "bench --threads -1", 2, "threads", "threads must be >= 1, got -1"));
        l.add(c(
                "bench --warmup -1",
                none(),
                "bench --warmup -1",
                2,
                "warmup",
                "need warmup >= 0 and steps >= 1, got -1 / 10"));
        l.add(c("unknown command", none(), "trian @ds", 2, "trian", "Unmatched arguments"));
    }

    /**
     * Runs {@code command} with System.err and System.out captured, and asserts that nothing reached them:
     * the command's own output goes to its writers (captured by {@link CliRun}); a library's (PixelMed,
     * jj2000) would land here.
     */
    static CliResult withStandardStreamsCaptured(java.util.function.Supplier<CliResult> command) {
        java.io.PrintStream err = System.err;
        java.io.PrintStream out = System.out;
        ByteArrayOutputStream stray = new ByteArrayOutputStream();
        java.io.PrintStream p = new java.io.PrintStream(stray, true, StandardCharsets.UTF_8);
        System.setErr(p);
        System.setOut(p);
        CliResult r;
        try {
            r = command.get();
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
        assertThat(stray.toString(StandardCharsets.UTF_8))
                .as("output of libraries on the standard streams")
                .isEmpty();
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusesWithOneLineAndChangesNothing(Case k) throws Exception {
        Path d = tmp.resolve("w");
        copyWorld(d, k.args());
        k.setup().apply(d);
        Map<String, String> before = BadCohort.checksums(d);
        List<String> argv = new ArrayList<>();
        for (String a : k.args().split(" ")) {
            argv.add(a.startsWith("@") ? d.resolve(a.substring(1)).toString() : a);
        }
        CliResult r = withStandardStreamsCaptured(() -> CliRun.run(argv.toArray(String[]::new)));
        String dump = System.getenv("HEMAMET_CORPUS_DUMP");
        if (dump != null) {
            Files.writeString(
                    Path.of(dump),
                    k.name() + " | " + r.exit() + " | " + r.err().strip().replace(d.toString(), "") + "\n",
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        }
        BadInputCorpusTest.assertOneLineRefusal(r, k.exit(), k.names(), k.problem());
        assertThat(BadCohort.checksums(d))
                .as(k.name() + ": nothing written or changed")
                .isEqualTo(before);
    }
}
