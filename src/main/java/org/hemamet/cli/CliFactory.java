package org.hemamet.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.hemamet.core.Csv;
import org.hemamet.core.HemametException;
import picocli.CommandLine;

/**
 * Builds the {@link CommandLine} with injectable writers (tests capture output) and the one exception
 * mapper: every refusal is one line on stderr; a {@link HemametException} prints its message and exits with its code (an output
 * that cannot be written is {@value HemametException#OUTPUT}); picocli usage errors and a failed read of
 * an input ({@link UncheckedIOException}) and a malformed or cut CSV ({@link Csv.CsvException}, naming
 * the file and line) exit {@value HemametException#INVALID_INPUT}; anything else is
 * an internal error ({@value HemametException#INTERNAL}). {@code --verbose} adds the stack trace.
 */
public final class CliFactory {
    private CliFactory() {}

    public static CommandLine create(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new HemametCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            String message = ex.getMessage().strip().replace('\n', ' ');
            c.getErr()
                    .println("hemamet: " + message + " (see '"
                            + c.getCommandSpec().qualifiedName() + " --help')");
            return HemametException.INVALID_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean verbose = parseResult.hasMatchedOption("--verbose")
                    || (parseResult.subcommand() != null && anyVerbose(parseResult));
            PrintWriter e = commandLine.getErr();
            Throwable t = unwrap(ex);
            if (t instanceof HemametException he) {
                e.println("hemamet: " + he.getMessage());
                if (verbose) {
                    he.printStackTrace(e);
                }
                e.flush();
                return he.exitCode();
            }
            if (t instanceof UncheckedIOException || t instanceof Csv.CsvException) {
                e.println("hemamet: " + t.getMessage());
                if (verbose) {
                    t.printStackTrace(e);
                }
                e.flush();
                return HemametException.INVALID_INPUT;
            }
            e.println("hemamet: internal error: " + t);
            if (verbose) {
                t.printStackTrace(e);
            } else {
                e.println("(run with --verbose for the stack trace)");
            }
            e.flush();
            return HemametException.INTERNAL;
        });
        return cl;
    }

    private static boolean anyVerbose(CommandLine.ParseResult pr) {
        for (CommandLine.ParseResult p = pr; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while (!(cur instanceof HemametException)
                && cur.getCause() != null
                && (cur instanceof java.util.concurrent.ExecutionException
                        || cur instanceof java.util.concurrent.CompletionException
                        || cur.getClass() == RuntimeException.class)) {
            cur = cur.getCause();
        }
        return cur;
    }
}
