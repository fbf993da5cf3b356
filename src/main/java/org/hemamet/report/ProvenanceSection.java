package org.hemamet.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.hemamet.contract.BundleFiles;
import org.hemamet.contract.RunProvenance;
import org.hemamet.core.Json;

/** provenance.json, the model bundle's metadata, the study config and what the report could not use. */
final class ProvenanceSection {
    private ProvenanceSection() {}

    static void write(ReportModel m, Html h, Figures figures) {
        RunProvenance prov = m.run().provenance();
        if (prov != null) {
            provenance(h, prov);
        } else {
            Fmt.notAvailable(h, "provenance.json: not available.");
        }
        if (m.datasetDir() != null) {
            h.el("p", "Dataset directory: " + m.datasetDir().getFileName(), "class", "note");
        }
        if (m.modelMetadata() != null) {
            h.open("details")
                    .el("summary", "Model bundle metadata.json (first cell)")
                    .el("pre", BundleFiles.json(m.modelMetadata()).stripTrailing())
                    .close("details");
        }
        if (m.run().study() != null) {
            h.open("details")
                    .el("summary", "Study configuration (study.json)")
                    .el("pre", m.run().study().toJson().stripTrailing())
                    .close("details");
        } else {
            Fmt.notAvailable(h, "study.json: not available.");
        }
        if (!m.notAvailable().isEmpty()) {
            h.el("h3", "Not available in this run directory");
            h.open("ul", "id", "not-available");
            m.notAvailable().forEach(n -> h.el("li", n));
            h.close("ul");
        }
    }

    /**
     * Every field in file order (sorted keys; objects as JSON; fields this run does not have left out),
     * then the duration per cell in its own table.
     */
    private static void provenance(Html h, RunProvenance prov) {
        h.open("table", "id", "provenance-table").open("tbody");
        JsonNode doc = Json.mapper().valueToTree(prov);
        doc.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (!e.getKey().equals("cell_seconds") && !v.isNull()) {
                h.open("tr")
                        .el("th", e.getKey())
                        .el("td", v.isValueNode() ? v.asText() : v.toString())
                        .close("tr");
            }
        });
        h.close("tbody").close("table");
        Map<String, Double> cs = prov.cellSeconds();
        if (cs != null && !cs.isEmpty()) {
            h.open("details")
                    .el("summary", "Duration per cell (s)")
                    .open("table")
                    .open("tbody");
            cs.forEach((cell, seconds) -> h.open("tr")
                    .el("td", cell)
                    .el("td", Fmt.fixed(Fmt.number(seconds), 1), "class", "num")
                    .close("tr"));
            h.close("tbody").close("table").close("details");
        }
    }
}
