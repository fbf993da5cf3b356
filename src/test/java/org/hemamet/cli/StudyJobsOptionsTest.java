package org.hemamet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.hemamet.cluster.LocalExecutor;
import org.hemamet.core.HemametException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code study --jobs} / {@code demo --jobs}: refused (exit 2, one line) when not positive or with {@code
 * --executor slurm}; what every cell process is given; the run's error takes the exit code of the first failed
 * cell's process; the parent's progress counts cells (the JVMs themselves: study.StudyJobsTest, slow tier).
 */
class StudyJobsOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void jobsBelowOneIsBadInput() throws Exception {
        Path ds = Files.createDirectories(tmp.resolve("ds"));
        CliRun.CliResult r =
                CliRun.run("study", ds.toString(), "--out", tmp.resolve("run").toString(), "--jobs", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("hemamet: --jobs: must be >= 1, got 0");
        assertThat(tmp.resolve("run")).doesNotExist();

        CliRun.CliResult demo = CliRun.run("demo", "--out", tmp.resolve("demo").toString(), "--jobs", "-1");
        assertThat(demo.exit()).isEqualTo(2);
        assertThat(demo.err().strip()).isEqualTo("hemamet: --jobs: must be >= 1, got -1");
        assertThat(tmp.resolve("demo")).doesNotExist();
    }

    @Test
    void jobsWithTheSlurmExecutorIsBadInput() throws Exception {
        Path ds = Files.createDirectories(tmp.resolve("ds"));
        CliRun.CliResult r = CliRun.run(
                "study", ds.toString(), "--out", tmp.resolve("run").toString(), "--executor", "slurm", "--jobs", "2");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo("hemamet: --jobs: only with the local executor (with --executor slurm every cell is its own"
                        + " task)");
        assertThat(r.err().strip()).doesNotContain("\n");
    }

    @Test
    void aCellProcessWhoseParentHasEndedDoesNotStart() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        CliRun.CliResult r = CliRun.run(
                "study-cell",
                "--parent-pid=" + gone.pid(),
                tmp.resolve("run").toString(),
                "T1__hemangioma-vs-lung__r0");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err().strip())
                .isEqualTo("hemamet: cell T1__hemangioma-vs-lung__r0: the parent process " + gone.pid() + " has ended");
    }

    @Test
    void everyCellProcessGetsTheDeviceOptionsTheAbsoluteDatasetAndVerbose() {
        DeviceOptions device = new DeviceOptions();
        device.device = "gpu";
        device.precision = "bf16";
        Path ds = Path.of("relative/ds");
        assertThat(LocalJobs.cellArguments(device, ds, true))
                .containsExactly(
                        "--device=gpu",
                        "--precision=bf16",
                        "--dataset=" + ds.toAbsolutePath().normalize(),
                        "--verbose");
        assertThat(LocalJobs.cellArguments(device, ds, false)).doesNotContain("--verbose");
    }

    @Test
    void theRunsErrorHasTheFirstFailedCellsExitCodeAndNamesTheCells() {
        Path run = tmp.resolve("run");
        var bad = new LocalExecutor.CellEnd("T1__a__r0", 3, "hemamet: cell T1__a__r0: no lesions", run);
        var crash = new LocalExecutor.CellEnd("T2__a__r0", 137, "", run);
        HemametException e = LocalJobs.failure(run, List.of(bad, crash), 4);
        assertThat(e.exitCode()).isEqualTo(HemametException.DATA_STATE);
        assertThat(e.getMessage())
                .contains("2 of 4 cells failed (T1__a__r0, T2__a__r0; first: cell T1__a__r0: no lesions)")
                .contains("run the same command again");
        assertThat(LocalJobs.failure(run, List.of(crash), 4).exitCode()).isEqualTo(HemametException.INTERNAL);
        var input = new LocalExecutor.CellEnd("T1__a__r0", 2, "hemamet: x", run);
        assertThat(LocalJobs.failure(run, List.of(input), 4).exitCode()).isEqualTo(HemametException.INVALID_INPUT);
    }

    @Test
    void progressCountsCellsDoneOfAllAsLines() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        AtomicLong nanos = new AtomicLong();
        Progress lines = Progress.start(Progress.Mode.LINES, "study", 3, "cells", err, nanos::get);
        Path log = tmp.resolve("log");
        try (LocalJobs.CellsProgress p = new LocalJobs.CellsProgress(4, 1, lines)) {
            p.cellStarted("a");
            p.cellStarted("b");
            nanos.set(60_000_000_000L);
            p.cellEnded(new LocalExecutor.CellEnd("a", 0, "", log));
            p.cellEnded(new LocalExecutor.CellEnd("b", 4, "hemamet: boom", log));
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("\r");
        assertThat(out)
                .contains("study 2/4 cells (33 %), 1:00 elapsed, ~2:00 left, 1 running, a done")
                .contains("study 3/4 cells (1 failed) (66 %), 1:00 elapsed, ~0:30 left, 0 running, b FAILED");
    }
}
