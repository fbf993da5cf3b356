package org.hemamet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Slurm options of {@code study} are refused (exit 2, one line) without {@code --executor slurm}. */
class StudySlurmOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void slurmOptionsWithoutTheSlurmExecutorAreBadInput() throws Exception {
        Path ds = Files.createDirectories(tmp.resolve("ds"));
        StringWriter err = new StringWriter();
        int code = CliFactory.create(new PrintWriter(new StringWriter()), new PrintWriter(err, true))
                .execute("study", ds.toString(), "--out", tmp.resolve("run").toString(), "--partition", "gpu");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("hemamet: --partition: only with --executor slurm");
        assertThat(tmp.resolve("run")).doesNotExist();
    }
}
