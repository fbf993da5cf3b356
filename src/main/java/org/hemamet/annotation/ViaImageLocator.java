package org.hemamet.annotation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds the file a VIA image entry names: its {@code filename} resolved against each base directory in
 * turn (VIA stores what the user loaded: a bare name, a relative path, sometimes a URL or a path of the
 * machine it was drawn on), else the file of that name below a root directory: the one there is, or, when
 * several share the name (a PACS export names every patient's slices IM-0001...), the one whose folders
 * match the most trailing folders of the entry, if exactly one matches more than the others and at least
 * its parent folder. The index of names below the root is built once.
 *
 * <p>Names are compared in Unicode normal form C: a VIA project drawn on a Mac may hold "Müller" as u + combining
 * diaeresis (NFD) where the copied files have the composed ü (NFC), or the other way round; both name one file. A
 * name VIA kept percent-encoded (an image loaded by URL: {@code M%C3%BCller%201.png}) is also tried decoded.
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
        List<String> spellings = spellings(filename.replace('\\', '/'));
        for (String f : spellings) {
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
        }
        for (String f : spellings) {
            List<Path> hits = namesakes(f);
            Path found = hits.size() == 1 ? hits.get(0) : bestTrailingMatch(f, hits);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** The name as given, in both Unicode normal forms, and percent-decoded when it holds an escape. */
    private static List<String> spellings(String f) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        out.add(f);
        out.add(nfc(f));
        out.add(Normalizer.normalize(f, Normalizer.Form.NFD));
        if (f.matches(".*%[0-9A-Fa-f]{2}.*")) {
            try {
                out.add(nfc(
                        java.net.URLDecoder.decode(f.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException ignored) {
                // a '%' that is no escape: the name as it is
            }
        }
        return List.copyOf(out);
    }

    private static String nfc(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFC);
    }

    /** The files below the root with the base name of {@code filename}, in path order. */
    public List<Path> namesakes(String filename) {
        if (byName == null) {
            byName = new HashMap<>();
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(Files::isRegularFile)
                        .sorted()
                        .forEach(p -> byName.computeIfAbsent(nfc(p.getFileName().toString()), k -> new ArrayList<>())
                                .add(p));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return byName.getOrDefault(nfc(baseName(filename)), List.of());
    }

    /** The one hit sharing the most (at least 2) trailing path elements with {@code filename}, or null. */
    private static Path bestTrailingMatch(String filename, List<Path> hits) {
        Path best = null;
        int bestScore = 1;
        boolean tie = false;
        for (Path h : hits) {
            int score = trailingMatch(filename, h);
            if (score > bestScore) {
                best = h;
                bestScore = score;
                tie = false;
            } else if (score == bestScore) {
                tie = true;
            }
        }
        return tie ? null : best;
    }

    /**
     * How many trailing path elements a VIA filename (either separator) shares with {@code file}: 0 when the
     * names differ, 1 for the name alone, 2 when the parent folder matches too, and so on.
     */
    public static int trailingMatch(String filename, Path file) {
        String[] want = filename.replace('\\', '/').split("/");
        int n = file.getNameCount();
        int score = 0;
        while (score < want.length
                && score < n
                && nfc(file.getName(n - 1 - score).toString()).equals(nfc(want[want.length - 1 - score]))) {
            score++;
        }
        return score;
    }

    /** The last path element of a VIA filename (either separator). */
    public static String baseName(String filename) {
        String s = filename.replace('\\', '/');
        return s.substring(s.lastIndexOf('/') + 1);
    }
}
