package org.hemamet.annotation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds the file a VIA image entry names: its {@code filename} resolved against each base directory in
 * turn (VIA stores what the user loaded: a bare name, a relative path, sometimes a URL), else the one
 * file of that name anywhere below a root directory. The index of names below the root is built once.
 */
public final class ViaImageLocator {
    private final Path root;
    private Map<String, List<Path>> byName;

    /** @param root the directory searched by file name when no base resolves the entry */
    public ViaImageLocator(Path root) {
        this.root = root;
    }

    /** The file, or null when no base resolves it and the name is missing or ambiguous below the root. */
    public Path find(String filename, List<Path> bases) {
        String f = filename.replace('\\', '/');
        for (Path base : bases) {
            try {
                Path p = base.resolve(f);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            } catch (InvalidPathException ignored) {
                // e.g. a URL
            }
        }
        if (byName == null) {
            byName = new HashMap<>();
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(Files::isRegularFile)
                        .sorted()
                        .forEach(p -> byName.computeIfAbsent(p.getFileName().toString(), k -> new ArrayList<>())
                                .add(p));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<Path> hits = byName.getOrDefault(baseName(f), List.of());
        return hits.size() == 1 ? hits.get(0) : null;
    }

    /** The last path element of a VIA filename (either separator). */
    public static String baseName(String filename) {
        String s = filename.replace('\\', '/');
        return s.substring(s.lastIndexOf('/') + 1);
    }
}
