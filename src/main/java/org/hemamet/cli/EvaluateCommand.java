package org.hemamet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hemamet.core.HemametException;
import org.hemamet.core.Json;
import org.hemamet.metrics.Bootstrap;
import org.hemamet.metrics.PredictionsEvaluation;
import org.hemamet.metrics.PredictionsTable;
import org.hemamet.metrics.ThresholdRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hemamet evaluate}: metrics with 95%% CIs and DeLong comparisons for any model's predictions
 * ({@code label,score} CSV). A file with only one class is evaluated (exit 0): the metrics that need both
 * classes print NaN with the reason.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {
            "Diagnostic-accuracy metrics with 95%% CIs (Wilson, Newcombe and DeLong, stratified bootstrap) and"
                    + " DeLong comparisons, for any model's predictions: a CSV with columns label,score"
                    + " (optional model/group column to compare models; case/case_id/sample_id/id column to pair them;"
                    + " patient column for patient-level CIs)."
        })
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(
            names = "--predictions",
            required = true,
            paramLabel = "FILE.csv",
            description = "CSV with a header and columns label,score (score = P(positive)).")
    Path predictions;

    @Option(
            names = "--positive",
            paramLabel = "LABEL",
            description = "Label text of the positive class (default: labels are 0/1, 1 positive).")
    String positive;

    @Option(
            names = "--group-by",
            paramLabel = "COLUMN",
            description = "Column naming the model of each row (default: 'model', else 'group', if present).")
    String groupBy;

    @Option(
            names = "--cluster-by",
            paramLabel = "COLUMN",
            description = "Column naming each case's patient: intervals and paired tests are then at the patient"
                    + " level where a patient has several cases (default: 'patient', 'patient_id' or 'patient_key', if"
                    + " present; 'none' treats cases as independent).")
    String clusterBy;

    @Option(
            names = "--threshold",
            paramLabel = "RULE",
            defaultValue = "0.5",
            description = "Threshold rule: a number, youden, or sensitivity:X (default: ${DEFAULT-VALUE}).")
    String threshold;

    @Option(names = "--seed", defaultValue = "42", description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--resamples",
            defaultValue = "" + Bootstrap.DEFAULT_RESAMPLES,
            description = "Bootstrap resamples (default: ${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--json", description = "Print JSON (full precision) instead of the table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ThresholdRule rule;
        try {
            rule = ThresholdRule.parse(threshold);
        } catch (IllegalArgumentException e) {
            throw HemametException.invalidInput("--threshold: " + e.getMessage());
        }
        if (resamples < 0) {
            throw HemametException.invalidInput("--resamples: must be >= 0, got " + resamples);
        }
        PredictionsTable table = PredictionsTable.read(predictions, positive, groupBy, clusterBy);
        PredictionsEvaluation result = PredictionsEvaluation.of(table, rule, seed, resamples);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.mapper().writeValueAsString(result.toJsonTree()));
        } else {
            out.print(result.toText());
        }
        out.flush();
        return HemametException.OK;
    }
}
