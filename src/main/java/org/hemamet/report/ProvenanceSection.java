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
            machine(h, prov);
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
     * The facts that make CPU results differ between machines: the CPU, the SIMD kernels PyTorch (ATen) and
     * oneDNN dispatch to, and the thread counts ("not recorded" for runs of older versions).
     */
    private static void machine(Html h, RunProvenance prov) {
        h.el(
                "p",
                "Training is bit-identical on one machine for a seed, but the numbers move between CPUs: they depend "
                        + "on the SIMD kernels PyTorch and oneDNN dispatch to and on the thread counts. Kernels marked "
                        + "\"inferred from CPU flags\" were worked out from /proc/cpuinfo by the libraries' own rules.",
                "class",
                "note");
        h.tableBody("id", "machine-table");
        row(h, "CPU", prov.cpu());
        row(h, "CPU flags (SIMD)", prov.cpuFlags() == null ? null : String.join(" ", prov.cpuFlags()));
        row(h, "PyTorch (ATen) kernels", prov.atenCpuCapability());
        row(h, "oneDNN ISA", prov.onednnCpuIsa());
        row(h, "PyTorch intra-op threads", prov.pytorchIntraOpThreads());
        row(h, "PyTorch inter-op threads", prov.pytorchInterOpThreads());
        row(
                h,
                "OMP_NUM_THREADS",
                prov.ompNumThreads() == null || prov.ompNumThreads().isEmpty() ? "unset" : prov.ompNumThreads());
        row(h, "Java processors", prov.availableProcessors());
        row(h, "Training device", prov.device());
        row(h, "Training precision", prov.precision());
        row(h, "Optimizer step", prov.optimizer());
        h.endTable();
    }

    private static void row(Html h, String name, Object value) {
        h.open("tr")
                .el("th", name)
                .el("td", value == null ? "not recorded" : value.toString())
                .close("tr");
    }

    /** Fields that hold a path of this machine: the report, which is shared, leaves them out. */
    static final java.util.Set<String> LOCAL_PATHS = java.util.Set.of("dataset_dir");

    /** What the report shows for such a field. */
    static final String LOCAL_PATH = "a path on the machine that ran the study (in provenance.json; not shown in the"
            + " report, which may be shared; dataset_sha256 identifies the dataset)";

    /**
     * Every field in file order (sorted keys; objects as JSON; fields this run does not have left out; a local
     * path as {@link #LOCAL_PATH}), then the duration per cell in its own table.
     */
    private static void provenance(Html h, RunProvenance prov) {
        h.tableBody("id", "provenance-table");
        JsonNode doc = Json.mapper().valueToTree(prov);
        doc.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (!e.getKey().equals("cell_seconds") && !v.isNull()) {
                h.open("tr")
                        .el("th", e.getKey())
                        .el(
                                "td",
                                LOCAL_PATHS.contains(e.getKey())
                                        ? LOCAL_PATH
                                        : v.isValueNode() ? v.asText() : v.toString())
                        .close("tr");
            }
        });
        h.endTable();
        Map<String, Double> cs = prov.cellSeconds();
        if (cs != null && !cs.isEmpty()) {
            h.open("details").el("summary", "Duration per cell (s)").tableBody();
            cs.forEach((cell, seconds) -> h.open("tr")
                    .el("td", cell)
                    .el("td", Fmt.fixed(Fmt.number(seconds), 1), "class", "num")
                    .close("tr"));
            h.endTable().close("details");
        }
    }
}
