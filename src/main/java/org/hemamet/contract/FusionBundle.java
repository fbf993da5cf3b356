package org.hemamet.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.hemamet.metrics.LogisticCalibration;

/**
 * A late-fused model bundle's {@code fusion.json} (docs/contracts.md D2), written, read and checked through
 * {@link FusionBundleFiles} only: the per-sequence member bundles (each a complete exported bundle under
 * {@code members/<SEQ>/}), and the stacking models fitted on the development study's training part only (the
 * out-of-fold scores of its cells' cross-fitting), one per pattern of available sequences.
 *
 * @param formatVersion  {@value #FORMAT_VERSION}
 * @param hemametVersion the hemamet that exported it
 * @param fusion         {@value #LATE}
 * @param cellId         the study's fused cell ({@code fusion-late__<comparison>__r<repeat>})
 * @param comparison     the comparison
 * @param classes        {@code [negative, positive]}
 * @param positiveClass  the class whose probability the fused model gives
 * @param sequences      the fused sequences, in the stacking models' feature order
 * @param members        one member bundle per sequence
 * @param missing        {@value #FALLBACK}: a lesion lacking some sequences is scored by the model of the ones it
 *                       has; {@value #REFUSE}: predict refuses a lesion that lacks one (exit 2)
 * @param models         the stacking model of each pattern of available sequences a lesion may have
 *                       ({@value #REFUSE}: the all-sequence pattern only)
 * @param threshold      decision threshold on the fused P(positive) (the study's fused cell: 0.5)
 * @param thresholdRule  how it was chosen
 * @param testAuc        the study's fused test AUC with its 95 % interval
 * @param dataset        the development dataset (as the members record it)
 * @param exported       the export
 * @param stackingPrevalence    the share of positives among the training lesions the stacking models are fitted on
 *                       (the balanced training part: the prevalence the fused probability assumes); absent in
 *                       bundles of older versions
 * @param developmentPrevalence the fused sequences' cells' training parts before class balancing, pooled: the
 *                       prevalence predict and validate move the fused probability to (prior odds); absent likewise
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder(alphabetic = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FusionBundle(
        Integer formatVersion,
        String hemametVersion,
        String fusion,
        String cellId,
        String comparison,
        List<String> classes,
        String positiveClass,
        List<String> sequences,
        List<Member> members,
        String missing,
        List<PatternModel> models,
        Double threshold,
        String thresholdRule,
        BundleMetadata.Metric testAuc,
        BundleMetadata.Dataset dataset,
        BundleMetadata.Exported exported,
        Double stackingPrevalence,
        Double developmentPrevalence) {

    /**
     * The fused probability {@code p} moved from {@link #stackingPrevalence} to {@link #developmentPrevalence} by
     * the prior odds (Saerens et al. 2002); NaN when the bundle records either not (older versions).
     */
    public double moved(double p) {
        if (!movable()) {
            return Double.NaN;
        }
        return LogisticCalibration.movedByPriorOdds(p, stackingPrevalence, developmentPrevalence);
    }

    /** Whether the bundle records both prevalences, each in (0, 1). */
    public boolean movable() {
        return stackingPrevalence != null
                && developmentPrevalence != null
                && stackingPrevalence > 0
                && stackingPrevalence < 1
                && developmentPrevalence > 0
                && developmentPrevalence < 1;
    }

    /** The fused-bundle format written and read by this version. */
    public static final int FORMAT_VERSION = 1;

    /** Late fusion (stacking of the per-sequence CNNs' probabilities). */
    public static final String LATE = "late";

    /** Missing sequences: scored from the available ones. */
    public static final String FALLBACK = "fallback";

    /** Missing sequences: refused. */
    public static final String REFUSE = "refuse";

    /**
     * One per-sequence model.
     *
     * @param sequence     its sequence
     * @param dir          its bundle directory, relative to the fused bundle ({@code members/<SEQ>})
     * @param cellId       the study cell it comes from
     * @param paramsSha256 SHA-256 of its {@code model.params} (a mismatch is refused)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Member(String sequence, String dir, String cellId, String paramsSha256) {}

    /**
     * The fused P(positive) of a lesion having exactly {@code sequences}.
     *
     * @param sequences the available sequences (in {@link FusionBundle#sequences} order)
     * @param method    {@value #LOGISTIC}: {@code 1 / (1 + exp(-(b + Σ wⱼ (logit pⱼ - meanⱼ) / sdⱼ)))} (a
     *                  feature with sd 0 contributes 0); {@value #MEAN_LOGIT}: the sigmoid of the mean of the
     *                  available logits (too few training lesions of the pattern to fit one)
     * @param mean      per-sequence training mean of the logits ({@value #LOGISTIC} only)
     * @param sd        per-sequence training population SD of the logits
     * @param weights   per-sequence weights
     * @param intercept the intercept
     * @param c         the L2 inverse regularisation strength fitted with
     * @param nFit      training lesions of the pattern it was fitted on (0 for {@value #MEAN_LOGIT})
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PatternModel(
            List<String> sequences,
            String method,
            double[] mean,
            double[] sd,
            double[] weights,
            Double intercept,
            Double c,
            int nFit) {
        /** A fitted stacking regression. */
        public static final String LOGISTIC = "logistic";

        /** The mean-logit fallback. */
        public static final String MEAN_LOGIT = "mean-logit";
    }
}
