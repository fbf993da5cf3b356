package org.hemamet.cohort;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.hemamet.core.DirectoryLock;
import org.hemamet.core.HemametException;

/**
 * The holds on a dataset directory: the ingest that writes (or replaces) it holds it alone; the studies that
 * read it hold it together. Without it, a second ingest into the same {@code --out} deleted the first one's
 * half-written copy as an orphan of a killed run, and an ingest replacing a dataset under a running study
 * stopped the study at its next cell. Either is refused at its start instead (exit 3), naming the holder.
 *
 * <p>The lock file stands beside the dataset ({@code .<name>.lock}), because an ingest replaces the whole
 * directory; it stays (empty) once a dataset is there, and is removed when no dataset is there at the end of an
 * ingest that made it (one refused before it wrote). Readers never create it, so a refused study or validation
 * leaves nothing beside the dataset; a dataset without it (copied without it, or ingested by a version before
 * 2026-11-29) and one nobody may write to are read without a hold (the study's dataset check between cells
 * still stops a run whose dataset was replaced).
 */
public final class DatasetLock {
    private DatasetLock() {}

    /** The lock file of {@code datasetDir}: {@code .<name>.lock} beside it. */
    public static Path file(Path datasetDir) {
        Path abs = datasetDir.toAbsolutePath().normalize();
        if (abs.getParent() == null) {
            throw HemametException.invalidInput(datasetDir + ": not a place for a dataset; choose a directory");
        }
        return abs.resolveSibling("." + abs.getFileName() + ".lock");
    }

    /**
     * Holds {@code datasetDir} for an ingest into it, creating its parent directories.
     *
     * @throws HemametException exit 3 when another ingest writes it or a study reads it
     */
    public static DirectoryLock forWriting(Path datasetDir, String command) {
        Path lockFile = file(datasetDir);
        try {
            Files.createDirectories(lockFile.getParent());
        } catch (java.io.IOException e) {
            throw HemametException.outputError(datasetDir, e);
        }
        boolean made = !Files.exists(lockFile);
        return DirectoryLock.exclusive(
                lockFile,
                command,
                holder -> HemametException.dataState(holder.map(h -> datasetDir
                                + ": being written by another hemamet ingest (" + h + "); wait for it to end, or"
                                + " choose another --out")
                        .orElse(datasetDir + ": in use by a running hemamet study, which reads it; ingest into"
                                + " another --out, or wait for the study to end")),
                file -> removeIfNoDataset(made, file, datasetDir));
    }

    /**
     * Holds {@code datasetDir} for reading beside other readers; empty when it is no dataset (the reader
     * refuses it), has no lock file, or cannot be held.
     *
     * @throws HemametException exit 3 while an ingest writes it
     */
    public static Optional<DirectoryLock> forReading(Path datasetDir) {
        if (!isDataset(datasetDir)) {
            return Optional.empty(); // the reader refuses it; no lock file beside a directory of another kind
        }
        Path lockFile = file(datasetDir);
        return DirectoryLock.shared(
                lockFile,
                holder -> HemametException.dataState(datasetDir + ": being written by a hemamet ingest (" + holder
                        + "); wait for it to end and run this again"));
    }

    private static void removeIfNoDataset(boolean made, Path lockFile, Path datasetDir) throws java.io.IOException {
        if (made && !isDataset(datasetDir)) {
            Files.deleteIfExists(lockFile);
        }
    }

    private static boolean isDataset(Path dir) {
        return Files.isRegularFile(dir.resolve(DatasetManifest.FILE_NAME));
    }
}
