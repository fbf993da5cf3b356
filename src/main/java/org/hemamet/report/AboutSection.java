package org.hemamet.report;

import java.util.Map;

/** "Study": what the authors' about file says (title, objectives, ethics, ...), field by field. */
final class AboutSection {
    private AboutSection() {}

    static void write(ReportModel m, Html h, Figures figures) {
        StudyAbout a = m.about();
        if (a == null) {
            Fmt.notAvailable(
                    h,
                    "No about file: title, objectives, eligibility, reference standard, annotators, ethics, funding and"
                            + " registration are left to the authors (hemamet report --template FILE writes one; give it"
                            + " with --about FILE or save it as RUN_DIR/" + StudyAbout.FILE + ").");
            return;
        }
        Map<String, String> set = a.fields();
        h.el(
                "p",
                "From the authors' about file (SHA-256 " + a.sha256() + "); " + set.size() + " of "
                        + StudyAbout.fieldNames().size() + " fields set.",
                "class",
                "note");
        h.tableBody("id", "about-table");
        for (StudyAbout.AboutField f : StudyAbout.AboutField.all()) {
            if (set.containsKey(f.name())) {
                h.open("tr")
                        .el("th", f.label())
                        .el("td", set.get(f.name()), "class", "prose")
                        .close("tr");
            }
        }
        h.endTable();
    }
}
