package org.hemamet.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The one CLI test harness: runs {@code hemamet ARGS...} in this JVM through {@link CliFactory} (the same
 * command line and exception mapper as {@code Main}) with captured stdout and stderr.
 */
public final class CliRun {
    private CliRun() {}

    /**
     * What a command did.
     *
     * @param exit the exit code ({@code HemametException}'s table)
     * @param out everything written to stdout
     * @param err everything written to stderr
     */
    public record CliResult(int exit, String out, String err) {
        /** stdout and stderr, for assertion messages. */
        public String both() {
            return out + err;
        }
    }

    /** Runs one command. */
    public static CliResult run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit;
        try (PrintWriter o = new PrintWriter(out, true);
                PrintWriter e = new PrintWriter(err, true)) {
            exit = CliFactory.create(o, e).execute(args);
        }
        return new CliResult(exit, out.toString(), err.toString());
    }
}
