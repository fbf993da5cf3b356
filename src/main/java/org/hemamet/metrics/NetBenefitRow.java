package org.hemamet.metrics;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One row of the CSV that {@code hemamet evaluate --decision-curve FILE.csv} writes: one model's net benefit at
 * one threshold probability ({@link DecisionCurve}; Vickers &amp; Elkin 2006), calling positive every case whose
 * score (P(positive)) is at least the threshold.
 *
 * @param model        the model (the {@code --group-by} group, or "all")
 * @param threshold    the threshold probability t
 * @param netBenefit   the model's net benefit: TP/N - FP/N * t/(1 - t)
 * @param netBenefitLo its lower 95 % limit (pointwise percentile bootstrap over the clusters; NaN without
 *                     resamples)
 * @param netBenefitHi its upper 95 % limit
 * @param treatAll     the net benefit of calling every case positive
 * @param versusAll    net_benefit - treat_all
 * @param versusAllLo  its lower 95 % limit (same resamples)
 * @param versusAllHi  its upper 95 % limit
 * @param prevalence   share of positives among the model's cases
 * @param n            the model's cases
 * @param nClusters    their clusters (patients with {@code --cluster-by}, else cases): what the bootstrap resamples
 * @param resamples    bootstrap resamples
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NetBenefitRow(
        String model,
        double threshold,
        double netBenefit,
        double netBenefitLo,
        double netBenefitHi,
        double treatAll,
        double versusAll,
        double versusAllLo,
        double versusAllHi,
        double prevalence,
        int n,
        int nClusters,
        int resamples) {}
