package org.hemamet.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * A process's hold on a directory through a lock file: exclusive for the one process that writes there (a
 * study running its run directory, an ingest replacing a dataset), shared for the processes that read it (the
 * studies of a dataset), so a writer and anyone else are never at it together.
 *
 * <p>The hold is an operating-system lock ({@link FileChannel#tryLock}: {@code fcntl} on Linux), so the kernel
 * releases it when the holder ends, however it ends: a killed process leaves no stale hold. An exclusive holder
 * writes one line naming itself (process id, host, start time, the command) into the file for the message of
 * whoever is refused, and empties it when the hold ends; shared holders write nothing (they empty a line a
 * killed writer left). The file stays (removing it would let two processes hold locks on different files),
 * unless the hold was asked to remove the directory it created and nothing else was written there.
 *
 * <p>POSIX locks belong to the process and end when it closes any descriptor of the file, so this process
 * never opens a file again while it holds it ({@link #HELD}); shared holds of one file in this process share
 * one lock. A lock file on a network file system is only as good as that file system's locking.
 */
public final class DirectoryLock implements AutoCloseable {
    /**
     * How long an acquirer keeps trying before it is refused: covers another process's {@link #holder} probe
     * (a shared lock for microseconds) and a writer between its lock and its line, not a run.
     */
    static final long WAIT_MILLIS = 500;

    /** The lock files this process holds: never opened again while held. Guarded by itself. */
    private static final Map<Path, Held> HELD = new HashMap<>();

    /** One lock of this process on one file, and how many holds share it. */
    private static final class Held {
        final FileChannel channel;
        final FileLock lock; // null on a file system that cannot lock (the hold guards nothing there)
        final String line; // the exclusive holder's line, "" for a shared hold
        String now;
        int holds = 1;

        Held(FileChannel channel, FileLock lock, String line) {
            this.channel = channel;
            this.lock = lock;
            this.line = line;
            this.now = line;
        }
    }

    /** What the last hold of a file does at its end, before it lets go (tidying the lock file away). */
    @FunctionalInterface
    public interface AtEnd {
        /** Nothing. */
        AtEnd NOTHING = file -> {};

        void run(Path lockFile) throws IOException;
    }

    private final Path file;
    private final Held held;
    private final AtEnd atEnd;
    private boolean closed;

    private DirectoryLock(Path file, Held held, AtEnd atEnd) {
        this.file = file;
        this.held = held;
        this.atEnd = atEnd;
    }

    /**
     * Holds {@code file} for this process alone until {@link #close()}; the file's directory must exist.
     *
     * @param command what this process does, for a refused process's message ("study", "ingest")
     * @param inUse the refusal, given the exclusive holder's line, or empty when the file is held shared (or
     *     its line cannot be read)
     * @param atEnd run at {@link #close()} while the file is still held: to remove it (and the directory the
     *     caller created for the hold) when nothing else was written there. Removing it lets a process that
     *     opened it just before and a later one hold two files, so only where nothing else is left
     * @throws HemametException from {@code inUse} when another process, or another hold of this one, has it;
     *     exit 5 when the file cannot be written
     */
    public static DirectoryLock exclusive(
            Path file, String command, Function<Optional<String>, HemametException> inUse, AtEnd atEnd) {
        Path key = key(file);
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
        while (true) {
            synchronized (HELD) {
                Held ours = HELD.get(key);
                if (ours != null) {
                    throw inUse.apply(ours.line.isEmpty() ? Optional.empty() : Optional.of(ours.now.strip()));
                }
                Held held = tryExclusive(file, command);
                if (held != null) {
                    HELD.put(key, held);
                    return new DirectoryLock(key, held, atEnd);
                }
                if (System.nanoTime() > deadline) {
                    throw inUse.apply(holderLine(file));
                }
            }
            pause();
        }
    }

    /**
     * Holds {@code file} shared with other readers until {@link #close()}: best effort, empty when the file is
     * not there (a reader leaves nothing behind: the writer made the file and keeps it) or cannot be opened.
     *
     * @param inUse the refusal, given the exclusive holder's line
     * @throws HemametException from {@code inUse} when a process holds it exclusively
     */
    public static Optional<DirectoryLock> shared(Path file, Function<String, HemametException> inUse) {
        Path key = key(file);
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
        while (true) {
            synchronized (HELD) {
                Held ours = HELD.get(key);
                if (ours != null && !ours.line.isEmpty()) {
                    throw inUse.apply(ours.now.strip());
                }
                if (ours != null) {
                    ours.holds++;
                    return Optional.of(new DirectoryLock(key, ours, AtEnd.NOTHING));
                }
                FileChannel ch = openForSharing(file);
                if (ch == null) {
                    return Optional.empty();
                }
                Held held = tryShared(file, ch);
                if (held != null) {
                    HELD.put(key, held);
                    return Optional.of(new DirectoryLock(key, held, AtEnd.NOTHING));
                }
                if (System.nanoTime() > deadline) {
                    throw inUse.apply(holderLine(file).orElse("another process"));
                }
            }
            pause();
        }
    }

    /**
     * Who holds {@code file} exclusively now ("process 4711 on node7 since 2026-11-29T09:30:00Z: study"), or
     * empty when no process does (or the file is not there). Takes a shared hold for a moment to find out.
     */
    public static Optional<String> holder(Path file) {
        synchronized (HELD) { // no hold of this process may begin while the file is open here
            Held ours = HELD.get(key(file));
            if (ours != null) {
                return ours.line.isEmpty() ? Optional.empty() : Optional.of(ours.now.strip());
            }
            return probe(file);
        }
    }

    private static Optional<String> probe(Path file) {
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
            return Optional.of(holderLine(file).orElse("another process"));
        } catch (IOException e) { // gone since, or not readable: nobody to name
            return Optional.empty();
        }
    }

    /**
     * Says what the exclusive holder is doing now ("cell 5 of 24: T1__hemangioma-vs-lung__r0"), after its
     * line, for {@link #holder} in another process; best effort, nothing for a shared hold.
     */
    public void describe(String now) {
        if (held.line.isEmpty()) {
            return;
        }
        String text = held.line.strip() + "; " + now + "\n";
        synchronized (HELD) {
            try {
                held.channel.truncate(0);
                held.channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
                held.channel.force(false);
                held.now = text;
            } catch (IOException e) {
                // the hold stands; only its description is older
            }
        }
    }

    /**
     * Ends this hold; the last hold of the file empties it (an exclusive one), runs its {@link AtEnd} and lets
     * go.
     */
    @Override
    public void close() {
        synchronized (HELD) {
            if (closed) {
                return;
            }
            closed = true;
            if (--held.holds > 0) {
                return;
            }
            try {
                if (!held.line.isEmpty()) {
                    held.channel.truncate(0);
                }
                atEnd.run(file);
            } catch (IOException e) {
                // the hold ends below all the same; what is left in the file is not a hold
            } finally {
                HELD.remove(file);
                release(held);
            }
        }
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }

    /** One attempt at {@code file} alone: its lock with this process's line written, or null when it is held. */
    private static Held tryExclusive(Path file, String command) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = tryLock(ch, false);
            } catch (IOException e) {
                return unlocked(file, ch, lineFor(command), e);
            }
            if (lock == null) {
                ch.close();
                return null;
            }
            String line = lineFor(command);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
            return new Held(ch, lock, line);
        } catch (IOException e) {
            closeQuietly(ch);
            throw HemametException.outputError(file, e);
        }
    }

    /** One attempt at a shared lock on an open {@code ch}: held (a dead writer's line emptied), or null. */
    private static Held tryShared(Path file, FileChannel ch) {
        try {
            FileLock lock;
            try {
                lock = tryLock(ch, true);
            } catch (IOException e) {
                return unlocked(file, ch, "", e);
            }
            if (lock == null) {
                ch.close();
                return null;
            }
            emptyQuietly(ch); // no writer holds it: any line is a killed writer's
            return new Held(ch, lock, "");
        } catch (IOException e) {
            closeQuietly(ch);
            return null;
        }
    }

    private static FileLock tryLock(FileChannel ch, boolean shared) throws IOException {
        try {
            return locker.tryLock(ch, shared);
        } catch (OverlappingFileLockException e) { // a hold of this process not registered yet
            return null;
        }
    }

    /** How a lock is tried ({@link FileChannel#tryLock}); a test's own plays a file system without locks. */
    @FunctionalInterface
    interface Locker {
        FileLock tryLock(FileChannel ch, boolean shared) throws IOException;
    }

    /** Package-private test hook. */
    static volatile Locker locker = (ch, shared) -> ch.tryLock(0, Long.MAX_VALUE, shared);

    /**
     * A file system that cannot lock (an NFS mount without its lock daemon: "No locks available"; some FUSE and
     * SMB mounts) must not stop the work: the hold goes on unlocked, and the user is told once what is not
     * guarded.
     */
    private static Held unlocked(Path file, FileChannel ch, String line, IOException why) {
        LoggerFactory.getLogger(DirectoryLock.class)
                .warn(
                        "{}: this file system does not lock files ({}); nothing keeps a second hemamet process out of"
                                + " {} meanwhile",
                        file,
                        IoErrors.what(why),
                        file.getParent());
        return new Held(ch, null, line);
    }

    /** {@code file} opened to read and, where allowed, write; null when it is not there or cannot be opened. */
    private static FileChannel openForSharing(Path file) {
        try {
            return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (AccessDeniedException e) {
            // a dataset someone else owns, or a read-only file system: read the lock if it is there
        } catch (FileSystemException e) {
            if (!String.valueOf(e.getReason())
                    .toLowerCase(java.util.Locale.ROOT)
                    .contains("read-only")) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            return null;
        }
    }

    private static void emptyQuietly(FileChannel ch) {
        try {
            if (ch.size() > 0) {
                ch.truncate(0);
            }
        } catch (IOException | java.nio.channels.NonWritableChannelException e) {
            // opened read-only: the stale line stays, harmless
        }
    }

    private static String lineFor(String command) {
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

    /** The exclusive holder's line in {@code file}, or empty when there is none (or it cannot be read). */
    private static Optional<String> holderLine(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() || text.contains("\n") ? Optional.empty() : Optional.of(text);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void release(Held held) {
        try {
            if (held.lock != null) {
                held.lock.release();
            }
        } catch (IOException e) {
            // closing the channel releases it
        }
        closeQuietly(held.channel);
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw HemametException.internal("interrupted while waiting for a lock", e);
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
