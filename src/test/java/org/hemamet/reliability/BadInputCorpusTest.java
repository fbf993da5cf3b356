package org.hemamet.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.hemamet.cli.CliRun;
import org.hemamet.cli.CliRun.CliResult;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus (issue 16), generated at test time from a 4-patient PNG cohort: each case breaks one
 * input of a good cohort that was ingested once, re-runs ingest into the same dataset, and asserts the exit
 * code, a one-line message naming the file and the problem (no stack trace), and that the dataset's bytes
 * are unchanged.
 */
class BadInputCorpusTest {
    @TempDir
    Path tmp;

    @FunctionalInterface
    interface Breaker {
        void apply(Path cohort) throws IOException;
    }

    static Arguments cohortCsvRow(String what, String row, String expected) {
        return Arguments.of(
                "cohort.csv " + what,
                (Breaker) c ->
                        Files.writeString(c.resolve("cohort.csv"), row + "\n", java.nio.file.StandardOpenOption.APPEND),
                "cohort.csv",
                expected);
    }

    static Arguments via(String what, String content, String expected) {
        return Arguments.of(
                "VIA " + what,
                (Breaker) c -> Files.writeString(c.resolve("annotations/via_project.json"), content),
                "via_project.json",
                expected);
    }

    static Stream<Arguments> ingestCases() {
        return Stream.of(
                cohortCsvRow("age -5", "P2000,L1,hemangioma,yes,-5,F,L2", "age '-5' is not a number of years"),
                cohortCsvRow("age 999", "P2000,L1,hemangioma,yes,999,F,L2", "age '999'"),
                cohortCsvRow("age sixty", "P2000,L1,hemangioma,yes,sixty,F,L2", "age 'sixty'"),
                cohortCsvRow("age NaN", "P2000,L1,hemangioma,yes,NaN,F,L2", "age 'NaN'"),
                cohortCsvRow("age 1e9", "P2000,L1,hemangioma,yes,1e9,F,L2", "age '1e9'"),
                cohortCsvRow("age Infinity", "P2000,L1,hemangioma,yes,Infinity,F,L2", "age 'Infinity'"),
                cohortCsvRow("age 63f", "P2000,L1,hemangioma,yes,63f,F,L2", "age '63f'"),
                cohortCsvRow("age hex", "P2000,L1,hemangioma,yes,0x3f,F,L2", "age '0x3f'"),
                cohortCsvRow("empty patient_id", ",L1,hemangioma,yes,60,F,L2", "empty patient_id"),
                cohortCsvRow("empty lesion_id", "P2000,,hemangioma,yes,60,F,L2", "empty lesion_id"),
                cohortCsvRow("unknown diagnosis", "P2000,L1,gout,yes,60,F,L2", "unknown diagnosis 'gout'"),
                cohortCsvRow("duplicate lesion", "P1000,L1,hemangioma,yes,60,F,L2", "duplicate lesion"),
                Arguments.of(
                        "cohort.csv missing",
                        (Breaker) c -> Files.delete(c.resolve("cohort.csv")),
                        "cohort.csv",
                        "not found"),
                Arguments.of(
                        "cohort.csv without diagnosis column",
                        (Breaker) c -> Files.writeString(c.resolve("cohort.csv"), "patient_id,lesion_id\nP1000,L1\n"),
                        "cohort.csv",
                        "missing column 'diagnosis'"),
                Arguments.of(
                        "cohort.csv header only",
                        (Breaker) c -> Files.writeString(c.resolve("cohort.csv"), "patient_id,lesion_id,diagnosis\n"),
                        "cohort.csv",
                        "no lesions"),
                via("empty file", "", ""),
                via("not JSON", "{\"_via_img_metadata\": {", ""),
                via("a JSON array", "[1,2,3]", ""),
                via("a number", "42", ""),
                Arguments.of(
                        "annotations folder missing",
                        (Breaker) c -> {
                            Files.delete(c.resolve("annotations/via_project.json"));
                            Files.delete(c.resolve("annotations"));
                        },
                        "annotations",
                        "not found"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ingestCases")
    void ingestRefusesWithOneLineAndLeavesTheDataset(String name, Breaker breaker, String file, String problem)
            throws Exception {
        Path cohort = BadCohort.write(tmp.resolve("cohort"), 4);
        Path out = tmp.resolve("dataset");
        CliResult ok = CliRun.run("ingest", cohort.toString(), "--out", out.toString(), "--no-progress");
        assertThat(ok.exit()).as(ok.both()).isZero();
        Map<String, String> before = BadCohort.checksums(out);
        breaker.apply(cohort);
        CliResult r = CliRun.run("ingest", cohort.toString(), "--out", out.toString(), "--no-progress");
        assertOneLineRefusal(r, 2, file, problem);
        assertThat(BadCohort.checksums(out)).as(name + ": dataset unchanged").isEqualTo(before);
    }

    static Stream<Arguments> synthCases() {
        return Stream.of(
                Arguments.of("2000000000", "--patients: 2000000000 is outside [0, 100000]"),
                Arguments.of("-1", "--patients: -1 is outside"),
                Arguments.of("100001", "--patients: 100001 is outside"));
    }

    @ParameterizedTest(name = "synth --patients {0}")
    @MethodSource("synthCases")
    void synthRefusesAnAbsurdPatientCountBeforeAllocating(String n, String problem) {
        Path out = tmp.resolve("synth");
        long t0 = System.nanoTime();
        CliResult r = CliRun.run("synth", "--out", out.toString(), "--patients", n);
        assertOneLineRefusal(r, 2, "--patients", problem);
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
        assertThat(out).doesNotExist();
    }

    static void assertOneLineRefusal(CliResult r, int exit, String file, String problem) {
        assertThat(r.exit()).as(r.both()).isEqualTo(exit);
        String err = new String(r.err().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).strip();
        assertThat(err).as("one line").doesNotContain("\n").isNotEmpty();
        assertThat(err).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(err).contains(file).contains(problem);
    }
}
