package org.hemamet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hemamet.core.Csv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The one exception mapper: a CSV the project wrote that is cut short is invalid input, not an internal error. */
class CliFactoryTest {
    @TempDir
    Path tmp;

    @CommandLine.Command(name = "read-split")
    static final class ReadSplit implements Callable<Integer> {
        @CommandLine.Parameters
        Path file;

        @Override
        public Integer call() {
            return Csv.readTable(file).records().size();
        }
    }

    @Test
    void aCsvCutShortAnywhereInACommandExitsTwoWithOneLineNamingItsFileAndLine() throws Exception {
        Path split = tmp.resolve("split.csv");
        Files.writeString(split, "sample_id,partition\ns1,train\ns2,te");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit;
        try (PrintWriter o = new PrintWriter(out, true);
                PrintWriter e = new PrintWriter(err, true)) {
            CommandLine cl = CliFactory.create(o, e);
            cl.addSubcommand(new ReadSplit());
            cl.setErr(e); // a subcommand added later takes the writers again
            exit = cl.execute("read-split", split.toString());
        }
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("hemamet: " + split + " line 3: the last line has no line break (the file is cut short:"
                        + " written or copied incompletely?)" + System.lineSeparator());
    }
}
