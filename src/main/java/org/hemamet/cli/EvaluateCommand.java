package org.hemamet.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.HemametException;
import org.hemamet.core.Json;
import org.hemamet.metrics.Bootstrap;
import org.hemamet.metrics.PredictionsDecisionCurves;
import org.hemamet.metrics.PredictionsEvaluation;
import org.hemamet.metrics.PredictionsTable;
import org.hemamet.metrics.ThresholdRule;
import org.hemamet.provenance.DecisionCurveFiles;
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
            description =
                    "Threshold rule: a number, youden, or sensitivity:X (default: ${DEFAULT-VALUE}, for scores that"
                            + " are P(positive); scores on another scale, a reader's 1-5 rating say, need it given).")
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

    @Option(
            names = "--decision-curve",
            paramLabel = "FILE.csv",
            description = "Also write decision curves (net benefit, Vickers & Elkin, Med Decis Making 2006) to"
                    + " FILE.csv, atomically: per model (the --group-by groups, or 'all') and threshold t = 0.01,"
                    + " 0.02, ..., 0.99, the net benefit TP/N - FP/N * t/(1 - t) of calling positive every case"
                    + " with score >= t, its pointwise 95%% CI (percentile bootstrap over whole patients of the"
                    + " --cluster-by column, else over cases; --seed, --resamples), treat-all, and the difference"
                    + " from treat-all with its CI (columns model,threshold,net_benefit,net_benefit_lo,"
                    + "net_benefit_hi,treat_all,versus_all,versus_all_lo,versus_all_hi,prevalence,n,n_clusters,"
                    + "resamples), and beside it FILE.provenance.json (the files' hashes, the columns, seed and"
                    + " resamples, versions); the output shows each model at 10, 20 and 30 %%. Scores must be P(positive) in"
                    + " [0, 1] (else exit 2); a model with one class only gets no rows and a note.")
    Path decisionCurve;

    @Override
    public Integer call() throws Exception {
        java.time.Instant started = java.time.Instant.now();
        ThresholdRule rule;
        try {
            rule = ThresholdRule.parse(threshold);
        } catch (IllegalArgumentException e) {
            throw HemametException.invalidInput("--threshold: " + e.getMessage());
        }
        if (resamples < 0) {
            throw HemametException.invalidInput("--resamples: must be >= 0, got " + resamples);
        }
        if (decisionCurve != null) {
            if (Files.exists(decisionCurve)
                    && Files.exists(predictions)
                    && Files.isSameFile(decisionCurve, predictions)) {
                throw HemametException.invalidInput(
                        "--decision-curve: " + decisionCurve + " is the predictions file; name another file");
            }
            AtomicFiles.checkWritableFile(decisionCurve);
        }
        PredictionsTable table = PredictionsTable.read(predictions, positive, groupBy, clusterBy);
        PredictionsDecisionCurves curves =
                decisionCurve == null ? null : PredictionsDecisionCurves.of(table, decisionCurve, seed, resamples);
        boolean stated = spec.commandLine().getParseResult().hasMatchedOption("--threshold");
        PredictionsEvaluation result = PredictionsEvaluation.of(table, rule, stated, seed, resamples);
        if (curves != null) {
            DecisionCurveFiles.write(decisionCurve, curves.rows(), table, seed, resamples, started);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.mapper().writeValueAsString(result.toJsonTree(curves)));
        } else {
            out.print(result.toText(curves));
        }
        out.flush();
        return HemametException.OK;
    }
}
