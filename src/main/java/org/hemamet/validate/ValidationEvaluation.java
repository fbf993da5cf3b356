package org.hemamet.validate;

import java.util.ArrayList;
import java.util.List;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.contract.Interval;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.ValidationRow;
import org.hemamet.metrics.BinaryEvaluation;
import org.hemamet.metrics.ClusteredAuc;
import org.hemamet.metrics.Estimate;
import org.hemamet.metrics.LogisticCalibration;
import org.hemamet.metrics.RocCurve;
import org.hemamet.metrics.ThresholdRule;
import org.hemamet.predict.BundleInfo;

/**
 * One development model's scores on the external lesions, evaluated (pure: scores in, records out): the
 * metrics at the bundle's threshold with 95 % intervals clustered by patient when some patient has several
 * lesions ({@link BinaryEvaluation#evaluate(int[], double[], String[], ThresholdRule, long, int, double)}:
 * Newcombe's AUC interval and Wilson's intervals for the proportions at the patients' design effect, {@link
 * org.hemamet.metrics.NewcombeAuc} and {@link org.hemamet.metrics.ClusteredWilson}, and the patient cluster
 * bootstrap otherwise, Field
 * and Welsh, JRSS B 69 (2007) 369-390), the Brier score and Cox's calibration slope and intercept (Biometrika 45
 * (1958) 562-565) of the raw probabilities and of the bundle's calibrated ones (its own method). Nothing is fitted on
 * the external set.
 *
 * @param row         the validation.csv row
 * @param predictions one prediction row per external lesion
 * @param roc         the ROC curve (null when one class is missing)
 * @param calibrationPrevalence the prevalence the calibrated probabilities assume: where {@code predict} moves them
 *                    unless told another, the development cohort's before class balancing where the bundle records
 *                    it, else its calibration's fit prevalence ({@link BundleInfo.Calibration#defaultPrevalence});
 *                    NaN when the model has no calibration
 */
public record ValidationEvaluation(
        ValidationRow row, List<PredictionRow> predictions, RocCurve roc, double calibrationPrevalence) {

    private ValidationEvaluation(ValidationRow row, List<PredictionRow> predictions, RocCurve roc, Model model) {
        this(row, predictions, roc, calibrationPrevalence(model));
    }

    /** validation.csv's calibrated_prevalence: null without calibration. */
    private static Double calibratedPrevalenceColumn(Model model) {
        return model.calibration() == null ? null : calibrationPrevalence(model);
    }

    /** {@link #calibrationPrevalence} of a model's calibration. */
    private static double calibrationPrevalence(Model model) {
        return model.calibration() == null ? Double.NaN : model.calibration().defaultPrevalence();
    }

    /**
     * A model and what the development study recorded about it.
     *
     * @param cellId         the development cell
     * @param sequence       its sequence
     * @param comparison     its comparison
     * @param repeat         its repeat
     * @param threshold      the bundle's threshold
     * @param thresholdRule  how the development study chose it
     * @param calibration    the bundle's calibration, or null
     * @param internalAuc    the development study's test-set AUC (Interval.NONE when not recorded)
     * @param paramsSha256   SHA-256 of the bundle's parameters (a late-fused model: its members' joined by '+')
     * @param modelName      the prediction rows' model column: {@code cnn}, or {@code fusion-early} /
     *                       {@code fusion-late} for an early- / late-fused model (one row per lesion)
     */
    public record Model(
            String cellId,
            String sequence,
            String comparison,
            int repeat,
            double threshold,
            String thresholdRule,
            BundleInfo.Calibration calibration,
            Interval internalAuc,
            String paramsSha256,
            String modelName) {
        /** A per-sequence CNN. */
        public Model(
                String cellId,
                String sequence,
                String comparison,
                int repeat,
                double threshold,
                String thresholdRule,
                BundleInfo.Calibration calibration,
                Interval internalAuc,
                String paramsSha256) {
            this(
                    cellId,
                    sequence,
                    comparison,
                    repeat,
                    threshold,
                    thresholdRule,
                    calibration,
                    internalAuc,
                    paramsSha256,
                    ResultRow.CNN);
        }
    }

    /**
     * Evaluates one model.
     *
     * @param model     the model
     * @param lesions   the external lesions of its sequence and comparison
     * @param labels    their labels (1 = the comparison's positive class)
     * @param scores    the model's P(positive) of each
     * @param seed      seed of the bootstrap intervals
     * @param bootstrap bootstrap resamples
     */
    public static ValidationEvaluation of(
            Model model, List<DatasetSample> lesions, int[] labels, double[] scores, long seed, int bootstrap) {
        String[] patients = lesions.stream().map(DatasetSample::patientKey).toArray(String[]::new);
        double[] calibrated = calibrated(model, scores);
        List<PredictionRow> predictions = predictions(model, lesions, labels, scores, calibrated);
        int pos = 0;
        for (int l : labels) {
            pos += l;
        }
        int neg = labels.length - pos;
        int nPatients = ClusteredAuc.clusterCount(patients);
        String source = "development bundle (" + model.thresholdRule() + ")";
        if (pos == 0 || neg == 0) {
            String why = "the external dataset has " + pos + " positive and " + neg + " negative lesions of "
                    + model.sequence() + " for " + model.comparison();
            ValidationRow row = new ValidationRow(
                    model.cellId(),
                    model.sequence(),
                    model.comparison(),
                    model.repeat(),
                    ValidationRow.NO_DATA,
                    why,
                    neg,
                    pos,
                    nPatients,
                    null,
                    model.threshold(),
                    source,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    model.internalAuc().value(),
                    model.internalAuc().lo(),
                    model.internalAuc().hi(),
                    model.paramsSha256(),
                    calibratedPrevalenceColumn(model));
            return new ValidationEvaluation(row, predictions, null, model);
        }
        BinaryEvaluation ev = BinaryEvaluation.evaluate(
                labels, scores, patients, new ThresholdRule.Fixed(model.threshold()), seed, bootstrap, 0.95);
        Estimate brierCal = model.calibration() == null
                ? Estimate.undefined(Estimate.NONE, 0.95, "the bundle has no calibration")
                : BinaryEvaluation.brierEstimate(labels, calibrated, patients, seed, bootstrap, ev.level());
        LogisticCalibration coxRaw = LogisticCalibration.cox(labels, scores);
        LogisticCalibration coxCal = model.calibration() == null ? null : LogisticCalibration.cox(labels, calibrated);
        ValidationRow row = new ValidationRow(
                model.cellId(),
                model.sequence(),
                model.comparison(),
                model.repeat(),
                ValidationRow.OK,
                "",
                neg,
                pos,
                nPatients,
                ev.ciLevel(),
                model.threshold(),
                source,
                ev.auc().value(),
                ev.auc().lower(),
                ev.auc().upper(),
                ev.sensitivity().value(),
                ev.sensitivity().lower(),
                ev.sensitivity().upper(),
                ev.specificity().value(),
                ev.specificity().lower(),
                ev.specificity().upper(),
                ev.accuracy().value(),
                ev.accuracy().lower(),
                ev.accuracy().upper(),
                ev.brier().value(),
                ev.brier().lower(),
                ev.brier().upper(),
                brierCal.value(),
                brierCal.lower(),
                brierCal.upper(),
                coxRaw.slope(),
                coxRaw.intercept(),
                coxCal == null ? Double.NaN : coxCal.slope(),
                coxCal == null ? Double.NaN : coxCal.intercept(),
                model.internalAuc().value(),
                model.internalAuc().lo(),
                model.internalAuc().hi(),
                model.paramsSha256(),
                calibratedPrevalenceColumn(model));
        return new ValidationEvaluation(row, predictions, ev.roc(), model);
    }

    /**
     * The bundle's calibration, as {@code predict} applies it without --prevalence ({@link #calibrationPrevalence});
     * nothing estimated on the external set.
     */
    private static double[] calibrated(Model model, double[] scores) {
        double[] c = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            c[i] = model.calibration() == null
                    ? Double.NaN
                    : model.calibration().apply(scores[i], calibrationPrevalence(model));
        }
        return c;
    }

    private static List<PredictionRow> predictions(
            Model model, List<DatasetSample> lesions, int[] labels, double[] scores, double[] calibrated) {
        List<PredictionRow> rows = new ArrayList<>();
        for (int i = 0; i < lesions.size(); i++) {
            DatasetSample s = lesions.get(i);
            rows.add(new PredictionRow(
                    model.cellId(),
                    model.sequence(),
                    model.comparison(),
                    model.repeat(),
                    s.sampleId(),
                    s.patientKey(),
                    s.lesionId(),
                    s.diagnosis().id(),
                    labels[i],
                    scores[i],
                    scores[i] >= model.threshold() ? 1 : 0,
                    s.cropPath(),
                    Double.isNaN(calibrated[i]) ? null : calibrated[i],
                    model.modelName()));
        }
        return rows;
    }
}
