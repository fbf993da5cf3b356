package org.hemamet.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.hemamet.contract.HeatMapIndex;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.HemametException;
import org.hemamet.study.StudyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    @TempDir
    Path tmp;

    @TempDir
    static Path shared;

    private static ReportWriter.ReportSummary fixtureReport;

    /** The fixture run's report, written once for the tests that only read it. */
    private static synchronized ReportWriter.ReportSummary writeFixtureReport() throws Exception {
        if (fixtureReport == null) {
            Path ds = RunDirFixture.writeDataset(shared.resolve("dataset"));
            Path run = RunDirFixture.writeRun(shared.resolve("run"), ds);
            fixtureReport = ReportWriter.write(run, null, shared.resolve("out/report.html"));
        }
        return fixtureReport;
    }

    /** The acquisition table says what each sequence's crops were cut from, and the lossy ones are pointed out. */
    @Test
    void theAcquisitionTableNamesTheSourceImagesAndPointsOutLossyOnes() throws Exception {
        String html = Files.readString(writeFixtureReport().html());
        String table = between(html, "<table id=\"acquisition-table\">", "</table>");
        assertThat(table)
                .contains("<th>Plane</th><th>Source images</th>")
                .contains("<td>sagittal (16)</td><td>DICOM (16)</td>")
                .contains("<td>axial (1), sagittal (14), unknown (1)</td>")
                .contains("<td>DICOM (16)</td>")
                .contains("<td>DICOM (15), JPEG export (lossy) (1)</td>");
        assertThat(html).contains("1 crop(s) were cut from lossy-compressed pixels");
    }

    @Test
    void writesSelfContainedHtmlWithOneTableRowPerCellAndTheValidationHighlightPerSequence() throws Exception {
        ReportWriter.ReportSummary s = writeFixtureReport();
        String html = Files.readString(s.html());
        assertThat(s.cells()).isEqualTo(4);
        assertThat(html)
                .contains("<meta http-equiv=\"Content-Security-Policy\" content=\"" + Html.escape(ReportWriter.CSP)
                        + "\">");
        assertThat(Pattern.compile("(src|href)\\s*=\\s*\"\\s*(https?:)?//", Pattern.CASE_INSENSITIVE)
                        .matcher(html)
                        .find())
                .as("no network URL in src/href")
                .isFalse();
        assertThat(html).doesNotContain("<script").doesNotContain("<link");
        // the report is shared: the dataset's path on this machine, which provenance.json records, is left out
        assertThat(html)
                .doesNotContain(shared.toAbsolutePath().toString())
                .contains("<th>dataset_dir</th><td>" + Html.escape(ProvenanceSection.LOCAL_PATH) + "</td>");
        String table = between(html, "<table id=\"results-table\">", "</table>");
        assertThat(count(table, "<tr class=\"[a-z]*\" data-cell=|<tr data-cell="))
                .isEqualTo(4);
        for (String seq : RunDirFixture.SEQUENCES) {
            for (String comp : RunDirFixture.COMPARISONS) {
                assertThat(table).contains("data-cell=\"" + RunDirFixture.cellId(seq, comp) + "\"");
            }
        }
        assertThat(table)
                .contains("<tr class=\"best\" data-cell=\"T1__hemangioma-vs-metastases__r0\">")
                .contains("<tr class=\"best\" data-cell=\"T2__hemangioma-vs-myeloma__r0\">");
        assertThat(count(table, "class=\"best\"")).isEqualTo(2);
        // each row says which lesions it stands on (T1 myeloma: 6 test lesions of 6 patients)
        assertThat(table)
                .contains("<td class=\"set\">all test lesions with a T1 image, 6 patients</td>")
                .contains("<td class=\"set\">all test lesions with a T2 image, ");
        assertThat(html).contains(Html.escape(ResultsSection.MAIN_CAPTION));
        String common = between(html, "<table id=\"common-lesions-table\">", "</table>");
        assertThat(count(common, "<tr>")).isEqualTo(5);
        assertThat(common)
                .contains("<td>T1+T2</td><td class=\"num\">4 / 2</td><td class=\"num\">6</td><td>T1</td>"
                        + "<td class=\"num\">0.910 (0.710–1.000)</td>");
        assertThat(between(html, "<section id=\"delong\">", "</section>")).contains("pairwise intersection");
        // T1 myeloma: 6 test lesions, 1 FP + 1 FN -> accuracy 4/6; AUC printed with its CI
        assertThat(table)
                .contains("<td class=\"num\">66.7 % <span class=\"ci\">(46.7–86.7)</span></td>")
                .contains("<td class=\"num\">0.910 <span class=\"ci\">(0.710–1.000)</span></td>");
        // paper columns: labelled as the paper's, with the source; values the abstract does not state -> em dash
        assertThat(table).contains("Published study (paper)").contains("<td class=\"num paper\">—</td>");
        assertThat(html).contains("Paper values from: ").contains("doi:10.21203/rs.3.rs-9125445/v1");
    }

    /**
     * Nothing on the report is chosen by test-set performance: reversing every test metric across the cells
     * (results.csv) changes the table's numbers but not which rows are highlighted.
     */
    @Test
    void theHighlightDoesNotDependOnAnyTestMetric() throws Exception {
        Path ds = RunDirFixture.writeDataset(tmp.resolve("dataset"));
        Path run = RunDirFixture.writeRun(tmp.resolve("run"), ds);
        String before = between(
                Files.readString(ReportWriter.write(run, null, tmp.resolve("a/report.html"))
                        .html()),
                "<table id=\"results-table\">",
                "</table>");
        reverseTestMetrics(run.resolve("results.csv"));
        String after = between(
                Files.readString(ReportWriter.write(run, null, tmp.resolve("b/report.html"))
                        .html()),
                "<table id=\"results-table\">",
                "</table>");
        assertThat(after).as("the test metrics did change").isNotEqualTo(before);
        assertThat(highlights(after)).isEqualTo(highlights(before)).hasSize(2);
        assertThat(Files.readString(tmp.resolve("b/report.html"))).contains(ResultsSection.HIGHLIGHT_RULE);
    }

    /** The data-cell of each highlighted row, and each row's first cell (where the star goes). */
    private static List<String> highlights(String table) {
        List<String> out = new java.util.ArrayList<>();
        Matcher m = Pattern.compile("<tr class=\"best\" data-cell=\"([^\"]+)\"><td>([^<]*)</td>")
                .matcher(table);
        while (m.find()) {
            out.add(m.group(1) + " " + m.group(2));
        }
        assertThat(count(table, "★")).isEqualTo(out.size());
        return out;
    }

    /** Reverses the order of the test-metric columns' values (accuracy up to train_seconds) over the rows. */
    private static void reverseTestMetrics(Path results) throws Exception {
        List<String> lines = Files.readAllLines(results);
        List<String> header = List.of(lines.get(0).split(",", -1));
        int from = header.indexOf("accuracy");
        int to = header.indexOf("train_seconds") - 1;
        List<String[]> rows = new java.util.ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            assertThat(f).hasSameSizeAs(header.toArray());
            rows.add(f);
        }
        List<String[]> copy = rows.stream().map(String[]::clone).toList();
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(copy.get(rows.size() - 1 - i), from, rows.get(i), from, to - from + 1);
        }
        StringBuilder sb = new StringBuilder(lines.get(0)).append('\n');
        rows.forEach(f -> sb.append(String.join(",", f)).append('\n'));
        Files.writeString(results, sb.toString());
    }

    @Test
    void writesEveryFigureAsPngAndSvgAndInlinesIt() throws Exception {
        ReportWriter.ReportSummary s = writeFixtureReport();
        String html = Files.readString(s.html());
        // ROC, reliability, decision curves and confusion per sequence (2 + 2 + 2 + 2), the participant flow (1)
        // and training curves per cell (4)
        assertThat(s.figures()).isEqualTo(13);
        List<String> ids = List.of(
                "roc-T1",
                "decision-T2",
                "roc-T2",
                "confusion-T1",
                "confusion-T2",
                "reliability-T1",
                "participant-flow",
                "training-T1__hemangioma-vs-myeloma__r0",
                "training-T2__hemangioma-vs-metastases__r0");
        for (String id : ids) {
            Path png = s.figuresDir().resolve(id + ".png");
            BufferedImage img = Thumbnails.readPng(png);
            assertThat(img).as(id).isNotNull();
            assertThat(img.getWidth()).isGreaterThan(300);
            assertThat(Files.readString(s.figuresDir().resolve(id + ".svg")))
                    .contains("<svg")
                    .contains("</svg>");
            assertThat(html).contains("id=\"fig-" + id + "\"");
        }
        assertThat(count(html, "<img src=\"data:image/svg\\+xml;charset=utf-8,"))
                .isEqualTo(13);
        // the inline figure is the figure file, percent-encoded (not base64)
        Matcher inline = Pattern.compile(
                        "<figure id=\"fig-roc-T1\"><img src=\"data:image/svg\\+xml;charset=utf-8,([^\"]+)\"")
                .matcher(html);
        assertThat(inline.find()).isTrue();
        assertThat(java.net.URLDecoder.decode(inline.group(1).replace("+", "%2B"), StandardCharsets.UTF_8))
                .isEqualTo(Files.readString(s.figuresDir().resolve("roc-T1.svg")));
        try (var files = Files.list(s.figuresDir())) {
            assertThat(files.count()).isEqualTo(26);
        }
        // ROC legend carries AUC and CI; the SVG holds the chart's text
        assertThat(Files.readString(s.figuresDir().resolve("roc-T1.svg"))).contains("AUC 0.910 (0.710–1.000)");
    }

    @Test
    void showsDataFlowPartitionsDelongGalleryChecklistAndProvenance() throws Exception {
        ReportWriter.ReportSummary s = writeFixtureReport();
        String html = Files.readString(s.html());
        String flow = between(html, "<section id=\"data-flow\">", "</section>");
        assertThat(flow)
                .contains("<b>16</b>patients included")
                .contains("<b>32</b>crops")
                .contains("<b>3</b>items excluded at ingest");
        assertThat(between(flow, "<table id=\"exclusions\">", "</table>"))
                .contains("<td>region outside the image</td><td class=\"num\">2</td>")
                .contains("<td>lesion not in cohort.csv</td><td class=\"num\">1</td>");
        assertThat(flow).contains("Balancing: downsample").contains("Split level: patient");
        String parts = between(flow, "<table id=\"partitions\">", "</table>");
        // T1 myeloma: train hem 2 (2 dropped), train pos 2, test hem 4, test pos 2
        assertThat(parts)
                .contains("<td>T1__hemangioma-vs-myeloma__r0</td><td class=\"num\">2</td><td class=\"num\">2</td>"
                        + "<td class=\"num\">4</td><td class=\"num\">2</td><td class=\"num\">2</td>");
        assertThat(count(parts, "badge b-ok\">0<")).isEqualTo(4);
        assertThat(between(html, "<table id=\"delong-table\">", "</table>"))
                .contains("<th class=\"num\">p (Holm)</th>")
                .contains("<td class=\"num\">0.156</td><td class=\"num\">0.312</td><td>paired, by patient</td>")
                .contains("<td class=\"num\">0.756</td><td class=\"num\">—</td><td>paired</td>") // an older run's
                .contains("<td class=\"num\">0.130</td>");
        String gallery = between(html, "<section id=\"misclassified\">", "</section>");
        assertThat(count(gallery, "class=\"thumb\"")).isEqualTo(4 * RunDirFixture.ERRORS_PER_CELL);
        assertThat(gallery).contains("8 of 28 test predictions are wrong");
        String checklist = between(html, "<table id=\"claim-table\" class=\"checklist\">", "</table>");
        assertThat(count(checklist, "<tr data-status=")).isEqualTo(44);
        assertThat(count(checklist, "data-status=\"filled\"")).isGreaterThanOrEqualTo(15);
        assertThat(count(checklist, "data-status=\"authors\"")).isGreaterThanOrEqualTo(5);
        String tripod = between(html, "<table id=\"tripod-table\" class=\"checklist\">", "</table>");
        String prov = between(html, "<section id=\"provenance\">", "</section>");
        assertThat(prov)
                .containsPattern("<th>dataset_sha256</th><td>[0-9a-f]{64}</td>")
                .contains("paper-cnn")
                .contains("&quot;balancing&quot; : &quot;downsample&quot;");
        assertThat(between(prov, "<table id=\"machine-table\">", "</table>"))
                .contains("<th>CPU</th><td>AMD EPYC 9R14 96-Core Processor</td>")
                .contains("<th>PyTorch (ATen) kernels</th><td>avx512 (inferred from CPU flags)</td>")
                .contains("<th>oneDNN ISA</th><td>avx512_core_bf16 (inferred from CPU flags)</td>")
                .contains("<th>PyTorch intra-op threads</th><td>2</td>")
                .contains("<th>PyTorch inter-op threads</th><td>1</td>")
                .contains("<th>OMP_NUM_THREADS</th><td>unset</td>")
                .contains("<th>Java processors</th><td>2</td>");
        // the class-imbalance item says what the run did: the training part balanced, the test part natural
        assertThat(tripod)
                .contains("downsampling balanced the training part only; the test part keeps every lesion of its"
                        + " patients at the natural prevalence");
        assertThat(s.notAvailable()).isEmpty();
    }

    /**
     * Only the run's own dataset feeds the report: another one given with --dataset is refused, and one that
     * replaced it where provenance.json points (re-ingested in place) is left out, saying why. Both were read:
     * the demo run's report with site B's dataset said "117 patients with 162 lesions" for a study of 352.
     */
    @Test
    void readsOnlyTheDatasetTheRunWasMadeOn() throws Exception {
        Path ds = RunDirFixture.writeDataset(tmp.resolve("dataset"));
        Path run = RunDirFixture.writeRun(tmp.resolve("run"), ds);
        Path other = RunDirFixture.writeDataset(tmp.resolve("other"));
        Path crop = other.resolve(
                org.hemamet.cohort.DatasetManifest.read(other).get(0).cropPath());
        byte[] bytes = Files.readAllBytes(crop);
        Files.write(crop, java.util.Arrays.copyOf(bytes, bytes.length + 1));

        Path html = tmp.resolve("out/report.html");
        assertThatThrownBy(() -> ReportWriter.write(run, other, html))
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageStartingWith("--dataset " + other + ": not the dataset this run was made on (its hash ");
        assertThat(html).doesNotExist();

        // the same dataset given explicitly is read
        assertThat(ReportWriter.write(run, ds, html).notAvailable()).isEmpty();

        // re-ingested in place: the run's dataset directory now holds another dataset
        AtomicFiles.deleteRecursively(ds);
        Files.move(other, ds);
        ReportWriter.ReportSummary s = ReportWriter.write(run, null, html);
        assertThat(s.notAvailable())
                .anySatisfy(n -> assertThat(n)
                        .startsWith("dataset directory: the one provenance.json names is not the dataset this run was"
                                + " made on (its hash ")
                        .endsWith("; give the run's dataset with --dataset DATASET_DIR")
                        .doesNotContain(tmp.toString()));
        assertThat(ReportWriter.dataset(run, null).dir()).isNull();
    }

    /**
     * What the report cannot read from the dataset is named by the file, never by where it lies: the dataset's
     * path (here a folder named like a patient) once reached the page's "not available" list.
     */
    @Test
    void namesUnreadableDatasetFilesWithoutTheirPath() throws Exception {
        Path ds = RunDirFixture.writeDataset(tmp.resolve("Doe_Jane_MRN4711/dataset"));
        Path run = RunDirFixture.writeRun(tmp.resolve("run"), ds);
        Files.delete(ds.resolve("ingest-report.json"));
        ReportWriter.ReportSummary s = ReportWriter.write(run, ds, tmp.resolve("a/report.html"));
        assertThat(s.notAvailable()).contains("the dataset's ingest-report.json");
        assertThat(Files.readString(s.html())).contains("the dataset&#39;s ingest-report.json");

        assertThat(Files.readString(s.html())).doesNotContain("MRN4711").doesNotContain(tmp.toString());

        // a crop gone: the recorded dataset cannot be hashed, and the reason names the crop inside the dataset
        Path crop =
                ds.resolve(org.hemamet.cohort.DatasetManifest.read(ds).get(0).cropPath());
        Files.delete(crop);
        assertThat(ReportWriter.dataset(run, null).unavailable())
                .contains("cannot be read whole: cannot read " + ds.relativize(crop) + ": no such file")
                .doesNotContain("MRN4711");
    }

    @Test
    void escapesRunDataAndSaysNotAvailableForMissingOptionalFiles() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("bare"));
        Files.writeString(
                run.resolve("results.csv"),
                "cell_id,sequence,comparison,repeat,status,message\n"
                        + "T1__hemangioma-vs-rcc__r0,T1,hemangioma-vs-rcc,0,insufficient_data,\"<img src=x onerror=alert(1)> only 3 rcc\"\n");
        ReportWriter.ReportSummary s = ReportWriter.write(run, null, run.resolve("report.html"));
        String html = Files.readString(s.html());
        assertThat(html).doesNotContain("<img src=x").contains("&lt;img src=x onerror=alert(1)&gt; only 3 rcc");
        assertThat(html)
                .contains("predictions.csv: not available")
                .contains("delong.csv: not available")
                .contains("provenance.json: not available")
                .contains("dataset.csv: not available");
        assertThat(s.figures()).isZero();
        assertThat(s.notAvailable())
                .contains(
                        "predictions.csv",
                        "delong.csv",
                        "provenance.json",
                        "study.json",
                        "cells/T1__hemangioma-vs-rcc__r0/split.csv");
    }

    @Test
    void failsWithOneLineWhenResultsCsvIsMissing() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> ReportWriter.write(run, null, run.resolve("report.html")))
                .isInstanceOf(HemametException.class)
                .hasMessage(run.resolve("results.csv") + ": not found (is " + run
                        + " a run directory written by 'hemamet study'?)")
                .satisfies(e -> assertThat(((HemametException) e).exitCode()).isEqualTo(2));
        assertThat(run.resolve("report.html")).doesNotExist();
        assertThat(run.resolve("figures")).doesNotExist();
    }

    @Test
    void refusesToReplaceAFiguresFolderHoldingOtherFiles() throws Exception {
        Path ds = RunDirFixture.writeDataset(tmp.resolve("dataset"));
        Path run = RunDirFixture.writeRun(tmp.resolve("run"), ds);
        Files.createDirectories(tmp.resolve("out/figures"));
        Files.writeString(tmp.resolve("out/figures/notes.txt"), "mine");
        assertThatThrownBy(() -> ReportWriter.write(run, ds, tmp.resolve("out/report.html")))
                .isInstanceOf(HemametException.class)
                .hasMessageContaining("figures: exists and holds files other");
        assertThat(tmp.resolve("out/figures/notes.txt")).hasContent("mine");
    }

    @Test
    void readsStudyJsonAsTheStudyConfigAndSaysWhySplitAndBalancingAreUnknownWithoutIt() throws Exception {
        String flow =
                between(Files.readString(writeFixtureReport().html()), "<section id=\"data-flow\">", "</section>");
        assertThat(flow)
                .contains("Split level: patient (hemamet always groups the split by patient)")
                .contains("Design: hold-out, test fraction 0.4 stratified by class, 1 split. Balancing: downsample.");

        Path ds = RunDirFixture.writeDataset(tmp.resolve("dataset"));
        Path run = RunDirFixture.writeRun(tmp.resolve("run"), ds);
        StudyConfig c = RunDirFixture.studyConfig();
        StudyConfig kFold = c.toBuilder()
                .balancing(StudyConfig.Balancing.CLASS_WEIGHT)
                .repeats(1)
                .folds(5)
                .build();
        Files.writeString(run.resolve("study.json"), kFold.toJson());
        ReportWriter.ReportSummary s = ReportWriter.write(run, ds, tmp.resolve("k/report.html"));
        assertThat(Files.readString(s.html()))
                .contains("Design: 5-fold cross-validation stratified by class (each fold the test part once). "
                        + "Balancing: class_weight.");

        // a study.json this hemamet cannot read as its config: not available, with the reason
        Files.writeString(run.resolve("study.json"), "{\"seed\":42,\"split\":{\"group_by\":\"patient\"}}");
        s = ReportWriter.write(run, ds, tmp.resolve("bad/report.html"));
        String html = Files.readString(s.html());
        assertThat(html)
                .contains("Design and balancing: not available (no readable study.json)")
                .contains("study.json: not available.")
                .contains("resamples: see study.json");
        assertThat(s.notAvailable())
                .anySatisfy(n -> assertThat(n)
                        .startsWith("study.json (invalid study file: ")
                        .contains("split"));
    }

    @Test
    void showsTheHeatMapsTheStepWroteAndSaysForEachMissingOneWhy() throws Exception {
        Path ds = RunDirFixture.writeDataset(tmp.resolve("dataset"));
        Path run = RunDirFixture.writeRun(tmp.resolve("run"), ds);
        List<String[]> errors = errors(run);
        // cell T1 myeloma: one map written, one not (crop missing); cell T1 metastases: no bundle; others: no index
        String cell = "T1__hemangioma-vs-myeloma__r0";
        List<String[]> mine = errors.stream().filter(e -> e[0].equals(cell)).toList();
        assertThat(mine).hasSize(RunDirFixture.ERRORS_PER_CELL);
        Path dir = Files.createDirectories(HeatMapIndex.dir(run, cell));
        BufferedImage map = new BufferedImage(300, 256, BufferedImage.TYPE_INT_RGB);
        map.setRGB(10, 10, 0xFF8800);
        ImageIO.write(map, "png", dir.resolve(mine.get(0)[1] + ".png").toFile());
        Files.writeString(
                dir.resolve(HeatMapIndex.FILE),
                new HeatMapIndex(
                                1,
                                cell,
                                "Grad-CAM",
                                null,
                                List.of(
                                        new HeatMapIndex.Case(mine.get(0)[1], 1, mine.get(0)[1] + ".png", null),
                                        new HeatMapIndex.Case(
                                                mine.get(1)[1], 0, null, "crop crops/x.png not found in the dataset")))
                        .toJson());
        String noBundle = "T1__hemangioma-vs-metastases__r0";
        Files.createDirectories(HeatMapIndex.dir(run, noBundle));
        Files.writeString(
                HeatMapIndex.dir(run, noBundle).resolve(HeatMapIndex.FILE),
                new HeatMapIndex(1, noBundle, "Grad-CAM", "no model bundle in the cell", List.of()).toJson());

        ReportWriter.ReportSummary s = ReportWriter.write(run, ds, tmp.resolve("out/report.html"));
        String gallery = between(Files.readString(s.html()), "<section id=\"misclassified\">", "</section>");
        assertThat(count(gallery, "class=\"thumb heatmap\"")).isEqualTo(1);
        assertThat(count(gallery, "class=\"hm-na\"")).isEqualTo(4 * RunDirFixture.ERRORS_PER_CELL - 1);
        assertThat(gallery)
                .contains("alt=\"Grad-CAM " + mine.get(0)[1] + "\"")
                .contains("no heat map: crop crops/x.png not found in the dataset")
                .contains("no heat map: no model bundle in the cell")
                .contains("no heat map: the heat-map step has not run for this cell (no heatmaps/index.json)")
                .contains(" 7 of the 8 cases shown have none; each says why.");
        // the PNG the step wrote, scaled to the gallery's size
        Matcher heat = Pattern.compile("data:image/png;base64,([^\"]+)\" width=\"128\" height=\"128\" alt=\"Grad-CAM ")
                .matcher(gallery);
        assertThat(heat.find()).isTrue();
        BufferedImage shown =
                ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(heat.group(1))));
        assertThat(shown.getWidth()).isEqualTo(128);
        assertThat(shown.getHeight()).isEqualTo(128);
    }

    /** [cell_id, sample_id] of each misclassified row of the fixture's predictions.csv. */
    private static List<String[]> errors(Path run) throws Exception {
        return Files.readAllLines(run.resolve("predictions.csv")).stream()
                .skip(1)
                .map(l -> l.split(","))
                .filter(f -> !f[8].equals(f[10]))
                .map(f -> new String[] {f[0], f[4]})
                .toList();
    }

    static String between(String s, String from, String to) {
        int i = s.indexOf(from);
        assertThat(i).as("'" + from + "' in report").isGreaterThanOrEqualTo(0);
        int j = s.indexOf(to, i);
        return s.substring(i, j + to.length());
    }

    static int count(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
