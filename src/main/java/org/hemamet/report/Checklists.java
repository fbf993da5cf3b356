package org.hemamet.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two reporting checklists as data ({@code claim2024.tsv}: CLAIM 2024, Tejani et al., Radiol Artif Intell
 * 2024;6(4):e240300; {@code tripod-ai.tsv}: TRIPOD+AI, Collins et al., BMJ 2024;385:e078378), and the status of
 * each item for one run: filled by the run ({@link ChecklistEvidence}), filled by the authors' about file
 * ({@link StudyAbout}), partly, or left to the authors.
 */
final class Checklists {
    /** CLAIM 2024 and TRIPOD+AI, in the order the report shows them. */
    static final List<Checklist> ALL = List.of(
            new Checklist("claim", "CLAIM 2024", "claim2024.tsv"),
            new Checklist("tripod", "TRIPOD+AI", "tripod-ai.tsv"));

    private Checklists() {}

    /** One checklist's resource. */
    record Checklist(String id, String name, String resource) {
        List<Item> items() {
            return rows(resource).stream()
                    .map(r -> new Item(r[0], r[1], r[2], r[3].equals("-") ? null : r[3], list(r[4]), r[5]))
                    .toList();
        }
    }

    /**
     * One numbered item.
     *
     * @param number  its number (1, 3a, ...)
     * @param section the checklist's section
     * @param topic   the item, paraphrased
     * @param run     the run evidence that can fill it ({@link ChecklistEvidence}), or null
     * @param about   the about-file fields that fill it
     * @param todo    what the authors write when nothing fills it
     */
    record Item(String number, String section, String topic, String run, List<String> about, String todo) {}

    /** How far an item is filled. */
    enum Status {
        FILLED("filled", "filled", "badge b-ok"),
        PARTLY("partly", "partly", "badge b-part"),
        AUTHORS("authors", "for the authors", "badge b-auth");

        final String id;
        final String label;
        final String css;

        Status(String id, String label, String css) {
            this.id = id;
            this.label = label;
            this.css = css;
        }
    }

    /**
     * An item's status for a run.
     *
     * @param status the status
     * @param anchor the report section (id, without #) that fills it, or null
     * @param note   one line: what fills it, what is missing, or what to write
     */
    record Fill(Status status, String anchor, String note) {}

    /** The item's status: the run's evidence, completed by the about file ({@code about} may be null). */
    static Fill status(Item item, ChecklistEvidence evidence, StudyAbout about) {
        Fill run = item.run() == null ? null : evidence.fill(item.run());
        if (run != null && run.status() == Status.FILLED) {
            return run;
        }
        List<String> set =
                item.about().stream().filter(f -> about != null && about.has(f)).toList();
        List<String> unset = item.about().stream().filter(f -> !set.contains(f)).toList();
        if (!item.about().isEmpty() && unset.isEmpty()) {
            return new Fill(Status.FILLED, "about", "from the about file: " + String.join(", ", set));
        }
        if (!set.isEmpty()) {
            return new Fill(
                    Status.PARTLY,
                    "about",
                    "about file has " + String.join(", ", set) + "; missing: " + String.join(", ", unset));
        }
        if (run != null) {
            String more = item.about().isEmpty() ? "" : " (about file: " + String.join(", ", item.about()) + ")";
            return new Fill(Status.PARTLY, run.anchor(), run.note() + more);
        }
        String where = item.about().isEmpty() ? "" : " (about file: " + String.join(", ", item.about()) + ")";
        return new Fill(Status.AUTHORS, null, "write " + item.todo() + where);
    }

    /** Per about field, the items it fills ("CLAIM 2024 8; TRIPOD+AI 5b, 6a"), for the template. */
    static Map<String, List<String>> itemsByAboutField() {
        Map<String, Map<String, List<String>>> by = new LinkedHashMap<>();
        for (Checklist c : ALL) {
            for (Item i : c.items()) {
                for (String f : i.about()) {
                    by.computeIfAbsent(f, k -> new LinkedHashMap<>())
                            .computeIfAbsent(c.name(), k -> new ArrayList<>())
                            .add(i.number());
                }
            }
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        by.forEach((field, lists) -> out.put(
                field,
                lists.entrySet().stream()
                        .map(e -> e.getKey() + " " + String.join(", ", e.getValue()))
                        .toList()));
        return out;
    }

    /** The data rows of a tab-separated resource of this package (comment lines and the header left out). */
    static List<String[]> rows(String resource) {
        try (InputStream in = Checklists.class.getResourceAsStream("/org/hemamet/report/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("resource missing: " + resource);
            }
            List<String[]> out = new ArrayList<>();
            boolean header = true;
            for (String line : new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .lines()
                    .toList()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                out.add(line.split("\t", -1));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> list(String cell) {
        return cell.equals("-") ? List.of() : Arrays.asList(cell.split(","));
    }
}
