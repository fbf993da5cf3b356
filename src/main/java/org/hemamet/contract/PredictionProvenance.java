package org.hemamet.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.nio.file.Path;
import java.util.Map;

/**
 * What made a batch of predictions ({@code hemamet predict ... --out FILE.csv}): written beside the CSV as
 * {@code FILE.provenance.json} ({@link #fileFor}), after it. No paths: the model, the input and the CSV are
 * named by their hashes, so a CSV whose bytes no longer match {@code predictions_sha256} is not the one described.
 *
 * @param predictions          the CSV's file name
 * @param predictionsSha256    SHA-256 of the CSV's bytes
 * @param rows                 its rows
 * @param model                what predicted: {@code cnn}, {@code radiomics}, {@code fusion-late} or
 *                             {@code fusion-early}
 * @param cellId               the development cell the bundle was exported from (fused: the fused cell)
 * @param bundleSha256         SHA-256 over the bundle directory: each file's path inside it and its SHA-256, in
 *                             path order (any changed, added or removed file changes it)
 * @param threshold            the decision threshold applied
 * @param input                {@code via} (a VIA file) or {@code dataset} (an ingested dataset)
 * @param inputSha256          SHA-256 of the VIA file, or the dataset's hash as the study hashes it
 * @param options              the options that change a prediction, as given ({@code prevalence},
 *                             {@code sequence}, {@code allow_anatomy_mismatch}); absent ones left out
 * @param hemametVersion       the hemamet that predicted
 * @param javaVersion          its Java
 * @param os                   operating system, version, architecture
 * @param cpu                  the CPU model
 * @param availableProcessors  processors the JVM saw
 * @param hostHash             first 12 hex digits of SHA-256 of the host name
 * @param engine               the deep-learning stack for a network ({@code djl_version}, {@code pytorch_version},
 *                             threads, device, precision); absent for a radiomics model
 * @param started              start (ISO-8601 UTC)
 * @param finished             end (ISO-8601 UTC)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PredictionProvenance(
        String predictions,
        String predictionsSha256,
        int rows,
        String model,
        String cellId,
        String bundleSha256,
        Double threshold,
        String input,
        String inputSha256,
        Map<String, Object> options,
        String hemametVersion,
        String javaVersion,
        String os,
        String cpu,
        int availableProcessors,
        String hostHash,
        Map<String, Object> engine,
        String started,
        String finished) {

    /** {@code FILE.provenance.json} beside {@code FILE.csv} (any other name: NAME.provenance.json). */
    public static Path fileFor(Path csv) {
        String name = csv.getFileName().toString();
        String stem =
                name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
        return csv.resolveSibling(stem + ".provenance.json");
    }
}
