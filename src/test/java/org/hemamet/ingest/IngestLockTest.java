package org.hemamet.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.hemamet.cli.CliRun;
import org.hemamet.cli.CliRun.CliResult;
import org.hemamet.cohort.DatasetLock;
import org.hemamet.core.DirectoryLockHolder;
import org.hemamet.core.Hashing;
import org.hemamet.core.HemametException;
import org.hemamet.core.TestTrees;
import org.hemamet.synth.SynthFixtureAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One ingest at a time writes a dataset, and never while a study reads it: a second ingest into the same
 * {@code --out} deleted the first one's half-written copy as a killed run's orphan; an ingest under a running
 * study made the study stop at its next cell. Both are refused at the start, naming the holder, nothing touched.
 */
class IngestLockTest {
    @TempDir
    Path tmp;

    private static Map<String, String> checksums(Path dir) throws Exception {
        Map<String, String> sums = new TreeMap<>();
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                sums.put(dir.relativize(f).toString(), Hashing.sha256(f));
            }
        }
        return sums;
    }

    private static CliResult ingest(Path out) {
        return CliRun.run(
                "ingest",
                SynthFixtureAccess.cohort().toString(),
                "--out",
                out.toString(),
                "--key-file",
                SynthFixtureAccess.keyFile().toString(),
                "--no-progress");
    }

    @Test
    void anIngestIntoADatasetAnotherIngestWritesOrAStudyReadsIsRefused() throws Exception {
        Path ds = TestTrees.copy(SynthFixtureAccess.dataset(), tmp.resolve("ds"));
        var before = checksums(tmp);
        Process writer = DirectoryLockHolder.start(DatasetLock.file(ds), false);
        try {
            CliResult r = ingest(ds);
            assertThat(r.exit()).as(r.both()).isEqualTo(HemametException.DATA_STATE);
            assertThat(r.err().strip())
                    .startsWith("hemamet: " + ds + ": being written by another hemamet ingest (process " + writer.pid()
                            + " ")
                    .endsWith(": ingest (test holder)); wait for it to end, or choose another --out")
                    .doesNotContain("\n");
            CliResult s = CliRun.run(
                    "study",
                    ds.toString(),
                    "--profile",
                    "quick",
                    "--out",
                    tmp.resolve("run").toString(),
                    "--no-report");
            assertThat(s.exit()).as(s.both()).isEqualTo(HemametException.DATA_STATE);
            assertThat(s.err().strip())
                    .startsWith("hemamet: " + ds + ": being written by a hemamet ingest (process " + writer.pid() + " ")
                    .endsWith("; wait for it to end and run this again")
                    .doesNotContain("\n");
            assertThat(tmp.resolve("run")).as("no run directory left behind").doesNotExist();
            CliResult v = CliRun.run(
                    "validate",
                    "--model",
                    org.hemamet.predict.PredictFixtureAccess.bundle().toString(),
                    "--dataset",
                    ds.toString(),
                    "--out",
                    tmp.resolve("val").toString());
            assertThat(v.exit()).as(v.both()).isEqualTo(HemametException.DATA_STATE);
            assertThat(v.err()).startsWith("hemamet: " + ds + ": being written by a hemamet ingest (process ");
            assertThat(tmp.resolve("val")).doesNotExist();
        } finally {
            DirectoryLockHolder.stop(writer);
        }
        Process study = DirectoryLockHolder.start(DatasetLock.file(ds), true);
        try {
            CliResult r = ingest(ds);
            assertThat(r.exit()).as(r.both()).isEqualTo(HemametException.DATA_STATE);
            assertThat(r.err().strip())
                    .isEqualTo("hemamet: " + ds + ": in use by a running hemamet study, which reads it; ingest into"
                            + " another --out, or wait for the study to end");
        } finally {
            DirectoryLockHolder.stop(study);
        }
        var after = checksums(tmp);
        after.remove(".ds.lock"); // made by the holders, empty
        assertThat(after).as("nothing written or removed").isEqualTo(before);
        assertThat(tmp.resolve(".ds.lock")).isEmptyFile();
    }

    @Test
    void anIngestRefusedBeforeItWroteLeavesNoLockFileBehind() {
        Path out = tmp.resolve("new");
        CliResult r = CliRun.run("ingest", tmp.resolve("no-such-cohort").toString(), "--out", out.toString());
        assertThat(r.exit()).isEqualTo(HemametException.INVALID_INPUT);
        CliResult empty = CliRun.run("ingest", tmp.toString(), "--out", out.toString(), "--no-progress");
        assertThat(empty.exit()).as(empty.both()).isNotZero();
        assertThat(tmp.resolve(".new.lock")).doesNotExist();
        assertThat(out).doesNotExist();
    }
}
