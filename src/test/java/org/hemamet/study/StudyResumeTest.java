package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hemamet.cohort.Sequence;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study killed with SIGKILL once its first cell is written resumes and ends with the same results as an
 * uninterrupted run, without training again the cells finished before the kill. Nothing depends on how
 * far the child got: it is killed when the first cell appears (or has already ended), and every assertion
 * holds for any number of finished cells. End to end, about 20 s: tagged slow.
 */
@Tag("slow")
class StudyResumeTest {
    @TempDir
    Path tmp;

    static StudyConfig fourCells() {
        return TestStudies.tiny("resume-test", 11, Sequence.T1, Sequence.T2)
                .comparisons(List.of("hemangioma-vs-metastases", "hemangioma-vs-breast+lung"))
                .search(TestStudies.grid(3e-3, 5))
                .build()
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

        // the child's cells/ exists before it starts (a run directory may hold an empty cells/), so it can be
        // watched: a finished cell appears there at once, renamed into place with its result.json
        Path killed = tmp.resolve("killed");
        Path cells = Files.createDirectories(killed.resolve("cells"));
        Process p;
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            cells.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            p = new ProcessBuilder(childCommand(dataset, configFile, killed, threads))
                    .redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("child.log").toFile())
                    .start();
            awaitFirstCell(watch, p, Duration.ofMinutes(4));
        }
        p.destroyForcibly(); // SIGKILL on Linux
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Map<String, FileIdentity> finished = finishedCells(killed);
        assertThat(finished)
                .as("cells finished by the child: " + Files.readString(tmp.resolve("child.log")))
                .hasSizeBetween(1, 4);

        List<String> skipped = new ArrayList<>();
        StudyRunner.Listener listener = new StudyRunner.Listener() {
            @Override
            public void cellFinished(CellId cell, CellRunner.CellOutcome outcome, boolean wasSkipped) {
                if (wasSkipped) {
                    skipped.add(cell.id());
                }
            }
        };
        List<CellRunner.CellOutcome> resumed = new StudyRunner(config, dataset, killed, listener).run();
        assertThat(resumed).hasSize(4);
        // the cells finished before the kill were reused, not trained again: same result.json, same file
        assertThat(skipped).containsExactlyInAnyOrderElementsOf(finished.keySet());
        Map<String, FileIdentity> after = finishedCells(killed);
        finished.forEach((cell, id) -> assertThat(after.get(cell)).as(cell).isEqualTo(id));
        // no half-written cell directories are left behind
        try (Stream<Path> s = Files.list(cells)) {
            assertThat(s.map(x -> x.getFileName().toString())).allMatch(n -> !n.startsWith("."));
        }
        assertThat(StudyRunnerTest.stripTimes(Files.readString(killed.resolve("results.csv"))))
                .isEqualTo(StudyRunnerTest.stripTimes(Files.readString(reference.resolve("results.csv"))));
        assertThat(Files.readString(killed.resolve("predictions.csv")))
                .isEqualTo(Files.readString(reference.resolve("predictions.csv")));
    }

    private static List<String> childCommand(Path dataset, Path configFile, Path out, int threads) {
        return List.of(
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
                out.toString(),
                "--no-report");
    }

    /**
     * Returns when a cell directory (not a hidden temporary) appears in the watched cells/, or when the
     * child has exited; fails after {@code limit}. Wakes on the event, not on a timer.
     */
    private static void awaitFirstCell(WatchService watch, Process child, Duration limit) throws Exception {
        CompletableFuture<Process> exited = child.onExit();
        long deadline = System.nanoTime() + limit.toNanos();
        while (!exited.isDone()) {
            long left = deadline - System.nanoTime();
            assertThat(left).as("no cell finished within " + limit).isPositive();
            // the child's exit is checked at least once a second; a cell wakes this at once
            WatchKey key = watch.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
            if (key == null) {
                continue;
            }
            for (WatchEvent<?> e : key.pollEvents()) {
                if (e.context() instanceof Path name && !name.toString().startsWith(".")) {
                    return;
                }
            }
            key.reset();
        }
    }

    /** A file's identity and last write: equal before and after means it was not written again. */
    record FileIdentity(Object fileKey, FileTime modified) {}

    /** The finished cells of a run directory (those with a result.json), with their result.json's identity. */
    static Map<String, FileIdentity> finishedCells(Path run) throws Exception {
        Map<String, FileIdentity> out = new TreeMap<>();
        Path cells = run.resolve("cells");
        if (!Files.isDirectory(cells)) {
            return out;
        }
        try (Stream<Path> s = Files.list(cells)) {
            for (Path d : s.toList()) {
                Path result = d.resolve(CellRunner.RESULT_FILE);
                if (Files.isRegularFile(result)) {
                    BasicFileAttributes a = Files.readAttributes(result, BasicFileAttributes.class);
                    out.put(d.getFileName().toString(), new FileIdentity(a.fileKey(), a.lastModifiedTime()));
                }
            }
        }
        return out;
    }
}
