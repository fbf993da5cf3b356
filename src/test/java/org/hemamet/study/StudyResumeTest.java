package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hemamet.cohort.Sequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A study killed with SIGKILL mid-run resumes and ends with the same results as an uninterrupted run. */
class StudyResumeTest {
    @TempDir
    Path tmp;

    static StudyConfig fourCells() {
        return new StudyConfig(
                        "resume-test",
                        11,
                        List.of(Sequence.T1, Sequence.T2),
                        List.of("hemangioma-vs-metastases", "hemangioma-vs-breast+lung"),
                        StudyConfig.Balancing.DOWNSAMPLE,
                        0.4,
                        1,
                        32,
                        false,
                        new StudyConfig.Search("grid", 0, 0.25, List.of(3e-3), List.of(8), List.of(5), List.of(0.5)),
                        100,
                        0)
                .validated("test");
    }

    @Test
    void killedRunResumesToTheSameResults() throws Exception {
        Path dataset = StudyFixtures.separable(tmp.resolve("ds"), 20, 40, 32, 3, false);
        StudyConfig config = fourCells();
        Path configFile = tmp.resolve("study.json");
        Files.writeString(configFile, config.toJson());

        // PyTorch's CPU reductions depend on the intra-op thread count: results are reproducible for a seed
        // and a thread count, so the child process gets this JVM's count
        int threads = org.hemamet.model.EngineSetup.threads();
        Path reference = tmp.resolve("reference");
        new StudyRunner(config, dataset, reference, null).run();

        Path killed = tmp.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=" + threads,
                "org.hemamet.cli.Main",
                "study",
                dataset.toString(),
                "--config",
                configFile.toString(),
                "--out",
                killed.toString(),
                "--no-report"));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (finishedCells(killed) < 1 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(p.isAlive())
                .as("the child must still be running when killed: " + Files.readString(tmp.resolve("child.log")))
                .isTrue();
        p.destroyForcibly(); // SIGKILL on Linux
        p.waitFor(30, TimeUnit.SECONDS);
        int before = finishedCells(killed);
        assertThat(before).isBetween(1, 3);
        assertThat(killed.resolve("results.csv")).doesNotExist(); // run-level files only at the end

        List<CellRunner.CellOutcome> resumed = new StudyRunner(config, dataset, killed, null).run();
        assertThat(resumed).hasSize(4);
        // no half-written cell directories are left behind
        try (Stream<Path> s = Files.list(killed.resolve("cells"))) {
            assertThat(s.map(x -> x.getFileName().toString())).allMatch(n -> !n.startsWith("."));
        }
        assertThat(StudyRunnerTest.stripTimes(Files.readString(killed.resolve("results.csv"))))
                .isEqualTo(StudyRunnerTest.stripTimes(Files.readString(reference.resolve("results.csv"))));
        assertThat(Files.readString(killed.resolve("predictions.csv")))
                .isEqualTo(Files.readString(reference.resolve("predictions.csv")));
    }

    static int finishedCells(Path run) throws Exception {
        Path cells = run.resolve("cells");
        if (!Files.isDirectory(cells)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(cells)) {
            return (int) s.filter(d -> Files.isRegularFile(d.resolve(CellRunner.RESULT_FILE)))
                    .count();
        }
    }
}
