package org.hemamet.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hemamet.contract.DecisionCurveRow;
import org.hemamet.contract.ValidationFiles;
import org.hemamet.contract.ValidationProvenance;
import org.hemamet.contract.ValidationRow;
import org.hemamet.core.Version;
import org.hemamet.metrics.RocCurve;
import org.jfree.chart.JFreeChart;

/**
 * The report of an external validation ({@code hemamet validate}): the study report's page (style, header,
 * navigation, sections) with the sections an external validation has: what was validated, results (external
 * AUC beside the development study's internal AUC), calibration before and after the development calibration,
 * ROC curves, provenance. Every value shown comes from the validation's own records.
 */
public final class ValidationReport {
    private ValidationReport() {}

    /**
     * Writes {@code report.html} and {@code figures/} into {@code dir}.
     *
     * @param dir        the validation output directory (being written)
     * @param rows       validation.csv's rows
     * @param rocs       cell id to its external ROC curve
     * @param curves     decision_curves.csv's rows (each model's net benefit on the external lesions)
     * @param provenance validation.json
     * @param wholeRun   whether every cell of a run was validated (the internal AUC is then results.csv's)
     */
    public static void write(
            Path dir,
            List<ValidationRow> rows,
            Map<String, RocCurve> rocs,
            List<DecisionCurveRow> curves,
            ValidationProvenance provenance,
            boolean wholeRun)
            throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        Figures figures = new Figures();
        Html h = new Html();
        h.trustedMarkup("<!DOCTYPE html>\n");
        h.open("html", "lang", "en");
        h.open("head");
        h.empty("meta", "charset", "utf-8");
        h.empty("meta", "http-equiv", "Content-Security-Policy", "content", ReportWriter.CSP);
        h.empty("meta", "name", "generator", "content", "hemamet " + Version.hemamet());
        h.el("title", "hemamet external validation report");
        h.open("style").trustedMarkup(css()).close("style");
        h.close("head").newline().open("body");
        h.open("header");
        h.el("h1", "Spinal hemangioma vs metastasis — external validation");
        h.el(
                "p",
                rows.size() + " model" + (rows.size() == 1 ? "" : "s") + " · external dataset "
                        + shortHash(provenance.datasetSha256()) + " · validated " + provenance.finished()
                        + " · hemamet " + Version.hemamet());
        h.close("header");
        h.open("nav");
        for (String[] s : SECTIONS) {
            h.el("a", s[1], "href", "#" + s[0]);
        }
        h.close("nav").newline().open("main");
        section(h, 0);
        protocol(h, provenance, wholeRun);
        h.close("section");
        section(h, 1);
        results(h, rows);
        h.close("section");
        section(h, 2);
        calibration(h, rows);
        h.close("section");
        section(h, 3);
        utility(h, figures, curves);
        h.close("section");
        section(h, 4);
        roc(h, figures, rows, rocs);
        h.close("section");
        section(h, 5);
        provenance(h, provenance);
        h.close("section");
        h.close("main");
        h.el("footer", "Generated offline by hemamet " + Version.hemamet() + ".");
        h.close("body").close("html").newline();
        Files.writeString(dir.resolve(ValidationFiles.REPORT), h.toString());
        Path fig = Files.createDirectories(dir.resolve(ValidationFiles.FIGURES));
        for (Map.Entry<String, byte[]> e : figures.files().entrySet()) {
            Files.write(fig.resolve(e.getKey()), e.getValue());
        }
    }

    private static final String[][] SECTIONS = {
        {"external", "External validation", "External validation"},
        {"results", "Results", "Results: internal vs external"},
        {"calibration", "Calibration", "Calibration before and after"},
        {"utility", "Utility", "Clinical utility on the external dataset (decision curves)"},
        {"roc", "ROC", "ROC curves on the external dataset"},
        {"provenance", "Provenance", "Provenance"},
    };

    private static void section(Html h, int i) {
        h.open("section", "id", SECTIONS[i][0]).el("h2", SECTIONS[i][2]);
    }

    private static void protocol(Html h, ValidationProvenance p, boolean wholeRun) {
        h.el(
                "p",
                "The development study's final model" + (wholeRun ? "s (one per evaluated cell of the run)" : "")
                        + " evaluated on a dataset that played no part in training, search, calibration or"
                        + " threshold choice. The decision threshold and the calibration (temperature scaling in models of"
                        + " this version, Platt scaling in older ones) are the development study's, recorded in each"
                        + " model bundle; nothing is fitted on the external dataset."
                        + " 95 % confidence intervals are at the patient level when a patient has several lesions"
                        + " (Newcombe's AUC interval and Wilson's intervals for the proportions, each at the"
                        + " patients' design effect), else at the lesion level (Newcombe, Wilson).");
        h.el(
                "p",
                "Crop parameters: " + p.cropKey() + " (the development's, from " + p.developmentCropSource()
                        + "). Patient overlap with the development dataset: " + p.overlapCheck() + ".");
        if (p.externalSourceFormats() != null && !p.externalSourceFormats().isEmpty()) {
            h.el("p", sourceFormats(p.externalSourceFormats()));
        }
        if (p.outOfScope() != null && !p.outOfScope().isEmpty()) {
            h.el(
                    "p",
                    "External lesions whose image lies outside a model's training anatomy (another imaging plane or"
                            + " body-part region, which predict refuses) were "
                            + (p.outOfScopeKept()
                                    ? "kept (--allow-anatomy-mismatch): "
                                    : "left out of that model's evaluation: ")
                            + outOfScope(p.outOfScope()) + ".");
        }
    }

    /** Words for each source format of ingest-report.json. */
    private static final Map<String, String> FORMAT_WORDS = Map.of(
            "dicom", "lossless DICOM",
            "dicom-lossy", "lossy-compressed DICOM",
            "dicom-capture", "DICOM secondary capture",
            "png", "PNG export",
            "jpeg", "JPEG export");

    /**
     * "External crops cut from: 70 lossless DICOM, 10 lossy-compressed DICOM." and, when any pixels were lossy, what
     * that means for the comparison with the development data.
     */
    static String sourceFormats(Map<String, Integer> formats) {
        List<String> parts = new java.util.ArrayList<>();
        int all = 0;
        int lossy = 0;
        for (var e : formats.entrySet()) {
            parts.add(e.getValue() + " " + FORMAT_WORDS.getOrDefault(e.getKey(), e.getKey()));
            all += e.getValue();
            if (e.getKey().equals("dicom-lossy") || e.getKey().equals("jpeg")) {
                lossy += e.getValue();
            }
        }
        String s = "External crops were cut from: " + String.join(", ", parts) + " (the external dataset's"
                + " ingest-report.json source_formats).";
        return lossy == 0
                ? s
                : s + " " + lossy + " of the " + all
                        + " came from lossy-compressed pixels, whose fine texture is partly"
                        + " the codec's: a difference from the development images to weigh with the results"
                        + " (ingest-report.json lists their sample ids, for an analysis without them).";
    }

    /** "T1__hemangioma-vs-metastases__r0: 2 lesions, T2__...: 1 lesion". */
    private static String outOfScope(java.util.Map<String, Integer> byCell) {
        List<String> parts = new java.util.ArrayList<>();
        byCell.forEach((cell, n) -> parts.add(cell + ": " + n + (n == 1 ? " lesion" : " lesions")));
        return String.join(", ", parts);
    }

    private static void results(Html h, List<ValidationRow> rows) {
        h.open("div", "class", "tw").tableHead();
        for (String c : List.of(
                "Cell",
                "Lesions (neg/pos)",
                "Patients",
                "Internal AUC (development test part)",
                "External AUC",
                "Sensitivity",
                "Specificity",
                "Threshold",
                "CI level")) {
            h.el("th", c);
        }
        h.body();
        for (ValidationRow r : rows) {
            h.open("tr");
            h.el("td", r.cellId());
            h.el("td", r.nNeg() + "/" + r.nPos(), "class", "num");
            h.el("td", Integer.toString(r.nPatients()), "class", "num");
            h.el("td", ci(r.internalAuc(), r.internalAucLo(), r.internalAucHi()), "class", "num");
            h.el("td", ok(r) ? ci(r.auc(), r.aucLo(), r.aucHi()) : r.message(), "class", "num");
            h.el("td", ci(r.sensitivity(), r.sensitivityLo(), r.sensitivityHi()), "class", "num");
            h.el("td", ci(r.specificity(), r.specificityLo(), r.specificityHi()), "class", "num");
            h.el("td", Fmt.fixed(r.threshold(), 3), "class", "num");
            h.el("td", r.ciLevel() == null ? "—" : r.ciLevel());
            h.close("tr");
        }
        h.endTable().close("div");
        h.el(
                "p",
                "Sensitivity and specificity at the development threshold; AUCs with 95 % CIs. The internal AUC is the"
                        + " development study's own test-part estimate of the same model.",
                "class",
                "note");
    }

    /**
     * Each model's decision curve on the external lesions (decision_curves.csv): one figure per sequence (a fused
     * model's kind: its own) with a panel per model, and the net benefit at the summary's thresholds.
     */
    private static void utility(Html h, Figures figures, List<DecisionCurveRow> curves) {
        if (curves.isEmpty()) {
            h.el("p", "No decision curves: no model had external lesions of both classes.", "class", "note");
            return;
        }
        h.el("p", UTILITY_CAPTION, "class", "note");
        Map<String, Map<String, List<DecisionCurveRow>>> byFigure = new LinkedHashMap<>();
        for (DecisionCurveRow r : DecisionCurveRow.shown(curves)) {
            byFigure.computeIfAbsent(utilityFigure(r), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.cellId() + "\u0000" + r.model(), k -> new ArrayList<>())
                    .add(r);
        }
        for (var e : byFigure.entrySet()) {
            List<JFreeChart> panels = new ArrayList<>();
            for (List<DecisionCurveRow> curve : e.getValue().values()) {
                panels.add(DecisionCurveSection.chart(
                        Fmt.comparisonLabel(curve.get(0).comparison()) + " r"
                                + curve.get(0).repeat(),
                        curve));
            }
            figures.add(
                    h,
                    Figure.grid(
                            "decision-external-" + e.getKey().replaceAll("[^A-Za-z0-9]+", "-"),
                            "Decision curves on the external dataset: " + e.getKey(),
                            "Net benefit against the threshold probability of metastasis on the external lesions, "
                                    + e.getKey() + " models, one panel per model: the model (shaded: its pointwise"
                                    + " 95 % band), treat all (dashed) and treat none (0), at the prevalence of that"
                                    + " model's lesions; thresholds up to 60 %.",
                            panels,
                            3,
                            360,
                            380));
        }
        DecisionCurveSection.table(h, "validation-decision-curve-table", DecisionCurveRow.shown(curves), true);
    }

    /** The figure a curve is drawn in: its sequence, a fused model's kind and sequences ({@link #panel}). */
    private static String utilityFigure(DecisionCurveRow r) {
        return r.cellId().startsWith("fusion-") ? r.cellId().split("__")[0] + " " + r.sequence() : r.sequence();
    }

    /** What the validation's decision-curve table shows. */
    static final String UTILITY_CAPTION = "Net benefit (Vickers & Elkin 2006) of working up as a metastasis every"
            + " external lesion whose probability reaches the threshold, and its difference from working up all (Δ all),"
            + " at the external dataset's prevalence, with pointwise 95 % CIs by the percentile bootstrap over"
            + " patients; every threshold from 1 % to 99 % is in decision_curves.csv. Probabilities: the bundle's"
            + " calibrated ones, moved to the development cell's training prevalence before balancing (as its study's"
            + " decision curves and as predict gives them; a bundle exported by an older version, which does not"
            + " record that prevalence, is left at its calibration's fit prevalence); raw where a model has no"
            + " calibration. Nothing is fitted on the external dataset.";

    private static void calibration(Html h, List<ValidationRow> rows) {
        h.open("div", "class", "tw").tableHead();
        for (String c : List.of(
                "Cell",
                "Brier (raw)",
                "Brier (calibrated)",
                "Cox slope (raw)",
                "Cox intercept (raw)",
                "Cox slope (calibrated)",
                "Cox intercept (calibrated)")) {
            h.el("th", c);
        }
        h.body();
        for (ValidationRow r : rows) {
            h.open("tr");
            h.el("td", r.cellId());
            h.el("td", ci(r.brier(), r.brierLo(), r.brierHi()), "class", "num");
            h.el("td", ci(r.calibratedBrier(), r.calibratedBrierLo(), r.calibratedBrierHi()), "class", "num");
            h.el("td", num(r.calibrationSlope()), "class", "num");
            h.el("td", num(r.calibrationIntercept()), "class", "num");
            h.el("td", num(r.calibratedSlope()), "class", "num");
            h.el("td", num(r.calibratedIntercept()), "class", "num");
            h.close("tr");
        }
        h.endTable().close("div");
        h.el(
                "p",
                "Calibrated = the development study's calibration, as its bundle records it (fitted on the development"
                        + " training part), applied as predict applies it: moved by the prior odds to the development"
                        + " cohort's prevalence before class balancing where the bundle records it (validation.csv"
                        + " calibrated_prevalence), else left at the prevalence it was fitted at. Nothing is fitted on the"
                        + " external set. Cox slope 1 and intercept 0 mean calibrated in the external population.",
                "class",
                "note");
        if (rows.stream().anyMatch(r -> r.cellId().startsWith(org.hemamet.study.LateFusion.NAME_MODEL))) {
            h.el(
                    "p",
                    "A late-fused model (" + org.hemamet.study.LateFusion.NAME_MODEL + ") has no calibration of its"
                            + " own (the development study calibrates none): its calibrated columns hold its stacking"
                            + " probability moved by the prior odds from the prevalence of the balanced training"
                            + " lesions the stacking models were fitted on to the development prevalence before"
                            + " balancing (nothing fitted; empty for a bundle exported by an older version), and"
                            + " its threshold is the development study's fused cell's.",
                    "class",
                    "note");
        }
    }

    private static void roc(Html h, Figures figures, List<ValidationRow> rows, Map<String, RocCurve> rocs) {
        Map<String, List<ValidationRow>> bySequence = new LinkedHashMap<>();
        for (ValidationRow r : rows) {
            if (rocs.containsKey(r.cellId())) {
                bySequence.computeIfAbsent(panel(r), k -> new ArrayList<>()).add(r);
            }
        }
        if (bySequence.isEmpty()) {
            h.el(
                    "p",
                    "ROC curves: not available (no model had both classes among its external lesions).",
                    "class",
                    "note");
            return;
        }
        List<JFreeChart> panels = new ArrayList<>();
        for (var e : bySequence.entrySet()) {
            List<String> names = new ArrayList<>();
            List<RocCurve> curves = new ArrayList<>();
            for (ValidationRow r : e.getValue()) {
                names.add(r.comparison().replace("hemangioma-vs-", "vs ") + " r" + r.repeat() + "  AUC "
                        + ci(r.auc(), r.aucLo(), r.aucHi()));
                curves.add(rocs.get(r.cellId()));
            }
            panels.add(Charts.roc(e.getKey() + " — external", names, curves));
        }
        figures.add(
                h,
                Figure.grid(
                        "roc-external",
                        "External ROC curves",
                        "ROC curves of the development models on the external dataset, one panel per sequence.",
                        panels,
                        3,
                        360,
                        380));
    }

    /**
     * A row's ROC panel: its sequence, and for a fused model also its kind ({@code fusion-late}, {@code
     * fusion-early}: the cell id's first part), so that a run's late- and early-fused models of the same
     * sequences get panels of their own.
     */
    private static String panel(ValidationRow r) {
        return r.cellId().startsWith("fusion-")
                ? r.sequence() + " " + r.cellId().split("__")[0]
                : r.sequence();
    }

    private static void provenance(Html h, ValidationProvenance p) {
        h.tableBody();
        row(h, "External dataset SHA-256", p.datasetSha256());
        row(h, "Development dataset SHA-256", p.developmentDatasetSha256());
        row(h, "Crop parameters (external = development)", p.cropKey());
        row(h, "Patient overlap check", p.overlapCheck());
        row(
                h,
                "Lesions outside a model's anatomy",
                p.outOfScope() == null || p.outOfScope().isEmpty()
                        ? "none"
                        : outOfScope(p.outOfScope()) + (p.outOfScopeKept() ? " (kept)" : " (left out)"));
        for (var e : p.bundles().entrySet()) {
            row(h, "Model parameters SHA-256 of " + e.getKey(), e.getValue());
        }
        row(h, "Bootstrap", p.bootstrap() + " resamples, seed " + p.seed());
        row(
                h,
                "Software",
                "hemamet " + p.hemametVersion() + ", Java " + p.javaVersion() + ", DJL " + p.djlVersion() + ", PyTorch "
                        + p.pytorchVersion());
        row(h, "Started / finished", p.started() + " / " + p.finished());
        h.endTable();
    }

    private static void row(Html h, String k, String v) {
        h.open("tr")
                .el("th", k)
                .el("td", v == null || v.isEmpty() ? "not recorded" : v)
                .close("tr");
    }

    private static boolean ok(ValidationRow r) {
        return ValidationRow.OK.equals(r.status());
    }

    /** "0.812 (0.700–0.905)", or "—" when absent. */
    static String ci(Double v, Double lo, Double hi) {
        if (v == null || v.isNaN()) {
            return "—";
        }
        String s = Fmt.fixed(v, 3);
        return lo == null || lo.isNaN() ? s : s + " (" + Fmt.fixed(lo, 3) + "–" + Fmt.fixed(hi, 3) + ")";
    }

    private static String num(Double v) {
        return v == null || v.isNaN() ? "—" : Fmt.fixed(v, 3);
    }

    private static String shortHash(String h) {
        return h == null ? "" : h.substring(0, Math.min(12, h.length()));
    }

    private static String css() {
        try (InputStream in = ValidationReport.class.getResourceAsStream("/org/hemamet/report/report.css")) {
            if (in == null) {
                throw new IllegalStateException("resource missing: report.css");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
