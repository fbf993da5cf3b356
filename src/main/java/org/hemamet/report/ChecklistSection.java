package org.hemamet.report;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.hemamet.report.Checklists.Checklist;
import org.hemamet.report.Checklists.Fill;
import org.hemamet.report.Checklists.Item;
import org.hemamet.report.Checklists.Status;

/**
 * Every item of CLAIM 2024 (44) and TRIPOD+AI (27 with sub-items) by number, each filled (with a link to the
 * section that fills it), partly (what is missing) or for the authors (what to write). The items are data
 * ({@link Checklists}); the status is decided from the run ({@link ChecklistEvidence}) and the about file.
 */
final class ChecklistSection {
    private ChecklistSection() {}

    static void write(ReportModel m, Html h, Figures figures) {
        ChecklistEvidence evidence = new ChecklistEvidence(m);
        h.el(
                "p",
                "Item topics are paraphrased; numbers follow CLAIM 2024 (Tejani et al., Radiology: Artificial Intelligence"
                        + " 2024) and TRIPOD+AI (Collins et al., BMJ 2024). \"filled\": the linked section reports it;"
                        + " \"partly\": what is still missing follows; \"for the authors\": what to write (the fields of an"
                        + " about file that fill it are named)."
                        + (m.about() == null
                                ? " No about file was given."
                                : " About file SHA-256 " + m.about().sha256() + "."),
                "class",
                "note");
        for (Checklist c : Checklists.ALL) {
            table(m, h, c, evidence);
        }
    }

    /** Counts per status of checklist {@code c} for the model (tests and the summary line). */
    static Map<Status, Integer> counts(ReportModel m, Checklist c) {
        ChecklistEvidence evidence = new ChecklistEvidence(m);
        Map<Status, Integer> out = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            out.put(s, 0);
        }
        c.items()
                .forEach(
                        i -> out.merge(Checklists.status(i, evidence, m.about()).status(), 1, Integer::sum));
        return out;
    }

    private static void table(ReportModel m, Html h, Checklist c, ChecklistEvidence evidence) {
        List<Item> items = c.items();
        Map<Status, Integer> n = counts(m, c);
        h.el(
                "h3",
                c.name() + ": " + n.get(Status.FILLED) + " of " + items.size() + " items filled, "
                        + n.get(Status.PARTLY) + " partly, " + n.get(Status.AUTHORS) + " for the authors",
                "id",
                c.id() + "-summary");
        h.tableHead("id", c.id() + "-table", "class", "checklist")
                .el("th", "Item", "class", "num")
                .el("th", "Topic")
                .el("th", "Status")
                .el("th", "Where / what is missing")
                .body();
        String section = null;
        for (Item i : items) {
            if (!i.section().equals(section)) {
                section = i.section();
                h.open("tr", "class", "group").el("th", section, "colspan", "4").close("tr");
            }
            row(h, i, Checklists.status(i, evidence, m.about()));
        }
        h.endTable();
    }

    private static void row(Html h, Item i, Fill f) {
        h.open("tr", "data-status", f.status().id)
                .el("td", i.number(), "class", "num")
                .el("td", i.topic())
                .open("td")
                .el("span", f.status().label, "class", f.status().css)
                .close("td")
                .open("td");
        if (f.anchor() != null) {
            h.el("a", "#" + f.anchor(), "href", "#" + f.anchor()).text(" — ");
        }
        h.text(f.note()).close("td").close("tr");
    }
}
