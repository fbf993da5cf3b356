package org.hemamet.core;

/**
 * The one exception type that carries a process exit code. User-facing problems (bad input, data in a
 * wrong state) are thrown as this with a one-line message that names the file and the problem; the CLI's
 * single exception mapper turns it into that message and {@link #exitCode()}.
 *
 * <p>Exit-code table (the only one in hemamet):
 * <table>
 *   <caption>exit codes</caption>
 *   <tr><td>{@value #OK}</td><td>success</td></tr>
 *   <tr><td>{@value #INVALID_INPUT}</td><td>invalid input: a file, option or value is wrong</td></tr>
 *   <tr><td>{@value #DATA_STATE}</td><td>data state: inputs are valid but inconsistent or insufficient
 *       (e.g. a class too small to split, a run directory from another config)</td></tr>
 *   <tr><td>{@value #INTERNAL}</td><td>internal error (a bug, or the engine failed)</td></tr>
 * </table>
 */
public final class HemametException extends RuntimeException {
    public static final int OK = 0;
    public static final int INVALID_INPUT = 2;
    public static final int DATA_STATE = 3;
    public static final int INTERNAL = 4;

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

    public int exitCode() {
        return exitCode;
    }
}
