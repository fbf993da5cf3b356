package org.hemamet.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.hemamet.core.HemametException;
import org.hemamet.core.Json;

/**
 * {@code cells/<cell_id>/heatmaps/index.json} (contracts.md C): the heat maps of a cell's misclassified
 * test lesions, each written beside it as {@code <sample_id>.png}, and for each one that was not written,
 * why. Written by {@code predict.ErrorHeatMaps}, read by the report (which never computes a heat map).
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param cellId        the cell
 * @param method        how the maps were made, in words
 * @param reason        why no map of this cell could be made (e.g. no model bundle), or null
 * @param cases         one entry per misclassified test lesion of the cell, in predictions.csv order
 */
public record HeatMapIndex(
        @JsonProperty("format_version") int formatVersion,
        @JsonProperty("cell_id") String cellId,
        String method,
        String reason,
        List<Case> cases) {
    public static final int FORMAT_VERSION = 1;
    /** The folder under {@code cells/<cell_id>/}. */
    public static final String DIR = "heatmaps";
    /** The index file in {@link #DIR}. */
    public static final String FILE = "index.json";

    public HeatMapIndex {
        cases = cases == null ? List.of() : List.copyOf(cases);
    }

    /**
     * One misclassified test lesion.
     *
     * @param sampleId    its sample id (predictions.csv)
     * @param targetClass the class the map explains: the one the model predicted (0 = hemangioma, 1 = the
     *                    positive group)
     * @param file        the PNG's name in {@link #DIR}, or null when none was written
     * @param reason      why none was written, or null
     * @param sequences   of an early-fused cell, its fused sequences in channel order (one panel each in the
     *                    PNG); absent (null) for a per-sequence cell
     * @param masked      of an early-fused cell, the fused sequences the lesion lacks: their channel was masked
     *                    (zeros, availability plane 0) and their panel says "not acquired"; absent (null) for
     *                    a per-sequence cell
     */
    public record Case(
            @JsonProperty("sample_id") String sampleId,
            @JsonProperty("target_class") int targetClass,
            String file,
            String reason,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<String> sequences,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<String> masked) {
        public Case {
            sequences = sequences == null ? null : List.copyOf(sequences);
            masked = masked == null ? null : List.copyOf(masked);
        }

        /** A per-sequence cell's entry (one crop, no channels). */
        public Case(String sampleId, int targetClass, String file, String reason) {
            this(sampleId, targetClass, file, reason, null, null);
        }

        /** Whether the entry is an early-fused lesion's (one panel per fused sequence). */
        @JsonIgnore
        public boolean fused() {
            return sequences != null;
        }
    }

    /** {@code runDir/cells/<cellId>/heatmaps}. */
    public static Path dir(Path runDir, String cellId) {
        return runDir.resolve("cells").resolve(cellId).resolve(DIR);
    }

    /** The entry of {@code sampleId}, if the index lists it. */
    public Optional<Case> find(String sampleId) {
        return cases.stream().filter(c -> c.sampleId().equals(sampleId)).findFirst();
    }

    /** The cell's index, or empty when it has none; an unreadable index is invalid input naming the file. */
    public static Optional<HeatMapIndex> read(Path runDir, String cellId) {
        Path f = dir(runDir, cellId).resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(f.toFile(), HeatMapIndex.class));
        } catch (IOException e) {
            throw HemametException.invalidInput(
                    f + ": not a heat-map index (" + org.hemamet.core.IoErrors.what(e) + ")", e);
        }
    }

    /** The index as JSON text (as written to {@link #FILE}). */
    public String toJson() {
        try {
            return Json.mapper().writeValueAsString(this) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
