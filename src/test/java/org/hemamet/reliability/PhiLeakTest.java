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
        CliResult r = CliRun.run("ingest", cohort.toString(), "--out", out.toString(), "--no-progress");
        assertThat(r.exit()).as(r.both()).isZero();
        String report = Files.readString(out.resolve("ingest-report.json"));
        assertThat(report).contains("\"skipped\"").contains("dicom/[f");
        scan(out);
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
