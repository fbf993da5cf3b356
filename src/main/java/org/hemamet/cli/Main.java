package org.hemamet.cli;

import java.io.PrintWriter;

/** Entry point: builds the command line and exits once with its exit code. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = CliFactory.create(new PrintWriter(System.out, true), new PrintWriter(System.err, true))
                .execute(args);
        System.exit(code);
    }
}
