package org.hemamet.synth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hemamet.cli.CliRun;
import org.hemamet.core.AtomicFiles;

/**
 * One small synthetic cohort generated once per test JVM through the CLI ({@code hemamet synth}), and its
 * dataset as {@code hemamet ingest} makes it with the default options (masks on), also once.
 */
final class SynthFixture {
    static final int PATIENTS = 30;
    static final long SEED = 7;
    private static Path dir;
    private static Path dataset;
    static String stdout;
    static int exitCode;
    static CliRun.CliResult ingest;

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

    /** The key file the dataset's pseudonyms were made with. */
    static Path keyFile() {
        return out().getParent().resolve("dataset.key");
    }

    /**
     * {@code hemamet ingest COHORT --out DATASET --key-file KEY --no-progress}: the cohort's dataset with the
     * default crop, masks and compression; {@link #ingest} holds what the command printed.
     */
    static synchronized Path dataset() {
        if (dataset == null) {
            Path cohort = out().resolve("cohort");
            Path ds = out().getParent().resolve("dataset");
            ingest = CliRun.run(
                    "ingest",
                    cohort.toString(),
                    "--out",
                    ds.toString(),
                    "--key-file",
                    keyFile().toString(),
                    "--no-progress");
            if (ingest.exit() != 0) {
                throw new IllegalStateException("ingest of the synth fixture failed: " + ingest.both());
            }
            dataset = ds;
        }
        return dataset;
    }
}
