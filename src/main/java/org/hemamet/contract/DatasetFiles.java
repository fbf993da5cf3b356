package org.hemamet.contract;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.HemametException;

/**
 * The dataset directory's record of how it was made ({@value IngestProvenance#FILE}, {@link IngestProvenance});
 * its other files are dataset.csv ({@code cohort.DatasetManifest}), ingest-report.json, crops/ and masks/.
 */
public final class DatasetFiles {
    private DatasetFiles() {}

    /** Writes {@code dir}/{@value IngestProvenance#FILE} (into a dataset being written, or in place). */
    public static void writeProvenance(Path dir, IngestProvenance provenance) {
        AtomicFiles.writeString(dir.resolve(IngestProvenance.FILE), RunFiles.json(provenance));
    }

    /** The dataset's provenance, or null for a dataset of a version before 2026-11-29 (it has none). */
    public static IngestProvenance readProvenance(Path datasetDir) {
        Path file = datasetDir.resolve(IngestProvenance.FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return RunFiles.lenient().readValue(file.toFile(), IngestProvenance.class);
        } catch (java.io.IOException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                    ? org.hemamet.core.JsonProblem.describe(j)
                    : org.hemamet.core.IoErrors.what(e);
            throw HemametException.invalidInput(file + ": not readable (" + why + ")", e);
        }
    }
}
