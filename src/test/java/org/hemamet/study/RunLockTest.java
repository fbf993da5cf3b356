package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hemamet.cli.CliRun;
import org.hemamet.cli.CliRun.CliResult;
import org.hemamet.core.HemametException;
import org.hemamet.core.TestTrees;
import org.hemamet.predict.PredictFixtureAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {
    @TempDir
    Path tmp;

    private static java.util.Map<String, String> checksums(Path dir) throws Exception {
        java.util.Map<String, String> sums = new java.util.TreeMap<>();
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                sums.put(dir.relativize(f).toString(), org.hemamet.core.Hashing.sha256(f));
            }
        }
        return sums;
    }

    /** Another JVM holding {@code dir} as a study run would, until its stdin is closed or it is killed. */
    private static Process holder(Path dir, String... doing) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(
                java, "-cp", System.getProperty("java.class.path"), RunLockHolder.class.getName(), dir.toString()));
        command.addAll(List.of(doing));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("held");
        return p;
    }

    @Test
    void aRunHeldByAnotherProcessIsRefusedNamingItAndFreeOnceItEnds() throws Exception {
        Path run = tmp.resolve("run");
        Process other = holder(run);
        try {
            assertThat(RunLock.holder(run))
                    .get()
                    .asString()
                    .startsWith("process " + other.pid() + " ")
                    .endsWith(": study (test holder)");
            assertThatThrownBy(() -> RunLock.acquire(run, "study"))
                    .isInstanceOfSatisfying(
                            HemametException.class,
                            e -> assertThat(e.exitCode()).isEqualTo(HemametException.DATA_STATE))
                    .hasMessageStartingWith(run + ": in use by another hemamet run (process " + other.pid() + " ")
                    .hasMessageContaining(": study (test holder)); wait for it to end");
        } finally {
            other.getOutputStream().close();
            assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(RunLock.holder(run)).isEmpty();
        assertThat(run).doesNotExist(); // the holder made it, wrote nothing else, and took it away again
        try (RunLock hold = RunLock.acquire(run, "study")) {
            assertThat(RunLock.holder(run))
                    .get()
                    .asString()
                    .startsWith("process " + ProcessHandle.current().pid());
            hold.describe("cell 1 of 2");
            assertThat(RunLock.holder(run)).get().asString().endsWith(": study; cell 1 of 2");
            assertThat(RunLock.runningCell(RunLock.holder(run).orElseThrow())).isEmpty();
            hold.describeCell(2, 2, "T1__hemangioma-vs-lung__r0");
            assertThat(RunLock.holder(run).orElseThrow())
                    .matches(".*: study; cell 2 of 2 since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ:"
                            + " T1__hemangioma-vs-lung__r0");
            assertThat(RunLock.holder(run).flatMap(RunLock::runningCell)).contains("T1__hemangioma-vs-lung__r0");
        }
    }

    @Test
    void aKilledHolderLeavesNoHold() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("study.json"), "{}");
        Process other = holder(run);
        other.destroyForcibly();
        assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(run.resolve(RunLock.FILE)).exists(); // a killed holder cannot remove its file ...
        assertThat(RunLock.holder(run)).isEmpty(); // ... but holds nothing
        try (RunLock hold = RunLock.acquire(run, "study")) {
            assertThat(hold).isNotNull();
        }
        assertThat(run.resolve(RunLock.FILE)).isEmptyFile();
        assertThat(run.resolve("study.json")).hasContent("{}");
    }

    @Test
    void oneProcessCannotHoldARunTwiceAndAFileIsNoRunDirectory() throws Exception {
        Path run = tmp.resolve("run");
        try (RunLock hold = RunLock.acquire(run, "study")) {
            assertThatThrownBy(() -> RunLock.acquire(run, "study"))
                    .hasMessageStartingWith(run + ": in use by another hemamet run (process "
                            + ProcessHandle.current().pid());
        }
        Path file = Files.writeString(tmp.resolve("afile"), "x");
        assertThatThrownBy(() -> RunLock.acquire(file, "study"))
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(HemametException.INVALID_INPUT))
                .hasMessage(file + ": is a file, not a run directory; choose a new --out");
    }

    @Test
    void studyAndStatusOnARunAnotherProcessIsRunning() throws Exception {
        Path run = tmp.resolve("run");
        TestTrees.copy(PredictFixtureAccess.run(), run);
        String running = "T1__hemangioma-vs-metastases__r0"; // the fixture's one cell
        Files.delete(org.hemamet.contract.RunFiles.cellDir(run, running).resolve(org.hemamet.contract.RunFiles.RESULT));
        var before = checksums(run);
        before.remove(RunLock.FILE); // the fixture's study left it, empty
        Process other = holder(run, "cell 1 of 1 since 2026-11-29T10:00:00Z: " + running);
        try {
            CliResult r = CliRun.run(
                    "study", PredictFixtureAccess.dataset().toString(), "--out", run.toString(), "--no-report");
            assertThat(r.exit()).as(r.both()).isEqualTo(HemametException.DATA_STATE);
            assertThat(r.err().strip())
                    .startsWith("hemamet: " + run + ": in use by another hemamet run (process " + other.pid())
                    .doesNotContain("\n");
            CliResult status = CliRun.run("status", run.toString());
            assertThat(status.out())
                    .startsWith("In use by a hemamet run: process " + other.pid() + " ")
                    .contains(": study (test holder); cell 1 of 1 since 2026-11-29T10:00:00Z: " + running + "\n")
                    .contains(" 1 running, ")
                    .contains("  running  " + running + "  in the process holding the run\n");
        } finally {
            other.getOutputStream().close();
            assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        var after = checksums(run);
        after.remove(RunLock.FILE); // the holder's, emptied as it ended
        assertThat(after).as("nothing written or removed").isEqualTo(before);
        assertThat(run.resolve(RunLock.FILE)).isEmptyFile();
    }
}
