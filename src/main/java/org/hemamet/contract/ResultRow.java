package org.hemamet.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One row of {@code results.csv}: one cell (sequence x comparison x repeat) and its test-set metrics
 * with 95 % confidence limits ({@code <metric>}, {@code <metric>_lo}, {@code <metric>_hi}, see
 * {@link Metric} and {@link #metric}). The same fields open the cell's {@code result.json} ({@link
 * CellResult}). A field is null (written empty) when the cell does not have it: no hyper-parameters or
 * metrics when the cell was not trained, no calibration columns in runs of older versions.
 *
 * @param cellId        {@code <SEQ>__<comparison>__r<repeat>}
 * @param sequence      the sequence
 * @param comparison    the comparison
 * @param repeat        the repeat (or fold)
 * @param status        {@value #OK}, {@value #DIVERGED} or {@value #INSUFFICIENT_DATA}
 * @param message       "" when ok, else why not
 * @param nTrainNeg     training lesions, negative (after balancing)
 * @param nTrainPos     training lesions, positive
 * @param nTestNeg      test lesions, negative
 * @param nTestPos      test lesions, positive
 * @param nDropped      lesions dropped by balancing, in all (n_dropped_train + n_dropped_test)
 * @param nDroppedTrain training-part lesions the downsampling dropped (null in runs of older versions)
 * @param nDroppedTest  test-part lesions the downsampling dropped: 0 unless the study set balance_test
 * @param testBalanced  whether the test part was balanced (balance_test), null in runs of older versions
 * @param learningRate  the chosen trial's learning rate
 * @param batchSize     its batch size
 * @param epochs        its epochs
 * @param dropout       its dropout
 * @param threshold     the decision threshold on P(positive)
 * @param thresholdRule how the threshold was chosen
 * @param ciLevel       the level the metrics' CIs are at: {@value #CI_LESION} (every test patient has one
 *                      lesion: Wilson, Newcombe, stratified bootstrap) or {@value #CI_PATIENT} (some test patient
 *                      has several: design-effect Wilson and Newcombe, cluster bootstrap over patients); null when
 *                      not evaluated or in runs of older versions
 * @param nTestPatients patients in the test part (null when not evaluated or in runs of older versions)
 * @param trainSeconds  wall time of the cell (seconds, 2 decimals)
 * @param model         the model of the row: {@value #CNN} or a baseline ({@value #RADIOMICS_LR},
 *                      {@value #INTENSITY_RATIO}); absent
 *                      (runs of older versions) reads as {@value #CNN}
 * @param aucMethod     how the AUC's interval was made: {@code newcombe} (Newcombe's score interval, every test
 *                      patient has one lesion) or {@code newcombe-design-effect} (at the patients' design effect);
 *                      null when not evaluated or in runs of older versions, whose AUC intervals are DeLong's
 *                      ({@code lesion}) or Obuchowski's ({@code patient}): see {@link #aucIntervalMethod()}
 * @param calibratedPrevalence the prevalence the calibrated probabilities assume (calibrated_brier,
 *                      calibrated_slope, predictions.csv's calibrated column): the calibration moved by the prior
 *                      odds from the prevalence it was fitted at to the cell's training part before balancing, as the
 *                      test part keeps its natural prevalence (with balance_test: the fit prevalence, left as is);
 *                      null when not calibrated or in runs of older versions, whose calibrated probabilities assume
 *                      the fit prevalence (n_train_pos / (n_train_pos + n_train_neg) after downsampling)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ResultRow(
        String cellId,
        String sequence,
        String comparison,
        int repeat,
        String status,
        String message,
        Integer nTrainNeg,
        Integer nTrainPos,
        Integer nTestNeg,
        Integer nTestPos,
        Integer nDropped,
        Integer nDroppedTrain,
        Integer nDroppedTest,
        Boolean testBalanced,
        Double learningRate,
        Integer batchSize,
        Integer epochs,
        Double dropout,
        Double threshold,
        String thresholdRule,
        Double accuracy,
        Double accuracyLo,
        Double accuracyHi,
        Double sensitivity,
        Double sensitivityLo,
        Double sensitivityHi,
        Double specificity,
        Double specificityLo,
        Double specificityHi,
        Double auc,
        Double aucLo,
        Double aucHi,
        Double ppv,
        Double ppvLo,
        Double ppvHi,
        Double npv,
        Double npvLo,
        Double npvHi,
        Double f1,
        Double f1Lo,
        Double f1Hi,
        Double balancedAccuracy,
        Double balancedAccuracyLo,
        Double balancedAccuracyHi,
        Double mcc,
        Double mccLo,
        Double mccHi,
        Double brier,
        Double brierLo,
        Double brierHi,
        Double calibrationSlope,
        Double calibrationSlopeLo,
        Double calibrationSlopeHi,
        Double calibrationIntercept,
        Double calibrationInterceptLo,
        Double calibrationInterceptHi,
        Double calibratedBrier,
        Double calibratedBrierLo,
        Double calibratedBrierHi,
        Double calibratedSlope,
        Double calibratedSlopeLo,
        Double calibratedSlopeHi,
        String ciLevel,
        Integer nTestPatients,
        Double trainSeconds,
        String model,
        String aucMethod,
        Double calibratedPrevalence) {
    public static final String OK = "ok";
    public static final String CI_LESION = "lesion";
    public static final String CI_PATIENT = "patient";
    /** The model column of the CNN's rows. */
    public static final String CNN = "cnn";
    /** The model column of the radiomics + L2 logistic regression baseline's rows. */
    public static final String RADIOMICS_LR = "radiomics-lr";

    /** The one-feature lesion/reference signal-ratio baseline. */
    public static final String INTENSITY_RATIO = "intensity-ratio";

    public static final String DIVERGED = "diverged";
    public static final String INSUFFICIENT_DATA = "insufficient_data";

    /** An absent threshold rule or CI level is null, whether written as "" or left out. */
    public ResultRow {
        thresholdRule = thresholdRule == null || thresholdRule.isEmpty() ? null : thresholdRule;
        ciLevel = ciLevel == null || ciLevel.isEmpty() ? null : ciLevel;
        model = model == null || model.isEmpty() ? CNN : model;
        aucMethod = aucMethod == null || aucMethod.isEmpty() ? null : aucMethod;
    }

    /** {@link #aucMethod()} of rows whose AUC interval is Newcombe's score interval (independent lesions). */
    public static final String AUC_NEWCOMBE = "newcombe";

    /** {@link #aucMethod()} of rows whose AUC interval is Newcombe's at the patients' design effect. */
    public static final String AUC_NEWCOMBE_DESIGN_EFFECT = "newcombe-design-effect";

    /**
     * How this row's AUC interval was made: {@link #aucMethod()}, or for rows of older versions (which did not
     * record it) {@code delong} at the lesion level and {@code obuchowski} at the patient level; null when the
     * row has no AUC interval.
     */
    public String aucIntervalMethod() {
        if (aucMethod != null) {
            return aucMethod;
        }
        if (aucLo == null) {
            return null;
        }
        return CI_PATIENT.equals(ciLevel) ? "obuchowski" : "delong";
    }

    /** True for the CNN's rows (every reader of the CNN's results keeps only these). */
    public boolean fromCnn() {
        return CNN.equals(model);
    }

    /** The metrics of a row, in column order; {@link #column()} is the value's column. */
    public enum Metric {
        ACCURACY("accuracy"),
        SENSITIVITY("sensitivity"),
        SPECIFICITY("specificity"),
        AUC("auc"),
        PPV("ppv"),
        NPV("npv"),
        F1("f1"),
        BALANCED_ACCURACY("balanced_accuracy"),
        MCC("mcc"),
        BRIER("brier"),
        CALIBRATION_SLOPE("calibration_slope"),
        CALIBRATION_INTERCEPT("calibration_intercept"),
        CALIBRATED_BRIER("calibrated_brier"),
        CALIBRATED_SLOPE("calibrated_slope");

        private final String column;

        Metric(String column) {
            this.column = column;
        }

        /** The value's column; the limits are {@code column + "_lo"} and {@code column + "_hi"}. */
        public String column() {
            return column;
        }

        /** The metric of a column name ("auc"), or null. */
        public static Metric ofColumn(String column) {
            for (Metric m : values()) {
                if (m.column.equals(column)) {
                    return m;
                }
            }
            return null;
        }
    }

    /**
     * The cell's identity and partition sizes.
     *
     * @param cellId     the cell id
     * @param sequence   its sequence
     * @param comparison its comparison
     * @param repeat     its repeat (or fold)
     * @param nTrainNeg  training lesions, negative
     * @param nTrainPos  training lesions, positive
     * @param nTestNeg   test lesions, negative
     * @param nTestPos   test lesions, positive
     * @param nDropped   lesions dropped by balancing, in all
     * @param nDroppedTrain training-part lesions dropped
     * @param nDroppedTest  test-part lesions dropped (balance_test only)
     * @param testBalanced  whether the test part was balanced
     */
    public record Cell(
            String cellId,
            String sequence,
            String comparison,
            int repeat,
            int nTrainNeg,
            int nTrainPos,
            int nTestNeg,
            int nTestPos,
            int nDropped,
            int nDroppedTrain,
            int nDroppedTest,
            boolean testBalanced) {}

    /**
     * The chosen trial's hyper-parameters.
     *
     * @param learningRate learning rate
     * @param batchSize    batch size
     * @param epochs       epochs
     * @param dropout      dropout
     */
    public record Hyper(double learningRate, int batchSize, int epochs, double dropout) {}

    /**
     * Assembles a row.
     *
     * @param cell          identity and partition sizes
     * @param status        the status
     * @param message       "" or why not ok
     * @param hyper         the chosen hyper-parameters, or null (no search finished)
     * @param threshold     the threshold, or null (not evaluated)
     * @param thresholdRule the threshold rule, or null
     * @param metrics       the metrics present (others are null)
     * @param trainSeconds  the cell's wall time
     */
    public static ResultRow of(
            Cell cell,
            String status,
            String message,
            Hyper hyper,
            Double threshold,
            String thresholdRule,
            Map<Metric, Interval> metrics,
            double trainSeconds) {
        return of(cell, status, message, hyper, threshold, thresholdRule, metrics, trainSeconds, CNN);
    }

    /** As {@link #of(Cell, String, String, Hyper, Double, String, Map, double)} for the given model's row. */
    public static ResultRow of(
            Cell cell,
            String status,
            String message,
            Hyper hyper,
            Double threshold,
            String thresholdRule,
            Map<Metric, Interval> metrics,
            double trainSeconds,
            String model) {
        Head head = new Head(
                cell.cellId(),
                cell.sequence(),
                cell.comparison(),
                cell.repeat(),
                status,
                message,
                cell.nTrainNeg(),
                cell.nTrainPos(),
                cell.nTestNeg(),
                cell.nTestPos(),
                cell.nDropped(),
                cell.nDroppedTrain(),
                cell.nDroppedTest(),
                cell.testBalanced(),
                hyper == null ? null : hyper.learningRate(),
                hyper == null ? null : hyper.batchSize(),
                hyper == null ? null : hyper.epochs(),
                hyper == null ? null : hyper.dropout(),
                threshold,
                thresholdRule);
        return assemble(head, metrics, new Tail(null, null, trainSeconds, model, null, null));
    }

    /**
     * This row with the level of its CIs, the number of test patients and how its AUC interval was made (an
     * evaluated cell).
     */
    public ResultRow withCiLevel(String level, int testPatients, String aucIntervalMethod) {
        return copy(metrics(), level, testPatients, aucIntervalMethod, calibratedPrevalence);
    }

    /** This row recording the prevalence its calibrated probabilities assume (NaN or null: none). */
    public ResultRow withCalibratedPrevalence(Double prevalence) {
        return copy(
                metrics(),
                ciLevel,
                nTestPatients,
                aucMethod,
                prevalence == null || prevalence.isNaN() ? null : prevalence);
    }

    /**
     * This row with the metrics of {@code metrics} (absent ones empty) and everything else as it is: a cell
     * evaluated again from its own predictions.
     */
    public ResultRow withMetrics(Map<Metric, Interval> metrics) {
        return copy(metrics, ciLevel, nTestPatients, aucMethod, calibratedPrevalence);
    }

    /** Every metric of this row, by metric. */
    private Map<Metric, Interval> metrics() {
        Map<Metric, Interval> m = new EnumMap<>(Metric.class);
        for (Metric x : Metric.values()) {
            m.put(x, metric(x));
        }
        return m;
    }

    /** This row with other metrics (absent ones empty), CI level, test patients and AUC interval method. */
    private ResultRow copy(
            Map<Metric, Interval> metrics,
            String level,
            Integer testPatients,
            String aucIntervalMethod,
            Double calibrated) {
        Head head = new Head(
                cellId,
                sequence,
                comparison,
                repeat,
                status,
                message,
                nTrainNeg,
                nTrainPos,
                nTestNeg,
                nTestPos,
                nDropped,
                nDroppedTrain,
                nDroppedTest,
                testBalanced,
                learningRate,
                batchSize,
                epochs,
                dropout,
                threshold,
                thresholdRule);
        return assemble(
                head, metrics, new Tail(level, testPatients, trainSeconds, model, aucIntervalMethod, calibrated));
    }

    /** The columns before the metrics: the cell, its outcome, the chosen trial and the threshold. */
    private record Head(
            String cellId,
            String sequence,
            String comparison,
            int repeat,
            String status,
            String message,
            Integer nTrainNeg,
            Integer nTrainPos,
            Integer nTestNeg,
            Integer nTestPos,
            Integer nDropped,
            Integer nDroppedTrain,
            Integer nDroppedTest,
            Boolean testBalanced,
            Double learningRate,
            Integer batchSize,
            Integer epochs,
            Double dropout,
            Double threshold,
            String thresholdRule) {}

    /** The columns after the metrics. */
    private record Tail(
            String ciLevel,
            Integer nTestPatients,
            Double trainSeconds,
            String model,
            String aucMethod,
            Double calibratedPrevalence) {}

    /** The row of {@code head}, the metrics of {@code metrics} (absent ones empty) and {@code tail}. */
    private static ResultRow assemble(Head h, Map<Metric, Interval> metrics, Tail t) {
        Map<Metric, Interval> m = new EnumMap<>(Metric.class);
        for (Metric x : Metric.values()) {
            m.put(x, metrics.getOrDefault(x, Interval.NONE));
        }
        return new ResultRow(
                h.cellId(),
                h.sequence(),
                h.comparison(),
                h.repeat(),
                h.status(),
                h.message(),
                h.nTrainNeg(),
                h.nTrainPos(),
                h.nTestNeg(),
                h.nTestPos(),
                h.nDropped(),
                h.nDroppedTrain(),
                h.nDroppedTest(),
                h.testBalanced(),
                h.learningRate(),
                h.batchSize(),
                h.epochs(),
                h.dropout(),
                h.threshold(),
                h.thresholdRule(),
                m.get(Metric.ACCURACY).value(),
                m.get(Metric.ACCURACY).lo(),
                m.get(Metric.ACCURACY).hi(),
                m.get(Metric.SENSITIVITY).value(),
                m.get(Metric.SENSITIVITY).lo(),
                m.get(Metric.SENSITIVITY).hi(),
                m.get(Metric.SPECIFICITY).value(),
                m.get(Metric.SPECIFICITY).lo(),
                m.get(Metric.SPECIFICITY).hi(),
                m.get(Metric.AUC).value(),
                m.get(Metric.AUC).lo(),
                m.get(Metric.AUC).hi(),
                m.get(Metric.PPV).value(),
                m.get(Metric.PPV).lo(),
                m.get(Metric.PPV).hi(),
                m.get(Metric.NPV).value(),
                m.get(Metric.NPV).lo(),
                m.get(Metric.NPV).hi(),
                m.get(Metric.F1).value(),
                m.get(Metric.F1).lo(),
                m.get(Metric.F1).hi(),
                m.get(Metric.BALANCED_ACCURACY).value(),
                m.get(Metric.BALANCED_ACCURACY).lo(),
                m.get(Metric.BALANCED_ACCURACY).hi(),
                m.get(Metric.MCC).value(),
                m.get(Metric.MCC).lo(),
                m.get(Metric.MCC).hi(),
                m.get(Metric.BRIER).value(),
                m.get(Metric.BRIER).lo(),
                m.get(Metric.BRIER).hi(),
                m.get(Metric.CALIBRATION_SLOPE).value(),
                m.get(Metric.CALIBRATION_SLOPE).lo(),
                m.get(Metric.CALIBRATION_SLOPE).hi(),
                m.get(Metric.CALIBRATION_INTERCEPT).value(),
                m.get(Metric.CALIBRATION_INTERCEPT).lo(),
                m.get(Metric.CALIBRATION_INTERCEPT).hi(),
                m.get(Metric.CALIBRATED_BRIER).value(),
                m.get(Metric.CALIBRATED_BRIER).lo(),
                m.get(Metric.CALIBRATED_BRIER).hi(),
                m.get(Metric.CALIBRATED_SLOPE).value(),
                m.get(Metric.CALIBRATED_SLOPE).lo(),
                m.get(Metric.CALIBRATED_SLOPE).hi(),
                t.ciLevel(),
                t.nTestPatients(),
                t.trainSeconds(),
                t.model(),
                t.aucMethod(),
                t.calibratedPrevalence());
    }

    /** A metric's value and limits. */
    public Interval metric(Metric metric) {
        return switch (metric) {
            case ACCURACY -> new Interval(accuracy, accuracyLo, accuracyHi);
            case SENSITIVITY -> new Interval(sensitivity, sensitivityLo, sensitivityHi);
            case SPECIFICITY -> new Interval(specificity, specificityLo, specificityHi);
            case AUC -> new Interval(auc, aucLo, aucHi);
            case PPV -> new Interval(ppv, ppvLo, ppvHi);
            case NPV -> new Interval(npv, npvLo, npvHi);
            case F1 -> new Interval(f1, f1Lo, f1Hi);
            case BALANCED_ACCURACY -> new Interval(balancedAccuracy, balancedAccuracyLo, balancedAccuracyHi);
            case MCC -> new Interval(mcc, mccLo, mccHi);
            case BRIER -> new Interval(brier, brierLo, brierHi);
            case CALIBRATION_SLOPE -> new Interval(calibrationSlope, calibrationSlopeLo, calibrationSlopeHi);
            case CALIBRATION_INTERCEPT ->
                new Interval(calibrationIntercept, calibrationInterceptLo, calibrationInterceptHi);
            case CALIBRATED_BRIER -> new Interval(calibratedBrier, calibratedBrierLo, calibratedBrierHi);
            case CALIBRATED_SLOPE -> new Interval(calibratedSlope, calibratedSlopeLo, calibratedSlopeHi);
        };
    }

    /** Whether the cell was trained and evaluated. */
    public boolean ok() {
        return OK.equals(status);
    }

    /**
     * A paragraph under the table naming the cells whose AUC interval has zero width (every test pair ranked
     * right or every one wrong: DeLong's and Obuchowski's variance estimates, which runs of older versions used,
     * are then 0, as in pROC; Newcombe's interval never has zero width), so that nobody reads (1.000-1.000) as
     * certainty; empty when there are none.
     */
    public static String zeroWidthAucNote(List<ResultRow> rows) {
        List<String> cells = rows.stream()
                .filter(ResultRow::zeroWidthAuc)
                .map(r -> r.sequence() + " " + r.comparison() + (r.repeat() > 0 ? " r" + r.repeat() : ""))
                .toList();
        if (cells.isEmpty()) {
            return "";
        }
        return String.format(
                Locale.ROOT,
                "%nAUC intervals of zero width (%d %s: %s): every test pair of a hemangioma and a metastasis was ranked"
                        + " the same way, and the DeLong and Obuchowski variance estimates these cells' version used are"
                        + " then 0. Such an interval understates the uncertainty; read it as \"no test pair ranked"
                        + " wrongly\", not as certainty (this version's Newcombe interval keeps its width).%n",
                cells.size(),
                cells.size() == 1 ? "cell" : "cells",
                String.join(", ", cells));
    }

    /**
     * In words, how the AUC intervals of the rows at CI level {@code ciLevel} ({@value #CI_LESION} or {@value
     * #CI_PATIENT}) were made, by what the rows record ({@link #aucIntervalMethod()}): Newcombe's score interval
     * (at the patients' design effect), or in runs of older versions DeLong's (Obuchowski's); both when a run
     * mixes them.
     */
    public static String aucIntervalWords(List<ResultRow> rows, String ciLevel) {
        boolean patient = CI_PATIENT.equals(ciLevel);
        List<String> methods = rows.stream()
                .filter(r -> patient == CI_PATIENT.equals(r.ciLevel()))
                .map(ResultRow::aucIntervalMethod)
                .filter(java.util.Objects::nonNull)
                .distinct()
                .toList();
        String current = patient
                ? "Newcombe's score interval at the patients' design effect (Newcombe 2006; Obuchowski's clustered"
                        + " variance over DeLong's)"
                : "Newcombe's score interval (Newcombe 2006)";
        String older = patient ? "Obuchowski's clustered interval (1997)" : "DeLong's interval (1988)";
        boolean anyCurrent = methods.stream().anyMatch(m -> m.startsWith(AUC_NEWCOMBE));
        boolean anyOlder = methods.stream().anyMatch(m -> !m.startsWith(AUC_NEWCOMBE));
        if (anyCurrent && anyOlder) {
            return current + " (" + older + " in the cells of an older version)";
        }
        return anyOlder ? older : current;
    }

    /**
     * Whether this row's calibrated probabilities were moved from the prevalence the calibration was fitted at to
     * the training part's before balancing ({@link #calibratedPrevalence} recorded, test part not balanced).
     */
    public boolean calibratedAtDevelopmentPrevalence() {
        return calibratedPrevalence != null && !Boolean.TRUE.equals(testBalanced);
    }

    /**
     * In words, which prevalence the calibrated probabilities of the calibrated rows assume, by what they record:
     * the training part's before balancing (the prior-odds move of runs of this version), the fit set's (runs of
     * older versions, and a balanced test part), or both when a run mixes them; "" when no row is calibrated.
     */
    public static String calibratedPrevalenceWords(List<ResultRow> rows) {
        List<ResultRow> calibrated = rows.stream()
                .filter(r -> r.calibratedBrier() != null && !r.calibratedBrier().isNaN())
                .toList();
        long moved = calibrated.stream()
                .filter(ResultRow::calibratedAtDevelopmentPrevalence)
                .count();
        String atDevelopment = "then moved by the prior odds from the prevalence the calibration was fitted at (the"
                + " balanced training set's) to the training part's before balancing, which the stratified split gives"
                + " the test part (Saerens et al. 2002; Dal Pozzolo et al. 2015; results.csv calibrated_prevalence)";
        String atFit = "at the prevalence the calibration was fitted at (the balanced training set's)";
        if (calibrated.isEmpty()) {
            return "";
        }
        if (moved == calibrated.size()) {
            return atDevelopment;
        }
        return moved == 0
                ? atFit
                : atDevelopment + "; in " + (calibrated.size() - moved) + " of " + calibrated.size() + " models "
                        + atFit.replace("at the prevalence", "left at the prevalence")
                        + " (cells of an older version, or a balanced test part)";
    }

    /** Whether the AUC interval is a single point (both limits equal). */
    public boolean zeroWidthAuc() {
        return auc != null
                && aucLo != null
                && aucHi != null
                && !auc.isNaN()
                && aucLo.doubleValue() == aucHi.doubleValue();
    }
}
