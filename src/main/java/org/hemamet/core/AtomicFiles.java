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
 * leaves a half-written file (or directory) behind. A write that fails (disk full, permission denied, a
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

    public static void writeString(Path target, String content) {
        write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
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
            tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
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

    /**
     * Fills a temporary sibling directory through {@code writer} and renames it to {@code target}
     * (which must not exist yet, or is replaced when {@code replace} is true).
     */
    public static void writeDirectory(Path target, boolean replace, DirectoryWriter writer) {
        Path abs = target.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(abs.getParent());
            tmp = Files.createTempDirectory(abs.getParent(), "." + abs.getFileName() + ".");
            try {
                writer.write(tmp);
            } catch (IOException e) {
                throw writerFailure(e, target, abs, tmp);
            }
            if (replace) {
                deleteRecursively(abs);
            }
            move(tmp, abs);
            tmp = null;
        } catch (IOException e) {
            throw HemametException.outputError(target, e);
        } finally {
            if (tmp != null) {
                deleteRecursively(tmp);
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
