package org.hemamet.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.nio.file.Path;

/**
 * What made a decision-curve file ({@code hemamet evaluate --predictions P.csv --decision-curve FILE.csv}): written
 * beside it as {@code FILE.provenance.json} ({@link #fileFor}), after it. No paths: the files are named by their
 * hashes; the bootstrap is reproduced by the same predictions, columns, seed and resamples.
 *
 * @param decisionCurve       the CSV's file name
 * @param decisionCurveSha256 SHA-256 of its bytes
 * @param rows                its rows
 * @param predictionsSha256   SHA-256 of the predictions file evaluated
 * @param positiveLabel       the label text taken as positive
 * @param modelColumn         the column naming each row's model ("" = one model, {@code all})
 * @param clusterColumn       the column naming each case's patient, over whose patients the bootstrap resamples
 *                            ("" = cases resampled as independent)
 * @param seed                the bootstrap seed
 * @param resamples           bootstrap resamples
 * @param hemametVersion      the hemamet that evaluated
 * @param javaVersion         its Java
 * @param os                  operating system, version, architecture
 * @param cpu                 the CPU model
 * @param availableProcessors processors the JVM saw
 * @param hostHash            first 12 hex digits of SHA-256 of the host name
 * @param started             start (ISO-8601 UTC)
 * @param finished            end (ISO-8601 UTC)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DecisionCurveProvenance(
        String decisionCurve,
        String decisionCurveSha256,
        int rows,
        String predictionsSha256,
        String positiveLabel,
        String modelColumn,
        String clusterColumn,
        long seed,
        int resamples,
        String hemametVersion,
        String javaVersion,
        String os,
        String cpu,
        int availableProcessors,
        String hostHash,
        String started,
        String finished) {

    /** {@code FILE.provenance.json} beside {@code FILE.csv}, as {@link PredictionProvenance#fileFor}. */
    public static Path fileFor(Path csv) {
        return PredictionProvenance.fileFor(csv);
    }
}
