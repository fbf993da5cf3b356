package org.hemamet.contract;

import java.nio.file.Path;
import java.util.List;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.Csv;

/**
 * The files of an external validation's output directory ({@code hemamet validate --out DIR}, contracts.md
 * E): {@value #RESULTS} ({@link ValidationRow}), {@value #PREDICTIONS} ({@link PredictionRow}, one row per
 * external lesion and model), {@value #DECISION_CURVES} ({@link DecisionCurveRow}), {@value #PROVENANCE} ({@link ValidationProvenance}), {@value #REPORT} and its
 * {@value #FIGURES} folder.
 */
public final class ValidationFiles {
    public static final String RESULTS = "validation.csv";
    public static final String PREDICTIONS = "predictions.csv";
    public static final String DECISION_CURVES = RunFiles.DECISION_CURVES;
    public static final String PROVENANCE = "validation.json";
    public static final String REPORT = "report.html";
    public static final String FIGURES = "figures";

    private ValidationFiles() {}

    public static void writeResults(Path dir, List<ValidationRow> rows) {
        AtomicFiles.writeString(dir.resolve(RESULTS), Csv.write(ValidationRow.class, rows));
    }

    public static List<ValidationRow> readResults(Path dir) {
        return Csv.read(dir.resolve(RESULTS), ValidationRow.class);
    }

    public static void writePredictions(Path dir, List<PredictionRow> rows) {
        RunFiles.writePredictions(dir, rows);
    }

    /** Writes {@value #DECISION_CURVES}: each model's net benefit on the external lesions. */
    public static void writeDecisionCurves(Path dir, List<DecisionCurveRow> rows) {
        RunFiles.writeDecisionCurves(dir, rows);
    }

    /** The validation's decision curves; empty for validations of older versions. */
    public static List<DecisionCurveRow> readDecisionCurves(Path dir) {
        return RunFiles.readDecisionCurves(dir);
    }

    public static List<PredictionRow> readPredictions(Path dir) {
        return RunFiles.readAllPredictions(dir);
    }

    public static void writeProvenance(Path dir, ValidationProvenance provenance) {
        AtomicFiles.writeString(dir.resolve(PROVENANCE), RunFiles.json(provenance));
    }

    public static ValidationProvenance readProvenance(Path dir) {
        try {
            return RunFiles.lenient().readValue(dir.resolve(PROVENANCE).toFile(), ValidationProvenance.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
