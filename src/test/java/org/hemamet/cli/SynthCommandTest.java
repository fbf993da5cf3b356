package org.hemamet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthCommandTest {
    @TempDir
    Path tmp;

    @Test
    void rejectsABadMatrix() {
        CliRun.CliResult r = CliRun.run("synth", "--out", tmp.resolve("x").toString(), "--matrix", "300");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("hemamet: --matrix must be 256, 384 or 512, got 300" + System.lineSeparator());
    }

    @Test
    void rejectsTooFewPatients() {
        CliRun.CliResult r = CliRun.run("synth", "--out", tmp.resolve("x").toString(), "--patients", "7");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("hemamet: --patients must be at least 18 (3 per diagnosis), got 7" + System.lineSeparator());
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void refusesANonEmptyOutputDirectory() throws Exception {
        Files.writeString(tmp.resolve("keep.txt"), "x");
        CliRun.CliResult r = CliRun.run("synth", "--out", tmp.toString(), "--patients", "18");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("hemamet: " + tmp + ": output directory exists and is not empty" + System.lineSeparator());
        assertThat(Files.readString(tmp.resolve("keep.txt"))).isEqualTo("x");
    }

    @Test
    void rejectsAnUnknownParameter() throws Exception {
        Path f = tmp.resolve("p.json");
        Files.writeString(f, "{\"sequences\": {\"T1\": {\"trr\": 500}}}");
        CliRun.CliResult r = CliRun.run("synth", "--out", tmp.resolve("x").toString(), "--params", f.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("hemamet: " + f + ": unknown parameter 'sequences.T1.trr'" + System.lineSeparator());
    }

    @Test
    void rejectsAnUnknownSite() {
        CliRun.CliResult r = CliRun.run("synth", "--out", tmp.resolve("x").toString(), "--site", "C");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("hemamet: --site: unknown site 'C' (known: A, B)" + System.lineSeparator());
        assertThat(tmp.resolve("x")).doesNotExist();
    }
}
