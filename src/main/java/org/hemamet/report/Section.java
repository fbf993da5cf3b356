package org.hemamet.report;

/**
 * One section of the report: its anchor id and navigation title are written here once, and both the
 * navigation bar and the section element take them from here.
 *
 * @param id       the section element's id (the nav links to {@code #id})
 * @param navTitle the link text in the navigation bar
 * @param heading  the section's heading
 * @param body     writes the section's content below the heading
 */
record Section(String id, String navTitle, String heading, Body body) {
    /** Writes a section's content from the report model. */
    @FunctionalInterface
    interface Body {
        void write(ReportModel m, Html h, Figures figures);
    }

    void write(ReportModel m, Html h, Figures figures) {
        h.open("section", "id", id).el("h2", heading);
        body.write(m, h, figures);
        h.close("section").newline();
    }
}
