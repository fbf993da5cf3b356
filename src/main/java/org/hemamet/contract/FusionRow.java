package org.hemamet.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One row of {@code fusion.csv}: a fused cell (study.json {@code fusion}) against the best single sequence of
 * its comparison and repeat, chosen on the training part (the highest out-of-fold AUC), compared on the test
 * lesions both scored by a paired test clustered by patient.
 *
 * @param comparison        the comparison
 * @param repeat            the repeat (or fold)
 * @param cellId            the fused cell's id ({@code fusion-late__<comparison>__r<repeat>})
 * @param model             the fusion ({@code fusion-late})
 * @param sequences         the fused sequences joined by '+'
 * @param nTest             the fused cell's test lesions
 * @param auc               its test AUC
 * @param aucLo             lower 95 % limit (as results.csv's row of the fused cell: Newcombe's interval)
 * @param aucHi             upper 95 % limit
 * @param bestSequence      the single sequence compared with
 * @param bestSequenceOofAuc its out-of-fold AUC on the training part (what chose it)
 * @param nCommon           test lesions both scored
 * @param aucFused          the fused AUC on those
 * @param aucSingle         the single sequence's AUC on those
 * @param difference        aucFused - aucSingle
 * @param diffLo            lower 95 % limit of the difference
 * @param diffHi            upper 95 % limit
 * @param pValue            two-sided p of the paired test
 * @param method            {@code obuchowski-paired} (clustered by patient) or DeLong's
 * @param pHolm             {@code pValue} adjusted by Holm's step-down method (Holm 1979) over the run's rows of
 *                          the same fusion (one family per model: its comparisons and repeats); null in runs of
 *                          older versions
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FusionRow(
        String comparison,
        int repeat,
        String cellId,
        String model,
        String sequences,
        int nTest,
        Double auc,
        Double aucLo,
        Double aucHi,
        String bestSequence,
        double bestSequenceOofAuc,
        int nCommon,
        double aucFused,
        double aucSingle,
        double difference,
        double diffLo,
        double diffHi,
        double pValue,
        String method,
        Double pHolm) {
    /** This row with its Holm-adjusted p-value. */
    public FusionRow withPHolm(double adjusted) {
        return new FusionRow(
                comparison,
                repeat,
                cellId,
                model,
                sequences,
                nTest,
                auc,
                aucLo,
                aucHi,
                bestSequence,
                bestSequenceOofAuc,
                nCommon,
                aucFused,
                aucSingle,
                difference,
                diffLo,
                diffHi,
                pValue,
                method,
                adjusted);
    }

    /** The rows with their p-values Holm-adjusted as one family (the rows of one fusion). */
    public static java.util.List<FusionRow> holm(java.util.List<FusionRow> family) {
        double[] adjusted = org.hemamet.metrics.Holm.adjust(
                family.stream().mapToDouble(FusionRow::pValue).toArray());
        java.util.List<FusionRow> out = new java.util.ArrayList<>();
        for (int k = 0; k < family.size(); k++) {
            out.add(family.get(k).withPHolm(adjusted[k]));
        }
        return out;
    }
}
