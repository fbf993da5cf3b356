package org.hemamet.cli;

import picocli.CommandLine.Option;

/** Options every subcommand takes (mix in with {@code @Mixin CommonOptions common;}). */
public final class CommonOptions {
    @Option(names = "--verbose", description = "Print stack traces and debug logging.")
    public boolean verbose;
}
