package org.hemamet.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hemamet.contract.SplitRow;
import org.hemamet.metrics.RocBand;
import org.hemamet.report.StudyRun.Cell;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sections the checklists need (participant flow, characteristics, missing data, subgroups,
 * robustness) and the confidence bands, on the small synthetic run of {@link RunDirFixture} whose
 * dataset.csv is given age, sex and level columns.
 */
class NewSectionsTest {
    @TempDir
    static Path tmp;

    static ReportModel model;
    static String html;
    static Figures figures;

    @BeforeAll
    static void render() throws Exception {
        Path ds = RunDirFixture.writeDataset(tmp.resolve("dataset"));
        withDemographics(ds);
        // one T1 lesion fewer: a missing image
        Path csv = ds.resolve("dataset.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        lines.removeIf(l -> l.startsWith(firstPatient() + "_L1_T1,"));
        Files.write(csv, lines);
        Path run = RunDirFixture.writeRun(tmp.resolve("run"), ds);
        model = ReportModel.of(RunReader.read(run), ds, PaperReference.load());
        figures = new Figures();
        html = ReportPage.render(model, figures);
    }

    private static String firstPatient() {
        return RunDirFixture.PATIENTS.keySet().iterator().next();
    }

    /** Adds age, sex and level to dataset.csv: patient i is 40 + 3 i years old, F when i is even. */
    private static void withDemographics(Path ds) throws Exception {
        Path csv = ds.resolve("dataset.csv");
        List<String> lines = Files.readAllLines(csv);
        List<String> keys = new ArrayList<>(RunDirFixture.PATIENTS.keySet());
        List<String> out = new ArrayList<>();
        out.add(lines.get(0) + ",age,sex,level");
        for (String l : lines.subList(1, lines.size())) {
            int i = keys.indexOf(l.substring(0, l.indexOf('_')));
            out.add(l + "," + (40 + 3 * i) + "," + (i % 2 == 0 ? "F" : "M") + ",L" + (1 + i % 3));
        }
        Files.write(csv, out);
    }

    private static String section(String id) {
        int from = html.indexOf("<section id=\"" + id + "\">");
        assertThat(from).as("section " + id).isNotNegative();
        return html.substring(from, html.indexOf("</section>", from));
    }

    private static List<Integer> numbers(String tableRow) {
        List<Integer> out = new ArrayList<>();
        Matcher m = Pattern.compile("<td class=\"num\">(\\d+)</td>").matcher(tableRow);
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }

    @Test
    void theNavigationLinksEveryNewSection() {
        for (String id : List.of(
                "participant-flow", "characteristics", "missing-data", "subgroups", "robustness", "reliability")) {
            assertThat(html).contains("<a href=\"#" + id + "\">").contains("<section id=\"" + id + "\">");
        }
    }

    @Test
    void flowNumbersEqualTheSplitCountsAndTheFigureShowsThem() {
        String s = section("participant-flow");
        int rows = 0;
        for (Cell c : model.cells()) {
            Matcher m = Pattern.compile("<tr data-cell=\"" + Pattern.quote(c.id()) + "\">(.*?)</tr>")
                    .matcher(s);
            assertThat(m.find()).as(c.id()).isTrue();
            List<Integer> n = numbers(m.group(1));
            List<SplitRow> split = c.split();
            long train = split.stream()
                    .filter(r -> r.partition().equals(SplitRow.TRAIN))
                    .count();
            long testNeg = split.stream()
                    .filter(r -> r.partition().equals(SplitRow.TEST) && r.label() == 0)
                    .count();
            long testPos = split.stream()
                    .filter(r -> r.partition().equals(SplitRow.TEST) && r.label() == 1)
                    .count();
            long dropped = split.stream()
                    .filter(r -> r.partition().equals(SplitRow.DROPPED))
                    .count();
            assertThat(n.get(0)).isEqualTo(split.size());
            assertThat(n.get(1) + n.get(2)).isEqualTo((int) train);
            assertThat(n.get(3)).isEqualTo((int) testNeg);
            assertThat(n.get(4)).isEqualTo((int) testPos);
            assertThat(n).hasSize(8);
            assertThat(n.get(5) + n.get(6) + n.get(7)).isEqualTo((int) dropped);
            assertThat(n.stream().skip(1).mapToInt(Integer::intValue).sum()).isEqualTo(n.get(0));
            rows++;
        }
        assertThat(rows).isEqualTo(4);
        // the figure: an inline SVG holding the dataset's numbers and each comparison's box
        String svg = svg(s);
        assertThat(svg)
                .contains("16 patients, 16 lesions")
                .contains("Excluded at ingest: 3 items")
                .contains("15 lesions with an image (15 patients)")
                .contains("1 lesions without a T1 image");
        for (Cell c : model.cells()) {
            ParticipantFlow.ComparisonFlow f =
                    ParticipantFlow.of(model, CohortData.read(model.datasetDir())).sequences().stream()
                            .flatMap(x -> x.comparisons().stream())
                            .filter(x -> x.cellId().equals(c.id()))
                            .findFirst()
                            .orElseThrow();
            ParticipantFlow.comparisonLines(f).forEach(line -> assertThat(svg).contains(Html.escape(line)));
        }
    }

    private static String svg(String section) {
        Matcher m =
                Pattern.compile("data:image/svg\\+xml;charset=utf-8,([^\"]+)").matcher(section);
        assertThat(m.find()).isTrue();
        return java.net.URLDecoder.decode(m.group(1).replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Test
    void characteristicsCountsSumToEachPartitionSize() {
        String s = section("characteristics");
        Matcher tables = Pattern.compile("<table class=\"characteristics\" data-cell=\"([^\"]+)\">(.*?)</table>")
                .matcher(s);
        int seen = 0;
        while (tables.find()) {
            seen++;
            String t = tables.group(2);
            Cell c = model.run().cell(tables.group(1)).orElseThrow();
            assertThat(c.result().comparison()).isEqualTo(CohortSections.MAIN_COMPARISON);
            long train = c.split().stream()
                    .filter(r -> r.partition().equals(SplitRow.TRAIN))
                    .count();
            long test = c.split().stream()
                    .filter(r -> r.partition().equals(SplitRow.TEST))
                    .count();
            assertThat(t).contains("<td>Lesions</td><td class=\"num\">" + train + "</td><td class=\"num\">" + test);
            // the test lesions whose patient has no other lesion in the comparison, counted from split.csv
            java.util.Map<String, Long> perPatient = c.split().stream()
                    .collect(java.util.stream.Collectors.groupingBy(
                            SplitRow::patientKey, java.util.stream.Collectors.counting()));
            long testSingles = c.split().stream()
                    .filter(r -> r.partition().equals(SplitRow.TEST) && perPatient.get(r.patientKey()) == 1)
                    .count();
            Matcher singles = Pattern.compile(
                            "<tr data-variable=\"" + CohortSections.LESIONS_OF_THE_PATIENT
                                    + "\"><td>1 \\(its only lesion\\)</td><td[^>]*data-n=\"\\d+\"></td><td[^>]*data-n=\"(\\d+)\"")
                    .matcher(t.replaceAll(
                            "<td class=\"num\" data-n=\"(\\d+)\">[^<]*</td>", "<td class=\"num\" data-n=\"$1\"></td>"));
            assertThat(singles.find()).as("the lesions-per-patient block").isTrue();
            assertThat(Long.parseLong(singles.group(1))).isEqualTo(testSingles);
            for (String variable : List.of(
                    CohortSections.LESIONS_OF_THE_PATIENT,
                    "Sex",
                    "Diagnosis",
                    "Scanner",
                    "Field strength",
                    "Vertebral level")) {
                Matcher rows = Pattern.compile("<tr data-variable=\"" + variable + "\">(.*?)</tr>")
                        .matcher(t);
                long[] sums = new long[2];
                while (rows.find()) {
                    Matcher n = Pattern.compile("data-n=\"(\\d+)\"").matcher(rows.group(1));
                    for (int i = 0; i < 2 && n.find(); i++) {
                        sums[i] += Long.parseLong(n.group(1));
                    }
                }
                assertThat(sums).as(variable).containsExactly(train, test);
            }
            assertThat(t)
                    .contains("Age, years: median (IQR)")
                    .contains("<td>F</td>")
                    .contains("1.5 T");
        }
        assertThat(seen).isEqualTo(2);
    }

    @Test
    void missingDataCountsTheLesionsWithoutAnImage() {
        String s = section("missing-data");
        assertThat(s)
                .contains("<tr data-sequence=\"T1\"><td>T1</td><td class=\"num\">15</td><td class=\"num\">1</td>"
                        + "<td class=\"num\">6.3 %</td>")
                .contains("<tr data-sequence=\"T2\"><td>T2</td><td class=\"num\">16</td><td class=\"num\">0</td>")
                .contains("Complete-case analysis per sequence")
                .contains("T1+T2: 4 hemangiomas and 4 positives");
    }

    @Test
    void subgroupsSayNTooSmallAndTheirIntervalsContainThePointEstimate() {
        String s = section("subgroups");
        // the fixture's test parts are tiny: every subgroup has fewer than 5 of a class
        assertThat(s).contains("n too small").contains("id=\"fairness-note\"");
        assertThat(s).contains("<td>Age band</td><td>&lt; 50</td>");
        // on a larger cohort the estimates exist and each CI holds its point value
        var preds = new ArrayList<org.hemamet.contract.PredictionRow>();
        var rows = new java.util.LinkedHashMap<String, CohortData.Row>();
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        for (int p = 0; p < 80; p++) {
            int label = p % 2;
            String sex = p % 4 < 2 ? "F" : "M";
            for (int k = 0; k < 1 + p % 2; k++) {
                String id = "s" + p + "_" + k;
                double score = 1 / (1 + Math.exp(-(2 * label - 1 + r.nextGaussian())));
                preds.add(new org.hemamet.contract.PredictionRow(
                        "c",
                        "T1",
                        "x",
                        0,
                        id,
                        "p" + p,
                        "L" + k,
                        "d",
                        label,
                        score,
                        score >= 0.5 ? 1 : 0,
                        "",
                        null,
                        null));
                rows.put(id, new CohortData.Row(id, "p" + p, "L" + k, "d", "T1", "S", "1.5 T", "" + (30 + p), sex, ""));
            }
        }
        CohortData data = new CohortData(List.copyOf(rows.values()), List.of(), rows);
        List<SubgroupSection.Subgroup> sub = SubgroupSection.subgroups(preds, data, 0.5, 300, 1);
        int evaluated = 0;
        for (SubgroupSection.Subgroup g : sub) {
            if (g.evaluation() == null) {
                assertThat(Math.min(g.negatives(), g.positives())).isLessThan(SubgroupSection.MIN_PER_CLASS);
                continue;
            }
            evaluated++;
            for (var e : List.of(
                    g.evaluation().auc(),
                    g.evaluation().sensitivity(),
                    g.evaluation().specificity())) {
                assertThat(e.lower()).as(g.toString()).isLessThanOrEqualTo(e.value());
                assertThat(e.upper()).as(g.toString()).isGreaterThanOrEqualTo(e.value());
            }
            assertThat(g.evaluation().ciLevel()).isEqualTo("patient");
        }
        assertThat(evaluated).isGreaterThanOrEqualTo(5);
        List<String> notes = SubgroupSection.fairness("T1", sub);
        assertThat(notes).anyMatch(n -> n.startsWith("T1, sex: largest AUC gap ") && n.contains("95 % CIs"));
    }

    @Test
    void aSingleSplitRunSaysSoAndWhatToSet() {
        assertThat(section("robustness"))
                .contains("single split")
                .contains("repeats: N")
                .contains("folds: k");
    }

    @Test
    void robustnessShowsTheSpreadAcrossRepeats() {
        var cells = List.of(cellWithAuc(0.8), cellWithAuc(0.9), cellWithAuc(0.85));
        String s = RobustnessSection.spread(cells, org.hemamet.contract.ResultRow.Metric.AUC);
        // mean 0.85, sd 0.05, t(2) = 4.303: half-width 0.124
        assertThat(s).isEqualTo("0.850 (0.726–0.974) · 0.050 · 0.800–0.900");
    }

    private static Cell cellWithAuc(double auc) {
        Cell c = model.cells().get(0);
        var r = c.result();
        Map<String, Object> m =
                new java.util.LinkedHashMap<>(org.hemamet.core.Json.mapper().convertValue(r, Map.class));
        m.put("auc", auc);
        var changed = org.hemamet.core.Json.mapper().convertValue(m, org.hemamet.contract.ResultRow.class);
        return new Cell(
                changed, c.confusion(), c.roc(), c.history(), c.search(), c.split(), c.heatMaps(), c.calibration());
    }

    @Test
    void rocBandsAndReliabilityCurvesAreDrawnWithTheirReferences() {
        assertThat(section("roc")).contains("Macskassy &amp; Provost 2004").contains("bootstrap over patients");
        assertThat(section("reliability")).contains("Clopper–Pearson").contains("id=\"fig-reliability-T1\"");
        for (Cell c : model.cells()) {
            RocBand b = FigureSections.band(model, c);
            assertThat(b).as(c.id()).isNotNull();
            for (int g = 0; g < b.fpr().length; g++) {
                assertThat(b.lower()[g]).isLessThanOrEqualTo(b.tpr()[g]);
                assertThat(b.tpr()[g]).isLessThanOrEqualTo(b.upper()[g]);
            }
        }
    }

    @Test
    void aRunWithRepeatsShowsTheirSpreadAndAbsentVariablesAreSaidOnce(@TempDir Path dir) throws Exception {
        Path ds = RunDirFixture.writeDataset(dir.resolve("dataset"));
        Path run = RunDirFixture.writeRun(dir.resolve("run"), ds);
        Path results = run.resolve("results.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(results));
        List<String> header = List.of(lines.get(0).split(","));
        int auc = header.indexOf("auc");
        int repeat = header.indexOf("repeat");
        for (String l : List.copyOf(lines.subList(1, lines.size()))) {
            String[] f = l.split(",", -1);
            f[0] = f[0].replace("__r0", "__r1");
            f[repeat] = "1";
            f[auc] = "0.70";
            lines.add(String.join(",", f));
        }
        Files.write(results, lines);
        ReportModel m = ReportModel.of(RunReader.read(run), ds, PaperReference.load());
        String page = ReportPage.render(m, new Figures());
        int from = page.indexOf("<section id=\"robustness\">");
        String robustness = page.substring(from, page.indexOf("</section>", from));
        // T1 vs myeloma: AUC 0.91 and 0.70 -> mean 0.805, sd 0.148, t(1) = 12.706
        assertThat(robustness)
                .contains("id=\"robustness-table\"")
                .contains("<td>T1</td><td>Hemangioma vs myeloma</td><td class=\"num\">2</td>"
                        + "<td class=\"num\">0.805 (-0.529–2.139) · 0.148 · 0.700–0.910</td>")
                .contains("derived from the one root seed");
        from = page.indexOf("<section id=\"subgroups\">");
        String subgroups = page.substring(from, page.indexOf("</section>", from));
        assertThat(subgroups).contains("Not shown: sex, age band").doesNotContain("<td>Sex</td>");
        from = page.indexOf("<section id=\"characteristics\">");
        assertThat(page.substring(from, page.indexOf("</section>", from)))
                .contains("dataset.csv has no age, sex, level column");
    }
}
