package org.hemamet.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One row of an external validation's {@code validation.csv} ({@link ValidationFiles}): one development
 * model (a study cell's final model) evaluated on a dataset that played no part in its training, at the
 * development study's threshold and with its calibration. Metrics carry 95 % confidence limits at the
 * level the external lesions are clustered ({@code ci_level}: patients when some patient has several
 * lesions). A metric is null (written empty) when the row is not {@value #OK}.
 *
 * @param cellId                 the development cell ({@code <SEQ>__<comparison>__r<repeat>})
 * @param sequence               its sequence
 * @param comparison             its comparison
 * @param repeat                 its repeat (or fold)
 * @param status                 {@value #OK}, or {@value #NO_DATA} when the external set lacks lesions of
 *                               one class of the cell's sequence and comparison
 * @param message                "" when ok, else why not
 * @param nNeg                   external lesions, negative
 * @param nPos                   external lesions, positive
 * @param nPatients              external patients
 * @param ciLevel                {@link ResultRow#CI_LESION} or {@link ResultRow#CI_PATIENT}
 * @param threshold              the decision threshold on P(positive): the development bundle's
 * @param thresholdSource        where it came from (the bundle and its rule)
 * @param auc                    external AUC (its interval Newcombe's, at the patients' design effect at patient level)
 * @param aucLo                  its lower 95 % limit
 * @param aucHi                  its upper 95 % limit
 * @param sensitivity            at the threshold
 * @param sensitivityLo          lower limit
 * @param sensitivityHi          upper limit
 * @param specificity            at the threshold
 * @param specificityLo          lower limit
 * @param specificityHi          upper limit
 * @param accuracy               at the threshold
 * @param accuracyLo             lower limit
 * @param accuracyHi             upper limit
 * @param brier                  Brier score of the raw P(positive)
 * @param brierLo                lower limit
 * @param brierHi                upper limit
 * @param calibratedBrier        Brier score after the bundle's calibration (NaN/empty when it has none)
 * @param calibratedBrierLo      lower limit
 * @param calibratedBrierHi      upper limit
 * @param calibrationSlope       Cox calibration slope of the raw probabilities on the external set
 * @param calibrationIntercept   Cox calibration intercept of the raw probabilities
 * @param calibratedSlope        Cox slope after the bundle's calibration
 * @param calibratedIntercept    Cox intercept after the bundle's calibration
 * @param internalAuc            the development study's test-set AUC of the same model (results.csv or the
 *                               bundle's test_metrics), null when not recorded
 * @param internalAucLo          its lower limit
 * @param internalAucHi          its upper limit
 * @param paramsSha256           SHA-256 of the bundle's {@code model.params} (a late-fused model: its members'
 *                               joined by '+', in sequence order)
 * @param calibratedPrevalence   the prevalence the calibrated probabilities assume, as {@code predict} gives them:
 *                               the development cohort's before class balancing where the bundle records it, else
 *                               its calibration's fit prevalence; null without calibration or in validations of
 *                               older versions (the fit prevalence)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ValidationRow(
        String cellId,
        String sequence,
        String comparison,
        int repeat,
        String status,
        String message,
        int nNeg,
        int nPos,
        int nPatients,
        String ciLevel,
        double threshold,
        String thresholdSource,
        Double auc,
        Double aucLo,
        Double aucHi,
        Double sensitivity,
        Double sensitivityLo,
        Double sensitivityHi,
        Double specificity,
        Double specificityLo,
        Double specificityHi,
        Double accuracy,
        Double accuracyLo,
        Double accuracyHi,
        Double brier,
        Double brierLo,
        Double brierHi,
        Double calibratedBrier,
        Double calibratedBrierLo,
        Double calibratedBrierHi,
        Double calibrationSlope,
        Double calibrationIntercept,
        Double calibratedSlope,
        Double calibratedIntercept,
        Double internalAuc,
        Double internalAucLo,
        Double internalAucHi,
        String paramsSha256,
        Double calibratedPrevalence) {
    public static final String OK = "ok";
    public static final String NO_DATA = "no_data";

    /** The AUC with its limits. */
    public Interval aucInterval() {
        return auc == null ? Interval.NONE : new Interval(auc, aucLo, aucHi);
    }

    /** The development study's AUC with its limits (NONE when not recorded). */
    public Interval internalAucInterval() {
        return internalAuc == null ? Interval.NONE : new Interval(internalAuc, internalAucLo, internalAucHi);
    }
}
