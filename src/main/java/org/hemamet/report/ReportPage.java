package org.hemamet.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.hemamet.core.Version;

/** The HTML page: head, header, the navigation and the sections from {@link #SECTIONS}, footer. */
final class ReportPage {
    /** The report's sections in page order; the navigation bar is made from this list. */
    static final List<Section> SECTIONS = List.of(
            new Section("about", "Study", "Study (from the authors' about file)", AboutSection::write),
            new Section("methods", "Methods", "Methods and limitations (generated from the run)", ProseSection::write),
            new Section("results", "Results", "Results per sequence and comparison (test set)", ResultsSection::write),
            new Section("roc", "ROC", "ROC curves", FigureSections::roc),
            new Section(
                    "reliability",
                    "Calibration curves",
                    "Reliability (calibration) curves",
                    FigureSections::reliability),
            new Section(
                    "decision-curves", "Utility", "Clinical utility (decision curves)", DecisionCurveSection::write),
            new Section("confusion", "Confusion", "Confusion matrices", FigureSections::confusion),
            new Section(
                    "common-lesions",
                    "Same lesions",
                    "Sequences compared on the lesions imaged in all of them",
                    TableSections::commonLesions),
            new Section("delong", "DeLong", "Comparison of sequences (DeLong test)", TableSections::delong),
            new Section("baselines", "Baselines", "CNN vs baselines (same test lesions)", BaselinesSection::write),
            new Section(
                    "fusion", "Fusion", "Fused cells (late, early) vs the best single sequence", FusionSection::write),
            new Section("data-flow", "Data flow", "Data flow, partitions and balancing", DataFlowSection::write),
            new Section("participant-flow", "Flow", "Participant flow", ParticipantFlow::write),
            new Section(
                    "characteristics",
                    "Characteristics",
                    "Characteristics per partition",
                    CohortSections::characteristics),
            new Section("acquisition", "Acquisition", "Image acquisition per sequence", AcquisitionSection::write),
            new Section("missing-data", "Missing data", "Missing data per sequence", CohortSections::missingData),
            new Section("subgroups", "Subgroups", "Subgroup performance and fairness note", SubgroupSection::write),
            new Section(
                    "robustness", "Robustness", "Robustness across repeats, folds and seeds", RobustnessSection::write),
            new Section("training", "Training", "Training curves", FigureSections::training),
            new Section("search", "Search", "Hyper-parameter search", TableSections::search),
            new Section("misclassified", "Misclassified", "Misclassified test lesions", GallerySection::write),
            new Section(
                    "checklist",
                    "CLAIM / TRIPOD+AI",
                    "Reporting checklists: CLAIM 2024 and TRIPOD+AI",
                    ChecklistSection::write),
            new Section("provenance", "Provenance", "Provenance", ProvenanceSection::write));

    /**
     * Anchors inside sections (not section ids) that checklist links may point to. The sections
     * participant-flow, characteristics, missing-data, subgroups and robustness are linked by the checklist
     * once they are in {@link #SECTIONS}.
     */
    static final Set<String> INNER_ANCHORS = Set.of(ProseSection.LIMITATIONS);

    private ReportPage() {}

    /** Whether the page has an element with id {@code id} that a checklist item may link to. */
    static boolean hasAnchor(String id) {
        return INNER_ANCHORS.contains(id) || SECTIONS.stream().anyMatch(s -> s.id().equals(id));
    }

    /** The page of {@code m}; its figures are added to {@code figures} in page order. */
    static String render(ReportModel m, Figures figures) {
        Html h = new Html();
        h.trustedMarkup("<!DOCTYPE html>\n");
        h.open("html", "lang", "en");
        head(m, h);
        h.newline().open("body");
        header(m, h);
        h.open("nav");
        SECTIONS.forEach(s -> h.el("a", s.navTitle(), "href", "#" + s.id()));
        h.close("nav").newline().open("main");
        SECTIONS.forEach(s -> s.write(m, h, figures));
        h.close("main");
        h.el(
                "footer",
                "Generated offline by hemamet " + Version.hemamet()
                        + ". Figures are also in the figures/ folder beside this file (PNG and SVG).");
        h.close("body").close("html").newline();
        return h.toString();
    }

    private static void head(ReportModel m, Html h) {
        h.open("head");
        h.empty("meta", "charset", "utf-8");
        h.empty("meta", "http-equiv", "Content-Security-Policy", "content", ReportWriter.CSP);
        h.empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1");
        h.empty("meta", "name", "generator", "content", "hemamet " + Version.hemamet());
        h.el("title", "hemamet study report — " + m.runName());
        h.open("style").trustedMarkup(resource("report.css")).close("style");
        h.close("head");
    }

    /** The title and one line about the run; the time is the run's own (provenance.json), never now. */
    private static void header(ReportModel m, Html h) {
        var prov = m.run().provenance();
        String seed = prov != null && prov.seed() != null ? prov.seed().toString() : "not recorded";
        h.open("header");
        h.el("h1", "Spinal hemangioma vs metastasis — CNN study report");
        h.el(
                "p",
                "Run " + m.runName() + " · " + m.run().cells().size() + " cells · seed " + seed + " · "
                        + (m.runTime() == null ? "run time not recorded" : "finished " + m.runTime())
                        + " · report by hemamet " + Version.hemamet());
        h.close("header");
    }

    private static String resource(String name) {
        try (InputStream in = ReportPage.class.getResourceAsStream("/org/hemamet/report/" + name)) {
            if (in == null) {
                throw new IllegalStateException("resource missing: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
