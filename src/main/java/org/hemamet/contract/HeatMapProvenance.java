package org.hemamet.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * What made a heat map ({@code hemamet predict ... --heatmap OUT.png}): kept inside the PNG, as the JSON text of
 * its {@value #PNG_KEYWORD} tEXt chunk (beside a {@code Software} chunk), so that it travels with the figure into a
 * manuscript folder. No paths: the model and the input are named by their hashes.
 *
 * @param method              {@code gradcam} or {@code occlusion}
 * @param explainedClass      the class the map explains
 * @param probability         P(positive class) of the lesion, as predicted
 * @param model               {@code cnn} or {@code fusion-early}
 * @param cellId              the development cell the bundle was exported from
 * @param bundleSha256        SHA-256 over the bundle directory, as {@link PredictionProvenance#bundleSha256}
 * @param input               {@code image} (the file cropped: an image, or the DICOM behind its export), {@code via}
 *                            or {@code dataset} (an early-fused bundle's input)
 * @param inputSha256         SHA-256 of that file (of the VIA file), or the dataset's hash as a study hashes it
 * @param frame               the 1-based frame of a multi-frame DICOM the lesion is on; absent otherwise
 * @param roi                 the lesion's box on the source pixels, {@code x y width height}; absent for an
 *                            early-fused map (one box per sequence)
 * @param hemametVersion      the hemamet that drew it
 * @param javaVersion         its Java
 * @param os                  operating system, version, architecture
 * @param cpu                 the CPU model
 * @param availableProcessors processors the JVM saw
 * @param hostHash            first 12 hex digits of SHA-256 of the host name
 * @param engine              the deep-learning stack ({@code djl_version}, {@code pytorch_version}, threads, device,
 *                            precision)
 *     <p>No time is recorded: the same model, input and options on one machine give a byte-identical PNG.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HeatMapProvenance(
        String method,
        String explainedClass,
        double probability,
        String model,
        String cellId,
        String bundleSha256,
        String input,
        String inputSha256,
        Integer frame,
        String roi,
        String hemametVersion,
        String javaVersion,
        String os,
        String cpu,
        int availableProcessors,
        String hostHash,
        Map<String, Object> engine) {

    /** The keyword of the PNG tEXt chunk that holds this record as JSON. */
    public static final String PNG_KEYWORD = "hemamet-provenance";
}
