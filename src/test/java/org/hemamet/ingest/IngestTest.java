package org.hemamet.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferUShort;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.hemamet.annotation.BoundingBox;
import org.hemamet.cli.CliRun;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.cohort.Diagnosis;
import org.hemamet.cohort.Sequence;
import org.hemamet.core.Json;
import org.hemamet.dicom.DicomReader;
import org.hemamet.dicom.TestDicom;
import org.hemamet.preprocess.FloatImage;
import org.hemamet.preprocess.LesionCropper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end ingest of a two-patient cohort made from the shared MR_small.dcm. */
class IngestTest {
    static final String PID_A = "HOSP-000123";
    static final String PID_B = "HOSP-000456";
    static final List<String> PHI =
            List.of(PID_A, "Doe^Jane", "Doe", "Jane", "19600214", PID_B, "Roe^Richard", "Roe", "Richard", "19551103");

    @TempDir
    Path tmp;

    Path cohort;
    Path out;
    String err;

    static final String SOP_A_T1 = "1.2.826.0.1.3680043.10.543.1.1";
    static final String SOP_A_T2 = "1.2.826.0.1.3680043.10.543.1.2";
    static final String SOP_B_T1 = "1.2.826.0.1.3680043.10.543.2.1";

    @BeforeEach
    void buildCohort() throws Exception {
        cohort = tmp.resolve("cohort");
        out = tmp.resolve("dataset");
        TestDicom.write(
                cohort.resolve("dicom/a/s1/IM0001"),
                new TestDicom.Header(PID_A, "Doe^Jane", "19600214", SOP_A_T1, "SAG T1 SE", "SE", 550, 12, 0, null),
                0,
                0,
                null);
        TestDicom.write(
                cohort.resolve("dicom/a/s2/IM0001.dcm"),
                new TestDicom.Header(PID_A, "Doe^Jane", "19600214", SOP_A_T2, "t2_tse_sag", "SE", 3500, 100, 0, null),
                0,
                0,
                null);
        TestDicom.write(
                cohort.resolve("dicom/b/x"),
                new TestDicom.Header(PID_B, "Roe^Richard", "19551103", SOP_B_T1, "scan 4", "SE", 500, 10, 0, null),
                0,
                0,
                null);
        // PNG exports: A T1 and A T2 at the DICOM matrix (8-bit, windowed), B T1 at twice the size
        exportPng(cohort.resolve("png/" + PID_A + "/T1/" + SOP_A_T1 + ".png"), 64);
        exportPng(cohort.resolve("png/" + PID_A + "/T2/" + SOP_A_T2 + ".png"), 64);
        exportPng(cohort.resolve("png/" + PID_B + "/T1/" + SOP_B_T1 + ".png"), 128);
        // an RGB key image with no DICOM behind it (STIR by path)
        BufferedImage rgb = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                rgb.setRGB(x, y, (x * 6) << 16 | (y * 8) << 8 | 40);
            }
        }
        Files.createDirectories(cohort.resolve("png/" + PID_B + "/STIR"));
        ImageIO.write(
                rgb, "png", cohort.resolve("png/" + PID_B + "/STIR/key1.png").toFile());
        Files.writeString(
                cohort.resolve("cohort.csv"),
                "patient_id,lesion_id,diagnosis,histology_confirmed,age,sex,level\n"
                        + PID_A + ",L1,hemangioma,yes,64,F,L2\n" + PID_A + ",L2,lung cancer,yes,64,F,T11\n"
                        + PID_B + ",L1,renal cell carcinoma,yes,70,M,L1\n");
        // VIA 2 project: A's T1 with full file attributes; A's T2 linked by stem only (sequence from header)
        Files.createDirectories(cohort.resolve("annotations"));
        Files.writeString(
                cohort.resolve("annotations/via_project.json"),
                "{\"_via_settings\":{},\"_via_attributes\":{},"
                        + "\"_via_img_metadata\":{"
                        + "\"a\":{\"filename\":\"png/" + PID_A + "/T1/" + SOP_A_T1
                        + ".png\",\"size\":1,\"file_attributes\":"
                        + "{\"patient_id\":\"" + PID_A + "\",\"sequence\":\"T1\",\"sop_instance_uid\":\"" + SOP_A_T1
                        + "\"},"
                        + "\"regions\":[{\"shape_attributes\":{\"name\":\"rect\",\"x\":20,\"y\":16,\"width\":24,\"height\":12},"
                        + "\"region_attributes\":{\"lesion_id\":\"L1\"}},"
                        + "{\"shape_attributes\":{\"name\":\"circle\",\"cx\":30,\"cy\":30,\"r\":3},"
                        + "\"region_attributes\":{\"lesion_id\":\"L1\"}}]},"
                        + "\"b\":{\"filename\":\"../png/" + PID_A + "/T2/" + SOP_A_T2
                        + ".png\",\"size\":\"1\",\"file_attributes\":{},"
                        + "\"regions\":[{\"shape_attributes\":{\"name\":\"ellipse\",\"cx\":32,\"cy\":32,\"rx\":10,\"ry\":6,"
                        + "\"theta\":0.3},\"region_attributes\":{\"lesion_id\":\"L1\"}}]}}}");
        // VIA CSV: B's slices, by base name only; patient from DICOM (T1) or from the path (STIR)
        Files.writeString(
                cohort.resolve("annotations/b.csv"),
                "#filename,file_size,file_attributes,region_count,"
                        + "region_id,region_shape_attributes,region_attributes\n"
                        + SOP_B_T1
                        + ".png,1,\"{}\",1,0,\"{\"\"name\"\":\"\"polygon\"\",\"\"all_points_x\"\":[40,80,60],"
                        + "\"\"all_points_y\"\":[40,40,90]}\",\"{\"\"lesion_id\"\":\"\"L1\"\"}\"\n"
                        + "key1.png,1,\"{}\",1,0,\"{\"\"name\"\":\"\"rect\"\",\"\"x\"\":5,\"\"y\"\":5,\"\"width\"\":20,"
                        + "\"\"height\"\":10}\",\"{\"\"lesion_id\"\":\"\"L1\"\"}\"\n");
    }

    static void exportPng(Path p, int size) throws Exception {
        FloatImage src = DicomReader.read(TestDicom.source()).pixels();
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        int f = size / 64;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int v = (int) Math.min(255, src.get(x / f, y / f) / 4);
                img.getRaster().setSample(x, y, 0, v);
            }
        }
        Files.createDirectories(p.getParent());
        ImageIO.write(img, "png", p.toFile());
    }

    int cli(String... args) {
        CliRun.CliResult r = CliRun.run(args);
        err = r.err();
        return r.exit();
    }

    int ingest(String... extra) {
        String[] base = {"ingest", cohort.toString(), "--out", out.toString(), "--no-progress"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return cli(all);
    }

    Map<String, byte[]> snapshot() throws Exception {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(out)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(out.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        // the dataset, not the record of how it was made (times differ by run): that one is checked apart
        m.remove(org.hemamet.contract.IngestProvenance.FILE);
        return m;
    }

    @Test
    void theDatasetRecordsHowItWasMadeByHashesOnly() throws Exception {
        assertThat(ingest()).isEqualTo(0);
        var p = org.hemamet.contract.DatasetFiles.readProvenance(out);
        assertThat(p.cohortCsvSha256()).isEqualTo(org.hemamet.core.Hashing.sha256(cohort.resolve("cohort.csv")));
        assertThat(p.annotationFiles()).isPositive();
        assertThat(p.annotationsSha256()).hasSize(64);
        assertThat(p.threads()).isPositive();
        assertThat(p.machine().hostHash()).matches("[0-9a-f]{12}|unknown");
        assertThat(p.machine().cpu()).isNotBlank();
        assertThat(java.time.Instant.parse(p.finished())).isAfterOrEqualTo(java.time.Instant.parse(p.started()));
        assertThat(Files.readString(out.resolve(org.hemamet.contract.IngestProvenance.FILE)))
                .doesNotContain(cohort.toString())
                .doesNotContain(tmp.toString());
    }

    @Test
    void ingestsDicomAndPngRegionsEndToEnd() throws Exception {
        assertThat(ingest()).as(err).isEqualTo(0);
        List<DatasetSample> samples = DatasetManifest.read(out);
        assertThat(samples).hasSize(4);
        assertThat(samples)
                .extracting(s -> s.sequence() + "/" + s.diagnosis().id())
                .containsExactlyInAnyOrder("T1/hemangioma", "T2/hemangioma", "T1/rcc", "STIR/rcc");
        Pseudonymizer p = Pseudonymizer.loadOrCreate(tmp.resolve("dataset.key"));
        DatasetSample a1 = samples.stream()
                .filter(s -> s.sequence() == Sequence.T1 && s.diagnosis() == Diagnosis.HEMANGIOMA)
                .findFirst()
                .orElseThrow();
        assertThat(a1.patientKey()).isEqualTo(p.key(PID_A)).hasSize(16);
        assertThat(a1.sampleId()).isEqualTo(p.key(PID_A) + "_L1_T1");
        // the larger of the two L1 regions on T1 (rect 24x12 vs circle 6x6) was kept
        assertThat(a1.roiShape()).isEqualTo("rect");
        assertThat(List.of(a1.roiX(), a1.roiY(), a1.roiWidth(), a1.roiHeight())).containsExactly(20, 16, 24, 12);
        assertThat(a1.repetitionTime()).isEqualTo(550.0);
        assertThat(a1.sourceSha256()).isEqualTo(org.hemamet.core.Hashing.sha256(cohort.resolve("dicom/a/s1/IM0001")));
        // the crop is made from the DICOM modality values, not from the 8-bit export
        // the CLI's default intensity reference: the whole slice's percentiles
        LesionCropper.Crop expect = new LesionCropper(LesionCropper.Params.RECOMMENDED)
                .crop(DicomReader.read(TestDicom.source()).pixels(), new BoundingBox(20, 16, 24, 12));
        assertThat(a1.sourceMin()).isEqualTo(expect.low());
        assertThat(a1.sourceMax()).isEqualTo(expect.high());
        BufferedImage png = ImageIO.read(out.resolve(a1.cropPath()).toFile());
        assertThat(png.getWidth()).isEqualTo(256);
        assertThat(png.getType()).isEqualTo(BufferedImage.TYPE_USHORT_GRAY);
        short[] d = ((DataBufferUShort) png.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < d.length; i++) {
            assertThat(d[i] & 0xFFFF).isEqualTo(Math.round(expect.image().pixels()[i] * 65535f));
        }
        // B's T1 export is 2x the DICOM: region coordinates are halved; sequence from the T1 timing rule
        DatasetSample b1 = samples.stream()
                .filter(s -> s.sequence() == Sequence.T1 && s.diagnosis() == Diagnosis.RCC)
                .findFirst()
                .orElseThrow();
        assertThat(List.of(b1.roiX(), b1.roiY(), b1.roiWidth(), b1.roiHeight())).containsExactly(20, 20, 20, 25);
        assertThat(b1.roiShape()).isEqualTo("polygon");
        DatasetSample stir = samples.stream()
                .filter(s -> s.sequence() == Sequence.STIR)
                .findFirst()
                .orElseThrow();
        assertThat(stir.patientKey()).isEqualTo(p.key(PID_B));
        assertThat(stir.scanner()).isEmpty();
        assertThat(stir.repetitionTime()).isNaN();

        JsonNode rep = Json.mapper().readTree(out.resolve("ingest-report.json").toFile());
        assertThat(rep.path("counts").path("T1").path("hemangioma").asInt()).isEqualTo(1);
        assertThat(rep.path("counts").path("STIR").path("rcc").asInt()).isEqualTo(1);
        assertThat(rep.path("counts").path("T2").path("lung").asInt()).isEqualTo(0);
        assertThat(rep.path("lesions_without_image")).hasSize(1);
        assertThat(rep.path("lesions_without_image").get(0).path("reason").asText())
                .isEqualTo("cohort.csv row 3: no annotated region for this lesion");
        assertThat(rep.path("skipped")).hasSize(1);
        assertThat(rep.path("skipped").get(0).path("item").asText())
                .isEqualTo("annotations/via_project.json image 0 region 1");
        assertThat(rep.path("params").path("normalisation").asText()).contains("0.5th-99.5th percentile");
    }

    @Test
    void sequenceDecisionsAreReportedPerSeriesAndExcludedSeriesAreSkipped() throws Exception {
        String uid = "1.2.826.0.1.3680043.10.543.9.";
        TestDicom.setFields(cohort.resolve("dicom/a/s1/IM0001"), Map.of("SeriesInstanceUID", uid + 1));
        TestDicom.setFields(cohort.resolve("dicom/a/s2/IM0001.dcm"), Map.of("SeriesInstanceUID", uid + 2));
        TestDicom.setFields(cohort.resolve("dicom/b/x"), Map.of("SeriesInstanceUID", uid + 3));
        // A FLAIR (exported into a T2 folder: the header still excludes it), a localiser nobody annotated,
        // and a T1 whose annotation says T2
        String flairSop = "1.2.826.0.1.3680043.10.543.1.3";
        String bSop = "1.2.826.0.1.3680043.10.543.2.2";
        Path flair = cohort.resolve("dicom/a/s3/IM0001.dcm");
        TestDicom.write(
                flair,
                new TestDicom.Header(
                        PID_A, "Doe^Jane", "19600214", flairSop, "Ax T2 FLAIR", "SE", 9000, 120, 2400, "NONE"),
                0,
                0,
                null);
        TestDicom.setFields(flair, Map.of("SeriesInstanceUID", uid + 4, "ScanOptions", "IR"));
        Path loc = cohort.resolve("dicom/b/loc/IM0001.dcm");
        TestDicom.write(
                loc,
                new TestDicom.Header(
                        PID_B,
                        "Roe^Richard",
                        "19551103",
                        "1.2.826.0.1.3680043.10.543.2.9",
                        "3-PL LOC",
                        "GR",
                        5,
                        1.6,
                        0,
                        null),
                0,
                0,
                null);
        TestDicom.setFields(loc, Map.of("SeriesInstanceUID", uid + 5));
        Path bT1 = cohort.resolve("dicom/b/y/IM0001.dcm");
        TestDicom.write(
                bT1,
                new TestDicom.Header(PID_B, "Roe^Richard", "19551103", bSop, "SAG T1 SE", "SE", 500, 10, 0, null),
                0,
                0,
                null);
        TestDicom.setFields(bT1, Map.of("SeriesInstanceUID", uid + 6));
        exportPng(cohort.resolve("png/" + PID_A + "/T2/" + flairSop + ".png"), 64);
        exportPng(cohort.resolve("png/" + PID_B + "/T2/" + bSop + ".png"), 64);
        String rect = "{\"shape_attributes\":{\"name\":\"rect\",\"x\":10,\"y\":10,\"width\":12,\"height\":12},";
        Files.writeString(
                cohort.resolve("annotations/seq.json"),
                "{\"f\":{\"filename\":\"png/" + PID_A + "/T2/" + flairSop + ".png\",\"size\":1,\"file_attributes\":{},"
                        + "\"regions\":[" + rect + "\"region_attributes\":{\"lesion_id\":\"L2\"}}]},"
                        + "\"b\":{\"filename\":\"png/" + PID_B + "/T2/" + bSop + ".png\",\"size\":1,"
                        + "\"file_attributes\":{\"sequence\":\"T2\"},"
                        + "\"regions\":[" + rect + "\"region_attributes\":{\"lesion_id\":\"L1\"}}]}}");
        assertThat(ingest()).as(err).isEqualTo(0);
        Pseudonymizer p = Pseudonymizer.loadOrCreate(tmp.resolve("dataset.key"));
        String a = p.key(PID_A);
        String b = p.key(PID_B);
        assertThat(DatasetManifest.read(out))
                .extracting(DatasetSample::sampleId)
                .containsExactlyInAnyOrder(a + "_L1_T1", a + "_L1_T2", b + "_L1_T1", b + "_L1_STIR", b + "_L1_T2");
        JsonNode rep = Json.mapper().readTree(out.resolve("ingest-report.json").toFile());
        Map<String, String> skipped = new TreeMap<>();
        rep.path("skipped")
                .forEach(x ->
                        skipped.put(x.path("item").asText(), x.path("reason").asText()));
        assertThat(skipped)
                .containsEntry(
                        "annotations/seq.json image 0 region 0",
                        "the DICOM header rules exclude this series (fluid-attenuated inversion recovery):"
                                + " SeriesDescription 'Ax T2 FLAIR' -> FLAIR, excluded [rule flair-name]; give the region"
                                + " a 'sequence' attribute, or map the series in a --sequence-rules file, to use it");

        JsonNode sd = rep.path("sequence_decisions");
        assertThat(sd.path("rules").asText()).isEqualTo("default");
        assertThat(sd.path("sample_sources").toString())
                .isEqualTo("{\"sequence attribute\":2,\"header rule\":2,\"path\":1}");
        assertThat(sd.path("attribute_header_disagreements").toString())
                .isEqualTo("[{\"sample_id\":\"" + b + "_L1_T2\",\"attribute\":\"T2\","
                        + "\"header\":\"SeriesDescription 'SAG T1 SE' -> T1\"}]");
        Map<String, JsonNode> groups = new TreeMap<>();
        sd.path("series")
                .forEach(g -> groups.put(
                        g.path("kind").asText() + "/" + g.path("rule").asText(), g));
        assertThat(groups.keySet())
                .containsExactly(
                        "FLAIR/flair-name", "LOCALIZER/localizer-name", "T1/t1-name", "T1/t1-timing", "T2/t2-name");
        JsonNode t1 = groups.get("T1/t1-name");
        assertThat(t1.path("outcome").asText()).isEqualTo("accepted");
        assertThat(t1.path("n_series").asInt()).isEqualTo(2);
        assertThat(t1.path("decided_by").toString()).isEqualTo("{\"SeriesDescription 'SAG T1 SE' -> T1\":2}");
        assertThat(t1.path("series_keys").toString())
                .isEqualTo("[\""
                        + String.join(
                                "\",\"", new TreeSet<>(List.of(p.key("series " + uid + 1), p.key("series " + uid + 6))))
                        + "\"]");
        assertThat(t1.path("sample_ids").toString())
                .isEqualTo("[\"" + String.join("\",\"", new TreeSet<>(List.of(a + "_L1_T1", b + "_L1_T2"))) + "\"]");
        assertThat(groups.get("T1/t1-timing").path("decided_by").toString())
                .isEqualTo("{\"TR 500 ms, TE 10 ms -> T1\":1}");
        assertThat(groups.get("T1/t1-timing").path("sample_ids").toString()).isEqualTo("[\"" + b + "_L1_T1\"]");
        assertThat(groups.get("T2/t2-name").path("sample_ids").toString()).isEqualTo("[\"" + a + "_L1_T2\"]");
        JsonNode fl = groups.get("FLAIR/flair-name");
        assertThat(fl.path("outcome").asText()).isEqualTo("excluded");
        assertThat(fl.path("rule_reason").asText()).isEqualTo("fluid-attenuated inversion recovery");
        assertThat(fl.path("n_samples").asInt()).isZero();
        assertThat(groups.get("LOCALIZER/localizer-name").path("decided_by").toString())
                .isEqualTo("{\"SeriesDescription '3-PL LOC' -> LOCALIZER, excluded\":1}");
        // no patient identifier, UID or path in the report
        String text = Files.readString(out.resolve("ingest-report.json"));
        for (String phi : PHI) {
            assertThat(text).doesNotContain(phi);
        }
        assertThat(text).doesNotContain(uid).doesNotContain(flairSop).doesNotContain("dicom/");

        // a study that maps FLAIR to T2 says so in its own rules file
        Path rules = tmp.resolve("flair-as-t2.yaml");
        Files.writeString(
                rules,
                "extends: defaults\nrules:\n  - {name: flair-as-t2, field: SeriesDescription, pattern: flair,"
                        + " sequence: T2}\n");
        assertThat(ingest("--sequence-rules", rules.toString())).as(err).isEqualTo(0);
        assertThat(DatasetManifest.read(out))
                .extracting(DatasetSample::sampleId)
                .contains(a + "_L2_T2");
        JsonNode sd2 = Json.mapper()
                .readTree(out.resolve("ingest-report.json").toFile())
                .path("sequence_decisions");
        assertThat(sd2.path("rules").asText()).isEqualTo("flair-as-t2.yaml");
        assertThat(sd2.path("series").findValuesAsText("rule")).contains("flair-as-t2");
    }

    @Test
    void noPhiInAnyOutputFileAndKeyFileOutside() throws Exception {
        assertThat(ingest()).as(err).isEqualTo(0);
        assertThat(Files.exists(tmp.resolve("dataset.key"))).isTrue();
        Map<String, byte[]> files = snapshot();
        assertThat(files.keySet()).contains("dataset.csv", "ingest-report.json");
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String text = new String(f.getValue(), StandardCharsets.ISO_8859_1);
            for (String phi : PHI) {
                assertThat(f.getKey()).doesNotContain(phi);
                assertThat(text).as(f.getKey()).doesNotContain(phi);
            }
        }
    }

    @Test
    void rerunIsByteIdenticalAndReusesCrops() throws Exception {
        assertThat(ingest()).isEqualTo(0);
        Map<String, byte[]> first = snapshot();
        CliRun.CliResult again = CliRun.run("ingest", cohort.toString(), "--out", out.toString(), "--no-progress");
        assertThat(again.exit()).isEqualTo(0);
        assertThat(again.out()).contains("4 crops (0 written, 4 reused)");
        Map<String, byte[]> second = snapshot();
        assertThat(second.keySet()).isEqualTo(first.keySet());
        first.forEach((k, v) -> assertThat(second.get(k)).as(k).isEqualTo(v));
        // a fresh dataset from the same inputs and key is byte-identical too
        Path out2 = tmp.resolve("dataset2");
        assertThat(cli(
                        "ingest",
                        cohort.toString(),
                        "--out",
                        out2.toString(),
                        "--no-progress",
                        "--key-file",
                        tmp.resolve("dataset.key").toString()))
                .isEqualTo(0);
        for (Map.Entry<String, byte[]> e : first.entrySet()) {
            assertThat(Files.readAllBytes(out2.resolve(e.getKey())))
                    .as(e.getKey())
                    .isEqualTo(e.getValue());
        }
        // other parameters: everything recomputed
        CliRun.CliResult stretched =
                CliRun.run("ingest", cohort.toString(), "--out", out.toString(), "--no-progress", "--stretch");
        assertThat(stretched.out()).contains("4 crops (4 written, 0 reused)");
    }

    @Test
    void unknownDiagnosisFailsWithFileAndRowAndLeavesDatasetUntouched() throws Exception {
        assertThat(ingest()).isEqualTo(0);
        Map<String, byte[]> before = snapshot();
        Files.writeString(cohort.resolve("cohort.csv"), "patient_id,lesion_id,diagnosis\n" + PID_A + ",L1,chordoma\n");
        assertThat(ingest()).isEqualTo(2);
        assertThat(err.trim())
                .isEqualTo("hemamet: " + cohort.resolve("cohort.csv") + ": row 2: unknown diagnosis"
                        + " 'chordoma' (expected hemangioma, breast, lung, prostate, rcc or myeloma)");
        Map<String, byte[]> after = snapshot();
        assertThat(after.keySet()).isEqualTo(before.keySet());
    }

    @Test
    void pointRegionIsAnErrorNamingViaFileImageAndRegion() throws Exception {
        Path via = cohort.resolve("annotations/z.json");
        Files.writeString(
                via,
                "{\"k\":{\"filename\":\"key1.png\",\"size\":1,\"file_attributes\":{},\"regions\":["
                        + "{\"shape_attributes\":{\"name\":\"point\",\"cx\":3,\"cy\":4},\"region_attributes\":{\"lesion_id\":\"L1\"}}]}}");
        assertThat(ingest()).isEqualTo(2);
        assertThat(err.trim())
                .isEqualTo("hemamet: " + via + ": image 'key1.png' region 0: a point cannot define a crop"
                        + " (draw a rect, circle, ellipse or polygon around the lesion)");
        assertThat(Files.exists(out)).isFalse();
    }

    @Test
    void unresolvableSequenceIsAnError() throws Exception {
        Files.createDirectories(cohort.resolve("png/misc"));
        ImageIO.write(
                new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY),
                "png",
                cohort.resolve("png/misc/k9.png").toFile());
        Path via = cohort.resolve("annotations/z.json");
        Files.writeString(
                via,
                "{\"k\":{\"filename\":\"png/misc/k9.png\",\"size\":1,\"file_attributes\":{\"patient_id\":\"X\"},"
                        + "\"regions\":[{\"shape_attributes\":{\"name\":\"rect\",\"x\":1,\"y\":1,\"width\":3,\"height\":3},"
                        + "\"region_attributes\":{\"lesion_id\":\"L1\"}}]}}");
        assertThat(ingest()).isEqualTo(2);
        assertThat(err.trim())
                .isEqualTo(
                        "hemamet: " + via + ": image 'png/misc/k9.png' region 0: cannot resolve the"
                                + " sequence (no sequence attribute, no matching DICOM header rule, no {patient}/{sequence}/{file} path)");
    }

    /**
     * A multi-frame DICOM behind an export is cropped at the frame the region states (VIA attribute 'frame'),
     * and a region that states none is skipped saying why: its first frame was cropped, whatever the slice.
     */
    @Test
    void aMultiFrameDicomIsCroppedAtTheStatedFrameAndSkippedWithoutOne() throws Exception {
        assertThat(ingest()).as(err).isZero();
        byte[] singleFrame = Files.readAllBytes(out.resolve(t2Sample().cropPath()));

        TestDicom.toMultiFrame(cohort.resolve("dicom/a/s2/IM0001.dcm"), 3, 2);
        Path via = cohort.resolve("annotations/via_project.json");
        String project = Files.readString(via);
        String entryB = "\"size\":\"1\",\"file_attributes\":{}";
        assertThat(project).contains(entryB);
        Files.writeString(via, project.replace(entryB, "\"size\":\"1\",\"file_attributes\":{\"frame\":\"2\"}"));
        out = tmp.resolve("frame2");
        assertThat(ingest()).as(err).isZero();
        assertThat(out.resolve(t2Sample().cropPath())).hasBinaryContent(singleFrame);
        assertThat(DatasetManifest.read(out))
                .allSatisfy(d -> assertThat(d.frame()).isEqualTo(d.sequence() == Sequence.T2 ? 2 : 0));
        // dataset.csv records the frame, so a re-run reuses the crop, and another frame is cropped anew
        assertThat(CliRun.run("ingest", cohort.toString(), "--out", out.toString(), "--no-progress")
                        .out())
                .contains("4 crops (0 written, 4 reused)");
        Files.writeString(via, project.replace(entryB, "\"size\":\"1\",\"file_attributes\":{\"frame\":\"3\"}"));
        assertThat(CliRun.run("ingest", cohort.toString(), "--out", out.toString(), "--no-progress")
                        .out())
                .contains("4 crops (1 written, 3 reused)");
        assertThat(Files.readAllBytes(out.resolve(t2Sample().cropPath()))).isNotEqualTo(singleFrame);

        Files.writeString(via, project);
        out = tmp.resolve("noframe");
        assertThat(ingest()).as(err).isZero();
        assertThat(DatasetManifest.read(out)).noneMatch(d -> d.sequence() == Sequence.T2);
        assertThat(Files.readString(out.resolve("ingest-report.json")))
                .contains(": a multi-frame DICOM of 3 frames, and the region does not say which it is on (VIA"
                        + " attribute 'frame', or predict's --frame: 1 to 3)");
    }

    /**
     * A lesion drawn on an axial slice is kept with its plane: dataset.csv gains the plane column (every DICOM
     * sample's plane, empty for an export without one) and the report counts planes per sequence; a dataset of
     * sagittal slices alone is written without the column.
     */
    @Test
    void anAxialSliceIsRecordedWithItsPlane() throws Exception {
        for (String f : List.of("dicom/a/s1/IM0001", "dicom/a/s2/IM0001.dcm", "dicom/b/x")) {
            TestDicom.setFields(cohort.resolve(f), Map.of("ImageOrientationPatient", "0\\1\\0\\0\\0\\-1"));
        }
        assertThat(ingest()).as(err).isZero();
        assertThat(Files.readAllLines(out.resolve("dataset.csv")).get(0)).doesNotContain("plane");
        for (String f : List.of("dicom/a/s1/IM0001", "dicom/a/s2/IM0001.dcm")) {
            TestDicom.setFields(cohort.resolve(f), Map.of("ImageOrientationPatient", "1\\0\\0\\0\\1\\0"));
        }
        out = tmp.resolve("axial");
        CliRun.CliResult r = CliRun.run("ingest", cohort.toString(), "--out", out.toString(), "--no-progress");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readAllLines(out.resolve("dataset.csv")).get(0)).endsWith(",plane");
        assertThat(DatasetManifest.read(out))
                .extracting(d -> d.sequence() + " " + d.plane())
                .containsExactlyInAnyOrder("T1 AXIAL", "T1 SAGITTAL", "T2 AXIAL", "STIR ");
        JsonNode planes = Json.mapper()
                .readTree(out.resolve("ingest-report.json").toFile())
                .path("planes");
        assertThat(planes.toString())
                .isEqualTo("{\"T1\":{\"AXIAL\":1,\"SAGITTAL\":1},\"T2\":{\"AXIAL\":1},\"STIR\":{\"unknown\":1}}");
        // the sequence of two planes is pointed out; one plane per sequence is not
        assertThat(r.out())
                .contains("note: T1 samples come from several imaging planes (1 axial, 1 sagittal): a model trained on"
                        + " them learns, and accepts, each")
                .doesNotContain("note: T2");
    }

    /**
     * A region linked to a DICOM of another modality (a CT, a secondary capture saved as OT) is skipped saying so,
     * even when the region names an MR sequence: its pixels are not an MR image's.
     */
    @Test
    void aLinkedDicomOfAnotherModalityIsSkipped() throws Exception {
        TestDicom.setFields(cohort.resolve("dicom/a/s1/IM0001"), Map.of("Modality", "CT"));
        assertThat(ingest()).as(err).isZero();
        assertThat(DatasetManifest.read(out))
                .noneMatch(d -> d.patientKey().equals(t2Sample().patientKey()) && d.sequence() == Sequence.T1);
        assertThat(Files.readString(out.resolve("ingest-report.json")))
                .contains(": Modality 'CT', not an MR image (another modality); the study is of MR sequences");
    }

    /**
     * A CD or USB export carries a DICOMDIR (an index of its images, holding none): it is passed over, not reported
     * as a skipped file ("DICOM file without SOPInstanceUID"), and the images it lists are read as before.
     */
    @Test
    void aDicomdirIsPassedOverWithoutASkip() throws Exception {
        assertThat(ingest()).as(err).isZero();
        JsonNode plain =
                Json.mapper().readTree(out.resolve("ingest-report.json").toFile());
        Files.copy(TestDicom.source().resolveSibling("DICOMDIR"), cohort.resolve("dicom/DICOMDIR"));
        assertThat(org.hemamet.dicom.DicomReader.isMediaDirectory(cohort.resolve("dicom/DICOMDIR")))
                .isTrue();
        assertThat(org.hemamet.dicom.DicomReader.isMediaDirectory(TestDicom.source()))
                .isFalse();
        assertThat(ingest()).as(err).isZero();
        JsonNode withIndex =
                Json.mapper().readTree(out.resolve("ingest-report.json").toFile());
        assertThat(withIndex.path("skipped")).isEqualTo(plain.path("skipped"));
        assertThat(withIndex.path("n_samples")).isEqualTo(plain.path("n_samples"));
    }

    /**
     * The report says what each sequence's samples were cropped from, and lists the samples from lossy-compressed
     * pixels (here a DICOM whose header says it went through lossy compression once) for a sensitivity analysis.
     */
    @Test
    void theReportCountsSourceFormatsAndListsTheSamplesFromLossyPixels() throws Exception {
        TestDicom.setFields(cohort.resolve("dicom/a/s2/IM0001.dcm"), Map.of("LossyImageCompression", "01"));
        CliRun.CliResult r = CliRun.run("ingest", cohort.toString(), "--out", out.toString(), "--no-progress");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("note: 1 sample(s) were cut from lossy-compressed images (JPEG exports or lossy"
                        + " DICOM; ingest-report.json source_formats lists them)");
        JsonNode formats = Json.mapper()
                .readTree(out.resolve("ingest-report.json").toFile())
                .path("source_formats");
        JsonNode by = formats.path("by_sequence");
        assertThat(by.path("T1").toString()).isEqualTo("{\"dicom\":2}");
        assertThat(by.path("T2").toString()).isEqualTo("{\"dicom-lossy\":1}");
        assertThat(by.path("STIR").toString()).isEqualTo("{\"png\":1}");
        assertThat(by.has("T1C")).isFalse();
        assertThat(formats.path("n_lossy").asInt()).isEqualTo(1);
        assertThat(formats.path("lossy_sample_ids").toString())
                .isEqualTo("[\"" + t2Sample().sampleId() + "\"]");
    }

    /**
     * A secondary capture (a rendered screen image kept as DICOM) is counted as such, and a sample whose DICOM says
     * text is burned into its pixels is listed and pointed out: its crop may show a name.
     */
    @Test
    void secondaryCapturesAreCountedAndBurnedInAnnotationIsPointedOut() throws Exception {
        TestDicom.setFields(cohort.resolve("dicom/b/x"), Map.of("SOPClassUID", "1.2.840.10008.5.1.4.1.1.7"));
        TestDicom.setFields(cohort.resolve("dicom/a/s1/IM0001"), Map.of("BurnedInAnnotation", "YES"));
        CliRun.CliResult r = CliRun.run("ingest", cohort.toString(), "--out", out.toString(), "--no-progress");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode formats = Json.mapper()
                .readTree(out.resolve("ingest-report.json").toFile())
                .path("source_formats");
        assertThat(formats.path("by_sequence").path("T1").toString()).isEqualTo("{\"dicom\":1,\"dicom-capture\":1}");
        String burned = DatasetManifest.read(out).stream()
                .filter(d -> d.sequence() == Sequence.T1
                        && d.patientKey().equals(t2Sample().patientKey()))
                .findFirst()
                .orElseThrow()
                .sampleId();
        assertThat(formats.path("burned_in_annotation_sample_ids").toString()).isEqualTo("[\"" + burned + "\"]");
        assertThat(r.out())
                .contains("note: 1 sample(s) come from images whose DICOM says text is burned into the pixels"
                        + " (BurnedInAnnotation YES)");
    }

    /**
     * A DICOM file written bare (no preamble, no meta header: older PACS, some anonymisers) is read and linked as
     * its Part 10 original, byte for byte the same crop; a file under dicom/ that is no DICOM at all is reported,
     * not silently passed over.
     */
    @Test
    void aBareDataSetIsLinkedAndAFileThatIsNoDicomIsReported() throws Exception {
        assertThat(ingest()).as(err).isZero();
        byte[] part10 = Files.readAllBytes(out.resolve(t2Sample().cropPath()));
        Path t2 = cohort.resolve("dicom/a/s2/IM0001.dcm");
        Path copy = tmp.resolve("part10.dcm");
        Files.copy(t2, copy);
        TestDicom.toBareDataSet(copy, t2, com.pixelmed.dicom.TransferSyntax.ImplicitVRLittleEndian);
        Files.writeString(cohort.resolve("dicom/a/notes.txt"), "exported 2026-01-05\n");
        out = tmp.resolve("bare");
        assertThat(ingest()).as(err).isZero();
        assertThat(out.resolve(t2Sample().cropPath())).hasBinaryContent(part10);
        assertThat(Files.readString(out.resolve("ingest-report.json")))
                .contains("1 file(s) that are not DICOM (no 'DICM' at byte 128, no data set at their start) were not"
                        + " read: dicom/")
                .doesNotContain("notes.txt");
    }

    /**
     * A multi-echo enhanced series (one file, each frame its own echo time) is judged by the header rules at the
     * frame the region is on: the long-TE echo is T2, the short-TE one proton density (excluded), and the audit
     * groups the sample with the rule that decided its frame. The first frame's header used to speak for all.
     */
    @Test
    void theHeaderRulesJudgeTheFrameOfAMultiEchoSeries() throws Exception {
        Path t2 = cohort.resolve("dicom/a/s2/IM0001.dcm");
        TestDicom.toMultiFrame(t2, 3, 2);
        TestDicom.setFields(t2, Map.of("SeriesDescription", "sag_me_se", "ProtocolName", "sag_me_se"));
        TestDicom.toEnhanced(t2);
        TestDicom.perFrameGroups(t2, new double[] {20, 100, 20}, new double[] {0, 0, 0});
        Path via = cohort.resolve("annotations/via_project.json");
        String project = Files.readString(via);
        String entryB = "\"size\":\"1\",\"file_attributes\":{}";
        Files.writeString(via, project.replace(entryB, "\"size\":\"1\",\"file_attributes\":{\"frame\":\"2\"}"));
        assertThat(ingest()).as(err).isZero();
        DatasetSample sample = t2Sample();
        assertThat(sample.echoTime()).isEqualTo(100);
        assertThat(sample.frame()).isEqualTo(2);
        JsonNode audit = Json.mapper()
                .readTree(out.resolve("ingest-report.json").toFile())
                .path("sequence_decisions");
        JsonNode group = null;
        for (JsonNode g : audit.path("series")) {
            for (JsonNode id : g.path("sample_ids")) {
                if (id.asText().equals(sample.sampleId())) {
                    group = g;
                }
            }
        }
        assertThat(group).isNotNull();
        assertThat(group.path("kind").asText()).isEqualTo("T2");

        Files.writeString(via, project.replace(entryB, "\"size\":\"1\",\"file_attributes\":{\"frame\":\"1\"}"));
        out = tmp.resolve("frame1");
        assertThat(ingest()).as(err).isZero();
        assertThat(DatasetManifest.read(out)).noneMatch(d -> d.sequence() == Sequence.T2);
        assertThat(Files.readString(out.resolve("ingest-report.json")))
                .contains(
                        "the DICOM header rules exclude this series (proton-density weighted): TR 3500 ms, TE 20 ms -> PD");
    }

    /**
     * An export that is not the whole slice scaled (cropped, padded, a screen capture) is skipped saying so; its
     * regions were mapped by the width and height ratios onto other pixels. An export of non-square pixels shown
     * square (PixelSpacing) is the whole slice.
     */
    @Test
    void anExportOfAnotherShapeThanItsSliceIsSkipped() throws Exception {
        Path export = cohort.resolve("png/" + PID_A + "/T1/" + SOP_A_T1 + ".png");
        ImageIO.write(new BufferedImage(80, 64, BufferedImage.TYPE_BYTE_GRAY), "png", export.toFile());
        assertThat(ingest()).as(err).isZero();
        assertThat(DatasetManifest.read(out))
                .noneMatch(
                        d -> d.sequence() == Sequence.T1 && d.diagnosis().id().equals("hemangioma"));
        assertThat(Files.readString(out.resolve("ingest-report.json")))
                .contains("the export is 80x64 pixels but its DICOM slice 64x64: another shape, so the export is"
                        + " cropped, padded or a screen capture");

        // columns 0.5 mm apart, rows 1 mm: a viewer shows the 64x64 matrix half as wide as high (64x128 here)
        TestDicom.setFields(cohort.resolve("dicom/a/s1/IM0001"), Map.of("PixelSpacing", "1\\0.5"));
        ImageIO.write(new BufferedImage(64, 128, BufferedImage.TYPE_BYTE_GRAY), "png", export.toFile());
        out = tmp.resolve("square-on-screen");
        assertThat(ingest()).as(err).isZero();
        assertThat(DatasetManifest.read(out))
                .anyMatch(d -> d.sequence() == Sequence.T1 && d.diagnosis().id().equals("hemangioma"));
    }

    private DatasetSample t2Sample() {
        return DatasetManifest.read(out).stream()
                .filter(d -> d.sequence() == Sequence.T2)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void itemProblemsAreSkippedWithReasonsAndWithoutPhi() throws Exception {
        // a truncated DICOM behind an export, a missing image, and a lesion not in cohort.csv
        Files.copy(
                Path.of(getClass().getResource("/dicom/MR_truncated.dcm").toURI()), cohort.resolve("dicom/trunc.dcm"));
        String truncSop =
                DicomReader.readHeader(cohort.resolve("dicom/trunc.dcm")).sopInstanceUid();
        exportPng(cohort.resolve("png/" + PID_B + "/T2/" + truncSop + ".png"), 64);
        Files.writeString(
                cohort.resolve("annotations/z.json"),
                "{"
                        + "\"k\":{\"filename\":\"png/" + PID_B + "/T2/" + truncSop
                        + ".png\",\"size\":1,\"file_attributes\":{},"
                        + "\"regions\":[{\"shape_attributes\":{\"name\":\"rect\",\"x\":1,\"y\":1,\"width\":9,\"height\":9},"
                        + "\"region_attributes\":{\"lesion_id\":\"L1\",\"patient_id\":\"" + PID_B
                        + "\",\"sequence\":\"T2\"}}]},"
                        + "\"m\":{\"filename\":\"gone.png\",\"size\":1,\"file_attributes\":{},"
                        + "\"regions\":[{\"shape_attributes\":{\"name\":\"rect\",\"x\":1,\"y\":1,\"width\":9,\"height\":9},"
                        + "\"region_attributes\":{\"lesion_id\":\"L1\"}}]},"
                        + "\"n\":{\"filename\":\"key1.png\",\"size\":1,\"file_attributes\":{},"
                        + "\"regions\":[{\"shape_attributes\":{\"name\":\"rect\",\"x\":1,\"y\":1,\"width\":9,\"height\":9},"
                        + "\"region_attributes\":{\"lesion_id\":\"L7\"}}]},"
                        + "\"o\":{\"filename\":\"dup.png\",\"size\":1,\"file_attributes\":{},"
                        + "\"regions\":[{\"shape_attributes\":{\"name\":\"rect\",\"x\":1,\"y\":1,\"width\":9,\"height\":9},"
                        + "\"region_attributes\":{\"lesion_id\":\"L1\"}}]}}");
        exportPng(cohort.resolve("png/x1/T2/dup.png"), 64);
        exportPng(cohort.resolve("png/x2/T2/dup.png"), 64);
        assertThat(ingest()).as(err).isEqualTo(0);
        assertThat(DatasetManifest.read(out)).hasSize(4);
        JsonNode skipped = Json.mapper()
                .readTree(out.resolve("ingest-report.json").toFile())
                .path("skipped");
        Pseudonymizer p = Pseudonymizer.loadOrCreate(tmp.resolve("dataset.key"));
        Map<String, String> reasons = new TreeMap<>();
        skipped.forEach(
                s -> reasons.put(s.path("item").asText(), s.path("reason").asText()));
        // the DICOM file's name is a keyed pseudonym in the report (a file name may carry PHI: issue 16)
        assertThat(reasons.get("annotations/z.json image 0 region 0"))
                .matches(
                        "dicom/\\[f[0-9a-f]{8}\\]: pixel data truncated or missing \\(expected 8192 bytes for 1 frame\\(s\\) of 64x64 at 16 bits\\)");
        assertThat(reasons)
                .containsEntry(
                        "annotations/z.json image 1 region 0",
                        "image 'gone.png' not found (relative to the VIA file, the cohort directory, or by name)");
        // two patients' folders hold a dup.png, and the entry names no folder (its name pseudonymised as a file's)
        assertThat(reasons.get("annotations/z.json image 3 region 0"))
                .matches("image '\\[f[0-9a-f]{8}\\]' is ambiguous: 2 files of that name below the cohort directory,"
                        + " and its path in the VIA file does not tell which; add the image to VIA by its path"
                        + " relative to the VIA file or the cohort directory");
        assertThat(reasons)
                .containsEntry(
                        "annotations/z.json image 2 region 0",
                        "lesion 'L7' of patient [" + p.key(PID_B) + "] is not in cohort.csv");
        String report = Files.readString(out.resolve("ingest-report.json"));
        for (String phi : PHI) {
            assertThat(report).doesNotContain(phi);
        }
    }

    @Test
    void refusesToReplaceANonDatasetDirectory() throws Exception {
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "mine");
        assertThat(ingest()).isEqualTo(2);
        assertThat(err.trim())
                .isEqualTo("hemamet: " + out + ": exists and is not a hemamet dataset (no dataset.csv);"
                        + " choose a new or empty directory");
        assertThat(Files.readString(out.resolve("notes.txt"))).isEqualTo("mine");
    }
}
