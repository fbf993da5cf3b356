package org.hemamet.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hemamet.cli.CliRun;
import org.hemamet.cli.CliRun.CliResult;
import org.hemamet.dicom.TestDicom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cohort whose folder and file names carry a name, an MRN and a birth date: no byte of any output holds
 * them (issue 16). Skipped files are named by cohort-relative paths with such names replaced by keyed
 * pseudonyms.
 */
class PhiLeakTest {
    static final List<String> PHI = List.of("ROSSI", "THOMAS", "19540124", "00123456", "MRN 0", "Rossi", "1954");

    @TempDir
    Path tmp;

    @Test
    void folderAndFileNamesWithANameMrnAndBirthDateNeverReachTheDataset() throws Exception {
        Path cohort = BadCohort.write(
                tmp.resolve("cohort"), 4, i -> i == 0 ? "ROSSI THOMAS 19540124" : "MRN 0012345" + (6 + i));
        // DICOM files that are skipped: a truncated one and one without SOPInstanceUID, in PHI folders
        Path dicomDir = cohort.resolve("dicom/ROSSI THOMAS 19540124/MRN 00123456");
        Path good = dicomDir.resolve("IM_ROSSI_19540124.dcm");
        TestDicom.write(
                good,
                new TestDicom.Header(
                        "P1000", "Rossi^Thomas", "19540124", "1.2.3.4.5", "t2_tse", "SE", 3500, 100, 0, null),
                0,
                0,
                null);
        byte[] bytes = Files.readAllBytes(good);
        Files.write(dicomDir.resolve("ROSSI THOMAS trunc.dcm"), java.util.Arrays.copyOf(bytes, 200));
        Path out = tmp.resolve("dataset");
        CliResult r = CliRun.run(
                "ingest", cohort.toString(), "--out", out.toString(), "--key-file", fixedKey(), "--no-progress");
        assertThat(r.exit()).as(r.both()).isZero();
        String report = Files.readString(out.resolve("ingest-report.json"));
        assertThat(report).contains("\"skipped\"").contains("dicom/[f");
        scan(out);
    }

    /**
     * The skips of hospital exports (a multi-frame DICOM without a frame, an export of another shape than its
     * slice, namesake files the VIA entry cannot tell apart) name their files by pseudonyms too.
     */
    @Test
    void theSkipsOfHospitalExportsNameNoFile() throws Exception {
        String phiDir = "ROSSI THOMAS 19540124";
        Path cohort = BadCohort.write(tmp.resolve("cohort"), 4);
        Path dicom = cohort.resolve("dicom/" + phiDir);
        Path multi = dicom.resolve("IM_ROSSI_19540124.dcm");
        TestDicom.write(
                multi,
                new TestDicom.Header(
                        "P1000", "Rossi^Thomas", "19540124", "1.2.3.4.5", "stir", "IR", 3500, 30, 150, null),
                0,
                0,
                null);
        TestDicom.toMultiFrame(multi, 3, 2);
        TestDicom.write(
                dicom.resolve("MRN 00123456.dcm"),
                new TestDicom.Header("P1000", "Rossi^Thomas", "19540124", "1.2.3.4.6", "t1_se", "SE", 500, 10, 0, null),
                0,
                0,
                null);
        BadCohort.png(cohort.resolve("png/" + phiDir + "/STIR/1.2.3.4.5.png"), 64, 64, 1);
        BadCohort.png(cohort.resolve("png/" + phiDir + "/T1/1.2.3.4.6.png"), 80, 64, 2);
        BadCohort.png(cohort.resolve("png/" + phiDir + "/a/IM_ROSSI_19540124.png"), 64, 64, 3);
        BadCohort.png(cohort.resolve("png/" + phiDir + "/b/IM_ROSSI_19540124.png"), 64, 64, 4);
        StringBuilder via = new StringBuilder("{");
        String[][] entries = {
            {"png/" + phiDir + "/STIR/1.2.3.4.5.png", "STIR"},
            {"png/" + phiDir + "/T1/1.2.3.4.6.png", "T1"},
            {"IM_ROSSI_19540124.png", "T1C"}
        };
        for (int i = 0; i < entries.length; i++) {
            via.append(i == 0 ? "" : ",")
                    .append("\"e")
                    .append(i)
                    .append("\":{\"filename\":\"")
                    .append(entries[i][0])
                    .append("\",\"size\":1,\"file_attributes\":{\"patient_id\":\"P1000\",\"sequence\":\"")
                    .append(entries[i][1])
                    .append("\"},\"regions\":[{\"shape_attributes\":{\"name\":\"rect\",\"x\":16,\"y\":16,")
                    .append("\"width\":24,\"height\":20},\"region_attributes\":{\"lesion_id\":\"L1\"}}]}");
        }
        Files.writeString(
                cohort.resolve("annotations/exports.json"), via.append("}").toString());
        Path out = tmp.resolve("dataset");
        CliResult r = CliRun.run(
                "ingest", cohort.toString(), "--out", out.toString(), "--key-file", fixedKey(), "--no-progress");
        assertThat(r.exit()).as(r.both()).isZero();
        assertThat(Files.readString(out.resolve("ingest-report.json")))
                .contains("a multi-frame DICOM of 3 frames")
                .contains("the export is 80x64 pixels but its DICOM slice 64x64")
                .contains("is ambiguous: 2 files of that name");
        scan(out);
    }

    /**
     * A fixed pseudonym key, so that the scan sees the same bytes on every run: with a random key a keyed hash
     * in dataset.csv now and then holds the digits "1954" (a CI run at cacb557 failed so), no leak but a failed
     * scan.
     */
    private String fixedKey() throws Exception {
        Path key = tmp.resolve("fixed.key");
        if (!Files.exists(key)) {
            Files.writeString(key, "5eed".repeat(16) + "\n");
        }
        return key.toString();
    }

    static void scan(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                for (String phi : PHI) {
                    assertThat(p.getFileName().toString()).doesNotContain(phi);
                }
                if (Files.isRegularFile(p)) {
                    String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                    for (String phi : PHI) {
                        assertThat(text).as(dir.relativize(p) + " holds " + phi).doesNotContain(phi);
                    }
                }
            }
        }
    }
}
