package org.hemamet.core;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The one exception type that carries a process exit code. User-facing problems (bad input, data in a
 * wrong state, an output that cannot be written) are thrown as this with a one-line message that names the
 * file and the problem; the CLI's single exception mapper turns it into that message and {@link #exitCode()}.
 *
 * <p>Exit-code table (the only one in hemamet):
 * <table>
 *   <caption>exit codes</caption>
 *   <tr><td>{@value #OK}</td><td>success</td></tr>
 *   <tr><td>{@value #INVALID_INPUT}</td><td>invalid input: a file, option or value is wrong</td></tr>
 *   <tr><td>{@value #DATA_STATE}</td><td>data state: inputs are valid but inconsistent or insufficient
 *       (e.g. a class too small to split, a run directory from another config)</td></tr>
 *   <tr><td>{@value #INTERNAL}</td><td>internal error (a bug, or the engine failed)</td></tr>
 *   <tr><td>{@value #OUTPUT}</td><td>output error: an output could not be written (disk full, permission
 *       denied, a path component that is a file); the machine's state, not the user's input</td></tr>
 * </table>
 * A failed read of an input is invalid input ({@value #INVALID_INPUT}); a failed write of an output is
 * {@link #outputError}.
 */
public final class HemametException extends RuntimeException {
    public static final int OK = 0;
    public static final int INVALID_INPUT = 2;
    public static final int DATA_STATE = 3;
    public static final int INTERNAL = 4;
    public static final int OUTPUT = 5;

    private final int exitCode;

    private HemametException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** Bad input (exit 2): the message names the file (or option) and what is wrong with it. */
    public static HemametException invalidInput(String message) {
        return new HemametException(INVALID_INPUT, message, null);
    }

    public static HemametException invalidInput(String message, Throwable cause) {
        return new HemametException(INVALID_INPUT, message, cause);
    }

    /** Valid input in a state the operation cannot use (exit 3). */
    public static HemametException dataState(String message) {
        return new HemametException(DATA_STATE, message, null);
    }

    public static HemametException dataState(String message, Throwable cause) {
        return new HemametException(DATA_STATE, message, cause);
    }

    /** An internal failure (exit 4). */
    public static HemametException internal(String message, Throwable cause) {
        return new HemametException(INTERNAL, message, cause);
    }

    /**
     * An output that cannot be written (exit 5): "output error: cannot write PATH: REASON", where the reason
     * is the system's (with the file it failed on, when that is known).
     */
    public static HemametException outputError(Path path, IOException cause) {
        return outputError(path, IoErrors.reason(cause, path), cause);
    }

    /** An output that cannot be written (exit 5), with the reason given. */
    public static HemametException outputError(Path path, String reason, Throwable cause) {
        return new HemametException(OUTPUT, "output error: cannot write " + path + ": " + reason, cause);
    }

    /**
     * This failure with {@code from} in its message read as {@code to} (a temporary directory named as the
     * output it becomes), the same exit code, this one its cause.
     */
    HemametException naming(String from, String to) {
        return new HemametException(exitCode, getMessage().replace(from, to), this);
    }

    public int exitCode() {
        return exitCode;
    }
}
