package org.hemamet.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One row of {@code common_lesions.csv}: a sequence's AUC for a comparison and repeat, recomputed on the
 * test lesions that every evaluated sequence of that comparison and repeat has (the intersection of the
 * cells' test lesions), so that sequences are compared on the same lesions.
 *
 * @param comparison the comparison
 * @param repeat     the repeat (or fold)
 * @param sequences  the sequences whose test lesions were intersected, joined by "+" (e.g. T1+T2+STIR+T1C)
 * @param sequence   the sequence this row's AUC is of
 * @param nCommonNeg common test lesions that are hemangiomas
 * @param nCommonPos common test lesions of the metastasis group
 * @param nPatients  patients the common lesions come from
 * @param auc        the sequence's AUC on the common lesions (NaN when a class is empty)
 * @param aucLo      lower 95 % limit (NaN with fewer than 2 lesions of a class): DeLong when every patient
 *                   has one common lesion, Obuchowski's clustered variance (patients as clusters) when some
 *                   has several
 * @param aucHi      upper 95 % limit
 * @param ciLevel    {@code lesion} (DeLong) or {@code patient} (Obuchowski 1997), as results.csv's
 *                   {@code ci_level}; null in runs of older versions (DeLong)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CommonLesionRow(
        String comparison,
        int repeat,
        String sequences,
        String sequence,
        int nCommonNeg,
        int nCommonPos,
        int nPatients,
        double auc,
        double aucLo,
        double aucHi,
        String ciLevel) {}
