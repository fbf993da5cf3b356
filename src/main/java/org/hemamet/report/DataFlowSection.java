package org.hemamet.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.hemamet.contract.ResultRow;
import org.hemamet.report.ReportModel.DatasetCounts;
import org.hemamet.report.ReportModel.Exclusions;
import org.hemamet.report.ReportModel.PartitionRow;
import org.hemamet.report.ReportModel.SplitCounts;
import org.hemamet.study.StudyConfig;

/** Patients and lesions of the dataset, exclusions at ingest, and each cell's partitions. */
final class DataFlowSection {
    private DataFlowSection() {}

    static void write(ReportModel m, Html h, Figures figures) {
        h.el("h3", "Patients and lesions");
        if (m.dataset() != null) {
            counts(h, m.dataset(), m.exclusions());
        } else {
            Fmt.notAvailable(h, "dataset.csv: not available — patient and lesion counts cannot be shown.");
        }
        h.el("h3", "Exclusions at ingest");
        if (m.exclusions() != null) {
            exclusions(h, m.exclusions());
        } else {
            Fmt.notAvailable(h, "ingest-report.json: not available — exclusions cannot be shown.");
        }
        h.el("h3", "Partitions per cell");
        h.el("p", design(m.run().study()), "class", "note");
        partitions(h, m.partitions());
    }

    private static void counts(Html h, DatasetCounts d, Exclusions exclusions) {
        h.open("div", "class", "flow");
        Integer excluded = exclusions == null ? null : exclusions.total();
        if (excluded != null) {
            h.open("div", "class", "box")
                    .el("b", Integer.toString(excluded))
                    .text("items excluded at ingest")
                    .close("div")
                    .el("span", "→", "class", "arrow");
        }
        h.open("div", "class", "box", "id", "n-patients")
                .el("b", Long.toString(d.patients()))
                .text("patients included")
                .close("div");
        h.open("div", "class", "box")
                .el("b", Long.toString(d.lesions()))
                .text("lesions included")
                .close("div");
        h.open("div", "class", "box")
                .el("b", Integer.toString(d.crops()))
                .text("crops (lesion × sequence)")
                .close("div")
                .close("div");
        h.tableHead("id", "dataset-counts").el("th", "Sequence");
        d.diagnoses().forEach(x -> h.el("th", x, "class", "num"));
        h.el("th", "total", "class", "num").body();
        for (Map.Entry<String, Map<String, Integer>> e : d.bySequence().entrySet()) {
            h.open("tr").el("td", e.getKey());
            d.diagnoses().forEach(x -> h.el("td", Integer.toString(e.getValue().getOrDefault(x, 0)), "class", "num"));
            int total = e.getValue().values().stream().mapToInt(i -> i).sum();
            h.el("td", Integer.toString(total), "class", "num");
            h.close("tr");
        }
        h.endTable();
    }

    private static void exclusions(Html h, Exclusions x) {
        if (x.byReason().isEmpty()) {
            h.el("p", "ingest-report.json lists no excluded item.");
        } else {
            h.tableWithHeader("exclusions", List.of("Reason", "Items"), "Items"::equals);
            x.byReason()
                    .forEach((k, v) -> h.open("tr")
                            .el("td", k)
                            .el("td", Integer.toString(v), "class", "num")
                            .close("tr"));
            h.endTable();
        }
        h.open("details")
                .el("summary", "ingest-report.json")
                .el("pre", Fmt.pretty(shareable(x.ingestReport())))
                .close("details");
    }

    /** What the report shows instead of the header text behind the sequence decisions. */
    static final String HEADER_TEXT_LEFT_OUT = "header text (series descriptions, timings) in ingest-report.json beside"
            + " the dataset; not in the report, which may be shared";

    /**
     * ingest-report.json as the report shows it: the sequence decisions' header text (each group's
     * {@code decided_by}, a disagreement's {@code header}) replaced by {@link #HEADER_TEXT_LEFT_OUT}, the rule,
     * its reason and the counts kept: the report is shared, and header values stay with the data.
     */
    static JsonNode shareable(JsonNode report) {
        JsonNode copy = report.deepCopy();
        JsonNode decisions = copy.path("sequence_decisions");
        for (JsonNode g : decisions.path("series")) {
            if (g.has("decided_by") && g instanceof ObjectNode o) {
                int n = 0;
                for (JsonNode c : g.path("decided_by")) {
                    n += c.asInt();
                }
                o.put("decided_by", n + " series: " + HEADER_TEXT_LEFT_OUT);
            }
        }
        for (JsonNode d : decisions.path("attribute_header_disagreements")) {
            if (d.has("header") && d instanceof ObjectNode o) {
                o.put("header", HEADER_TEXT_LEFT_OUT);
            }
        }
        shortenLists(copy);
        return copy;
    }

    /** Identifiers a list of the shown ingest report keeps before it says how many more there are. */
    static final int LIST_SHOWN = 5;

    /**
     * Cuts every list of identifiers longer than {@link #LIST_SHOWN} + 1 (the series keys and sample ids of each
     * sequence decision, hundreds each) to its first {@link #LIST_SHOWN} and a last entry saying how many more
     * the file has: a reader of the report sees what they are, and the page keeps its length.
     */
    private static void shortenLists(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> fields = new java.util.ArrayList<>();
            o.fieldNames().forEachRemaining(fields::add); // a copy: the loop replaces fields
            for (String f : fields) {
                JsonNode v = o.get(f);
                if (v.isArray() && v.size() > LIST_SHOWN + 1 && allText(v)) {
                    ArrayNode cut = o.putArray(f);
                    for (int i = 0; i < LIST_SHOWN; i++) {
                        cut.add(v.get(i));
                    }
                    cut.add("… " + (v.size() - LIST_SHOWN) + " more in ingest-report.json beside the dataset");
                } else {
                    shortenLists(v);
                }
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(DataFlowSection::shortenLists);
        }
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode e : array) {
            if (!e.isTextual()) {
                return false;
            }
        }
        return true;
    }

    /**
     * How the study split and balanced, from study.json. hemamet always splits by patient (PatientSplit),
     * so the split level is not a setting of the study.
     */
    static String design(StudyConfig c) {
        String how = c == null
                ? "Design and balancing: not available (no readable study.json)"
                : "Design: " + splitDesign(c) + ". Balancing: " + c.asMap().get("balancing");
        return "Split level: patient (hemamet always groups the split by patient) — all lesions of a patient "
                + "fall in the same partition. " + how + ". " + dropped(c)
                + " Patient overlap is measured from split.csv and must be 0.";
    }

    /** What the 'Dropped' column counts (split.csv's dropped rows; their dropped_from names the part). */
    private static String dropped(StudyConfig c) {
        if (c == null) {
            return "'Dropped' counts the lesions the balancing removed (split.csv's dropped rows).";
        }
        return "'Dropped' counts the lesions the balancing removed (split.csv's dropped rows): "
                + c.balancingStatement() + (c.balanceTest() ? " (dropped_from says which part)." : ".");
    }

    private static String splitDesign(StudyConfig c) {
        if (c.folds() >= 2) {
            return c.folds() + "-fold cross-validation stratified by class (each fold the test part once)";
        }
        return "hold-out, test fraction " + c.testFraction() + " stratified by class, " + c.repeats()
                + (c.repeats() == 1 ? " split" : " repeated splits");
    }

    private static void partitions(Html h, List<PartitionRow> rows) {
        h.tableWithHeader(
                "partitions",
                List.of(
                        "Cell",
                        "Train hem",
                        "Train pos",
                        "Test hem",
                        "Test pos",
                        "Dropped",
                        "Train patients",
                        "Test patients",
                        "Patient overlap"),
                c -> !c.equals("Cell"));
        for (PartitionRow row : rows) {
            h.open("tr").el("td", row.cell().id());
            if (row.split() == null) {
                fromResults(h, row.cell().result());
            } else {
                fromSplit(h, row.split());
            }
            h.close("tr");
        }
        h.endTable();
    }

    private static void fromResults(Html h, ResultRow r) {
        for (Integer n : new Integer[] {r.nTrainNeg(), r.nTrainPos(), r.nTestNeg(), r.nTestPos(), r.nDropped()}) {
            h.el("td", Fmt.count(n), "class", "num");
        }
        h.el("td", "—", "class", "num").el("td", "—", "class", "num").el("td", "split.csv not available");
    }

    private static void fromSplit(Html h, SplitCounts s) {
        for (long n : new long[] {s.trainNeg(), s.trainPos(), s.testNeg(), s.testPos(), s.dropped()}) {
            h.el("td", Long.toString(n), "class", "num");
        }
        h.el("td", Integer.toString(s.trainPatients()), "class", "num")
                .el("td", Integer.toString(s.testPatients()), "class", "num");
        h.open("td", "class", "num")
                .open("span", "class", s.patientOverlap() == 0 ? "badge b-ok" : "badge b-bad")
                .text(Integer.toString(s.patientOverlap()))
                .close("span")
                .close("td");
    }
}
