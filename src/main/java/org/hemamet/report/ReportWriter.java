package org.hemamet.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.cohort.Sequence;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.HemametException;
import org.hemamet.core.Json;
import org.hemamet.core.Version;
import org.hemamet.report.StudyRun.Cell;
import org.hemamet.report.StudyRun.CellResult;
import org.hemamet.report.StudyRun.DelongComparison;
import org.hemamet.report.StudyRun.Prediction;
import org.hemamet.report.StudyRun.SplitRow;
import org.jfree.chart.JFreeChart;

/**
 * Writes the study report: one self-contained HTML file (style sheet and figures inline, a
 * Content-Security-Policy that forbids every network request) and the figures as PNG and SVG files in a
 * {@code figures/} folder beside it.
 *
 * <p>Content: the paper-style results table with 95 % confidence intervals (Wilson intervals for
 * proportions — Wilson, JASA 1927; DeLong intervals for the AUC — DeLong et al., Biometrics 1988;
 * stratified percentile bootstrap for F1, MCC, balanced accuracy and Brier score — Efron &amp; Tibshirani
 * 1993) beside the paper's published numbers, ROC curves, confusion matrices, training curves,
 * hyper-parameter search, DeLong comparisons between sequences, data flow and partitions, misclassified
 * cases, the CLAIM 2024 / TRIPOD+AI items the run fills, and provenance. All numbers come from the run
 * directory (contracts.md section C); the report computes nothing that changes them.
 */
public final class ReportWriter {
    /** The page's Content-Security-Policy: no network, images only from data: URIs, inline styles. */
    public static final String CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";
    /** Name of the figure folder written beside the HTML file. */
    public static final String FIGURES = "figures";

    static final int GALLERY_LIMIT = 60;

    private static final List<String> MAIN_METRICS = List.of("accuracy", "sensitivity", "specificity", "auc");
    private static final List<String> MORE_METRICS = List.of("ppv", "npv", "f1", "balanced_accuracy", "mcc", "brier");
    private static final Set<String> PROPORTIONS =
            Set.of("accuracy", "sensitivity", "specificity", "ppv", "npv", "balanced_accuracy");
    private static final Map<String, String> METRIC_NAMES = Map.ofEntries(
            Map.entry("accuracy", "Accuracy"),
            Map.entry("sensitivity", "Sensitivity"),
            Map.entry("specificity", "Specificity"),
            Map.entry("auc", "AUC"),
            Map.entry("ppv", "PPV"),
            Map.entry("npv", "NPV"),
            Map.entry("f1", "F1"),
            Map.entry("balanced_accuracy", "Balanced accuracy"),
            Map.entry("mcc", "MCC"),
            Map.entry("brier", "Brier score"));

    /** What was written. */
    public record ReportSummary(Path html, Path figuresDir, int figures, int cells, List<String> notAvailable) {}

    private final StudyRun run;
    private final Path datasetDir;
    private final List<DatasetSample> dataset;
    private final JsonNode ingestReport;
    private final PaperReference paper;
    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, String> figureSvgs = new LinkedHashMap<>();
    private final List<String> notAvailable = new ArrayList<>();

    private ReportWriter(StudyRun run, Path datasetDir, PaperReference paper) {
        this.run = run;
        this.paper = paper;
        this.datasetDir = datasetDir;
        if (datasetDir != null) {
            List<DatasetSample> ds;
            try {
                ds = DatasetManifest.read(datasetDir);
            } catch (HemametException e) {
                ds = null;
                notAvailable.add("dataset.csv (" + e.getMessage() + ")");
            }
            this.dataset = ds;
            this.ingestReport = RunReader.optionalJson(datasetDir, "ingest-report.json", null);
            if (ingestReport == null) {
                notAvailable.add(datasetDir.resolve("ingest-report.json").toString());
            }
        } else {
            this.dataset = null;
            this.ingestReport = null;
            notAvailable.add("dataset directory (give --dataset DATASET_DIR)");
        }
        run.missing().forEach(m -> notAvailable.add(m));
    }

    /**
     * Writes the report of {@code runDir} to {@code outHtml} and its figures to {@code figures/} beside it.
     *
     * @param runDir        a study run directory; must hold results.csv (else exit 2)
     * @param datasetDirOrNull the dataset directory (crops, dataset.csv, ingest-report.json); null = take
     *                      {@code dataset_dir} from provenance.json when it exists, else leave those parts out
     * @param outHtml       the HTML file to write (replaced atomically)
     */
    public static ReportSummary write(Path runDir, Path datasetDirOrNull, Path outHtml) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        StudyRun run = RunReader.read(runDir);
        Path ds = datasetDirOrNull;
        if (ds != null && !Files.isDirectory(ds)) {
            throw HemametException.invalidInput(ds + ": dataset directory not found");
        }
        if (ds == null && run.provenance() != null && run.provenance().hasNonNull("dataset_dir")) {
            Path p = Path.of(run.provenance().get("dataset_dir").asText());
            if (!p.isAbsolute()) {
                p = runDir.resolve(p).normalize();
            }
            ds = Files.isDirectory(p) ? p : null;
        }
        Path out = outHtml.toAbsolutePath();
        Path figDir = out.getParent().resolve(FIGURES);
        checkFigureDir(figDir);
        ReportWriter w = new ReportWriter(run, ds, PaperReference.load());
        String html = w.render();
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Figure f : w.figures) {
            files.put(f.id() + ".png", f.png());
            files.put(f.id() + ".svg", w.figureSvgs.get(f.id()).getBytes(StandardCharsets.UTF_8));
        }
        AtomicFiles.writeDirectory(figDir, true, dir -> {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Files.write(dir.resolve(e.getKey()), e.getValue());
            }
        });
        AtomicFiles.writeString(out, html);
        return new ReportSummary(out, figDir, w.figures.size(), run.cells().size(), List.copyOf(w.notAvailable));
    }

    private static void checkFigureDir(Path figDir) {
        if (!Files.exists(figDir)) {
            return;
        }
        try (Stream<Path> s = Files.list(figDir)) {
            if (!Files.isDirectory(figDir)
                    || s.anyMatch(p -> !Files.isRegularFile(p)
                            || !p.getFileName().toString().matches("[A-Za-z0-9_.-]+\\.(png|svg)"))) {
                throw HemametException.invalidInput(figDir + ": exists and holds files other than report figures;"
                        + " choose another --out folder");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------------------------------ page

    private String render() {
        Html h = new Html();
        h.trustedMarkup("<!DOCTYPE html>\n");
        h.open("html", "lang", "en").open("head");
        h.empty("meta", "charset", "utf-8");
        h.empty("meta", "http-equiv", "Content-Security-Policy", "content", CSP);
        h.empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1");
        h.empty("meta", "name", "generator", "content", "hemamet " + Version.hemamet());
        h.el("title", "hemamet study report — " + runName());
        h.open("style").trustedMarkup(resource("report.css")).close("style");
        h.close("head").newline().open("body");

        h.open("header");
        h.el("h1", "Spinal hemangioma vs metastasis — CNN study report");
        h.el(
                "p",
                "Run " + runName() + " · " + run.cells().size() + " cells · seed "
                        + text(run.provenance(), "seed", "not recorded") + " · written "
                        + ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT))
                        + " by hemamet " + Version.hemamet());
        h.close("header");
        h.open("nav");
        for (String[] s : new String[][] {
            {"results", "Results"},
            {"roc", "ROC"},
            {"confusion", "Confusion"},
            {"delong", "DeLong"},
            {"data-flow", "Data flow"},
            {"training", "Training"},
            {"search", "Search"},
            {"misclassified", "Misclassified"},
            {"checklist", "CLAIM / TRIPOD+AI"},
            {"provenance", "Provenance"}
        }) {
            h.el("a", s[1], "href", "#" + s[0]);
        }
        h.close("nav").newline().open("main");
        resultsSection(h);
        rocSection(h);
        confusionSection(h);
        delongSection(h);
        dataFlowSection(h);
        trainingSection(h);
        searchSection(h);
        gallerySection(h);
        checklistSection(h);
        provenanceSection(h);
        h.close("main");
        h.el(
                "footer",
                "Generated offline by hemamet " + Version.hemamet()
                        + ". Figures are also in the figures/ folder beside this file (PNG and SVG).");
        h.close("body").close("html").newline();
        return h.toString();
    }

    private void resultsSection(Html h) {
        h.open("section", "id", "results").el("h2", "Results per sequence and comparison (test set)");
        h.el(
                "p",
                "Point estimates with 95 % confidence intervals: Wilson score intervals for accuracy, "
                        + "sensitivity and specificity; DeLong intervals for the AUC. Positive class = the metastasis "
                        + "group of the comparison. Highlighted: the best cell per sequence (highest AUC, then accuracy). "
                        + "Shaded italic columns are the published study's values, not this run's.",
                "class",
                "note");
        boolean repeats = run.cells().stream().anyMatch(c -> c.result().repeat() != 0);
        Set<String> best = bestPerSequence();
        h.open("div", "class", "tw")
                .open("table", "id", "results-table")
                .open("thead")
                .open("tr");
        h.el("th", "Sequence", "rowspan", "2").el("th", "Comparison", "rowspan", "2");
        if (repeats) {
            h.el("th", "Repeat", "class", "num", "rowspan", "2");
        }
        h.el("th", "Train hem / pos", "class", "num", "rowspan", "2")
                .el("th", "Test hem / pos", "class", "num", "rowspan", "2");
        h.el("th", "This run — estimate (95 % CI)", "colspan", "4", "class", "group");
        h.el("th", "Published study (paper)", "colspan", "4", "class", "group paper");
        h.close("tr").open("tr");
        for (String m : MAIN_METRICS) {
            h.el("th", METRIC_NAMES.get(m), "class", "num");
        }
        for (String m : MAIN_METRICS) {
            h.el("th", METRIC_NAMES.get(m), "class", "num paper");
        }
        h.close("tr").close("thead").open("tbody");
        for (Cell c : sortedCells()) {
            CellResult r = c.result();
            String cls = best.contains(r.cellId()) ? "best" : r.ok() ? null : "failed";
            h.open("tr", "class", cls, "data-cell", r.cellId());
            h.el("td", r.sequence() + (best.contains(r.cellId()) ? " ★" : ""));
            h.el("td", comparisonLabel(r.comparison()), "class", "nw");
            if (repeats) {
                h.el("td", Integer.toString(r.repeat()), "class", "num");
            }
            h.el("td", count(r, "n_train_neg") + " / " + count(r, "n_train_pos"), "class", "num");
            h.el("td", count(r, "n_test_neg") + " / " + count(r, "n_test_pos"), "class", "num");
            if (r.ok()) {
                for (String m : MAIN_METRICS) {
                    metricCell(h, r, m);
                }
            } else {
                h.open("td", "colspan", "4")
                        .open("span", "class", "badge b-bad")
                        .text(r.status())
                        .close("span")
                        .text(" " + r.message())
                        .close("td");
            }
            var entry = paper.entry(r.sequence(), r.comparison());
            for (String m : MAIN_METRICS) {
                h.el("td", entry.map(e -> fmt(m, e.metric(m))).orElse(""), "class", "num paper");
            }
            h.close("tr").newline();
        }
        h.close("tbody").close("table").close("div");
        h.el(
                "p",
                paper.source() == null
                        ? "Paper values: not yet transcribed (\u2014). The published numbers for T1 hemangioma vs myeloma "
                                + "and for T2, STIR and contrast-enhanced T1 hemangioma vs all metastases are to be filled from "
                                + "the publication into paper-results.json."
                        : "Paper values from: " + paper.source(),
                "class",
                "note");

        h.el("h3", "More metrics and the selected hyper-parameters");
        String resamples = run.study() != null && run.study().hasNonNull("bootstrap")
                ? run.study().get("bootstrap").asText() + " resamples"
                : "resamples: see study.json";
        h.el(
                "p",
                "PPV and NPV: Wilson intervals; F1, balanced accuracy, MCC and Brier score: stratified percentile "
                        + "bootstrap (" + resamples + "). Threshold: the operating point and the rule that chose it.",
                "class",
                "note");
        h.open("div", "class", "tw")
                .open("table", "id", "more-metrics")
                .open("thead")
                .open("tr")
                .el("th", "Sequence")
                .el("th", "Comparison");
        for (String m : MORE_METRICS) {
            h.el("th", m.equals("balanced_accuracy") ? "Bal. accuracy" : METRIC_NAMES.get(m), "class", "num");
        }
        for (String p : List.of("LR", "Batch", "Epochs", "Dropout", "Threshold")) {
            h.el("th", p, "class", "num");
        }
        h.el("th", "Rule").el("th", "Train s", "class", "num");
        h.close("tr").close("thead").open("tbody");
        for (Cell c : sortedCells()) {
            CellResult r = c.result();
            h.open("tr", "data-cell", r.cellId())
                    .el("td", r.sequence() + (repeatTag(c).isEmpty() ? "" : repeatTag(c)))
                    .el("td", comparisonLabel(r.comparison()), "class", "nw");
            for (String m : MORE_METRICS) {
                if (r.ok()) {
                    metricCell(h, r, m);
                } else {
                    h.el("td", "", "class", "num");
                }
            }
            for (String p : List.of("learning_rate", "batch_size", "epochs", "dropout", "threshold")) {
                h.el("td", r.text(p), "class", "num");
            }
            h.el("td", r.text("threshold_rule"), "class", "rule")
                    .el("td", fixed(r.number("train_seconds"), 1), "class", "num");
            h.close("tr");
        }
        h.close("tbody").close("table").close("div");
        calibrationTable(h);
        h.close("section").newline();
    }

    /** Calibration of the test probabilities, raw and Platt-calibrated (only for runs that recorded it). */
    private void calibrationTable(Html h) {
        if (run.cells().stream()
                .noneMatch(c -> c.result().ok() && !Double.isNaN(c.result().number("calibrated_brier")))) {
            return;
        }
        h.el("h3", "Calibration of the predicted probabilities (test set)");
        h.el(
                "p",
                "Calibration slope and intercept: logistic regression of the outcome on logit(P) (Cox 1958), Wald "
                        + "95 % CIs; slope 1 and intercept 0 mean calibrated, a slope below 1 means over-confident "
                        + "probabilities; — where the test set is perfectly separated (no finite slope). Calibrated: Platt "
                        + "scaling (Platt 1999) fitted on the inner validation split of the training part, never on the test "
                        + "set; the bundle carries it and hemamet predict reports it. The calibration assumes the prevalence "
                        + "of that split (balanced when the study downsamples); Brier score CIs: stratified percentile "
                        + "bootstrap. A ranking metric (AUC) does not change under this monotone recalibration.",
                "class",
                "note");
        List<String> cols =
                List.of("brier", "calibration_slope", "calibration_intercept", "calibrated_brier", "calibrated_slope");
        h.open("div", "class", "tw")
                .open("table", "id", "calibration-table")
                .open("thead")
                .open("tr")
                .el("th", "Sequence")
                .el("th", "Comparison");
        for (String name :
                List.of("Brier (raw)", "Slope (raw)", "Intercept (raw)", "Brier (calibrated)", "Slope (calibrated)")) {
            h.el("th", name, "class", "num");
        }
        h.close("tr").close("thead").open("tbody");
        for (Cell c : sortedCells()) {
            CellResult r = c.result();
            if (!r.ok()) {
                continue;
            }
            h.open("tr", "data-cell", r.cellId())
                    .el("td", r.sequence() + (repeatTag(c).isEmpty() ? "" : repeatTag(c)))
                    .el("td", comparisonLabel(r.comparison()), "class", "nw");
            for (String m : cols) {
                metricCell(h, r, m);
            }
            h.close("tr");
        }
        h.close("tbody").close("table").close("div");
    }

    private void rocSection(Html h) {
        h.open("section", "id", "roc").el("h2", "ROC curves");
        h.el(
                "p",
                "Test-set ROC curves, one figure per sequence and one panel per comparison; the legend gives the "
                        + "AUC with its 95 % DeLong interval. Dashed: chance.",
                "class",
                "note");
        boolean any = false;
        for (String seq : sequences()) {
            List<JFreeChart> panels = new ArrayList<>();
            for (String comp : comparisons(seq)) {
                List<String> names = new ArrayList<>();
                List<StudyRun.Roc> rocs = new ArrayList<>();
                for (Cell c : cells(seq, comp)) {
                    if (c.roc() != null && c.result().ok()) {
                        names.add("r" + c.result().repeat() + "  AUC " + withCi(c.result(), "auc"));
                        rocs.add(c.roc());
                    }
                }
                if (!rocs.isEmpty()) {
                    panels.add(Charts.roc(comparisonLabel(comp), names, rocs));
                }
            }
            if (!panels.isEmpty()) {
                any = true;
                figure(
                        h,
                        Figure.grid(
                                "roc-" + seq,
                                seq + " — ROC curves",
                                "Test-set ROC curves of the " + seq + " cells, one panel per comparison.",
                                panels,
                                3,
                                360,
                                380));
            }
        }
        if (!any) {
            notAvailable(h, "ROC curves: not available (no predictions.csv and no roc in result.json).");
        }
        h.close("section").newline();
    }

    private void confusionSection(Html h) {
        h.open("section", "id", "confusion").el("h2", "Confusion matrices");
        h.el(
                "p",
                "Test set at the cell's threshold. Rows: histology; columns: prediction. Shading: fraction of "
                        + "the row (sensitivity / specificity).",
                "class",
                "note");
        boolean any = false;
        for (String seq : sequences()) {
            List<JFreeChart> panels = new ArrayList<>();
            for (String comp : comparisons(seq)) {
                for (Cell c : cells(seq, comp)) {
                    if (c.confusion() != null && c.result().ok()) {
                        panels.add(Charts.confusion(
                                comparisonLabel(comp) + repeatTag(c), "hemangioma", positiveName(comp), c.confusion()));
                    }
                }
            }
            if (!panels.isEmpty()) {
                any = true;
                figure(
                        h,
                        Figure.grid(
                                "confusion-" + seq,
                                seq + " — confusion matrices",
                                "Confusion matrices of the " + seq + " cells.",
                                panels,
                                3,
                                320,
                                260));
            }
        }
        if (!any) {
            notAvailable(h, "Confusion matrices: not available.");
        }
        h.close("section").newline();
    }

    private void delongSection(Html h) {
        h.open("section", "id", "delong").el("h2", "Comparison of sequences (DeLong test)");
        if (run.delong().isEmpty()) {
            notAvailable(h, "delong.csv: not available.");
            h.close("section");
            return;
        }
        h.el(
                "p",
                "Difference between the AUCs of two sequences for the same comparison and repeat: DeLong, DeLong & "
                        + "Clarke-Pearson, Biometrics 1988 — paired on the lesions both sequences have (n common); unpaired "
                        + "when the test sets differ. p-values are two-sided and not adjusted for multiple comparisons.",
                "class",
                "note");
        h.open("table", "id", "delong-table").open("thead").open("tr");
        for (String c : List.of(
                "Comparison",
                "Repeat",
                "Sequence A",
                "Sequence B",
                "n common",
                "AUC A",
                "AUC B",
                "ΔAUC",
                "z",
                "p",
                "Paired")) {
            h.el("th", c, "class", c.startsWith("Comp") || c.startsWith("Seq") || c.equals("Paired") ? null : "num");
        }
        h.close("tr").close("thead").open("tbody");
        for (DelongComparison d : run.delong()) {
            h.open("tr")
                    .el("td", comparisonLabel(d.comparison()))
                    .el("td", Integer.toString(d.repeat()), "class", "num")
                    .el("td", d.sequenceA())
                    .el("td", d.sequenceB())
                    .el("td", Integer.toString(d.nCommon()), "class", "num")
                    .el("td", fixed(d.aucA(), 3), "class", "num")
                    .el("td", fixed(d.aucB(), 3), "class", "num")
                    .el("td", fixed(d.aucA() - d.aucB(), 3), "class", "num")
                    .el("td", fixed(d.z(), 2), "class", "num")
                    .el("td", pValue(d.pValue()), "class", "num")
                    .el("td", d.paired() ? "yes" : "no");
            h.close("tr");
        }
        h.close("tbody").close("table").close("section").newline();
    }

    private void dataFlowSection(Html h) {
        h.open("section", "id", "data-flow").el("h2", "Data flow, partitions and balancing");
        h.el("h3", "Patients and lesions");
        if (dataset != null) {
            long patients =
                    dataset.stream().map(DatasetSample::patientKey).distinct().count();
            long lesions = dataset.stream()
                    .map(s -> s.patientKey() + "/" + s.lesionId())
                    .distinct()
                    .count();
            h.open("div", "class", "flow");
            Integer excluded = ingestReport == null ? null : excludedCount(ingestReport);
            if (excluded != null) {
                h.open("div", "class", "box")
                        .el("b", Integer.toString(excluded))
                        .text("items excluded at ingest")
                        .close("div")
                        .el("span", "→", "class", "arrow");
            }
            h.open("div", "class", "box", "id", "n-patients")
                    .el("b", Long.toString(patients))
                    .text("patients included")
                    .close("div");
            h.open("div", "class", "box")
                    .el("b", Long.toString(lesions))
                    .text("lesions included")
                    .close("div");
            h.open("div", "class", "box")
                    .el("b", Integer.toString(dataset.size()))
                    .text("crops (lesion × sequence)")
                    .close("div")
                    .close("div");
            Map<String, Map<String, Integer>> bySeq = new TreeMap<>();
            Set<String> diags = new LinkedHashSet<>();
            dataset.stream()
                    .sorted(Comparator.comparing(s -> s.diagnosis().ordinal()))
                    .forEach(s -> {
                        diags.add(s.diagnosis().id());
                        bySeq.computeIfAbsent(s.sequence().name(), k -> new LinkedHashMap<>())
                                .merge(s.diagnosis().id(), 1, Integer::sum);
                    });
            h.open("table", "id", "dataset-counts").open("thead").open("tr").el("th", "Sequence");
            diags.forEach(d -> h.el("th", d, "class", "num"));
            h.el("th", "total", "class", "num").close("tr").close("thead").open("tbody");
            for (var e : bySeq.entrySet()) {
                h.open("tr").el("td", e.getKey());
                diags.forEach(d -> h.el("td", Integer.toString(e.getValue().getOrDefault(d, 0)), "class", "num"));
                h.el(
                        "td",
                        Integer.toString(
                                e.getValue().values().stream().mapToInt(i -> i).sum()),
                        "class",
                        "num");
                h.close("tr");
            }
            h.close("tbody").close("table");
        } else {
            notAvailable(h, "dataset.csv: not available — patient and lesion counts cannot be shown.");
        }
        h.el("h3", "Exclusions at ingest");
        if (ingestReport != null) {
            Map<String, Integer> reasons = new TreeMap<>();
            collectReasons(ingestReport, reasons);
            if (reasons.isEmpty()) {
                h.el("p", "ingest-report.json lists no excluded item.");
            } else {
                h.open("table", "id", "exclusions")
                        .open("thead")
                        .open("tr")
                        .el("th", "Reason")
                        .el("th", "Items", "class", "num")
                        .close("tr")
                        .close("thead")
                        .open("tbody");
                reasons.forEach((k, v) -> h.open("tr")
                        .el("td", k)
                        .el("td", Integer.toString(v), "class", "num")
                        .close("tr"));
                h.close("tbody").close("table");
            }
            h.open("details")
                    .el("summary", "ingest-report.json")
                    .el("pre", pretty(ingestReport))
                    .close("details");
        } else {
            notAvailable(h, "ingest-report.json: not available — exclusions cannot be shown.");
        }

        h.el("h3", "Partitions per cell");
        String level = findText(run.study(), "group_by", "split_level", "level", "grouping");
        String balancing = findText(run.study(), "balancing", "balance");
        h.el(
                "p",
                "Split level: " + (level == null ? "patient (hemamet groups the split by patient)" : level)
                        + " — all lesions of a patient fall in the same partition. Balancing: "
                        + (balancing == null ? "not recorded in study.json" : balancing)
                        + ". 'Dropped' counts the training samples the balancing removed. Patient overlap is measured from "
                        + "split.csv and must be 0.",
                "class",
                "note");
        h.open("table", "id", "partitions").open("thead").open("tr");
        for (String c : List.of(
                "Cell",
                "Train hem",
                "Train pos",
                "Test hem",
                "Test pos",
                "Dropped",
                "Train patients",
                "Test patients",
                "Patient overlap")) {
            h.el("th", c, "class", c.equals("Cell") ? null : "num");
        }
        h.close("tr").close("thead").open("tbody");
        for (Cell c : sortedCells()) {
            h.open("tr").el("td", c.id());
            if (c.split().isEmpty()) {
                CellResult r = c.result();
                for (String k : List.of("n_train_neg", "n_train_pos", "n_test_neg", "n_test_pos", "n_dropped")) {
                    h.el("td", count(r, k), "class", "num");
                }
                h.el("td", "—", "class", "num").el("td", "—", "class", "num").el("td", "split.csv not available");
            } else {
                for (String part : List.of("train", "test")) {
                    for (int label : new int[] {0, 1}) {
                        h.el(
                                "td",
                                Long.toString(c.split().stream()
                                        .filter(s -> s.partition().equals(part) && s.label() == label)
                                        .count()),
                                "class",
                                "num");
                    }
                }
                h.el(
                        "td",
                        Long.toString(c.split().stream()
                                .filter(s -> s.partition().equals("dropped"))
                                .count()),
                        "class",
                        "num");
                Set<String> train = patients(c, "train");
                Set<String> test = patients(c, "test");
                Set<String> overlap = new LinkedHashSet<>(train);
                overlap.retainAll(test);
                h.el("td", Integer.toString(train.size()), "class", "num")
                        .el("td", Integer.toString(test.size()), "class", "num");
                h.open("td", "class", "num")
                        .open("span", "class", overlap.isEmpty() ? "badge b-ok" : "badge b-bad")
                        .text(Integer.toString(overlap.size()))
                        .close("span")
                        .close("td");
            }
            h.close("tr");
        }
        h.close("tbody").close("table").close("section").newline();
    }

    private void trainingSection(Html h) {
        h.open("section", "id", "training").el("h2", "Training curves");
        h.el(
                "p",
                "Loss and accuracy per epoch of the final training of each cell (validation curves where the run "
                        + "kept a validation part).",
                "class",
                "note");
        h.open("div", "class", "grid");
        boolean any = false;
        for (Cell c : sortedCells()) {
            if (!c.history().isEmpty()) {
                any = true;
                figure(
                        h,
                        new Figure(
                                "training-" + c.id(),
                                c.result().sequence() + " · "
                                        + comparisonLabel(c.result().comparison()) + repeatTag(c),
                                "",
                                380,
                                340,
                                g -> Charts.training(
                                                c.result().sequence() + " · "
                                                        + comparisonLabel(
                                                                c.result().comparison()) + repeatTag(c),
                                                c.history())
                                        .draw(g, new java.awt.geom.Rectangle2D.Double(0, 0, 380, 340))));
            }
        }
        h.close("div");
        if (!any) {
            notAvailable(h, "history.csv: not available for any cell.");
        }
        h.close("section").newline();
    }

    private void searchSection(Html h) {
        h.open("section", "id", "search").el("h2", "Hyper-parameter search");
        h.el(
                "p",
                "Trials of each cell's search on the inner validation part of the training set; the chosen trial "
                        + "(highest validation AUC) was retrained on the whole training part and evaluated once on the test "
                        + "set.",
                "class",
                "note");
        boolean any = false;
        for (Cell c : sortedCells()) {
            if (c.search().rows().isEmpty()) {
                continue;
            }
            any = true;
            h.open("details", "open", sortedCells().indexOf(c) == 0 ? "" : null)
                    .el("summary", c.id() + " — " + c.search().rows().size() + " trials");
            h.open("table", "class", "search").open("thead").open("tr");
            c.search().columns().forEach(col -> h.el("th", col.replace('_', ' ')));
            h.close("tr").close("thead").open("tbody");
            for (Map<String, String> row : c.search().rows()) {
                boolean chosen = isTrue(row.get("chosen"));
                h.open("tr", "class", chosen ? "best" : null);
                c.search().columns().forEach(col -> h.el("td", row.getOrDefault(col, "")));
                h.close("tr");
            }
            h.close("tbody").close("table").close("details");
        }
        if (!any) {
            notAvailable(h, "search.csv: not available for any cell.");
        }
        h.close("section").newline();
    }

    private void gallerySection(Html h) {
        h.open("section", "id", "misclassified").el("h2", "Misclassified test lesions");
        List<Prediction> wrong = run.predictions().stream()
                .filter(p -> p.label() >= 0 && p.predicted() >= 0 && p.label() != p.predicted())
                .sorted(Comparator.comparing(Prediction::sequence)
                        .thenComparing(Prediction::comparison)
                        .thenComparing(p -> -Math.abs(p.score() - 0.5)))
                .toList();
        if (run.predictions().isEmpty()) {
            notAvailable(h, "predictions.csv: not available.");
            h.close("section");
            return;
        }
        h.el(
                "p",
                wrong.size() + " of " + run.predictions().size() + " test predictions are wrong"
                        + (wrong.size() > GALLERY_LIMIT
                                ? "; the " + GALLERY_LIMIT + " shown are the most confident errors per " + "cell order"
                                : "")
                        + ". Crops are windowed for display (0.5–99.5th percentile). Score = the "
                        + "model's probability of the metastasis group."
                        + (datasetDir == null ? " Crop images: not available (no dataset directory)." : ""),
                "class",
                "note");
        h.open("div", "class", "gallery");
        int heatMaps = 0;
        try (GalleryHeatMaps maps = new GalleryHeatMaps(run.dir())) {
            for (Prediction p : wrong.stream().limit(GALLERY_LIMIT).toList()) {
                h.open("div", "class", "case");
                Path crop = datasetDir == null || p.cropPath().isBlank() ? null : insideDataset(p.cropPath());
                var thumb = crop == null ? java.util.Optional.<byte[]>empty() : Thumbnails.of(crop, 128);
                if (thumb.isPresent()) {
                    h.empty(
                            "img",
                            "src",
                            "data:image/png;base64," + Base64.getEncoder().encodeToString(thumb.get()),
                            "width",
                            "128",
                            "height",
                            "128",
                            "alt",
                            "crop " + p.sampleId(),
                            "class",
                            "thumb");
                } else {
                    h.el("div", "crop not available", "class", "na");
                }
                var heat = crop == null
                        ? java.util.Optional.<byte[]>empty()
                        : maps.of(p.cellId(), crop, 128, p.predicted());
                if (heat.isPresent()) {
                    heatMaps++;
                    h.empty(
                            "img",
                            "src",
                            "data:image/png;base64," + Base64.getEncoder().encodeToString(heat.get()),
                            "width",
                            "128",
                            "height",
                            "128",
                            "alt",
                            "Grad-CAM " + p.sampleId(),
                            "class",
                            "thumb heatmap");
                }
                h.el("div", p.sampleId(), "class", "sid");
                h.el("div", p.sequence() + " · " + comparisonLabel(p.comparison()) + " r" + p.repeat());
                h.el(
                        "div",
                        "histology: " + p.diagnosis() + " → predicted "
                                + (p.predicted() == 1 ? positiveName(p.comparison()) : "hemangioma"));
                h.el("div", "score " + fixed(p.score(), 3));
                h.close("div");
            }
        }
        h.close("div")
                .el(
                        "p",
                        heatMaps > 0
                                ? "Right of each crop: Grad-CAM (Selvaraju et al. 2017) of the cell's final model on the last convolution "
                                        + "block for the class the model wrongly predicted (what made it look like that class), on the "
                                        + "crop as the network saw it."
                                : "Heat maps (Grad-CAM): not available (no model bundles in this run).",
                        "class",
                        "note");
        h.close("section").newline();
    }

    private void checklistSection(Html h) {
        h.open("section", "id", "checklist").el("h2", "Reporting checklists: CLAIM 2024 and TRIPOD+AI");
        h.el(
                "p",
                "Items of the Checklist for Artificial Intelligence in Medical Imaging (CLAIM 2024 update; Tejani et al., "
                        + "Radiology: Artificial Intelligence 2024) and TRIPOD+AI (Collins et al., BMJ 2024) that this run "
                        + "documents, and those only the authors can fill. Item wording is paraphrased and grouped; map each to "
                        + "the official numbered checklists when submitting.",
                "class",
                "note");
        h.open("table", "id", "checklist-table")
                .open("thead")
                .open("tr")
                .el("th", "Topic")
                .el("th", "Status")
                .el("th", "Where / what this run provides")
                .close("tr")
                .close("thead")
                .open("tbody");
        boolean split = run.cells().stream().anyMatch(c -> !c.split().isEmpty());
        boolean search = run.cells().stream().anyMatch(c -> !c.search().rows().isEmpty());
        boolean prov = run.provenance() != null;
        JsonNode meta = modelMetadata();
        item(
                h,
                "Data partitions: sizes and class counts of training and test sets",
                split ? "filled" : "partly",
                "#data-flow — per cell from split.csv"
                        + (split ? "" : " (split.csv not available; counts from results.csv)"));
        item(
                h,
                "Level of disjointness between partitions",
                split ? "filled" : "partly",
                "#data-flow — split grouped by patient; measured patient overlap per cell");
        item(
                h,
                "Flow of participants / lesions, exclusions with reasons",
                ingestReport != null ? "filled" : "authors",
                ingestReport != null ? "#data-flow — from ingest-report.json" : "ingest-report.json not available");
        item(h, "Class imbalance handling", "filled", "#data-flow — balancing method and samples dropped");
        item(
                h,
                "Pre-processing of images (crop, resampling, intensity normalisation)",
                dataset != null ? "partly" : "authors",
                "crops 256×256, normalised per crop (dataset.csv records source intensity range); the authors describe "
                        + "ROI drawing");
        item(
                h,
                "Model description (architecture, inputs, outputs)",
                meta != null ? "filled" : "partly",
                meta != null ? "#provenance — model metadata.json" : "paper-cnn (model metadata.json not available)");
        item(
                h,
                "Training details: hyper-parameters, search strategy, stopping",
                search ? "filled" : "partly",
                "#search and #results — search trials and chosen hyper-parameters");
        item(
                h,
                "Selection of the final model",
                search ? "filled" : "partly",
                "highest inner-validation AUC, retrained on the whole training part, tested once");
        item(
                h,
                "Performance metrics with measures of uncertainty",
                "filled",
                "#results — 95 % CIs (Wilson, DeLong, stratified bootstrap)");
        item(
                h,
                "Statistical comparison of models / sequences",
                run.delong().isEmpty() ? "authors" : "filled",
                run.delong().isEmpty() ? "delong.csv not available" : "#delong — DeLong test");
        item(
                h,
                "Failure analysis (misclassified cases)",
                run.predictions().isEmpty() ? "authors" : "filled",
                "#misclassified");
        item(h, "Software, versions, hardware", prov ? "filled" : "authors", "#provenance");
        item(h, "Reproducibility: seed, configuration, data hash", prov ? "filled" : "authors", "#provenance");
        for (String t : List.of(
                "Study design, intended use and clinical role of the model",
                "Data sources, sites, dates, eligibility criteria, scanners and protocols",
                "Reference standard (histology) and how it was established",
                "Annotation: who drew the ROIs, their experience, instructions, inter-reader variability",
                "Patient demographics and clinical characteristics per partition (age, sex, primary tumour)",
                "Sample size justification",
                "External validation on an independent site",
                "Comparison with radiologists / clinical utility",
                "Fairness and subgroup analyses",
                "Limitations, generalisability, bias",
                "Ethics approval, consent, data and code availability, funding, registration")) {
            item(h, t, "authors", "left to the authors");
        }
        h.close("tbody").close("table").close("section").newline();
    }

    private void provenanceSection(Html h) {
        h.open("section", "id", "provenance").el("h2", "Provenance");
        if (run.provenance() != null) {
            h.open("table", "id", "provenance-table").open("tbody");
            run.provenance().fields().forEachRemaining(e -> {
                if (!e.getKey().equals("cell_seconds")) {
                    h.open("tr")
                            .el("th", e.getKey())
                            .el(
                                    "td",
                                    e.getValue().isValueNode()
                                            ? e.getValue().asText()
                                            : e.getValue().toString())
                            .close("tr");
                }
            });
            h.close("tbody").close("table");
            JsonNode cs = run.provenance().get("cell_seconds");
            if (cs != null && cs.isObject() && cs.size() > 0) {
                h.open("details")
                        .el("summary", "Duration per cell (s)")
                        .open("table")
                        .open("tbody");
                cs.fields()
                        .forEachRemaining(e -> h.open("tr")
                                .el("td", e.getKey())
                                .el("td", fixed(e.getValue().asDouble(), 1), "class", "num")
                                .close("tr"));
                h.close("tbody").close("table").close("details");
            }
        } else {
            notAvailable(h, "provenance.json: not available.");
        }
        if (datasetDir != null) {
            h.el("p", "Dataset directory: " + datasetDir.getFileName(), "class", "note");
        }
        JsonNode meta = modelMetadata();
        if (meta != null) {
            h.open("details")
                    .el("summary", "Model bundle metadata.json (first cell)")
                    .el("pre", pretty(meta))
                    .close("details");
        }
        if (run.study() != null) {
            h.open("details")
                    .el("summary", "Study configuration (study.json)")
                    .el("pre", pretty(run.study()))
                    .close("details");
        } else {
            notAvailable(h, "study.json: not available.");
        }
        if (!notAvailable.isEmpty()) {
            h.el("h3", "Not available in this run directory");
            h.open("ul", "id", "not-available");
            notAvailable.forEach(n -> h.el("li", n));
            h.close("ul");
        }
        h.close("section").newline();
    }

    // --------------------------------------------------------------------------------------- helpers

    private void figure(Html h, Figure f) {
        String svg = f.svg();
        figureSvgs.put(f.id(), svg);
        figures.add(f);
        h.open("figure", "id", "fig-" + f.id());
        h.empty(
                "img",
                "src",
                "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8)),
                "width",
                Integer.toString(f.width()),
                "height",
                Integer.toString(f.height()),
                "alt",
                f.title(),
                "class",
                "figure");
        h.open("figcaption")
                .el("b", "Figure " + figures.size() + ". " + f.title() + ". ")
                .text(f.caption().isEmpty() ? "" : f.caption() + " ")
                .el("span", "Files: " + FIGURES + "/" + f.id() + ".png, .svg", "class", "files")
                .close("figcaption");
        h.close("figure").newline();
    }

    private static void item(Html h, String topic, String status, String where) {
        String cls =
                switch (status) {
                    case "filled" -> "badge b-ok";
                    case "partly" -> "badge b-part";
                    default -> "badge b-auth";
                };
        String label =
                switch (status) {
                    case "filled" -> "filled by this run";
                    case "partly" -> "partly";
                    default -> "authors";
                };
        h.open("tr", "data-status", status)
                .el("td", topic)
                .open("td")
                .el("span", label, "class", cls)
                .close("td")
                .el("td", where)
                .close("tr");
    }

    private static void notAvailable(Html h, String text) {
        h.el("p", text, "class", "note not-available");
    }

    /** The crop file, or null when crop_path would leave the dataset directory. */
    private Path insideDataset(String cropPath) {
        Path root = datasetDir.toAbsolutePath().normalize();
        Path f = root.resolve(cropPath).normalize();
        return f.startsWith(root) ? f : null;
    }

    private JsonNode modelMetadata() {
        for (Cell c : sortedCells()) {
            JsonNode m = RunReader.optionalJson(
                    run.dir().resolve("cells").resolve(c.id()).resolve("model"), "metadata.json", null);
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    private Set<String> bestPerSequence() {
        Map<String, Cell> best = new LinkedHashMap<>();
        Comparator<Cell> order = Comparator.comparingDouble(
                        (Cell c) -> nz(c.result().number("auc")))
                .thenComparingDouble(c -> nz(c.result().number("accuracy")));
        for (Cell c : run.cells()) {
            if (!c.result().ok() || Double.isNaN(c.result().number("auc"))) {
                continue;
            }
            best.merge(c.result().sequence(), c, (a, b) -> order.compare(b, a) > 0 ? b : a);
        }
        Set<String> ids = new LinkedHashSet<>();
        best.values().forEach(c -> ids.add(c.id()));
        return ids;
    }

    private List<Cell> sortedCells() {
        return run.cells().stream()
                .sorted(Comparator.comparingInt((Cell c) -> seqOrder(c.result().sequence()))
                        .thenComparing(c -> c.result().comparison())
                        .thenComparingInt(c -> c.result().repeat()))
                .toList();
    }

    private List<String> sequences() {
        return sortedCells().stream().map(c -> c.result().sequence()).distinct().toList();
    }

    private List<String> comparisons(String seq) {
        return sortedCells().stream()
                .filter(c -> c.result().sequence().equals(seq))
                .map(c -> c.result().comparison())
                .distinct()
                .toList();
    }

    private List<Cell> cells(String seq, String comp) {
        return sortedCells().stream()
                .filter(c -> c.result().sequence().equals(seq)
                        && c.result().comparison().equals(comp))
                .toList();
    }

    private String repeatTag(Cell c) {
        return run.cells().stream().anyMatch(x -> x.result().repeat() != 0)
                ? " · r" + c.result().repeat()
                : "";
    }

    private static Set<String> patients(Cell c, String partition) {
        Set<String> s = new LinkedHashSet<>();
        c.split().stream()
                .filter(r -> r.partition().equals(partition))
                .map(SplitRow::patientKey)
                .forEach(s::add);
        return s;
    }

    private static int seqOrder(String s) {
        try {
            return Sequence.parse(s).ordinal();
        } catch (RuntimeException e) {
            return 99;
        }
    }

    static String comparisonLabel(String comparison) {
        String t = comparison.replace("-vs-", " vs ").replace('-', ' ');
        t = t.replace("rcc", "RCC");
        return t.isEmpty() ? t : Character.toUpperCase(t.charAt(0)) + t.substring(1);
    }

    static String positiveName(String comparison) {
        int i = comparison.indexOf("-vs-");
        String p = i < 0 ? "positive" : comparison.substring(i + 4);
        return p.equals("rcc") ? "RCC" : p;
    }

    /** A table cell with the estimate and, on its own line, the 95 % CI. */
    private static void metricCell(Html h, CellResult r, String m) {
        double v = r.number(m);
        double lo = r.number(m + "_lo");
        double hi = r.number(m + "_hi");
        h.open("td", "class", "num").text(fmt(m, v));
        if (!Double.isNaN(v) && !Double.isNaN(lo) && !Double.isNaN(hi)) {
            h.text(" ").el("span", "(" + fmtBare(m, lo) + "–" + fmtBare(m, hi) + ")", "class", "ci");
        }
        h.close("td");
    }

    private static String withCi(CellResult r, String m) {
        double v = r.number(m);
        if (Double.isNaN(v)) {
            return "—";
        }
        double lo = r.number(m + "_lo");
        double hi = r.number(m + "_hi");
        String s = fmt(m, v);
        if (!Double.isNaN(lo) && !Double.isNaN(hi)) {
            s += " (" + fmtBare(m, lo) + "–" + fmtBare(m, hi) + ")";
        }
        return s;
    }

    static String fmt(String metric, double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        return PROPORTIONS.contains(metric) ? String.format(Locale.ROOT, "%.1f %%", 100 * v) : fixed(v, 3);
    }

    private static String fmtBare(String metric, double v) {
        return PROPORTIONS.contains(metric) ? String.format(Locale.ROOT, "%.1f", 100 * v) : fixed(v, 3);
    }

    static String fixed(double v, int digits) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    private static String pValue(double p) {
        if (Double.isNaN(p)) {
            return "—";
        }
        return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
    }

    private static String count(CellResult r, String column) {
        double v = r.number(column);
        return Double.isNaN(v) ? "—" : Long.toString(Math.round(v));
    }

    private static double nz(double v) {
        return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
    }

    private static boolean isTrue(String s) {
        return s != null
                && (s.trim().equalsIgnoreCase("true")
                        || s.trim().equals("1")
                        || s.trim().equalsIgnoreCase("yes"));
    }

    private String runName() {
        Path n = run.dir().toAbsolutePath().normalize().getFileName();
        return n == null ? run.dir().toString() : n.toString();
    }

    private static String text(JsonNode n, String field, String dflt) {
        return n != null && n.hasNonNull(field) ? n.get(field).asText() : dflt;
    }

    /** The first text value of any of {@code keys}, searched depth-first. */
    static String findText(JsonNode n, String... keys) {
        if (n == null) {
            return null;
        }
        for (String k : keys) {
            JsonNode v = n.get(k);
            if (v != null && v.isValueNode() && !v.asText().isBlank()) {
                return v.asText();
            }
            if (v != null && v.isObject() && v.hasNonNull("method")) {
                return v.get("method").asText();
            }
        }
        for (JsonNode child : n) {
            if (child.isContainerNode()) {
                String r = findText(child, keys);
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    /** Counts items with a "reason" field (any depth) by reason. */
    static void collectReasons(JsonNode n, Map<String, Integer> out) {
        if (n.isObject() && n.hasNonNull("reason") && n.get("reason").isValueNode()) {
            out.merge(n.get("reason").asText(), 1, Integer::sum);
            return;
        }
        for (JsonNode child : n) {
            if (child.isContainerNode()) {
                collectReasons(child, out);
            }
        }
    }

    private static Integer excludedCount(JsonNode ingest) {
        Map<String, Integer> reasons = new TreeMap<>();
        collectReasons(ingest, reasons);
        return reasons.isEmpty()
                ? null
                : reasons.values().stream().mapToInt(i -> i).sum();
    }

    private static String pretty(JsonNode n) {
        try {
            return Json.mapper().writeValueAsString(n);
        } catch (IOException e) {
            return n.toString();
        }
    }

    private static String resource(String name) {
        try (InputStream in = ReportWriter.class.getResourceAsStream("/org/hemamet/report/" + name)) {
            if (in == null) {
                throw new IllegalStateException("resource missing: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
