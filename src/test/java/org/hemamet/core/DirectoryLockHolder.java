package org.hemamet.core;

import java.nio.file.Path;

/**
 * A second process for the lock tests: holds the lock file {@code args[0]} exclusively (as an ingest or a study
 * run would) or, with {@code args[1]} = "shared", for reading (as a study reads its dataset); says "held" on
 * stdout and lets go when its stdin ends (or when it is killed).
 */
public final class DirectoryLockHolder {
    private DirectoryLockHolder() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        boolean shared = args.length > 1 && args[1].equals("shared");
        try (DirectoryLock hold = shared
                ? DirectoryLock.shared(file, h -> HemametException.dataState("held: " + h))
                        .orElseThrow()
                : DirectoryLock.exclusive(
                        file,
                        "ingest (test holder)",
                        h -> HemametException.dataState("held"),
                        DirectoryLock.AtEnd.NOTHING)) {
            System.out.println("held");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the test to close our stdin
            }
        }
    }

    /** Starts a holder of {@code file} and returns once it holds it. */
    public static Process start(Path file, boolean shared) throws java.io.IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                        javaBin,
                        "-cp",
                        System.getProperty("java.class.path"),
                        DirectoryLockHolder.class.getName(),
                        file.toString(),
                        shared ? "shared" : "exclusive")
                .redirectErrorStream(true)
                .start();
        var out = new java.io.BufferedReader(
                new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"held".equals(line)) {
            p.destroyForcibly();
            throw new IllegalStateException("the holder did not hold " + file + ": " + line);
        }
        return p;
    }

    /** Lets a holder from {@link #start} go and waits for it to end. */
    public static void stop(Process p) throws Exception {
        p.getOutputStream().close();
        if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the holder did not end");
        }
    }
}
