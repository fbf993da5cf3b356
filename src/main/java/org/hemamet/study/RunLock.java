package org.hemamet.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.hemamet.core.DirectoryLock;
import org.hemamet.core.HemametException;

/**
 * One process's exclusive hold on a run directory while it runs, resumes or merges the study there: a second
 * {@code hemamet study} on the same directory (started again in another terminal, or beside a Slurm merge)
 * would otherwise train the same cells twice and, at its start, delete the first one's half-written cell
 * directories as stale. It is refused instead (exit 3), naming the process that holds the run.
 *
 * <p>The hold is a {@link DirectoryLock} on {@code RUN_DIR/}{@value #FILE}: released by the kernel however
 * the holder ends, so a killed run leaves no stale hold and its rerun resumes. The file names the holder
 * (process id, host, start time, the command, the cell it is at) for the message and is emptied when the hold
 * ends; a run directory the hold created is removed with it when nothing else was written there. Cluster
 * tasks (each its own cell) do not take it.
 */
public final class RunLock implements AutoCloseable {
    /** The lock file inside the run directory. */
    public static final String FILE = ".hemamet.lock";

    private final DirectoryLock lock;

    private RunLock(DirectoryLock lock) {
        this.lock = lock;
    }

    /**
     * Says what the holder is doing now ("cell 5 of 24: T1__hemangioma-vs-lung__r0"), after its holder line,
     * for {@link #holder} (and so {@code hemamet status}) in another process; best effort.
     */
    public void describe(String now) {
        lock.describe(now);
    }

    /** {@link #describe}s the cell this process is running: "cell 5 of 24 since 2026-11-29T10:00:00Z: ID". */
    public void describeCell(int index, int total, String cellId) {
        describe(CELL + index + " of " + total + " since "
                + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ": " + cellId);
    }

    /** The cell a holder line of {@link #holder} says is running in the holder's process, if it names one. */
    public static Optional<String> runningCell(String holder) {
        int cell = holder.lastIndexOf("; " + CELL);
        int id = holder.lastIndexOf(": ");
        return cell < 0 || id < cell ? Optional.empty() : Optional.of(holder.substring(id + 2));
    }

    private static final String CELL = "cell ";

    /**
     * Holds {@code runDir} for this process (creating the directory when it does not exist) until {@link
     * #close()}.
     *
     * @param command what this process does there, for another process's message ("study", "study merge")
     * @throws HemametException exit 3 when another process holds it; exit 2 when {@code runDir} is a file;
     *     exit 5 when the directory or its lock file cannot be written
     */
    public static RunLock acquire(Path runDir, String command) {
        if (Files.exists(runDir) && !Files.isDirectory(runDir)) {
            throw HemametException.invalidInput(runDir + ": is a file, not a run directory; choose a new --out");
        }
        boolean created = !Files.exists(runDir);
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw HemametException.outputError(runDir, e);
        }
        return new RunLock(DirectoryLock.exclusive(
                runDir.resolve(FILE),
                command,
                holder -> inUse(runDir, holder.orElse("another process")),
                created ? file -> removeIfOnly(file, runDir) : DirectoryLock.AtEnd.NOTHING));
    }

    /** Removes {@code file} and {@code dir} when nothing else is in {@code dir}. */
    private static void removeIfOnly(Path file, Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            if (!s.allMatch(p -> p.getFileName().toString().equals(FILE))) {
                return;
            }
        }
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    /**
     * Who holds {@code runDir} now ("process 4711 on node7 since 2026-11-29T09:30:00Z: study"), or empty when
     * no process does (or the directory is not there).
     */
    public static Optional<String> holder(Path runDir) {
        return DirectoryLock.holder(runDir.resolve(FILE));
    }

    /**
     * Empties the lock file (and removes it with the run directory when this hold created the directory and
     * nothing else is in it), then lets go.
     */
    @Override
    public void close() {
        lock.close();
    }

    static HemametException inUse(Path runDir, String holder) {
        return HemametException.dataState(runDir + ": in use by another hemamet run (" + holder + "); wait for it"
                + " to end, or stop it, and run this again (it resumes), or choose another --out");
    }
}
