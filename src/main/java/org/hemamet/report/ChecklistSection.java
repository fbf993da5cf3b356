package org.hemamet.report;

import java.util.List;

/** The CLAIM 2024 / TRIPOD+AI items this run documents, and those left to the authors. */
final class ChecklistSection {
    private static final List<String> AUTHORS_ONLY = List.of(
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
            "Ethics approval, consent, data and code availability, funding, registration");

    private ChecklistSection() {}

    static void write(ReportModel m, Html h, Figures figures) {
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
        runItems(m, h);
        AUTHORS_ONLY.forEach(t -> item(h, t, "authors", "left to the authors"));
        h.close("tbody").close("table");
    }

    private static void runItems(ReportModel m, Html h) {
        boolean split = m.anySplit();
        boolean search = m.anySearch();
        boolean prov = m.run().provenance() != null;
        boolean meta = m.modelMetadata() != null;
        boolean ingest = m.exclusions() != null;
        boolean delong = !m.run().delong().isEmpty();
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
                ingest ? "filled" : "authors",
                ingest ? "#data-flow — from ingest-report.json" : "ingest-report.json not available");
        item(
                h,
                "Class imbalance handling",
                m.run().study() != null ? "filled" : "partly",
                "#data-flow — training part balanced by "
                        + (m.run().study() != null
                                ? m.run().study().asMap().get("balancing")
                                : "the study's method (study.json not available)")
                        + "; test part: see the partition table");
        item(
                h,
                "Pre-processing of images (crop, resampling, intensity normalisation)",
                m.dataset() != null ? "partly" : "authors",
                "crops 256×256, normalised per crop (dataset.csv records source intensity range); the authors describe "
                        + "ROI drawing");
        item(
                h,
                "Model description (architecture, inputs, outputs)",
                meta ? "filled" : "partly",
                meta ? "#provenance — model metadata.json" : "paper-cnn (model metadata.json not available)");
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
                delong ? "filled" : "authors",
                delong ? "#delong — DeLong test" : "delong.csv not available");
        item(
                h,
                "Failure analysis (misclassified cases)",
                m.run().predictions().isEmpty() ? "authors" : "filled",
                "#misclassified");
        item(h, "Software, versions, hardware", prov ? "filled" : "authors", "#provenance");
        item(h, "Reproducibility: seed, configuration, data hash", prov ? "filled" : "authors", "#provenance");
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
}
