package org.hemamet.study;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.hemamet.core.HemametException;

/**
 * One process's exclusive hold on a run directory while it runs, resumes or merges the study there: a second
 * {@code hemamet study} on the same directory (started again in another terminal, or beside a Slurm merge)
 * would otherwise train the same cells twice and, at its start, delete the first one's half-written cell
 * directories as stale. It is refused instead (exit 3), naming the process that holds the run.
 *
 * <p>The hold is an operating-system lock on {@code RUN_DIR/}{@value #FILE} ({@link FileChannel#tryLock}:
 * {@code fcntl} on Linux), so the kernel releases it when the holder ends, however it ends: a killed run
 * leaves no stale hold, and its rerun resumes. The file names the holder (process id, host, start time, the
 * command) for the message and is emptied when the hold ends (an empty file stays in the run directory; a
 * run directory the hold created is removed with it when nothing else was written there). POSIX locks belong
 * to the process and end when it closes any descriptor of the file, so this process never opens the file
 * again while it holds it ({@link #HELD}). A lock file on a network file system is only as good as that file
 * system's locking; cluster tasks (each its own cell) do not take it.
 */
public final class RunLock implements AutoCloseable {
    /** The lock file inside the run directory. */
    public static final String FILE = ".hemamet.lock";

    /** How long {@link #acquire} keeps trying before it refuses: covers a {@link #holder} probe, not a run. */
    static final long WAIT_MILLIS = 1500;

    /** The lock files this process holds, with their holder lines: never opened again while held. */
    private static final java.util.Map<Path, String> HELD = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path runDir;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean createdDir;
    private final String line;

    private RunLock(Path runDir, Path file, FileChannel channel, FileLock lock, boolean createdDir, String line) {
        this.runDir = runDir;
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.createdDir = createdDir;
        this.line = line;
    }

    /**
     * Says what the holder is doing now ("cell 5 of 24: T1__hemangioma-vs-lung__r0"), after its holder line,
     * for {@link #holder} (and so {@code hemamet status}) in another process; best effort.
     */
    public void describe(String now) {
        String text = line.strip() + "; " + now + "\n";
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            HELD.put(key(file), text);
        } catch (IOException e) {
            // the hold stands; only its description is older
        }
    }

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
        Path file = runDir.resolve(FILE);
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw HemametException.outputError(runDir, e);
        }
        String ours = HELD.get(key(file));
        if (ours != null) {
            throw inUse(runDir, ours.strip());
        }
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
        while (true) {
            RunLock held = tryOnce(runDir, file, created, command);
            if (held != null) {
                return held;
            }
            if (System.nanoTime() > deadline) {
                throw inUse(runDir, holderText(file));
            }
            pause();
        }
    }

    /**
     * Who holds {@code runDir} now ("process 4711 on node7 since 2026-11-29T09:30:00Z: study"), or empty when
     * no process does (or the directory is not there). Takes a shared hold for a moment to find out.
     */
    public static Optional<String> holder(Path runDir) {
        Path file = runDir.resolve(FILE);
        String ours = HELD.get(key(file));
        if (ours != null) {
            return Optional.of(ours.strip());
        }
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock probe;
            try {
                probe = ch.tryLock(0, Long.MAX_VALUE, true);
            } catch (OverlappingFileLockException e) {
                return Optional.of("this process"); // held here: opening the file again would drop the hold
            }
            if (probe != null) {
                probe.release();
                return Optional.empty();
            }
            return Optional.of(holderText(file));
        } catch (IOException e) { // gone since, or not readable: nobody to name
            return Optional.empty();
        }
    }

    /**
     * Empties the lock file (and removes it with the run directory when this hold created the directory and
     * nothing else is in it), then lets go.
     */
    @Override
    public void close() {
        try {
            channel.truncate(0);
            if (createdDir && onlyTheLockFile(runDir)) {
                Files.deleteIfExists(file);
                Files.deleteIfExists(runDir);
            }
        } catch (IOException e) {
            // the hold ends below all the same; what is left in the file is not a hold
        } finally {
            HELD.remove(key(file));
            try {
                lock.release();
            } catch (IOException e) {
                // closing the channel releases it
            }
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more to release
            }
        }
    }

    private static boolean onlyTheLockFile(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.allMatch(p -> p.getFileName().toString().equals(FILE));
        }
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }

    /**
     * One attempt: the lock of {@code file}, or null when another process has it.
     */
    private static RunLock tryOnce(Path runDir, Path file, boolean created, String command) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) { // a hold of this process not registered yet
                lock = null;
            }
            if (lock == null) {
                ch.close();
                return null;
            }
            String line = holderLine(command);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
            HELD.put(key(file), line);
            return new RunLock(runDir, file, ch, lock, created, line);
        } catch (IOException e) {
            closeQuietly(ch);
            throw HemametException.outputError(file, e);
        }
    }

    private static String holderLine(String command) {
        String pid = Long.toString(ProcessHandle.current().pid());
        String host = hostName();
        String since = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        return "process " + pid + (host.isEmpty() ? "" : " on " + host) + " since " + since + ": " + command + "\n";
    }

    /** This machine's name (no name lookup: the kernel's, else $HOSTNAME), "" when neither is there. */
    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "" : env.strip();
        }
    }

    /** The holder as its lock file names it, or a plain "another process" when it cannot be read. */
    private static String holderText(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() || text.contains("\n") ? "another process" : text;
        } catch (IOException | RuntimeException e) {
            return "another process";
        }
    }

    static HemametException inUse(Path runDir, String holder) {
        return HemametException.dataState(runDir + ": in use by another hemamet run (" + holder + "); wait for it"
                + " to end, or stop it, and run this again (it resumes), or choose another --out");
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw HemametException.internal("interrupted while waiting for the run directory", e);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // already failing
            }
        }
    }
}
