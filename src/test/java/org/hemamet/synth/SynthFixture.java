package org.hemamet.synth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hemamet.cli.CliRun;
import org.hemamet.core.AtomicFiles;

/** One small synthetic cohort generated once per test JVM through the CLI ({@code hemamet synth}). */
final class SynthFixture {
    static final int PATIENTS = 30;
    static final long SEED = 7;
    private static Path dir;
    static String stdout;
    static int exitCode;

    private SynthFixture() {}

    static synchronized Path out() {
        if (dir == null) {
            try {
                Path base = Files.createTempDirectory("hemamet-synth-test");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> AtomicFiles.deleteRecursively(base)));
                dir = base.resolve("out");
                CliRun.CliResult r = CliRun.run(
                        "synth",
                        "--out",
                        dir.toString(),
                        "--patients",
                        String.valueOf(PATIENTS),
                        "--seed",
                        String.valueOf(SEED),
                        "--threads",
                        "2",
                        "--preview",
                        base.resolve("preview.png").toString());
                exitCode = r.exit();
                stdout = r.both();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return dir;
    }

    static Path preview() {
        return out().getParent().resolve("preview.png");
    }
}
