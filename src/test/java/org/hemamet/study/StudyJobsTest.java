package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hemamet.cli.CliFactory;
import org.hemamet.cluster.LocalExecutor;
import org.hemamet.contract.RunFiles;
import org.hemamet.core.Json;
import org.hemamet.model.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code study --jobs 2}: the cells run in two child JVMs at once ({@code study-cell}) and the parent merges;
 * the run directory then holds the files of a {@code --jobs 1} run, file for file, byte for byte except the
 * cells' wall times, provenance.json and the children's logs. The one-process reference runs with the
 * children's thread count (PyTorch's CPU results are reproducible for a seed and a thread count). Deleting one
 * cell's done marker and running the same command again runs that cell only. Spawns JVMs, about a minute on 2
 * cores: tagged slow.
 */
@Tag("slow")
class StudyJobsTest {
    @TempDir
    static Path tmp;

    static Path dataset;
    static Path configFile;
    static Path reference;
    static Path parallel;
    static String parallelOut;

    @BeforeAll
    static void runBoth() throws Exception {
        dataset = StudyFixtures.separable(tmp.resolve("ds"), 12, 20, 32, 5, false);
        configFile = tmp.resolve("study.json");
        Files.writeString(configFile, StudyFixtures.tinyConfig(7).toJson());
        int own = EngineSetup.threads();
        int childThreads = LocalExecutor.threadsPerCell(own, 2);
        reference = tmp.resolve("jobs1");
        EngineSetup.setThreads(childThreads);
        try {
            StringWriter out = new StringWriter();
            assertThat(study(reference, out, "1")).as(out.toString()).isZero();
        } finally {
            EngineSetup.setThreads(own);
        }
        parallel = tmp.resolve("jobs2");
        StringWriter out = new StringWriter();
        assertThat(study(parallel, out, "2")).as(out.toString()).isZero();
        parallelOut = out.toString();
    }

    @Test
    void twoJobsGiveTheFilesOfOneJob() throws Exception {
        assertThat(parallelOut)
                .contains("Running 2 of 2 cells (0 already done), 2 at once")
                .contains("2 of 2 cells ok");
        Map<String, Object> one = contents(reference);
        Map<String, Object> two = contents(parallel);
        assertThat(two.keySet()).isEqualTo(one.keySet());
        assertThat(one).isNotEmpty().containsKey("results.csv").containsKey("predictions.csv");
        for (String f : one.keySet()) {
            assertThat(two.get(f)).as(f).isEqualTo(one.get(f));
        }
        for (CellId c : StudyRunner.cells(StudyFixtures.tinyConfig(7))) {
            Path log = LocalExecutor.log(parallel, c.id());
            assertThat(Files.readString(log))
                    .as(c.id())
                    .contains("cell " + c.id() + ": ok")
                    .contains("cell " + c.id() + ": final: ")
                    .contains("cell " + c.id() + ": after training: ");
            // the per-cell logs are run outputs: no path of the dataset or the run reaches them
            assertThat(Files.readString(log))
                    .as(c.id())
                    .doesNotContain(dataset.toAbsolutePath().toString())
                    .doesNotContain(tmp.toAbsolutePath().toString());
        }
        assertThat(RunFiles.readProvenance(parallel).jobs()).isEqualTo(2);
        assertThat(RunFiles.readProvenance(reference).jobs()).isEqualTo(1);
    }

    @Test
    void aResumeRunsOnlyTheCellThatIsNotDone() throws Exception {
        Path run = tmp.resolve("resume");
        copy(parallel, run);
        List<CellId> cells = StudyRunner.cells(StudyFixtures.tinyConfig(7));
        String kept = cells.get(0).id();
        String redone = cells.get(1).id();
        Files.delete(RunFiles.cellDir(run, redone).resolve("result.json"));
        Files.writeString(LocalExecutor.log(run, kept), "before the resume\n");
        var keptResult = Files.getLastModifiedTime(RunFiles.cellDir(run, kept).resolve("result.json"));

        StringWriter out = new StringWriter();
        assertThat(study(run, out, "2")).as(out.toString()).isZero();
        assertThat(out.toString())
                .contains("Running 1 of 2 cells (1 already done)")
                .contains("2 of 2 cells ok");
        // the done cell was neither run (its log untouched) nor rewritten
        assertThat(Files.readString(LocalExecutor.log(run, kept))).isEqualTo("before the resume\n");
        assertThat(Files.getLastModifiedTime(RunFiles.cellDir(run, kept).resolve("result.json")))
                .isEqualTo(keptResult);
        assertThat(Files.readString(LocalExecutor.log(run, redone))).contains("cell " + redone + ": ok");
        Map<String, Object> resumed = contents(run);
        contents(parallel).forEach((f, c) -> assertThat(resumed.get(f)).as(f).isEqualTo(c));
    }

    private static int study(Path run, StringWriter out, String jobs) {
        PrintWriter w = new PrintWriter(out, true);
        return CliFactory.create(w, w)
                .execute(
                        "study",
                        dataset.toString(),
                        "--config",
                        configFile.toString(),
                        "--out",
                        run.toString(),
                        "--no-report",
                        "--jobs",
                        jobs);
    }

    /**
     * Every file of a run by its relative path, but provenance.json (times, machine) and logs/: its text, with
     * the wall times left out (train_seconds of results.csv, the baselines' results.csv and result.json), or its
     * bytes' hash.
     */
    private static Map<String, Object> contents(Path run) throws Exception {
        Map<String, Object> m = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(run)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            String rel = run.relativize(f).toString().replace('\\', '/');
            if (rel.equals("provenance.json") || rel.startsWith(LocalExecutor.LOGS + "/")) {
                continue;
            }
            m.put(rel, content(rel, f));
        }
        return m;
    }

    private static Object content(String rel, Path f) throws Exception {
        if (rel.endsWith("results.csv")) {
            return StudyRunnerTest.stripTimes(Files.readString(f));
        }
        if (rel.endsWith("/result.json")) {
            JsonNode n = Json.mapper().readTree(f.toFile());
            ((ObjectNode) n).remove("train_seconds");
            return n;
        }
        return org.hemamet.core.Hashing.sha256(f);
    }

    private static void copy(Path from, Path to) throws Exception {
        List<Path> all;
        try (Stream<Path> s = Files.walk(from)) {
            all = new ArrayList<>(s.toList());
        }
        for (Path p : all) {
            Path target = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(target);
            } else {
                Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }
}
