package org.hemamet.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.hemamet.report.Checklists.Fill;
import org.hemamet.report.Checklists.Item;
import org.hemamet.report.Checklists.Status;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLAIM 2024 resource against the published update (numbers, sections and item topics), and for every item
 * the report marks filled from the run: the section it links to says what the item asks (the fixture run of
 * {@link RunDirFixture}, no about file).
 */
class ChecklistTextTest {
    @TempDir
    static Path tmp;

    private static ReportModel model;
    private static String html;

    /**
     * Per run evidence key, words the linked section must contain when the item is marked filled (a filled item
     * whose key is not here fails the test: every filled item is checked).
     */
    private static final Map<String, List<String>> TEXT = Map.ofEntries(
            Map.entry("subsets", List.of("T1", "T2")),
            Map.entry("deidentification", List.of("HMAC-SHA-256")),
            Map.entry("preprocess", List.of("crop", "normali")),
            Map.entry("missing", List.of("complete")),
            Map.entry("acquisition", List.of("Field strength", "TR (ms)", "TE (ms)", "1.5 T")),
            Map.entry("annotation_tool", List.of("VIA")),
            Map.entry("partitions", List.of("test")),
            Map.entry("disjoint", List.of("patient")),
            Map.entry("internal", List.of("test")),
            Map.entry("model", List.of("conv")),
            Map.entry("software", List.of("Java")),
            Map.entry("init", List.of("Glorot")),
            Map.entry("training", List.of("epoch", "batch")),
            Map.entry("selection", List.of("AUC")),
            Map.entry("ensembling", List.of("one model per sequence")),
            Map.entry("metrics", List.of("AUC", "Sensitivity")),
            Map.entry("accuracy", List.of("AUC", "95")),
            Map.entry("uncertainty", List.of("95", "DeLong")),
            Map.entry("robustness", List.of("repeat")),
            Map.entry("failures", List.of("misclassified")),
            Map.entry("flow", List.of("patients", "lesions")),
            Map.entry("characteristics", List.of("Age", "Sex")),
            Map.entry("all_partitions", List.of("accuracy")),
            Map.entry("subgroups", List.of("CI")),
            Map.entry("calibration", List.of("slope")),
            Map.entry("model_object", List.of("bundle")),
            Map.entry("imbalance", List.of("balanc")),
            Map.entry("output", List.of("threshold")),
            Map.entry("train_vs_test", List.of("Age")));

    @BeforeAll
    static void report() throws Exception {
        Path ds = RunDirFixture.writeDataset(tmp.resolve("dataset"));
        Path run = RunDirFixture.writeRun(tmp.resolve("run"), ds);
        model = ReportModel.of(RunReader.read(run), ds, PaperReference.load(), null);
        html = Files.readString(
                ReportWriter.write(run, ds, tmp.resolve("out/report.html")).html());
    }

    @Test
    void claimItemsFollowThe2024UpdateByNumberSectionAndTopic() {
        Map<String, Item> claim = new java.util.HashMap<>();
        Checklists.ALL.get(0).items().forEach(i -> claim.put(i.number(), i));
        assertThat(claim).hasSize(44);
        assertThat(claim.get("13").topic()).startsWith("Image acquisition protocol");
        assertThat(claim.get("14").topic()).contains("reference standard").doesNotContain("ground truth");
        assertThat(claim.get("19").topic()).startsWith("How data were assigned to partitions");
        assertThat(claim.get("20").topic()).startsWith("Level at which partitions are disjoint");
        assertThat(claim.get("21").section()).isEqualTo("Methods: testing data");
        assertThat(claim.get("21").topic()).startsWith("Intended sample size");
        assertThat(claim.get("32").topic()).contains("internal testing");
        assertThat(claim.get("33").topic()).contains("external testing");
        assertThat(claim.get("34").topic()).startsWith("Trial registration");
        assertThat(claim.get("35").topic()).contains("flow diagram");
        assertThat(claim.get("43").topic()).startsWith("Availability of software, model and data");
        assertThat(claim.get("44").topic()).startsWith("Sources of funding");
        assertThat(claim.values().stream().map(Item::topic)).noneMatch(t -> t.contains("ground truth"));
    }

    @Test
    void everyItemFilledFromTheRunLinksToASectionThatSaysIt() {
        ChecklistEvidence ev = new ChecklistEvidence(model);
        List<String> wrong = new ArrayList<>();
        for (var c : Checklists.ALL) {
            for (Item i : c.items()) {
                Fill f = Checklists.status(i, ev, null);
                if (f.status() != Status.FILLED) {
                    continue;
                }
                String where = c.name() + " " + i.number() + " (" + i.run() + " -> #" + f.anchor() + ")";
                String text = section(f.anchor());
                if (text == null) {
                    wrong.add(where + ": no such section");
                    continue;
                }
                List<String> words = TEXT.get(i.run());
                if (words == null) {
                    wrong.add(where + ": no expected text for this key");
                    continue;
                }
                words.stream()
                        .filter(w ->
                                !text.toLowerCase(java.util.Locale.ROOT).contains(w.toLowerCase(java.util.Locale.ROOT)))
                        .forEach(w -> wrong.add(where + ": lacks '" + w + "'"));
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void countsOnTheFixtureRun() {
        Map<Status, Integer> claim = ChecklistSection.counts(model, Checklists.ALL.get(0));
        Map<Status, Integer> tripod = ChecklistSection.counts(model, Checklists.ALL.get(1));
        System.out.println("CLAIM " + new EnumMap<>(claim) + " TRIPOD " + new EnumMap<>(tripod));
        ChecklistEvidence ev = new ChecklistEvidence(model);
        for (var c : Checklists.ALL) {
            for (Item i : c.items()) {
                Fill f = Checklists.status(i, ev, null);
                if (f.status() != Status.FILLED) {
                    System.out.println(c.id() + " " + i.number() + " " + f.status() + " " + f.note());
                }
            }
        }
        assertThat(claim.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(44);
        assertThat(tripod.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(52);
    }

    /** The visible text of the element with id {@code id} up to the next section, or null. */
    private static String section(String id) {
        int at = html.indexOf(" id=\"" + id + "\"");
        if (at < 0) {
            return null;
        }
        int end = html.indexOf("<section", at + 1);
        String part = html.substring(at, end < 0 ? html.length() : end);
        return part.replaceAll("<[^>]*>", " ").replace("&amp;", "&");
    }
}
