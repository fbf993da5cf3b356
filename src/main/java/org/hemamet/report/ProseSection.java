package org.hemamet.report;

/** "Methods and limitations": the two paragraphs of {@link Prose}, ready to paste into a manuscript. */
final class ProseSection {
    /** The anchor of the limitations paragraph (inside this section). */
    static final String LIMITATIONS = "limitations";

    private ProseSection() {}

    static void write(ReportModel m, Html h, Figures figures) {
        h.el(
                "p",
                "Generated from the run's own records (study.json, provenance.json, the model bundle, results.csv and the"
                        + " dataset); edit to the journal's style. Statements the run cannot know are in the checklist.",
                "class",
                "note");
        h.el("h3", "Methods");
        h.el("p", String.join(" ", Prose.methods(m)), "class", "prose", "id", "methods-text");
        h.el("h3", "Limitations", "id", LIMITATIONS);
        h.el("p", String.join(" ", Prose.limitations(m)), "class", "prose", "id", "limitations-text");
    }
}
