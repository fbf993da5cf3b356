package org.hemamet.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One row of {@code delong.csv}: the DeLong test of two sequences' AUCs for a comparison and repeat.
 *
 * @param comparison the comparison
 * @param repeat     the repeat (or fold)
 * @param sequenceA  the first sequence
 * @param sequenceB  the second sequence
 * @param nCommon    lesions tested on both
 * @param aucA       AUC of A
 * @param aucB       AUC of B
 * @param z          the test statistic
 * @param pValue     two-sided p
 * @param paired     true for the paired test on the common lesions, false for the unpaired one
 * @param method     {@code delong-paired}, {@code obuchowski-paired} (paired, with patients as clusters, when
 *                   some patient has several common lesions) or {@code delong-unpaired}; null in older runs
 * @param pHolm      {@code pValue} adjusted by Holm's step-down method (Holm 1979) within its family: the
 *                   pairwise tests of the same comparison and repeat; NaN where the test could not be made, null
 *                   in runs of older versions
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeLongRow(
        String comparison,
        int repeat,
        String sequenceA,
        String sequenceB,
        int nCommon,
        double aucA,
        double aucB,
        double z,
        double pValue,
        boolean paired,
        String method,
        Double pHolm) {
    /** An absent method (older runs) is null, whether written as "" or left out. */
    public DeLongRow {
        method = method == null || method.isEmpty() ? null : method;
    }

    /** This row with its Holm-adjusted p-value. */
    public DeLongRow withPHolm(double adjusted) {
        return new DeLongRow(
                comparison, repeat, sequenceA, sequenceB, nCommon, aucA, aucB, z, pValue, paired, method, adjusted);
    }
}
