package org.hemamet.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hemamet.cli.CliRun;
import org.hemamet.cli.CliRun.CliResult;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus, continued (issue 16): the commands after ingest (evaluate, predict, export, report,
 * validate, status, annotations, study, bench, synth, demo) given a missing, empty or malformed input or an
 * option out of range. Each case runs in a fresh folder of small fixture files and asserts the exit code, a
 * one-line message naming the file or option and the problem (no stack trace), and that nothing in the folder
 * changed (no output half-written, no input overwritten).
 */
class CommandCorpusTest {
    @TempDir
    Path tmp;

    /** The fixture files every case starts from. */
    private static void fixtures(Path d) throws IOException {
        Files.createDirectories(d.resolve("emptydir"));
        Files.writeString(d.resolve("afile"), "x\n");
        Files.writeString(d.resolve("about.yaml"), "title: filled by the authors\n");
        Files.writeString(d.resolve("ok.csv"), "label,score\n1,0.3\n0,0.2\n");
        Files.writeString(d.resolve("header.csv"), "label,score\n");
        Files.writeString(d.resolve("empty.csv"), "");
        Files.writeString(d.resolve("nonnum.csv"), "label,score\n1,abc\n");
        Files.writeString(d.resolve("label2.csv"), "label,score\n2,0.5\n0,0.1\n");
        Files.writeString(d.resolve("nolabel.csv"), "lbl,score\n1,0.5\n");
        Files.writeString(d.resolve("dupcase.csv"), "label,score,case\n1,0.5,a\n0,0.2,a\n");
        Files.writeString(d.resolve("inf.csv"), "label,score\n1,Infinity\n");
        Files.writeString(d.resolve("nan.csv"), "label,score\n1,NaN\n");
        Files.write(
                d.resolve("latin1.csv"),
                "label,score\n1,0.5\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Files.writeString(d.resolve("twopatients.csv"), "label,score,patient\n1,0.4,\n0,0.2,p1\n");
    }

    static Arguments c(String args, int exit, String names, String problem) {
        return Arguments.of(args, exit, names, problem);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // evaluate
                c("evaluate --predictions header.csv", 2, "header.csv", "no predictions (header only)"),
                c("evaluate --predictions empty.csv", 2, "empty.csv", "empty file"),
                c("evaluate --predictions nonnum.csv", 2, "nonnum.csv", "line 2: score 'abc' is not a number"),
                c("evaluate --predictions label2.csv", 2, "label2.csv", "label '2' is not 0 or 1"),
                c("evaluate --predictions nolabel.csv", 2, "nolabel.csv", "missing column 'label'"),
                c("evaluate --predictions dupcase.csv", 2, "dupcase.csv", "case 'a' appears twice"),
                c("evaluate --predictions inf.csv", 2, "inf.csv", "not a finite number"),
                c("evaluate --predictions nan.csv", 2, "nan.csv", "not a finite number"),
                c("evaluate --predictions missing.csv", 2, "missing.csv", "no such file"),
                c("evaluate --predictions twopatients.csv", 2, "twopatients.csv", "line 2: empty patient"),
                c("evaluate --predictions ok.csv --threshold sensitivity:2", 2, "--threshold", "(0, 1]"),
                c("evaluate --predictions ok.csv --threshold best", 2, "--threshold", "not a threshold rule"),
                c("evaluate --predictions ok.csv --resamples -3", 2, "--resamples", "must be >= 0"),
                c("evaluate --predictions ok.csv --positive yes", 2, "ok.csv", "no row has the positive label 'yes'"),
                c("evaluate --predictions ok.csv --group-by model", 2, "ok.csv", "missing column 'model'"),
                c("evaluate --predictions ok.csv --cluster-by subject", 2, "ok.csv", "missing column 'subject'"),
                // predict
                c("predict --model nobundle --image x.png --roi 1,2,3,4", 2, "nobundle", "not a directory"),
                c("predict --model emptydir --image x.png --roi 1,2,3,4", 2, "metadata.json", "not found"),
                c("predict --model afile --image x.png --roi 1,2,3,4", 2, "afile", "not a directory"),
                // export
                c("export norun --cell T1/hemangioma-vs-metastases --out b", 2, "norun", "not a study run directory"),
                c("export emptydir --cell T1/hemangioma-vs-metastases --out b", 2, "emptydir", "no cells/"),
                // report
                c("report norun", 2, "norun", "not a directory"),
                c("report emptydir", 2, "results.csv", "not found"),
                c("report --template about.yaml", 2, "about.yaml", "exists; the template never overwrites"),
                c("report --template emptydir", 2, "emptydir", "is a directory"),
                c("report", 2, "RUN_DIR", "give RUN_DIR"),
                // validate
                c("validate --run norun --dataset emptydir --out v", 2, "norun", "not a finished study run"),
                c("validate --model nobundle --dataset emptydir --out v", 2, "nobundle", "no metadata.json"),
                // status
                c("status norun", 2, "norun", "no study.json"),
                c("status emptydir", 2, "emptydir", "no study.json"),
                // annotations
                c("annotations missing.json", 2, "missing.json", "cannot read"),
                c("annotations ok.csv", 2, "ok.csv", "not a VIA annotation file"),
                c("annotations latin1.csv", 2, "latin1.csv", "line 2: byte 0xE9 is not UTF-8"),
                // study
                c("study emptydir --profile quick --out r", 2, "dataset.csv", "not found"),
                c("study emptydir --profile fast --out r", 2, "profile 'fast'", "built-in: paper, quick"),
                c("study emptydir --config missing.yaml --out r", 2, "missing.yaml", "not found"),
                c("study emptydir --config empty.csv --out r", 2, "empty.csv", "invalid study file"),
                // bench
                c("bench --batch 0", 2, "batch", "must be >= 2"),
                c("bench --input 3", 2, "input size", "multiple of 8"),
                // synth
                c("synth --out s --matrix 100", 2, "--matrix", "256, 384 or 512"),
                c("synth --out s --site C", 2, "--site", "unknown site 'C'"),
                c("synth --out s --patients 5", 2, "--patients", "at least 18"),
                c("synth --out afile", 2, "afile", ""),
                // demo
                c("demo --out afile", 2, "afile", "is a file, not a directory"),
                // ingest
                c("ingest emptydir --out d", 2, "cohort.csv", "not found"),
                c("ingest norun --out d", 2, "norun", "not a directory"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusesWithOneLineAndWritesNothing(String args, int exit, String names, String problem) throws Exception {
        Path d = tmp.resolve("case");
        fixtures(d);
        Map<String, String> before = BadCohort.checksums(d);
        List<String> argv = new ArrayList<>();
        for (String a : args.split(" ")) {
            boolean option = a.startsWith("-")
                    || !a.contains(".")
                            && !List.of("norun", "nobundle", "emptydir", "afile", "s", "b", "r", "d", "v")
                                    .contains(a);
            argv.add(option ? a : d.resolve(a).toString());
        }
        CliResult r = CliRun.run(argv.toArray(String[]::new));
        BadInputCorpusTest.assertOneLineRefusal(r, exit, names, problem);
        assertThat(BadCohort.checksums(d))
                .as(args + ": nothing written or changed")
                .isEqualTo(before);
    }
}
