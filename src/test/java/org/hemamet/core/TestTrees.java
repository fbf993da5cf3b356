package org.hemamet.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** Copies of fixture trees (a run, a bundle, a dataset) that a test may change without touching the fixture. */
public final class TestTrees {
    private TestTrees() {}

    /**
     * Copies {@code from} (a folder and everything below it, or one file) to {@code to}, replacing files that are
     * there; returns {@code to}.
     */
    public static Path copy(Path from, Path to) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(from)) {
            all = s.toList();
        }
        for (Path p : all) {
            Path target = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(target);
            } else {
                Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return to;
    }
}
