package org.hemamet.cli;

import picocli.CommandLine.Option;

/** Options every subcommand takes (mix in with {@code @Mixin CommonOptions common;}). */
public final class CommonOptions {
    @Option(names = "--verbose", description = "Print stack traces and debug logging.")
    public boolean verbose;

    @Option(
            names = "--no-progress",
            description = "Do not show progress on stderr (as HEMAMET_PROGRESS=off; messages and errors stay).")
    public boolean noProgress;

    /** How this command shows progress: off with --no-progress, else as {@link Progress.Mode#detect()}. */
    Progress.Mode progress() {
        return noProgress ? Progress.Mode.OFF : Progress.Mode.detect();
    }

    /** {@link #progress()} of a command that may have no options (a caller's own): detected. */
    static Progress.Mode progress(CommonOptions common) {
        return common == null ? Progress.Mode.detect() : common.progress();
    }
}
