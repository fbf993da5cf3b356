package org.hemamet.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hemamet.cohort.Diagnosis;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.Hashing;
import org.hemamet.core.Json;
import org.hemamet.dicom.MrSeriesWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The generated cohort has the layout of contracts.md A, valid DICOM, a VIA 2 project and a ground truth apart. */
class SynthCohortTest {
    static Path out;
    static Path cohort;
    static List<Path> dicoms;

    @BeforeAll
    static void generate() throws Exception {
        out = SynthFixture.out();
        assertThat(SynthFixture.exitCode).as(SynthFixture.stdout).isZero();
        cohort = out.resolve("cohort");
        try (Stream<Path> s = Files.walk(cohort.resolve("dicom"))) {
            dicoms = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void cohortCsvHasOneRowPerLesionWithTheDicomPatientId() throws Exception {
        List<String> lines = Files.readAllLines(cohort.resolve("cohort.csv"));
        assertThat(lines.get(0)).isEqualTo("patient_id,lesion_id,diagnosis,histology_confirmed,age,sex,level");
        Map<String, List<String[]>> byPatient = new HashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] v = l.split(",");
            byPatient.computeIfAbsent(v[0], k -> new ArrayList<>()).add(v);
        }
        assertThat(byPatient).hasSize(SynthFixture.PATIENTS);
        int multi = 0;
        for (List<String[]> rows : byPatient.values()) {
            assertThat(rows).hasSizeBetween(1, 3);
            Set<String> levels = new HashSet<>();
            for (int k = 0; k < rows.size(); k++) {
                String[] v = rows.get(k);
                assertThat(v[1]).isEqualTo("L" + (k + 1));
                assertThat(levels.add(v[6])).as("each lesion at its own level").isTrue();
                // one patient, one diagnosis, one age and sex on every row
                assertThat(v[2] + v[4] + v[5]).isEqualTo(rows.get(0)[2] + rows.get(0)[4] + rows.get(0)[5]);
            }
            multi += rows.size() > 1 ? 1 : 0;
        }
        assertThat(multi).as("patients with 2-3 lesions").isBetween(2, SynthFixture.PATIENTS / 2);
        Set<String> dicomIds = new HashSet<>();
        for (Path f : dicoms) {
            dicomIds.add(MrSeriesWriter.read(f).patientId());
        }
        Map<String, Integer> perDx = new HashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] v = l.split(",");
            assertThat(v[0]).matches("MRN\\d{7}");
            assertThat(dicomIds).contains(v[0]);
            assertThat(v[1]).matches("L[123]");
            assertThat(Diagnosis.lookup(v[2])).isPresent();
            assertThat(Integer.parseInt(v[4])).isBetween(18, 95);
            assertThat(v[5]).isIn("F", "M");
            assertThat(v[6]).matches("[TL]\\d{1,2}");
            perDx.merge(v[2], 1, Integer::sum);
        }
        assertThat(dicomIds).hasSize(SynthFixture.PATIENTS);
        assertThat(perDx).hasSize(6).allSatisfy((k, n) -> assertThat(n).isGreaterThanOrEqualTo(3));
    }

    @Test
    void everyDicomFileIsAnMrImageWithUniqueUids() {
        Set<String> sops = new HashSet<>();
        for (Path f : dicoms) {
            MrSeriesWriter.ReadBack r = MrSeriesWriter.read(f);
            assertThat(r.sopClassUid()).isEqualTo("1.2.840.10008.5.1.4.1.1.4");
            assertThat(r.modality()).isEqualTo("MR");
            assertThat(r.rows()).isEqualTo(256);
            assertThat(r.bitsStored()).isEqualTo(12);
            assertThat(r.sopInstanceUid()).startsWith("2.25.").hasSizeLessThanOrEqualTo(64);
            assertThat(sops.add(r.sopInstanceUid())).as("duplicate SOP UID").isTrue();
            assertThat(Arrays_max(r.values()) / r.rescaleSlope()).isLessThanOrEqualTo(4095 + 1e-6);
        }
        // 4 sequences minus missing ones, 5-7 slices each
        assertThat(dicoms.size()).isBetween(SynthFixture.PATIENTS * 2 * 5, SynthFixture.PATIENTS * 4 * 7);
    }

    private static double Arrays_max(double[] v) {
        double m = 0;
        for (double d : v) {
            m = Math.max(m, d);
        }
        return m;
    }

    @Test
    void dcmdumpReadsGeneratedFilesWithoutErrors() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/dcmdump")), "dcmtk absent");
        for (Path f : dicoms.subList(0, Math.min(12, dicoms.size()))) {
            Process p = new ProcessBuilder("/usr/bin/dcmdump", f.toString())
                    .redirectErrorStream(true)
                    .start();
            String o = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as(f.toString()).isZero();
            assertThat(o)
                    .doesNotContain("E: ")
                    .doesNotContain("W: ")
                    .contains("(0010,0010) PN [")
                    .contains("(0018,0080) DS [");
        }
    }

    @Test
    void dciodvfyFindsNoErrors() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/dciodvfy")), "dciodvfy absent");
        Process p = new ProcessBuilder("/usr/bin/dciodvfy", dicoms.get(0).toString())
                .redirectErrorStream(true)
                .start();
        String o = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        assertThat(o).doesNotContain("Error");
    }

    @Test
    void viaProjectHasTheVia2StructureAndOneRegionPerLesionAndSequence() throws Exception {
        JsonNode via = Json.mapper()
                .readTree(cohort.resolve("annotations/via_project.json").toFile());
        assertThat(via.has("_via_settings")).isTrue();
        assertThat(via.has("_via_attributes")).isTrue();
        assertThat(via.get("_via_data_format_version").asText()).isEqualTo("2.0.10");
        JsonNode meta = via.get("_via_img_metadata");
        List<String> ids = new ArrayList<>();
        via.get("_via_image_id_list").forEach(n -> ids.add(n.asText()));
        List<String> keys = new ArrayList<>();
        meta.fieldNames().forEachRemaining(keys::add);
        assertThat(ids).containsExactlyElementsOf(keys);
        Set<String> allSops = new HashSet<>();
        for (Path f : dicoms) {
            allSops.add(MrSeriesWriter.read(f).sopInstanceUid());
        }
        int regions = 0;
        for (String k : keys) {
            JsonNode e = meta.get(k);
            Path png = cohort.resolve(e.get("filename").asText());
            assertThat(png).exists();
            assertThat(k).isEqualTo(e.get("filename").asText() + Files.size(png));
            assertThat(e.get("size").asLong()).isEqualTo(Files.size(png));
            JsonNode fa = e.get("file_attributes");
            String sop = fa.get("sop_instance_uid").asText();
            assertThat(png.getFileName().toString()).isEqualTo(sop + ".png");
            assertThat(allSops).contains(sop);
            assertThat(fa.get("sequence").asText()).isIn("T1", "T2", "STIR", "T1C");
            assertThat(e.get("filename").asText())
                    .isEqualTo("png/" + fa.get("patient_id").asText() + "/"
                            + fa.get("sequence").asText() + "/" + sop + ".png");
            BufferedImage img = ContactSheet.readPng(png);
            assertThat(img.getWidth()).isEqualTo(256);
            List<String> lesionIds = new ArrayList<>();
            int references = 0;
            for (JsonNode reg : e.get("regions")) {
                JsonNode ra = reg.get("region_attributes");
                if (ra.has("roi") && ra.get("roi").asText().equals("reference")) {
                    references++;
                    assertThat(reg.get("shape_attributes").get("name").asText()).isEqualTo("rect");
                    continue;
                }
                lesionIds.add(ra.get("lesion_id").asText());
                assertThat(reg.get("shape_attributes").get("name").asText()).isIn("rect", "polygon", "ellipse");
            }
            // one region per annotated lesion of the patient, L1 first, then the normal-marrow reference region
            assertThat(lesionIds).isEqualTo(lesionsOf(fa.get("patient_id").asText()));
            assertThat(references).isEqualTo(1);
            assertThat(e.get("regions")
                            .get(e.get("regions").size() - 1)
                            .get("region_attributes")
                            .get("roi")
                            .asText())
                    .isEqualTo("reference");
            regions += lesionIds.size();
        }
        assertThat(regions).isGreaterThan(keys.size());
        assertThat(keys.size()).isBetween(SynthFixture.PATIENTS * 2, SynthFixture.PATIENTS * 4);
    }

    @Test
    void drawnRegionsSitOnTheTrueLesionButAreNotExactlyIt() throws Exception {
        JsonNode via = Json.mapper()
                .readTree(cohort.resolve("annotations/via_project.json").toFile());
        List<String> truth = Files.readAllLines(out.resolve("ground-truth/lesions.csv"));
        Map<String, String> maskBySopAndLesion = new HashMap<>();
        for (String l : truth.subList(1, truth.size())) {
            String[] v = l.split(",", -1);
            maskBySopAndLesion.put(v[7] + "/" + v[1], v[9]);
        }
        int exact = 0;
        int drawn = 0;
        for (JsonNode e : via.get("_via_img_metadata")) {
            String sop = e.get("file_attributes").get("sop_instance_uid").asText();
            for (JsonNode reg : e.get("regions")) {
                if (!reg.get("region_attributes").has("lesion_id")) {
                    continue; // the normal-marrow reference region (roi = reference)
                }
                String lesion = reg.get("region_attributes").get("lesion_id").asText();
                String mask = maskBySopAndLesion.get(sop + "/" + lesion);
                assertThat(mask)
                        .endsWith("/" + lesion + "_"
                                + e.get("file_attributes").get("sequence").asText() + ".png");
                exact += sitsOnTheMask(out.resolve("ground-truth").resolve(mask), reg.get("shape_attributes"));
                drawn++;
            }
        }
        assertThat(exact).isLessThan(drawn / 4);
    }

    /** Asserts the drawn region is centred on the true mask; 1 when its box is exactly the mask's. */
    private static int sitsOnTheMask(Path maskFile, JsonNode s) throws Exception {
        boolean[] m = ContrastMeasurement.readMask(maskFile);
        int[] tb = bbox(m, 256);
        double[] rb = regionBox(s);
        double cxT = (tb[0] + tb[2]) / 2.0;
        double cyT = (tb[1] + tb[3]) / 2.0;
        assertThat(Math.abs((rb[0] + rb[2]) / 2 - cxT)).isLessThan(4);
        assertThat(Math.abs((rb[1] + rb[3]) / 2 - cyT)).isLessThan(4);
        return rb[0] == tb[0] && rb[1] == tb[1] && rb[2] == tb[2] && rb[3] == tb[3] ? 1 : 0;
    }

    /** The lesion ids of a patient in cohort.csv, in row order. */
    private static List<String> lesionsOf(String patientId) throws Exception {
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(cohort.resolve("cohort.csv"))) {
            if (l.startsWith(patientId + ",")) {
                out.add(l.split(",")[1]);
            }
        }
        return out;
    }

    private static int[] bbox(boolean[] m, int n) {
        int[] b = {n, n, -1, -1};
        for (int i = 0; i < m.length; i++) {
            if (m[i]) {
                b[0] = Math.min(b[0], i % n);
                b[1] = Math.min(b[1], i / n);
                b[2] = Math.max(b[2], i % n);
                b[3] = Math.max(b[3], i / n);
            }
        }
        assertThat(b[2]).as("non-empty mask").isGreaterThanOrEqualTo(0);
        return b;
    }

    private static double[] regionBox(JsonNode s) {
        switch (s.get("name").asText()) {
            case "rect":
                return new double[] {
                    s.get("x").asDouble(),
                    s.get("y").asDouble(),
                    s.get("x").asDouble() + s.get("width").asDouble() - 1,
                    s.get("y").asDouble() + s.get("height").asDouble() - 1
                };
            case "ellipse":
                double r = Math.max(s.get("rx").asDouble(), s.get("ry").asDouble());
                return new double[] {
                    s.get("cx").asDouble() - r,
                    s.get("cy").asDouble() - r,
                    s.get("cx").asDouble() + r,
                    s.get("cy").asDouble() + r
                };
            default:
                double[] b = {1e9, 1e9, -1e9, -1e9};
                for (int i = 0; i < s.get("all_points_x").size(); i++) {
                    double x = s.get("all_points_x").get(i).asDouble();
                    double y = s.get("all_points_y").get(i).asDouble();
                    b[0] = Math.min(b[0], x);
                    b[1] = Math.min(b[1], y);
                    b[2] = Math.max(b[2], x);
                    b[3] = Math.max(b[3], y);
                }
                return b;
        }
    }

    @Test
    void groundTruthIsApartFromTheCohortAndMasksMatchTheSlices() throws Exception {
        Path gt = out.resolve("ground-truth");
        assertThat(cohort.resolve("ground-truth")).doesNotExist();
        assertThat(gt.resolve("parameters.json")).exists();
        com.fasterxml.jackson.databind.JsonNode params = org.hemamet.core.Json.mapper()
                .readTree(gt.resolve("parameters.json").toFile());
        assertThat(params.path("hemamet_version").asText()).isEqualTo(org.hemamet.core.Version.hemamet());
        assertThat(params.path("seed").isIntegralNumber()).isTrue();
        List<String> lines = Files.readAllLines(gt.resolve("lesions.csv"));
        assertThat(lines.get(0))
                .startsWith("patient_id,lesion_id,diagnosis,subtype,atypical,level,sequence,sop_instance_uid");
        for (String l : lines.subList(1, lines.size())) {
            String[] v = l.split(",", -1);
            boolean[] mask = ContrastMeasurement.readMask(gt.resolve(v[9]));
            boolean[] marrow = ContrastMeasurement.readMask(gt.resolve(v[10]));
            assertThat(mask).hasSize(256 * 256);
            assertThat(ContrastMeasurement.count(mask))
                    .isEqualTo(Integer.parseInt(v[11]))
                    .isGreaterThan(10);
            assertThat(ContrastMeasurement.count(marrow)).isGreaterThan(200);
            for (int i = 0; i < mask.length; i++) {
                assertThat(mask[i] && marrow[i]).isFalse();
            }
            assertThat(v[4]).isEqualTo(String.valueOf(v[3].equals("hemangioma_atypical")));
        }
    }

    @Test
    void previewIsWritten() throws Exception {
        BufferedImage img = ContactSheet.readPng(SynthFixture.preview());
        assertThat(img.getWidth()).isEqualTo(4 * 256);
        assertThat(SynthFixture.stdout).contains("synth: site A, " + SynthFixture.PATIENTS + " patients");
    }

    @Test
    @Tag("slow") // regenerates the 30-patient fixture on one thread (~9 s of the default suite's ~2.5 min)
    void sameSeedGivesByteIdenticalPixelsWhateverTheThreadCount() throws Exception {
        Path again = Files.createTempDirectory("hemamet-synth-again").resolve("out");
        try {
            CohortSynthesizer.generate(
                    PhantomParameters.defaults(),
                    new CohortSynthesizer.Options(SynthFixture.PATIENTS, SynthFixture.SEED, null, 256, 1),
                    again,
                    () -> {});
            List<Path> second;
            try (Stream<Path> s = Files.walk(again.resolve("cohort"))) {
                second = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
            }
            List<Path> first;
            try (Stream<Path> s = Files.walk(cohort)) {
                first = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
            }
            assertThat(second.stream()
                            .map(p -> again.resolve("cohort").relativize(p).toString())
                            .toList())
                    .isEqualTo(first.stream()
                            .map(p -> cohort.relativize(p).toString())
                            .toList());
            for (int i = 0; i < first.size(); i++) {
                assertThat(Hashing.sha256(second.get(i)))
                        .as(first.get(i).toString())
                        .isEqualTo(Hashing.sha256(first.get(i)));
            }
        } finally {
            AtomicFiles.deleteRecursively(again.getParent());
        }
    }
}
