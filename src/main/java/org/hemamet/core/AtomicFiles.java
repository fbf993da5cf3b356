package org.hemamet.core;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Atomic writes: content goes to a temporary sibling and is renamed into place, so a crash never
 * leaves a half-written file (or directory) behind. The temporary is created as a plain create would create
 * the output (a file 0666, a directory 0777, less the process's umask), so outputs have the permissions the
 * user's umask gives, like those of any other tool (and like the files a directory writer creates inside);
 * {@link #writePrivateString} keeps a file the owner's alone (0600) from its first byte, for secrets.
 *
 * <p>A write that fails (disk full, permission denied, a
 * path component that is a file) is a {@link HemametException#outputError} naming the output; a failed read
 * of an input inside a {@link DirectoryWriter} (a file outside the output) stays an
 * {@link UncheckedIOException} "cannot read FILE: reason" (invalid input).
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Something that writes to a stream. */
    @FunctionalInterface
    public interface StreamWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Something that fills a (temporary) directory. */
    @FunctionalInterface
    public interface DirectoryWriter {
        void write(Path dir) throws IOException;
    }

    /**
     * Refuses, before any work, an output file that could not be written: one that is a directory, or one
     * below a path component that is a file (exit {@value HemametException#OUTPUT}, naming that component).
     */
    public static void checkWritableFile(Path target) {
        Path t = target.toAbsolutePath();
        if (Files.isDirectory(t)) {
            throw HemametException.outputError(target, "Is a directory", null);
        }
        for (Path p = t.getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw HemametException.outputError(target, p + ": not a directory", null);
                }
                return;
            }
        }
    }

    public static void writeString(Path target, String content) {
        write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Creates {@code target} readable and writable by its owner only (0600 on a POSIX file system, whatever the
     * umask, from the moment the temporary exists), for secrets such as a pseudonymisation key, unless it
     * exists, also when another process
     * creates it at the same moment: the complete temporary is hard-linked in ({@code link(2)} fails on an
     * existing name, where a rename replaces it), so exactly one writer's content is there and none is lost
     * after another process read it. Where the file system has no hard links it is moved in when still absent.
     *
     * @return whether this call created it
     */
    public static boolean createPrivateString(Path target, String content) {
        Path abs = target.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(abs.getParent());
            tmp = newTemporary(abs, ".tmp", true);
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.createLink(abs, tmp);
                return true;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
                // no hard links here (EPERM): a move that fails on an existing name, the check and the move
                // not one step; a failure of another kind fails the move as well, naming its cause
                if (Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    return false;
                }
                Files.move(tmp, abs);
                tmp = null;
                return true;
            }
        } catch (IOException e) {
            throw HemametException.outputError(target, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    public static void writeBytes(Path target, byte[] content) {
        write(target, out -> out.write(content));
    }

    /** Writes {@code target} atomically through {@code writer}. */
    public static void write(Path target, StreamWriter writer) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = newTemporary(abs, ".tmp", false);
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            move(tmp, abs);
            tmp = null;
        } catch (IOException e) {
            Path f = IoErrors.file(e);
            throw f != null && f.equals(tmp)
                    ? HemametException.outputError(target, IoErrors.what(e), e)
                    : HemametException.outputError(target, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    /** The steps of a directory replace, in order; a test hook may stop the process after any of them. */
    enum Step {
        TEMP_CREATED,
        TEMP_WRITTEN,
        OLD_ASIDE,
        NEW_IN,
        ASIDE_DELETED
    }

    /** Package-private test hook run after each {@link Step} (a test throws an Error to simulate a kill). */
    static volatile java.util.function.Consumer<Step> afterStep = s -> {};

    /**
     * Fills a temporary sibling directory {@code .<name>.<n>} through {@code writer} and renames it to
     * {@code target} (which must not exist yet, or is replaced when {@code replace} is true). The replace is
     * crash-safe: the old directory is renamed aside to {@code .<name>.old-<n>}, the new one renamed in, and
     * only then is the aside deleted, so a kill at any moment leaves {@code target} either the complete old or
     * the complete new directory, or missing with the complete old one aside, which {@link #recover} (run
     * first by every call) renames back. Orphan temporaries and asides of {@code target} are deleted then.
     */
    public static void writeDirectory(Path target, boolean replace, DirectoryWriter writer) {
        Path abs = target.toAbsolutePath();
        Path tmp = null;
        Path aside = null;
        try {
            Files.createDirectories(abs.getParent());
            recover(abs);
            tmp = newTemporary(abs, null, false);
            afterStep.accept(Step.TEMP_CREATED);
            try {
                writer.write(tmp);
            } catch (IOException e) {
                throw writerFailure(e, target, abs, tmp);
            }
            afterStep.accept(Step.TEMP_WRITTEN);
            if (replace && Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                aside = asideFor(abs);
                Files.move(abs, aside, StandardCopyOption.ATOMIC_MOVE);
                afterStep.accept(Step.OLD_ASIDE);
            }
            try {
                move(tmp, abs);
            } catch (IOException e) {
                if (aside != null) {
                    Files.move(aside, abs, StandardCopyOption.ATOMIC_MOVE); // put the old one back
                    aside = null;
                }
                throw e;
            }
            tmp = null;
            afterStep.accept(Step.NEW_IN);
            if (aside != null) {
                deleteRecursively(aside);
                aside = null;
                afterStep.accept(Step.ASIDE_DELETED);
            }
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw HemametException.outputError(target, e);
        } catch (HemametException e) { // a writer's own message names the file inside the temporary
            deleteQuietly(tmp);
            throw tmp != null && e.getMessage().contains(tmp.toString())
                    ? e.naming(tmp.toString(), target.toString())
                    : e;
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
        // an Error (out of memory, a simulated kill) leaves the temporary for the next call's recover()
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                deleteRecursively(tmp);
            } catch (HemametException ignored) {
                // best effort: recover() deletes it next time
            }
        }
    }

    /**
     * Completes or undoes an interrupted {@link #writeDirectory} of {@code target}: when {@code target} is
     * missing and an aside {@code .<name>.old-<n>} of it exists, the aside is renamed back; then every orphan
     * temporary {@code .<name>.<n>} and aside is deleted. Safe to call at any time (a no-op when nothing was
     * interrupted); readers of a replaced directory may call it before reading.
     */
    public static void recover(Path target) {
        Path abs = target.toAbsolutePath();
        Path parent = abs.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return;
        }
        String prefix = "." + abs.getFileName() + ".";
        java.util.List<Path> asides = new java.util.ArrayList<>();
        java.util.List<Path> temps = new java.util.ArrayList<>();
        try (Stream<Path> s = Files.list(parent)) {
            s.forEach(p -> {
                String n = p.getFileName().toString();
                if (!n.startsWith(prefix)) {
                    return;
                }
                String rest = n.substring(prefix.length());
                if (rest.matches("old-\\d+")) {
                    asides.add(p);
                } else if (rest.matches("\\d+") && Files.isDirectory(p)) {
                    temps.add(p);
                }
            });
        } catch (IOException e) {
            throw HemametException.outputError(target, e);
        }
        try {
            if (!Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !asides.isEmpty()) {
                asides.sort(Comparator.comparing(AtomicFiles::asideNumber));
                Path newest = asides.remove(asides.size() - 1);
                Files.move(newest, abs, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw HemametException.outputError(target, e);
        }
        asides.forEach(AtomicFiles::deleteRecursively);
        temps.forEach(AtomicFiles::deleteRecursively);
    }

    private static long asideNumber(Path aside) {
        String n = aside.getFileName().toString();
        return Long.parseLong(n.substring(n.lastIndexOf("old-") + 4));
    }

    private static Path asideFor(Path abs) {
        for (long n = 0; ; n++) {
            Path p = abs.resolveSibling("." + abs.getFileName() + ".old-" + n);
            if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return p;
            }
        }
    }

    /**
     * What a failure of a directory writer is: a write inside the temporary directory is an output error
     * naming the file's place in the output; a file outside the output is an input that could not be read.
     */
    private static RuntimeException writerFailure(IOException e, Path target, Path abs, Path tmp) {
        Path f = IoErrors.file(e);
        if (f == null) {
            return HemametException.outputError(target, e);
        }
        Path af = f.toAbsolutePath();
        if (af.startsWith(tmp)) {
            return HemametException.outputError(target.resolve(tmp.relativize(af)), IoErrors.what(e), e);
        }
        if (af.startsWith(abs) || abs.startsWith(af)) {
            return HemametException.outputError(target, e);
        }
        return new UncheckedIOException("cannot read " + f + ": " + IoErrors.what(e), e);
    }

    /** Temporary names only (not science: nothing derived from it reaches an output). */
    private static final java.security.SecureRandom NAMES = new java.security.SecureRandom();

    private static final java.nio.file.attribute.FileAttribute<?>[] OWNER_ONLY = {
        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))
    };

    /**
     * A new temporary sibling of {@code abs}: the file {@code .<name>.<n><suffix>}, or with a null suffix the
     * directory {@code .<name>.<n>} ({@link #recover} knows that form), n random digits. Created as a plain
     * create creates (the umask applies), or owner-only.
     */
    private static Path newTemporary(Path abs, String suffix, boolean ownerOnly) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = abs.resolveSibling(
                    "." + abs.getFileName() + "." + (NAMES.nextLong() >>> 1) + (suffix == null ? "" : suffix));
            try {
                if (suffix == null) {
                    return Files.createDirectory(tmp);
                }
                return ownerOnly && posix(abs) ? Files.createFile(tmp, OWNER_ONLY) : Files.createFile(tmp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes a file or directory tree if present (an output: a failure is an output error). */
    public static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> s = Files.walk(path)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw HemametException.outputError(p, e);
                }
            });
        } catch (IOException e) {
            throw HemametException.outputError(path, e);
        }
    }
}
