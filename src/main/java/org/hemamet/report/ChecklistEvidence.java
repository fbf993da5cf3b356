package org.hemamet.report;

import java.util.Objects;
import org.hemamet.contract.ResultRow;
import org.hemamet.report.Checklists.Fill;
import org.hemamet.report.Checklists.Status;
import org.hemamet.study.StudyConfig;

/**
 * What a run shows for each checklist evidence key of {@code claim2024.tsv} / {@code tripod-ai.tsv}: the
 * status, the section that shows it and one line. Decided only from what the run directory (and the dataset
 * directory) hold; sections that another part of the report adds are linked only once they exist
 * ({@link ReportPage#hasAnchor}).
 */
final class ChecklistEvidence {
    private final ReportModel m;
    private final StudyConfig cfg;

    ChecklistEvidence(ReportModel m) {
        this.m = m;
        this.cfg = m.run().study();
    }

    /** The run's fill of evidence {@code key}, or null when the run shows nothing for it. */
    Fill fill(String key) {
        return switch (key) {
            case "ai_method" ->
                partly("methods", "the methods paragraph names the deep-learning CNN; the title is yours");
            case "summary" -> partly("methods", "numbers for a structured abstract in the methods text and results");
            case "study_goal" -> partly("methods", "model development with an internal test on held-out patients");
            case "data_sources" ->
                m.dataset() == null
                        ? null
                        : partly(
                                characteristics(),
                                "dataset.csv: patients, lesions and scanners; the institutions are yours");
            case "eligibility" ->
                m.exclusions() == null
                        ? null
                        : partly(flow(), "lesions excluded at ingest with reasons; the clinical criteria are yours");
            case "preprocess" -> preprocess();
            case "subsets" ->
                cfg == null
                        ? partly("results", "one cell per sequence and comparison")
                        : filled("data-flow", "one cell per sequence × comparison, on the lesions imaged on it");
            case "deidentification" ->
                filled(
                        "methods",
                        "patients are keyed-hash (HMAC-SHA-256) pseudonyms made at ingest; no identifiers in the run");
            case "missing" -> missing();
            case "acquisition" ->
                AcquisitionSection.table(m) == null
                        ? null
                        : filled(
                                "acquisition",
                                "scanner, field strength, TR, TE, TI and pixel spacing per sequence from the DICOM"
                                        + " headers (dataset.csv)");
            case "labels" ->
                m.dataset() == null && !m.anySplit()
                        ? null
                        : partly(
                                "data-flow", "the diagnosis of cohort.csv per lesion; how it was established is yours");
            case "annotation_tool" ->
                m.exclusions() == null
                        ? null
                        : filled("methods", "regions of interest from a VGG Image Annotator (VIA) project");
            case "sample_size" -> partly("data-flow", "the lesions per cell are given; no a-priori calculation");
            case "partitions" ->
                m.anySplit()
                        ? filled("data-flow", "per cell from split.csv, with the fractions of the study file")
                        : partly("results", "counts from results.csv (split.csv not available)");
            case "disjoint" ->
                m.anySplit()
                        ? filled("data-flow", "disjoint by patient; the overlap measured per cell")
                        : cfg == null
                                ? null
                                : partly("methods", "split by patient (split.csv not available to measure it)");
            case "model" ->
                m.modelMetadata() != null
                        ? filled("methods", "architecture from the model bundle's metadata.json")
                        : cfg == null ? null : partly("methods", "the paper CNN (model bundle not available)");
            case "software" ->
                m.run().provenance() == null
                        ? null
                        : filled("provenance", "versions of hemamet, Java, DJL and PyTorch");
            case "init" ->
                cfg == null ? null : filled("methods", "Glorot-uniform weights from the seed; no pre-training");
            case "training" ->
                cfg == null
                        ? m.anySearch() ? partly("search", "search trials (study.json not available)") : null
                        : filled("methods", "epochs, batch, optimiser, learning rates, search and balancing");
            case "selection" ->
                m.anySearch()
                        ? filled("search", "highest inner-validation AUC, retrained on the whole training part")
                        : cfg == null ? null : partly("methods", "search.csv not available");
            case "ensembling" ->
                cfg == null
                        ? null
                        : cfg.fusion().isEmpty()
                                ? filled("methods", "none: one network per cell")
                                : filled(
                                        "fusion",
                                        String.join(
                                                "; ",
                                                cfg.fusion().stream()
                                                        .map(f -> org.hemamet.study.LateFusion.NAME.equals(f)
                                                                ? "late fusion: the sequences' CNN probabilities stacked"
                                                                        + " by a logistic regression"
                                                                : "early fusion: one CNN over the sequences' crops as"
                                                                        + " input channels")
                                                        .toList()));
            case "metrics" -> metrics();
            case "accuracy" -> filled("results", "accuracy, sensitivity, specificity, AUC, PPV, NPV, F1, MCC, Brier");
            case "internal" ->
                m.anySplit()
                        ? filled("data-flow", "each cell tested on held-out patients of the same cohort (split.csv)")
                        : partly("results", "test results per cell (split.csv not available)");
            case "uncertainty" ->
                filled(
                        "results",
                        "95 % CIs (Wilson, Newcombe, bootstrap; at the patient level where patients have several lesions);"
                                + " DeLong tests");
            case "robustness" -> robustness();
            case "explainability" ->
                m.gallery() == null || m.gallery().heatMaps() == 0
                        ? null
                        : partly(
                                "misclassified",
                                "Grad-CAM maps of the misclassified lesions; not validated against masks");
            case "external" -> null;
            case "failures" ->
                m.gallery() == null
                        ? null
                        : filled("misclassified", "the misclassified test lesions with their crops and heat maps");
            case "flow" -> flowFill();
            case "characteristics" ->
                ReportPage.hasAnchor("characteristics")
                        ? filled("characteristics", "per partition")
                        : m.anySplit() ? partly("data-flow", "diagnoses per partition; age and sex not shown") : null;
            case "all_partitions" ->
                m.anySearch() && m.cells().stream().anyMatch(c -> !c.history().isEmpty())
                        ? filled("training", "training curves, validation AUC (search) and the test results")
                        : partly("results", "test results only");
            case "limitations" -> partly("limitations", "generated from the run; bias and generalisability are yours");
            case "protocol" ->
                cfg == null
                        ? null
                        : partly("provenance", "study.json is the analysis protocol; the clinical one is yours");
            case "code_data" ->
                m.run().provenance() == null
                        ? null
                        : partly("provenance", "hemamet version recorded; where code and data are shared is yours");
            case "subgroups" ->
                ReportPage.hasAnchor("subgroups") ? filled("subgroups", "performance by subgroup with CIs") : null;
            case "fairness" ->
                ReportPage.hasAnchor("subgroups")
                        ? partly("subgroups", "subgroup performance; the fairness approach is yours")
                        : null;
            case "calibration" ->
                m.cells().stream().anyMatch(c -> c.result().calibrationSlope() != null)
                        ? filled("results", calibrationNote())
                        : null;
            case "model_object" ->
                m.modelMetadata() == null
                        ? null
                        : filled("provenance", "a model bundle per cell (hemamet predict uses it)");
            case "imbalance" ->
                cfg == null
                        ? partly("data-flow", "balancing not recorded (study.json not available)")
                        : filled("data-flow", cfg.balancingStatement());
            case "output" ->
                m.cells().stream().anyMatch(c -> c.result().thresholdRule() != null)
                        ? filled("results", "probability of the positive class and the threshold rule")
                        : partly("results", "probability of the positive class");
            case "train_vs_test" ->
                ReportPage.hasAnchor("characteristics")
                        ? filled("characteristics", "one source split by patient; characteristics per part")
                        : m.anySplit() ? partly("data-flow", "one source split by patient; diagnoses per part") : null;
            default -> throw new IllegalStateException("unknown checklist evidence key: " + key);
        };
    }

    private Fill metrics() {
        String list = "accuracy, sensitivity, specificity, AUC, PPV, NPV, F1, MCC, Brier";
        if (m.run().decisionCurves().stream().anyMatch(r -> r.model().equals(ResultRow.CNN))) {
            list += "; clinical utility: decision curves (net benefit against treat all and none, Vickers & Elkin"
                    + " 2006; section decision-curves)";
        }
        return cfg != null && !cfg.baselines().isEmpty() && ReportPage.hasAnchor("baselines")
                ? filled("results", list + "; the CNN against " + String.join(", ", cfg.baselines()))
                : filled("results", list);
    }

    /** The recalibration the run's cells record (calibration.json), by method name. */
    private String calibrationNote() {
        var methods = new java.util.TreeSet<String>();
        m.cells().forEach(c -> {
            if (c.calibration() != null) {
                methods.add(c.calibration().method());
            }
        });
        String method = methods.isEmpty() ? "recalibration" : String.join(", ", methods);
        return method + "; calibration slope and intercept before and after";
    }

    private Fill preprocess() {
        if (m.exclusions() != null
                && !m.exclusions().ingestReport().path("params").isMissingNode()) {
            return filled("methods", "crop, margin and intensity normalisation from ingest-report.json");
        }
        if (m.exclusions() != null) {
            return partly("methods", "cropped at ingest; crop parameters not recorded in ingest-report.json");
        }
        return cfg == null ? null : partly("methods", "input size only (ingest-report.json not available)");
    }

    private Fill missing() {
        if (ReportPage.hasAnchor("missing-data")) {
            return filled("missing-data", "absent crops per sequence and how they were handled");
        }
        return m.dataset() == null
                ? null
                : partly("data-flow", "crops per sequence; complete case per sequence (no imputation)");
    }

    private Fill robustness() {
        boolean several = cfg != null && cfg.partitions() > 1 || m.repeats();
        if (ReportPage.hasAnchor("robustness")) {
            return several
                    ? filled("robustness", "variation across repeats or folds")
                    : partly("robustness", "a single split: rerun with repeats or folds");
        }
        return several
                ? partly("results", "one row per repeat or fold")
                : partly("provenance", "a single split; seed and threads recorded for a rerun");
    }

    private Fill flowFill() {
        if (ReportPage.hasAnchor("participant-flow")) {
            return filled("participant-flow", "patients → lesions → sequences → exclusions → partitions");
        }
        if (m.exclusions() != null || m.anySplit()) {
            return partly("data-flow", "counts and exclusions with reasons; no diagram");
        }
        return null;
    }

    private String flow() {
        return ReportPage.hasAnchor("participant-flow") ? "participant-flow" : "data-flow";
    }

    private String characteristics() {
        return ReportPage.hasAnchor("characteristics") ? "characteristics" : "data-flow";
    }

    private static Fill filled(String anchor, String note) {
        return new Fill(Status.FILLED, Objects.requireNonNull(anchor), note);
    }

    private static Fill partly(String anchor, String note) {
        return new Fill(Status.PARTLY, anchor, note);
    }
}
