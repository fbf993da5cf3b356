package org.hemamet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hemamet.core.HemametException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output that cannot be written exits {@value HemametException#OUTPUT} with one line naming the path, not
 * 2 ("invalid input"). Tests run as root, where permissions do not stop a write, so the output's parent is
 * a regular file.
 */
class OutputErrorTest {
    @TempDir
    Path tmp;

    @Test
    void synthIntoAPathBelowAFileIsAnOutputError() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        Path out = file.resolve("cohort");
        CliRun.CliResult r = CliRun.run("synth", "--out", out.toString(), "--patients", "18", "--threads", "1");
        assertThat(r.exit()).as(r.err()).isEqualTo(HemametException.OUTPUT).isEqualTo(5);
        assertThat(r.err())
                .isEqualTo("hemamet: output error: cannot write " + out + ": " + file + ": not a directory"
                        + System.lineSeparator());
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void reportIntoAPathBelowAFileIsAnOutputError() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(
                run.resolve("results.csv"),
                "cell_id,sequence,comparison,repeat,status,message,auc,auc_lo,auc_hi\n"
                        + "T2__hemangioma-vs-lung__r0,T2,hemangioma-vs-lung,0,ok,,0.75,0.6,0.9\n");
        Path file = Files.writeString(tmp.resolve("share"), "x");
        Path html = file.resolve("report.html");
        CliRun.CliResult r = CliRun.run("report", run.toString(), "--out", html.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(HemametException.OUTPUT);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("hemamet: output error: cannot write " + html);
        assertThat(r.err()).endsWith(file + ": not a directory" + System.lineSeparator());
    }

    @Test
    void verboseAddsTheStackTrace() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        CliRun.CliResult r = CliRun.run(
                "synth", "--out", file.resolve("c").toString(), "--patients", "18", "--threads", "1", "--verbose");
        assertThat(r.exit()).isEqualTo(HemametException.OUTPUT);
        assertThat(r.err().lines().findFirst().orElseThrow()).startsWith("hemamet: output error: cannot write ");
        assertThat(r.err()).contains("at org.hemamet.core.AtomicFiles");
    }
}
