package org.hemamet.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hemamet.core.Hashing;
import org.hemamet.core.HemametException;
import org.hemamet.report.Checklists.Item;
import org.hemamet.report.Checklists.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checklists on the small synthetic fixture run (RunDirFixture: two sequences × two comparisons, split.csv,
 * search, predictions, provenance, dataset with ingest report): every CLAIM 2024 and TRIPOD+AI item listed,
 * the counts the issue sets (≥ 30 of 44 CLAIM items filled or partly from the run alone, ≥ 40 with an about
 * file), items that change with the about file, the about file's validation and its template.
 */
class ReportChecklistTest {
    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static Path ds;
    private static Path run;

    @org.junit.jupiter.api.BeforeAll
    static void fixture() throws Exception {
        ds = RunDirFixture.writeDataset(shared.resolve("dataset"));
        run = RunDirFixture.writeRun(shared.resolve("run"), ds);
    }

    private static ReportModel model(StudyAbout about) {
        return ReportModel.of(RunReader.read(run), ds, PaperReference.load(), about);
    }

    private Path fullAbout() throws Exception {
        StringBuilder y = new StringBuilder("# every field\n");
        for (String f : StudyAbout.fieldNames()) {
            y.append(f)
                    .append(": ")
                    .append(f.equals("synthetic_data") ? "true" : "\"text of " + f + "\"")
                    .append('\n');
        }
        return Files.writeString(tmp.resolve("about.yaml"), y);
    }

    @Test
    void everyItemOfBothChecklistsIsListedByNumber() {
        assertThat(Checklists.ALL.get(0).items()).hasSize(44);
        assertThat(Checklists.ALL.get(0).items().stream().map(Item::number))
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 44)
                        .mapToObj(Integer::toString)
                        .toList());
        List<Item> tripod = Checklists.ALL.get(1).items();
        Set<String> mainItems = tripod.stream()
                .map(i -> i.number().replaceAll("[a-z]$", ""))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        assertThat(mainItems).hasSize(27);
        assertThat(tripod.stream().map(Item::number)).contains("3a", "3c", "12g", "18f", "23b", "27c");
    }

    @Test
    void claimCountsFromTheRunAloneAndWithAnAboutFile() throws Exception {
        ReportModel bare = model(null);
        Map<Status, Integer> n = ChecklistSection.counts(bare, Checklists.ALL.get(0));
        assertThat(n.get(Status.FILLED) + n.get(Status.PARTLY)).isGreaterThanOrEqualTo(30);
        assertThat(n.get(Status.AUTHORS)).isPositive();

        ReportModel withAbout =
                ReportModel.of(bare.run(), bare.datasetDir(), bare.paper(), StudyAbout.read(fullAbout()));
        Map<Status, Integer> a = ChecklistSection.counts(withAbout, Checklists.ALL.get(0));
        assertThat(a.get(Status.FILLED) + a.get(Status.PARTLY)).isGreaterThanOrEqualTo(40);
        assertThat(a.get(Status.FILLED)).isGreaterThan(n.get(Status.FILLED));
        // with every about field set, only items the run alone can fill may stay with the authors
        ChecklistEvidence ev = new ChecklistEvidence(withAbout);
        for (var c : Checklists.ALL) {
            for (Item i : c.items()) {
                if (Checklists.status(i, ev, withAbout.about()).status() == Status.AUTHORS) {
                    assertThat(i.about()).as(c.name() + " " + i.number()).isEmpty();
                }
            }
        }
    }

    @Test
    void itemStatusesFollowTheAboutFile() throws Exception {
        ReportModel bare = model(null);
        ChecklistEvidence ev = new ChecklistEvidence(bare);
        Item annotators = claim("16");
        Item eligibility = claim("8");
        Item split = claim("19");
        assertThat(Checklists.status(annotators, ev, null).status()).isEqualTo(Status.AUTHORS);
        assertThat(Checklists.status(eligibility, ev, null).status()).isEqualTo(Status.PARTLY);
        assertThat(Checklists.status(split, ev, null))
                .isEqualTo(new Checklists.Fill(
                        Status.FILLED, "data-flow", "per cell from split.csv, with the fractions of the study file"));

        StudyAbout some = StudyAbout.read(Files.writeString(
                tmp.resolve("some.yaml"),
                "annotators: two radiologists (8 and 15 years)\neligibility: biopsy-proven\n"));
        assertThat(Checklists.status(annotators, ev, some))
                .isEqualTo(new Checklists.Fill(Status.FILLED, "about", "from the about file: annotators"));
        Checklists.Fill partly = Checklists.status(eligibility, ev, some);
        assertThat(partly.status()).isEqualTo(Status.PARTLY);
        assertThat(partly.note()).contains("missing: setting, dates");
        StudyAbout all = StudyAbout.read(fullAbout());
        assertThat(Checklists.status(eligibility, ev, all).status()).isEqualTo(Status.FILLED);
        // an about file never overrides what the run fills
        assertThat(Checklists.status(split, ev, all).anchor()).isEqualTo("data-flow");
    }

    @Test
    void classImbalanceItemSaysWhatTheRunDid() throws Exception {
        ReportModel bare = model(null);
        Checklists.Fill f = Checklists.status(tripod("13"), new ChecklistEvidence(bare), null);
        assertThat(f.status()).isEqualTo(Status.FILLED);
        assertThat(f.note()).contains("training part only").contains("natural prevalence");
        Path copy = RunDirFixture.writeRun(tmp.resolve("run"), ds);
        Path study = copy.resolve("study.json");
        var cfg = RunDirFixture.studyConfig();
        Files.writeString(study, cfg.toBuilder().balanceTest(true).build().toJson());
        ReportModel balanced = ReportModel.of(RunReader.read(copy), ds, bare.paper(), null);
        assertThat(Checklists.status(tripod("13"), new ChecklistEvidence(balanced), null)
                        .note())
                .contains("the test part too")
                .contains("artificial prevalence of 0.5");
    }

    @Test
    void everyEvidenceKeyAndAboutFieldOfTheChecklistsIsKnown() throws Exception {
        ChecklistEvidence ev = new ChecklistEvidence(model(null));
        Set<String> fields = new HashSet<>(StudyAbout.fieldNames());
        for (var c : Checklists.ALL) {
            for (Item i : c.items()) {
                if (i.run() != null) {
                    ev.fill(i.run()); // throws for a key the code does not decide
                }
                assertThat(fields).as(c.name() + " " + i.number()).containsAll(i.about());
                assertThat(i.todo()).as(c.name() + " " + i.number()).isNotBlank();
            }
        }
        assertThat(StudyAbout.AboutField.all().stream().map(StudyAbout.AboutField::name))
                .containsExactlyElementsOf(StudyAbout.fieldNames());
    }

    @Test
    void aboutFileErrorsNameTheFileAndTheField() throws Exception {
        Path unknown = Files.writeString(tmp.resolve("a.yaml"), "title: x\nfundng: none\n");
        assertThatThrownBy(() -> StudyAbout.read(unknown))
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessage(unknown
                        + ": line 2, column 1: unknown field \"fundng\" (did you mean \"funding\"?)"
                        + " (see hemamet report --template)");
        Path wrongType = Files.writeString(tmp.resolve("b.yaml"), "title:\n  - a\n  - b\n");
        assertThatThrownBy(() -> StudyAbout.read(wrongType))
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageStartingWith(wrongType + ": line 2, column 3: title: expected text")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        Path badYaml = Files.writeString(tmp.resolve("c.yaml"), "title: \"unclosed\n");
        assertThatThrownBy(() -> StudyAbout.read(badYaml))
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageStartingWith(badYaml + ": ");
    }

    @Test
    void templateListsEveryFieldWithTheItemsItFillsAndReadsAsAnEmptyAboutFile() throws Exception {
        Path t = tmp.resolve("about-template.yaml");
        StudyAbout.writeTemplate(t);
        String text = Files.readString(t);
        for (String f : StudyAbout.fieldNames()) {
            assertThat(text).contains("\n# " + f + ": ");
        }
        assertThat(text).contains("# fills: CLAIM 2024 16; TRIPOD+AI 8b, 9c\n# annotators: \"\"");
        StudyAbout empty = StudyAbout.read(t);
        assertThat(empty.fields()).isEmpty();
        // uncommenting a line gives a valid file that sets the field
        Files.writeString(t, text.replace("# title: \"\"", "title: \"A CNN for spinal lesions\""));
        assertThat(StudyAbout.read(t).fields()).containsExactly(Map.entry("title", "A CNN for spinal lesions"));
    }

    @Test
    void reportNamesTheAboutFileByItsHashAndEveryLinkResolves() throws Exception {
        Path run = RunDirFixture.writeRun(tmp.resolve("run"), ds);
        Path secret = Files.createDirectories(tmp.resolve("PATIENT_DOE_JOHN"));
        Path about =
                Files.writeString(secret.resolve("about.yaml"), "title: \"Spinal lesions\"\nethics: \"IRB 2021-17\"\n");
        String html =
                Files.readString(ReportWriter.write(run, ds, tmp.resolve("out/report.html"), StudyAbout.read(about))
                        .html());
        assertThat(html).contains(Hashing.sha256(about)).doesNotContain("PATIENT_DOE");
        assertThat(html).contains("<th>Ethics</th><td class=\"prose\">IRB 2021-17</td>");
        assertThat(danglingLinks(html)).isEmpty();
        // RUN_DIR/about.yaml is used when no --about is given
        Files.copy(about, run.resolve(StudyAbout.FILE));
        String beside = Files.readString(
                ReportWriter.write(run, ds, tmp.resolve("out2/report.html")).html());
        assertThat(beside).contains(Hashing.sha256(about));
    }

    /** Every href="#x" without an element id="x" (the browser test checks the same on the rendered page). */
    static List<String> danglingLinks(String html) {
        Set<String> ids = new HashSet<>();
        Matcher id = Pattern.compile("\\sid=\"([^\"]+)\"").matcher(html);
        while (id.find()) {
            ids.add(id.group(1));
        }
        Map<String, Boolean> links = new LinkedHashMap<>();
        Matcher href = Pattern.compile("href=\"#([^\"]*)\"").matcher(html);
        while (href.find()) {
            links.put(href.group(1), ids.contains(href.group(1)));
        }
        return links.entrySet().stream()
                .filter(e -> !e.getValue())
                .map(Map.Entry::getKey)
                .toList();
    }

    private static Item claim(String n) {
        return Checklists.ALL.get(0).items().stream()
                .filter(i -> i.number().equals(n))
                .findFirst()
                .orElseThrow();
    }

    private static Item tripod(String n) {
        return Checklists.ALL.get(1).items().stream()
                .filter(i -> i.number().equals(n))
                .findFirst()
                .orElseThrow();
    }
}
