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
 * @param aucLo      lower 95 % limit (NaN when a class is empty), as results.csv's: Newcombe's score interval,
 *                   at the patients' design effect when some patient has several common lesions
 * @param aucHi      upper 95 % limit
 * @param ciLevel    {@code lesion} or {@code patient}, as results.csv's {@code ci_level}; null in runs of older
 *                   versions (DeLong)
 * @param aucMethod  {@code newcombe} or {@code newcombe-design-effect}, as results.csv's {@code auc_method}; null
 *                   in runs of older versions, whose intervals are DeLong's ({@code lesion}) or Obuchowski's
 *                   ({@code patient})
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
        String ciLevel,
        String aucMethod) {
    /** An absent level or method is null, whether written as "" or left out. */
    public CommonLesionRow {
        ciLevel = ciLevel == null || ciLevel.isEmpty() ? null : ciLevel;
        aucMethod = aucMethod == null || aucMethod.isEmpty() ? null : aucMethod;
    }

    /**
     * The intervals of {@code rows} in words, by what they record (summary.md and the report): Newcombe's score
     * interval, at the patients' design effect where a patient has several common lesions; DeLong's and
     * Obuchowski's in runs of older versions.
     */
    public static String intervalWords(java.util.List<CommonLesionRow> rows) {
        boolean clustered = rows.stream().anyMatch(c -> "patient".equals(c.ciLevel()));
        boolean older = rows.stream().anyMatch(c -> c.aucMethod() == null);
        if (older) {
            return clustered
                    ? "patient-level (Obuchowski 1997 clustered variance, patients as clusters) where a patient has"
                            + " several common lesions, DeLong elsewhere"
                    : "DeLong (every patient has one common lesion)";
        }
        return clustered
                ? "Newcombe's score interval (Newcombe 2006), at the patients' design effect (Obuchowski's clustered"
                        + " variance over DeLong's) where a patient has several common lesions"
                : "Newcombe's score interval (Newcombe 2006; every patient has one common lesion)";
    }

    /** The interval's method: {@link #aucMethod()}, or for rows of older versions {@code delong}/{@code obuchowski}. */
    public String aucIntervalMethod() {
        if (aucMethod != null) {
            return aucMethod;
        }
        return "patient".equals(ciLevel) ? "obuchowski" : "delong";
    }
}
