package org.hemamet.predict;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hemamet.cohort.Sequence;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.Hashing;
import org.hemamet.core.HemametException;
import org.hemamet.core.Json;
import org.hemamet.core.Version;
import org.hemamet.model.TrainedCnn;
import org.hemamet.preprocess.LesionCropper;

/**
 * {@code hemamet export}: copies one cell's model bundle out of a study run directory (contracts.md C/D)
 * and completes its metadata so that the bundle alone is enough to predict: {@code input.crop} (the
 * dataset's {@link LesionCropper.Params}, read from the dataset's {@code ingest-report.json} via
 * {@code provenance.json} {@code dataset_dir}, else the defaults, and saying which), {@code dataset}
 * (its SHA-256 and the run's provenance) and {@code exported} (when, by which hemamet, from which cell).
 * {@code model.params} is copied byte for byte (its SHA-256 is checked against {@code params_sha256});
 * the bundle directory is written to a temporary sibling and renamed into place.
 */
public final class Exporter {
    private Exporter() {}

    /** What was exported. */
    public record Exported(String cellId, Path bundleDir, String cropSource) {}

    /**
     * Exports the model of cell {@code SEQUENCE/COMPARISON} (repeat {@code repeat}) of {@code runDir} to
     * {@code out} (a new or empty directory, or an earlier export, which is replaced).
     */
    public static Exported export(Path runDir, String cell, int repeat, Path out) {
        if (!Files.isDirectory(runDir.resolve("cells"))) {
            throw HemametException.invalidInput(runDir + ": not a study run directory (no cells/)");
        }
        String[] parts = cell.split("/");
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw HemametException.invalidInput(
                    "--cell " + cell + ": expected SEQUENCE/COMPARISON, e.g." + " T2/hemangioma-vs-metastases");
        }
        if (repeat < 0) {
            throw HemametException.invalidInput("--repeat " + repeat + ": must be >= 0");
        }
        Sequence seq;
        try {
            seq = Sequence.parse(parts[0]);
        } catch (HemametException e) {
            throw HemametException.invalidInput("--cell " + cell + ": " + e.getMessage());
        }
        String cellId = seq.name() + "__" + parts[1].trim() + "__r" + repeat;
        Path cellDir = runDir.resolve("cells").resolve(cellId);
        if (!Files.isDirectory(cellDir)) {
            throw HemametException.invalidInput(
                    runDir + ": no cell " + cellId + " (cells: " + String.join(", ", cells(runDir)) + ")");
        }
        Path bundle = cellDir.resolve("model");
        Path metaFile = bundle.resolve(TrainedCnn.METADATA_FILE);
        if (!Files.isRegularFile(metaFile)) {
            throw HemametException.invalidInput(cellDir + ": no model bundle (cell status " + status(cellDir) + ")");
        }
        Map<String, Object> meta;
        byte[] params;
        try {
            meta = Json.mapper()
                    .readValue(Files.readAllBytes(metaFile), new TypeReference<LinkedHashMap<String, Object>>() {});
            params = Files.readAllBytes(bundle.resolve(TrainedCnn.PARAMS_FILE));
        } catch (IOException e) {
            throw HemametException.invalidInput(bundle + ": cannot read the bundle (" + e.getMessage() + ")", e);
        }
        Object sha = meta.get("params_sha256");
        if (sha == null || !Hashing.sha256(params).equals(sha)) {
            throw HemametException.invalidInput(bundle.resolve(TrainedCnn.PARAMS_FILE)
                    + ": SHA-256 differs from params_sha256 in metadata.json (corrupt or mixed bundle)");
        }
        Object fv = meta.get("format_version");
        if (!(fv instanceof Integer v) || v != TrainedCnn.FORMAT_VERSION) {
            throw HemametException.invalidInput(metaFile + ": unsupported format_version " + fv
                    + " (this hemamet reads " + TrainedCnn.FORMAT_VERSION + ")");
        }
        JsonNode prov = readJson(runDir.resolve("provenance.json"));
        LesionCropper.Params crop = LesionCropper.Params.DEFAULT;
        String cropSource = "defaults (the run's dataset ingest-report.json was not found)";
        String datasetDir = prov == null ? "" : prov.path("dataset_dir").asText("");
        if (!datasetDir.isEmpty()) {
            Path report = Path.of(datasetDir).resolve("ingest-report.json");
            JsonNode r = readJson(report);
            if (r != null && r.path("params").hasNonNull("key")) {
                try {
                    crop = CropParams.parseKey(r.path("params").path("key").asText());
                    cropSource = "dataset ingest-report.json (params.key)";
                } catch (IllegalArgumentException e) {
                    throw HemametException.invalidInput(
                            report + ": unsupported crop parameters (" + e.getMessage() + ")");
                }
            }
        }
        Map<String, Object> input = new LinkedHashMap<>();
        if (meta.get("input") instanceof Map<?, ?> in) {
            in.forEach((k, val) -> input.put(String.valueOf(k), val));
        }
        input.put("crop", CropParams.toMap(crop, cropSource));
        meta.put("input", input);
        Map<String, Object> dataset = new LinkedHashMap<>();
        if (prov != null) {
            dataset.put("sha256", prov.path("dataset_sha256").asText(""));
            dataset.put(
                    "study_seed",
                    prov.path("seed").isNumber() ? prov.path("seed").asLong() : null);
            dataset.put("study_hemamet_version", prov.path("hemamet_version").asText(""));
            dataset.put("config_sha256", prov.path("config_sha256").asText(""));
        }
        meta.put("dataset", dataset);
        Map<String, Object> exported = new LinkedHashMap<>();
        exported.put("cell_id", cellId);
        exported.put("hemamet_version", Version.hemamet());
        exported.put(
                "exported",
                java.time.Instant.now()
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .toString());
        meta.put("exported", exported);
        String json;
        try {
            json = Json.mapper().writeValueAsString(meta) + "\n";
        } catch (IOException e) {
            throw HemametException.internal("cannot serialise metadata: " + e.getMessage(), e);
        }
        if (Files.exists(out)
                && (!Files.isDirectory(out)
                        || (!isEmpty(out) && !Files.isRegularFile(out.resolve(TrainedCnn.METADATA_FILE))))) {
            throw HemametException.invalidInput(
                    out + ": exists and is not a model bundle; choose a new or empty" + " directory");
        }
        final byte[] p = params;
        AtomicFiles.writeDirectory(out, true, tmp -> {
            Files.write(tmp.resolve(TrainedCnn.PARAMS_FILE), p);
            Files.writeString(tmp.resolve(TrainedCnn.METADATA_FILE), json);
        });
        return new Exported(cellId, out, cropSource);
    }

    private static List<String> cells(Path runDir) {
        try (Stream<Path> s = Files.list(runDir.resolve("cells"))) {
            return s.filter(Files::isDirectory)
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String status(Path cellDir) {
        JsonNode r = readJson(cellDir.resolve("result.json"));
        if (r == null) {
            return "unknown: no result.json, the cell has not finished";
        }
        String msg = r.path("message").asText("");
        return r.path("status").asText("?") + (msg.isEmpty() ? "" : ": " + msg);
    }

    private static JsonNode readJson(Path f) {
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return Json.mapper().readTree(f.toFile());
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
