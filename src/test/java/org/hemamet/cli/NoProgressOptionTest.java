package org.hemamet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --no-progress} is an option of every command (it was ingest's alone) and silences progress. */
class NoProgressOptionTest {
    @TempDir
    Path tmp;

    @Test
    void everyCommandTakesIt() {
        CommandLine cli = CliFactory.create(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        assertThat(cli.getSubcommands()).isNotEmpty();
        cli.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) { // picocli's own
                assertThat(sub.getCommandSpec().findOption("--no-progress"))
                        .as(name)
                        .isNotNull();
            }
        });
        CommonOptions off = new CommonOptions();
        off.noProgress = true;
        assertThat(off.progress()).isEqualTo(Progress.Mode.OFF);
    }

    @Test
    void synthWithItWritesNoProgress() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        CliRun.CliResult r;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            r = CliRun.run("synth", "--out", tmp.resolve("s").toString(), "--patients", "18", "--no-progress");
        } finally {
            System.setErr(stderr);
        }
        assertThat(r.exit()).as(r.both()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .doesNotContain("synth ")
                .doesNotContain("patients");
    }
}
