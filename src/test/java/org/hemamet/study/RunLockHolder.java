package org.hemamet.study;

import java.nio.file.Path;

/**
 * A second process for {@link RunLockTest}: holds {@code args[0]} as a study would (describing what it does as
 * {@code args[1]} when given), says "held" on stdout, and lets go when its stdin ends (or when it is killed).
 */
public final class RunLockHolder {
    private RunLockHolder() {}

    public static void main(String[] args) throws Exception {
        try (RunLock hold = RunLock.acquire(Path.of(args[0]), "study (test holder)")) {
            if (args.length > 1) {
                hold.describe(args[1]);
            }
            System.out.println("held");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the test to close our stdin
            }
        }
    }
}
