package org.hemamet.core;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/** Short, user-facing reasons for failed file operations ("/out: No space left on device"). */
public final class IoErrors {
    private IoErrors() {}

    /**
     * The reason for {@code e} about {@code path}: the system's reason, preceded by the file it failed on
     * when that is known and is not {@code path} itself ("/a: not a directory" for a write to /a/b).
     */
    static String reason(IOException e, Path path) {
        Path f = file(e);
        return f == null || f.equals(path) ? what(e) : f + ": " + what(e);
    }

    /**
     * The system's reason alone, without the file ("No space left on device", "permission denied"), on one
     * line: a parser's problem where it is and what it is ({@link JsonProblem}), text that is not UTF-8 said so.
     */
    public static String what(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            return JsonProblem.describe(j);
        }
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return "not UTF-8 text";
        }
        if (e instanceof FileSystemException f) {
            return f.getReason() != null ? f.getReason() : kind(f);
        }
        return e.getMessage() != null ? firstLine(e.getMessage()) : e.getClass().getSimpleName();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    private static String kind(FileSystemException f) {
        if (f instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (f instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (f instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (f instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (f instanceof FileAlreadyExistsException) {
            Path p = f.getFile() == null ? null : Path.of(f.getFile());
            return p != null && Files.exists(p) && !Files.isDirectory(p) ? "not a directory" : "already exists";
        }
        return f.getClass().getSimpleName();
    }

    /** The file {@code e} failed on, or null when it does not say. */
    static Path file(IOException e) {
        return e instanceof FileSystemException f && f.getFile() != null ? Path.of(f.getFile()) : null;
    }
}
