package org.hemamet.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One row of {@code decision_curves.csv}: a model's net benefit on one cell's test lesions at one threshold
 * probability (decision curve analysis, Vickers &amp; Elkin 2006; {@code metrics.DecisionCurve}), acting on
 * (calling metastasis) every lesion whose probability of the metastasis group is at least the threshold.
 *
 * @param cellId                the cell (as results.csv's; {@code fusion-late__<comparison>__r<repeat>} for the
 *                              late-fused model)
 * @param sequence              its sequence (or the fused sequences)
 * @param comparison            its comparison
 * @param repeat                its repeat (or fold)
 * @param model                 the model, as results.csv's {@code model}
 * @param probability           {@value #RAW} (the model's P(positive), as predictions.csv's {@code score}) or
 *                              {@value #CALIBRATED} (predictions.csv's {@code calibrated}, moved to the prevalence
 *                              {@code probability_prevalence})
 * @param probabilityPrevalence for {@value #CALIBRATED}: the prevalence of the metastasis group the probabilities
 *                              were moved to (the cell's training part before balancing); null for {@value #RAW}
 * @param threshold             the threshold probability
 * @param netBenefit            the model's net benefit: TP/N - FP/N * t/(1 - t)
 * @param netBenefitLo          its lower 95 % limit (pointwise, patient bootstrap)
 * @param netBenefitHi          its upper 95 % limit
 * @param treatAll              the net benefit of calling every test lesion positive
 * @param versusAll             net_benefit - treat_all
 * @param versusAllLo           its lower 95 % limit (same resamples)
 * @param versusAllHi           its upper 95 % limit
 * @param prevalence            share of the metastasis group among the test lesions
 * @param nTest                 test lesions
 * @param nTestPatients         their patients (the bootstrap's clusters)
 * @param resamples             bootstrap resamples
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DecisionCurveRow(
        String cellId,
        String sequence,
        String comparison,
        int repeat,
        String model,
        String probability,
        Double probabilityPrevalence,
        double threshold,
        double netBenefit,
        double netBenefitLo,
        double netBenefitHi,
        double treatAll,
        double versusAll,
        double versusAllLo,
        double versusAllHi,
        double prevalence,
        int nTest,
        int nTestPatients,
        int resamples) {

    /** The model's own probabilities. */
    public static final String RAW = "raw";

    /** The calibrated probabilities at the training part's prevalence. */
    public static final String CALIBRATED = "calibrated";
}
