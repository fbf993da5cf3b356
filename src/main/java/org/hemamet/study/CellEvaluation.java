package org.hemamet.study;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.contract.Calibration;
import org.hemamet.contract.CalibrationFitRow;
import org.hemamet.contract.CellResult;
import org.hemamet.contract.Interval;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.ResultRow.Metric;
import org.hemamet.metrics.BinaryEvaluation;
import org.hemamet.metrics.ClusteredAuc;
import org.hemamet.metrics.Estimate;
import org.hemamet.metrics.LogisticCalibration;
import org.hemamet.metrics.ThresholdRule;

/**
 * The final model's evaluation on a cell's test part (pure: scores in, records out): metrics with 95 %
 * intervals at the fixed threshold 0.5 (at the patient level when a test patient has several lesions:
 * {@link BinaryEvaluation#evaluate(int[], double[], String[], ThresholdRule, long, int, double)}), the confusion
 * matrix and ROC curve, and the calibration ({@link #METHOD}) fitted as {@link CalibrationFit} says (never on the test set)
 * with its test-set Brier score and Cox slope and intercept; one prediction row per test lesion.
 *
 * @param threshold     the decision threshold on P(positive)
 * @param thresholdRule how it was chosen
 * @param metrics       results.csv's metrics
 * @param confusion     the confusion matrix at the threshold
 * @param roc           the ROC curve
 * @param calibration   the calibration record
 * @param predictions   predictions.csv rows, in test-part order
 * @param ciLevel       {@code lesion} when every test patient has one lesion (Wilson, Newcombe, stratified
 *                      bootstrap), {@code patient} when some has several (design-effect Wilson and Newcombe, cluster
 *                      bootstrap)
 * @param testPatients  the number of patients in the test part
 * @param aucMethod     how the AUC's interval was made ({@link Estimate#method()})
 * @param calibrationFit calibration_fit.csv's rows ({@link CalibrationFit#rows()})
 * @param calibratedPrevalence the prevalence the calibrated probabilities assume (results.csv
 *                      calibrated_prevalence)
 */
record CellEvaluation(
        double threshold,
        String thresholdRule,
        Map<Metric, Interval> metrics,
        CellResult.Confusion confusion,
        CellResult.RocPoints roc,
        Calibration calibration,
        List<PredictionRow> predictions,
        String ciLevel,
        int testPatients,
        String aucMethod,
        List<CalibrationFitRow> calibrationFit,
        double calibratedPrevalence) {

    /**
     * Evaluates test scores.
     *
     * @param cell             the cell
     * @param test             the test part's lesions
     * @param labels           their labels
     * @param scores           the final model's P(positive) of each
     * @param fit              what the calibration is fitted on
     * @param targetPrevalence the prevalence the calibrated probabilities are moved to from the fit set's (the
     *                         training part's before balancing, {@link DevelopmentPrevalences#evaluationTarget}); NaN:
     *                         left at the fit set's
     * @param bootstrapSeed    seed of the bootstrap intervals
     * @param bootstrap        bootstrap resamples
     */
    static CellEvaluation of(
            CellId cell,
            List<CellPartition.Case> test,
            int[] labels,
            double[] scores,
            CalibrationFit fit,
            double targetPrevalence,
            long bootstrapSeed,
            int bootstrap) {
        String[] patients = patientKeys(test);
        BinaryEvaluation ev = BinaryEvaluation.evaluate(
                labels, scores, patients, new ThresholdRule.Fixed(0.5), bootstrapSeed, bootstrap, 0.95);
        Map<Metric, Interval> metrics = metrics(ev);
        LogisticCalibration recal = fit(METHOD, fit.labels(), fit.scores());
        double fitPrevalence = recal.positives() / (double) recal.n();
        double at = targetPrevalence > 0 && targetPrevalence < 1 && fitPrevalence > 0 && fitPrevalence < 1
                ? targetPrevalence
                : fitPrevalence;
        LogisticCalibration applied = at == fitPrevalence ? recal : recal.atPrevalence(fitPrevalence, at);
        double[] calibrated = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            calibrated[i] = applied.apply(scores[i]);
        }
        LogisticCalibration coxRaw = LogisticCalibration.cox(labels, scores);
        LogisticCalibration coxCal = LogisticCalibration.cox(labels, calibrated);
        Estimate brierCal =
                BinaryEvaluation.brierEstimate(labels, calibrated, patients, bootstrapSeed, bootstrap, ev.level());
        metrics.put(Metric.CALIBRATION_SLOPE, interval(coxRaw.slopeEstimate()));
        metrics.put(Metric.CALIBRATION_INTERCEPT, interval(coxRaw.interceptEstimate()));
        metrics.put(Metric.CALIBRATED_BRIER, interval(brierCal));
        metrics.put(Metric.CALIBRATED_SLOPE, interval(coxCal.slopeEstimate()));
        return new CellEvaluation(
                ev.threshold(),
                ev.rule().describe(),
                metrics,
                new CellResult.Confusion(
                        ev.counts().tp(),
                        ev.counts().fp(),
                        ev.counts().tn(),
                        ev.counts().fn()),
                new CellResult.RocPoints(
                        ev.roc().fpr(), ev.roc().tpr(), sanitize(ev.roc().thresholds())),
                calibration(fit.folds(), recal, coxRaw, coxCal, ev.brier().value(), brierCal.value()),
                predictions(cell, test, scores, calibrated, ev.threshold()),
                ev.ciLevel(),
                ClusteredAuc.clusterCount(patients),
                ev.auc().method(),
                fit.rows(),
                at);
    }

    /**
     * The calibration method of new runs: temperature scaling (Guo et al., ICML 2017; {@link
     * LogisticCalibration#temperature}). Chosen over Platt scaling, Platt with a prior towards the identity,
     * Firth-penalised Platt, beta and isotonic calibration by comparing them on the same out-of-fold and test
     * scores of a demo-sized study (scripts/calibration/compare_methods.py; README, "Calibration"): with
     * one parameter it shrinks the final model's probabilities least wrongly when the out-of-fold models'
     * scores (trained on (k-1)/k of the training part) are more over-confident than the final model's, and
     * it cannot be pulled by Platt's smoothed targets when the scores are saturated.
     */
    static final String METHOD = Calibration.TEMPERATURE;

    /** Fits {@code method} ({@link Calibration#PLATT} or {@link Calibration#TEMPERATURE}). */
    static LogisticCalibration fit(String method, int[] labels, double[] scores) {
        return Calibration.TEMPERATURE.equals(method)
                ? LogisticCalibration.temperature(labels, scores)
                : LogisticCalibration.platt(labels, scores);
    }

    /** The patient key of each test lesion: the clusters of the patient-level intervals. */
    static String[] patientKeys(List<CellPartition.Case> test) {
        return test.stream().map(c -> c.sample().patientKey()).toArray(String[]::new);
    }

    /** The results.csv metrics of an evaluation (also the fused cells'). */
    static Map<Metric, Interval> metrics(BinaryEvaluation ev) {
        Map<Metric, Interval> m = new EnumMap<>(Metric.class);
        m.put(Metric.ACCURACY, interval(ev.accuracy()));
        m.put(Metric.SENSITIVITY, interval(ev.sensitivity()));
        m.put(Metric.SPECIFICITY, interval(ev.specificity()));
        m.put(Metric.AUC, interval(ev.auc()));
        m.put(Metric.PPV, interval(ev.ppv()));
        m.put(Metric.NPV, interval(ev.npv()));
        m.put(Metric.F1, interval(ev.f1()));
        m.put(Metric.BALANCED_ACCURACY, interval(ev.balancedAccuracy()));
        m.put(Metric.MCC, interval(ev.mcc()));
        m.put(Metric.BRIER, interval(ev.brier()));
        return m;
    }

    /**
     * Adds the calibration metrics of a model's test predictions to {@code metrics}: Cox's calibration slope and
     * intercept of the scores (Cox 1958, Biometrika 45:562-565; Wald 95 % CIs), and, when {@code calibrated} is
     * given, the Brier score of the calibrated probabilities (CI by the patient-level bootstrap, {@link
     * BinaryEvaluation#brierEstimate}) and their Cox slope; without it those two stay absent (empty in results.csv).
     */
    static void putCalibrationMetrics(
            Map<Metric, Interval> metrics,
            int[] labels,
            double[] scores,
            double[] calibrated,
            String[] patients,
            long bootstrapSeed,
            int bootstrap,
            double level) {
        LogisticCalibration coxRaw = LogisticCalibration.cox(labels, scores);
        metrics.put(Metric.CALIBRATION_SLOPE, interval(coxRaw.slopeEstimate()));
        metrics.put(Metric.CALIBRATION_INTERCEPT, interval(coxRaw.interceptEstimate()));
        if (calibrated != null) {
            Estimate brier =
                    BinaryEvaluation.brierEstimate(labels, calibrated, patients, bootstrapSeed, bootstrap, level);
            metrics.put(Metric.CALIBRATED_BRIER, interval(brier));
            metrics.put(
                    Metric.CALIBRATED_SLOPE,
                    interval(LogisticCalibration.cox(labels, calibrated).slopeEstimate()));
        }
    }

    static Interval interval(Estimate e) {
        return new Interval(e.value(), e.lower(), e.upper());
    }

    /**
     * The calibration record (result.json and bundle {@code calibration}): {@link #METHOD} fitted on the
     * training part's out-of-fold scores ({@code folds} >= 2) or the chosen search trial's scores of the
     * inner validation split ({@code folds} = 0), never the test set, and how it does on the test set
     * (Brier score, Cox slope and intercept, raw and calibrated).
     */
    static Calibration calibration(
            int folds,
            LogisticCalibration fit,
            LogisticCalibration coxRaw,
            LogisticCalibration coxCal,
            double brierRaw,
            double brierCalibrated) {
        Calibration.TestSet test = new Calibration.TestSet(
                brierRaw,
                brierCalibrated,
                coxRaw.slope(),
                coxRaw.intercept(),
                coxCal.slope(),
                coxCal.intercept(),
                coxRaw.note());
        return folds >= 2
                ? Calibration.crossFitted(METHOD, fit.slope(), fit.intercept(), folds, fit.n(), fit.positives(), test)
                : Calibration.onValidation(METHOD, fit.slope(), fit.intercept(), fit.n(), fit.positives(), test);
    }

    private static List<PredictionRow> predictions(
            CellId cell, List<CellPartition.Case> test, double[] scores, double[] calibrated, double threshold) {
        List<PredictionRow> rows = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            DatasetSample s = test.get(i).sample();
            rows.add(new PredictionRow(
                    cell.id(),
                    cell.sequenceName(),
                    cell.comparison().name(),
                    cell.repeat(),
                    test.get(i).sampleId(),
                    s.patientKey(),
                    s.lesionId(),
                    s.diagnosis().id(),
                    test.get(i).label(),
                    scores[i],
                    scores[i] >= threshold ? 1 : 0,
                    test.get(i).cropPath(),
                    calibrated[i],
                    cell.isFused() ? EarlyFusion.NAME_MODEL : ResultRow.CNN));
        }
        return rows;
    }

    /** ROC thresholds for JSON: +-infinity as +-{@link Double#MAX_VALUE}. */
    private static double[] sanitize(double[] thresholds) {
        double[] t = thresholds.clone();
        for (int i = 0; i < t.length; i++) {
            if (Double.isInfinite(t[i])) {
                t[i] = t[i] > 0 ? Double.MAX_VALUE : -Double.MAX_VALUE;
            }
        }
        return t;
    }
}
