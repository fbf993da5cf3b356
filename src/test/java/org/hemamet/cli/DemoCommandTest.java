package org.hemamet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.hemamet.cohort.Sequence;
import org.hemamet.dicom.DicomReader;
import org.hemamet.dicom.PatientIdentity;
import org.hemamet.study.StudyConfig;
import org.hemamet.study.TestStudies;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job end to end on a small cohort: synth -> ingest -> study -> report, every output free of
 * the synthetic PHI the DICOM headers carry. About 40 s: tagged slow ({@code mvn -Pslow test}, run by CI).
 */
@Tag("slow")
class DemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void demoRunsTheWholeProtocolAndNoOutputCarriesPhi() throws Exception {
        StudyConfig tiny = TestStudies.tiny("demo-test", 1, Sequence.T1, Sequence.T2)
                .search(TestStudies.grid(1e-3, 3))
                .build();
        Path configFile = tmp.resolve("tiny.json");
        Files.writeString(configFile, tiny.toJson());
        Path out = tmp.resolve("demo");
        CliRun.CliResult first =
                CliRun.run("demo", "--out", out.toString(), "--patients", "24", "--config", configFile.toString());
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out())
                .contains(
                        "[1/5] synth",
                        "[2/5] ingest",
                        "[3/5] study",
                        "| T1 | hemangioma-vs-metastases |",
                        "Report: ",
                        "[4/5] external validation",
                        "site B AUC",
                        "External validation report: ",
                        "[5/5] done");
        for (String f : List.of(
                "dataset/dataset.csv",
                "dataset/ingest-report.json",
                "run/results.csv",
                "run/predictions.csv",
                "run/summary.md",
                "run/provenance.json",
                "run/report.html",
                "site-b/dataset/dataset.csv",
                "site-b/validation/validation.csv",
                "site-b/validation/report.html",
                "run/decision_curves.csv", // new outputs the PHI scan below reads too
                "site-b/validation/decision_curves.csv")) {
            assertThat(out.resolve(f)).isRegularFile();
        }

        // the PHI of every DICOM header of the cohort
        Set<String> phi = new LinkedHashSet<>();
        try (Stream<Path> s = Stream.concat(
                Files.walk(out.resolve("synth/cohort/dicom")), Files.walk(out.resolve("site-b/synth/cohort/dicom")))) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                PatientIdentity id = DicomReader.readHeader(p).patient();
                for (String v : List.of(id.patientId(), id.patientName(), id.birthDate())) {
                    if (v != null && v.length() >= 4) {
                        phi.add(v);
                        phi.add(v.replace('^', ' '));
                    }
                }
            }
        }
        assertThat(phi).hasSizeGreaterThan(24 * 2);
        // scan everything the pipeline derived from the cohort (the synth folder itself is the "hospital export")
        try (Stream<Path> s = Stream.of("dataset", "run", "site-b/dataset", "site-b/validation")
                .flatMap(d -> {
                    try {
                        return Files.walk(out.resolve(d));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                for (String v : phi) {
                    // all-digit values (birth dates) only as whole numbers, not inside a long float or hash
                    String re = v.chars().allMatch(Character::isDigit)
                            ? "(?<![0-9.])" + v + "(?![0-9])"
                            : java.util.regex.Pattern.quote(v);
                    assertThat(java.util.regex.Pattern.compile(re).matcher(text).find())
                            .as(p + " must not contain PHI " + v.charAt(0) + "...")
                            .isFalse();
                }
            }
        }
        assertThat(first.both()).doesNotContain(phi.iterator().next());

        // a second run reuses everything: the study resumes with all cells done
        CliRun.CliResult second =
                CliRun.run("demo", "--out", out.toString(), "--patients", "24", "--config", configFile.toString());
        assertThat(second.exit()).isZero();
        assertThat(second.out()).contains("synth: reusing").containsPattern("(\\d+) crops \\(\\1 reused\\)");
    }
}
