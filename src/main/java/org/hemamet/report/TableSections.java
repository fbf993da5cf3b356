package org.hemamet.report;

import java.util.List;
import java.util.Map;
import org.hemamet.contract.CommonLesionRow;
import org.hemamet.contract.DeLongRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.contract.SearchTrial;
import org.hemamet.core.Json;
import org.hemamet.metrics.ClusteredAuc;
import org.hemamet.report.StudyRun.Cell;

/** The sections that show a table of the run as it is: DeLong comparisons and search trials. */
final class TableSections {
    private TableSections() {}

    /** Each sequence's AUC on the test lesions every sequence of the comparison and repeat has. */
    static void commonLesions(ReportModel m, Html h, Figures figures) {
        if (m.run().commonLesions().isEmpty()) {
            Fmt.notAvailable(
                    h, "common_lesions.csv: not available (runs of older versions, or fewer than two sequences).");
            return;
        }
        h.el(
                "p",
                "The results table's rows stand on different lesions (each cell's test lesions with an image of its "
                        + "sequence). Here, per comparison and repeat, the sequences are compared on the same lesions: the "
                        + "intersection of the cells' test lesions (n common, and their patients); each sequence's AUC "
                        + "recomputed on exactly those, with its 95 % CI: "
                        + org.hemamet.contract.CommonLesionRow.intervalWords(
                                m.run().commonLesions()) + ".",
                "class",
                "note");
        h.tableHead("id", "common-lesions-table");
        for (String c :
                List.of("Comparison", "Repeat", "Sequences", "n common hem / pos", "Patients", "Sequence", "AUC")) {
            h.el(
                    "th",
                    c,
                    "class",
                    c.startsWith("n ") || c.equals("Repeat") || c.equals("Patients") || c.equals("AUC") ? "num" : null);
        }
        h.body();
        for (CommonLesionRow c : m.run().commonLesions()) {
            h.open("tr")
                    .el("td", Fmt.comparisonLabel(c.comparison()))
                    .el("td", Integer.toString(c.repeat()), "class", "num")
                    .el("td", c.sequences())
                    .el("td", c.nCommonNeg() + " / " + c.nCommonPos(), "class", "num")
                    .el("td", Integer.toString(c.nPatients()), "class", "num")
                    .el("td", c.sequence())
                    .el(
                            "td",
                            Fmt.fixed(c.auc(), 3) + " (" + Fmt.fixed(c.aucLo(), 3) + "–" + Fmt.fixed(c.aucHi(), 3)
                                    + ")",
                            "class",
                            "num");
            h.close("tr");
        }
        h.endTable();
    }

    static void delong(ReportModel m, Html h, Figures figures) {
        if (m.run().delong().isEmpty()) {
            Fmt.notAvailable(h, "delong.csv: not available.");
            return;
        }
        h.el(
                "p",
                "Difference between the AUCs of two sequences for the same comparison and repeat: DeLong, DeLong & "
                        + "Clarke-Pearson, Biometrics 1988 — paired on the lesions both sequences were tested on (n common: "
                        + "the pairwise intersection of the two cells' test lesions, not the results table's per-cell test "
                        + "sets); where a patient has several common lesions, with Obuchowski's clustered (co)variances "
                        + "(Biometrics 1997), patients as the clusters (Test: \"paired, by patient\"); unpaired when "
                        + "either class has fewer than 2 common lesions. p: two-sided, unadjusted; "
                        + "p (Holm): adjusted by Holm's step-down method (Scand J Statist 1979) within the family of "
                        + "pairwise tests of the same comparison and repeat, controlling the family-wise error rate.",
                "class",
                "note");
        h.tableHead("id", "delong-table");
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
                "p (Holm)",
                "Test")) {
            h.el("th", c, "class", c.startsWith("Comp") || c.startsWith("Seq") || c.equals("Test") ? null : "num");
        }
        h.body();
        for (DeLongRow d : m.run().delong()) {
            h.open("tr")
                    .el("td", Fmt.comparisonLabel(d.comparison()))
                    .el("td", Integer.toString(d.repeat()), "class", "num")
                    .el("td", d.sequenceA())
                    .el("td", d.sequenceB())
                    .el("td", Integer.toString(d.nCommon()), "class", "num")
                    .el("td", Fmt.fixed(d.aucA(), 3), "class", "num")
                    .el("td", Fmt.fixed(d.aucB(), 3), "class", "num")
                    .el("td", Fmt.fixed(d.aucA() - d.aucB(), 3), "class", "num")
                    .el("td", Fmt.fixed(d.z(), 2), "class", "num")
                    .el("td", Fmt.pValue(d.pValue()), "class", "num")
                    .el("td", d.pHolm() == null ? "—" : Fmt.pValue(d.pHolm()), "class", "num")
                    .el("td", testName(d));
            h.close("tr");
        }
        h.endTable();
    }

    /** The test of a delong.csv row in words: paired, paired by patient (Obuchowski) or unpaired. */
    static String testName(DeLongRow d) {
        if (ClusteredAuc.PAIRED_METHOD.equals(d.method())) {
            return "paired, by patient";
        }
        return d.paired() ? "paired" : "unpaired";
    }

    /** Each cell's search trials as search.csv has them, the chosen trial highlighted; the first cell open. */
    static void search(ReportModel m, Html h, Figures figures) {
        h.el(
                "p",
                "Trials of each cell's search on the inner validation part of the training set; the chosen trial "
                        + "(highest validation AUC) was retrained on the whole training part and evaluated once on the test "
                        + "set.",
                "class",
                "note");
        List<String> columns = RunFiles.columns(SearchTrial.class);
        boolean any = false;
        for (Cell c : m.cells()) {
            if (c.search().isEmpty()) {
                continue;
            }
            any = true;
            h.open("details", "open", m.cells().indexOf(c) == 0 ? "" : null)
                    .el("summary", c.id() + " — " + c.search().size() + " trials");
            h.tableHead("class", "search");
            columns.forEach(col -> h.el("th", col.replace('_', ' ')));
            h.body();
            for (SearchTrial t : c.search()) {
                Map<?, ?> row = Json.mapper().convertValue(t, Map.class);
                h.open("tr", "class", Boolean.TRUE.equals(t.chosen()) ? "best" : null);
                columns.forEach(col -> h.el("td", Fmt.asWritten(row.get(col))));
                h.close("tr");
            }
            h.endTable().close("details");
        }
        if (!any) {
            Fmt.notAvailable(h, "search.csv: not available for any cell.");
        }
    }
}
