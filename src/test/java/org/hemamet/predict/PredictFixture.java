package org.hemamet.predict;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.hemamet.cohort.Sequence;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.Hashing;
import org.hemamet.core.Json;
import org.hemamet.dicom.MrSeriesWriter;
import org.hemamet.ingest.Ingest;
import org.hemamet.ingest.IngestOptions;
import org.hemamet.preprocess.LesionCropper;
import org.hemamet.study.StudyConfig;
import org.hemamet.study.StudyRunner;
import org.hemamet.study.TestStudies;

/**
 * One tiny cohort run once per test JVM, through the real pipeline: T1 DICOM slices (64x64) with a disc
 * lesion (hemangioma bright, metastasis dark) at a random place, PNG exports at twice the matrix and
 * another intensity scale (8-bit window), a VIA 2 project annotating the exports with a loose box
 * (1.6 x the disc), cohort.csv. Dark and bright specks (2.5 % each) on the marrow fix every crop's
 * percentile scaling, so the class is only in the lesion (not in a background inverted by the scaling); {@code Ingest.run} with a non-default margin (0.15, so a predict that
 * ignored the dataset's crop parameters would not reproduce the scores); {@code StudyRunner} on T1 at
 * input 32 (with lesion masks, so its radiomics-lr baseline is kept too); {@code Exporter.export}. Also one T2 slice for the sequence refusal.
 */
final class PredictFixture {
    static final int MATRIX = 64;
    static final int EXPORT = 128;
    static final double MARGIN = 0.15;
    static final double SPECKS = 0.025;
    static final String CELL = "T1__hemangioma-vs-metastases__r0";

    /** A lesion's true disc in DICOM pixel coordinates. */
    record Disc(String patient, boolean metastasis, double cx, double cy, double r, Path dicom) {
        boolean inside(double x, double y) {
            return (x - cx) * (x - cx) + (y - cy) * (y - cy) < r * r;
        }
    }

    static Path base;
    static Path cohort;
    static Path dataset;
    static Path run;
    static Path bundle;
    static Path t2Dicom;
    static final Map<String, Disc> BY_SHA = new LinkedHashMap<>();

    private PredictFixture() {}

    static synchronized void build() {
        if (base != null) {
            return;
        }
        try {
            base = Files.createTempDirectory("hemamet-predict-test");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> AtomicFiles.deleteRecursively(base)));
            cohort = base.resolve("cohort");
            writeCohort(cohort, 28, 3);
            dataset = base.resolve("ds");
            Ingest.run(
                    new IngestOptions(
                                    cohort,
                                    dataset,
                                    new LesionCropper.Params(256, MARGIN, true, 0.5, 99.5),
                                    base.resolve("ds.key"),
                                    null)
                            .withMasks(true),
                    Ingest.Listener.NONE);
            run = base.resolve("run");
            StudyConfig cfg = TestStudies.tiny("test", 5, Sequence.T1)
                    .search(new StudyConfig.Search(
                            "grid", 0, 0.25, List.of(3e-3), List.of(8), List.of(15), List.of(0.25)))
                    .bootstrap(200)
                    .build()
                    .validated("test");
            new StudyRunner(cfg, dataset, run, null).run();
            bundle = base.resolve("bundle");
            Exporter.export(run, "T1/hemangioma-vs-metastases", 0, bundle);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MrSeriesWriter.Series series(String pid, String uid, boolean t2) {
        return new MrSeriesWriter.Series(
                "TEST^" + pid,
                pid,
                "19600101",
                "F",
                60,
                uid + ".1",
                "20200102",
                "101500",
                "A1",
                "1",
                "MRI SPINE",
                uid + ".2",
                3,
                uid + ".3",
                "SIEMENS",
                "MAGNETOM Aera",
                "Klinikum",
                1.5,
                t2 ? "t2_tse_sag" : "SAG T1 SE",
                t2 ? "t2_tse_sag" : "SAG T1 SE",
                "SE",
                "SK",
                "",
                t2 ? 3500 : 500,
                t2 ? 100 : 10,
                null,
                t2 ? 15 : 1,
                null,
                MATRIX,
                MATRIX,
                1,
                1,
                4,
                4.4,
                new double[] {0, 1, 0, 0, 0, -1},
                1,
                0,
                800,
                1600);
    }

    private static void writeCohort(Path dir, int patients, long seed) throws IOException {
        Random r = new Random(seed);
        String[] mets = {"breast", "lung", "prostate", "rcc", "myeloma"};
        StringBuilder csv = new StringBuilder("patient_id,lesion_id,diagnosis,histology_confirmed,age,sex,level\n");
        ObjectNode root = Json.mapper().createObjectNode();
        root.putObject("_via_settings");
        ObjectNode meta = root.putObject("_via_img_metadata");
        ArrayNode ids = Json.mapper().createArrayNode();
        for (int i = 0; i < patients; i++) {
            String pid = String.format("PT%03d", i);
            boolean met = i % 2 == 1;
            String uid = "2.25." + (1000 + i);
            double rad = 6 + 3 * r.nextDouble();
            double cx = 20 + 24 * r.nextDouble();
            double cy = 20 + 24 * r.nextDouble();
            short[] px = new short[MATRIX * MATRIX];
            for (int y = 0; y < MATRIX; y++) {
                for (int x = 0; x < MATRIX; x++) {
                    double v = 900 + 70 * r.nextGaussian();
                    double u = r.nextDouble();
                    if (u < SPECKS) {
                        v = 0; // dark and bright specks in every crop pin its percentile scaling, so the
                    } else if (u > 1 - SPECKS) { // background looks the same for both classes and only the
                        v = 2000; // lesion tells them apart
                    } else if ((x + 0.5 - cx) * (x + 0.5 - cx) + (y + 0.5 - cy) * (y + 0.5 - cy) < rad * rad) {
                        v += met ? -550 : 550;
                    }
                    px[y * MATRIX + x] = (short) Math.max(0, Math.min(4095, Math.round(v)));
                }
            }
            Path dcm = dir.resolve("dicom/" + pid + "/T1/IM0001.dcm");
            Files.createDirectories(dcm.getParent());
            MrSeriesWriter.write(
                    dcm, series(pid, uid, false), new MrSeriesWriter.Slice(uid, 1, new double[] {0, 0, 0}, 0, px));
            BY_SHA.put(Hashing.sha256(dcm), new Disc(pid, met, cx, cy, rad, dcm));
            // the export: twice the matrix, nearest neighbour, windowed to 8 bits
            BufferedImage png = new BufferedImage(EXPORT, EXPORT, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < EXPORT; y++) {
                for (int x = 0; x < EXPORT; x++) {
                    int v = px[(y / 2) * MATRIX + x / 2];
                    png.getRaster().setSample(x, y, 0, Math.max(0, Math.min(255, (v - 100) * 255 / 1700)));
                }
            }
            String rel = "png/" + pid + "/T1/" + uid + ".png";
            Files.createDirectories(dir.resolve(rel).getParent());
            ImageIO.write(png, "png", dir.resolve(rel).toFile());
            double half = 1.6 * rad;
            ObjectNode e = meta.putObject(rel + "0");
            e.put("filename", rel);
            e.put("size", 0);
            ObjectNode reg = e.putArray("regions").addObject();
            reg.putObject("shape_attributes")
                    .put("name", "rect")
                    .put("x", (int) Math.floor(2 * (cx - half)))
                    .put("y", (int) Math.floor(2 * (cy - half)))
                    .put("width", (int) Math.ceil(4 * half))
                    .put("height", (int) Math.ceil(4 * half));
            reg.putObject("region_attributes").put("lesion_id", "L1");
            e.putObject("file_attributes")
                    .put("patient_id", pid)
                    .put("sequence", "T1")
                    .put("sop_instance_uid", uid);
            ids.add(rel + "0");
            csv.append(pid)
                    .append(",L1,")
                    .append(met ? mets[i % mets.length] : "hemangioma")
                    .append(",true,60,F,L2\n");
        }
        root.put("_via_data_format_version", "2.0.10");
        root.set("_via_image_id_list", ids);
        Files.createDirectories(dir.resolve("annotations"));
        Files.writeString(
                dir.resolve("annotations/via_project.json"), Json.mapper().writeValueAsString(root));
        Files.writeString(dir.resolve("cohort.csv"), csv.toString());
        // a T2 slice (not annotated) for the sequence refusal
        t2Dicom = dir.getParent().resolve("other/t2.dcm");
        Files.createDirectories(t2Dicom.getParent());
        short[] flat = new short[MATRIX * MATRIX];
        java.util.Arrays.fill(flat, (short) 700);
        MrSeriesWriter.write(
                t2Dicom,
                series("PTX", "2.25.9999", true),
                new MrSeriesWriter.Slice("2.25.9999", 1, new double[] {0, 0, 0}, 0, flat));
    }

    /** The study's test predictions of the T1 cell: sample_id → score. */
    static List<Map<String, String>> testPredictions() throws IOException {
        return readCsv(run.resolve("cells").resolve(CELL).resolve("predictions.csv"));
    }

    /** dataset.csv rows by sample_id. */
    static Map<String, Map<String, String>> datasetRows() throws IOException {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Map<String, String> row : readCsv(dataset.resolve("dataset.csv"))) {
            out.put(row.get("sample_id"), row);
        }
        return out;
    }

    static List<Map<String, String>> readCsv(Path f) throws IOException {
        com.fasterxml.jackson.dataformat.csv.CsvMapper m = new com.fasterxml.jackson.dataformat.csv.CsvMapper();
        List<Map<String, String>> rows = new ArrayList<>();
        try (com.fasterxml.jackson.databind.MappingIterator<Map<String, String>> it = m.readerFor(Map.class)
                .with(com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema()
                        .withHeader())
                .readValues(f.toFile())) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        }
        return rows;
    }
}
