package org.hemamet.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One row of {@code hemamet predict --model BUNDLE --via FILE --out FILE.csv} with a single-sequence bundle: one
 * region of the VIA file. No file name or path: a patient folder or file name may carry a name, MRN or birth date
 * (issue 16); the user finds the file again by its hash.
 *
 * @param image                 the index of the image among the VIA file's annotated images, in file order
 * @param region                the region's index on its image
 * @param lesionId              the region's lesion_id attribute ("" when none)
 * @param sourceSha256          SHA-256 of the file actually cropped (a dataset row's {@code source_sha256})
 * @param roi                   the lesion box on the source's pixels, {@code x y width height}
 * @param probability           P(positive class)
 * @param decision              the class decided at {@code threshold} ({@code probability >= threshold})
 * @param threshold             the bundle's threshold
 * @param calibratedProbability the calibrated P(positive class) at {@code prevalence}; null without a calibration
 * @param prevalence            the prevalence of the positive class it assumes (null likewise)
 * @param prevalenceSource      where that prevalence comes from ("" without a calibration)
 * @param sequenceSource        where the sequence came from: {@code header}, {@code annotation}, {@code --sequence}
 *                              or not checked
 * @param sequenceOverride      what the header said when a stated sequence overrode it ("" otherwise)
 * @param anatomy               the anatomy check in words
 * @param ood                   the crop lies outside the training distribution (null: the bundle has no ood.json)
 * @param oodScore              the largest ratio of a depth's Mahalanobis distance to its threshold (null likewise)
 * @param frame                 the frame of a multi-frame DICOM the region is on, 1-based (null for a file of one
 *                              image)
 * @param sourceFormat          what the pixels were read from: {@code dicom}, {@code dicom-lossy}, {@code
 *                              dicom-capture}, {@code png} or {@code jpeg} (as ingest-report.json's source_formats)
 * @param burnedInAnnotation    the DICOM header says text is burned into the pixels (null for a PNG/JPEG export)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BatchPredictionRow(
        int image,
        int region,
        String lesionId,
        String sourceSha256,
        String roi,
        double probability,
        String decision,
        double threshold,
        Double calibratedProbability,
        Double prevalence,
        String prevalenceSource,
        String sequenceSource,
        String sequenceOverride,
        String anatomy,
        Boolean ood,
        Double oodScore,
        Integer frame,
        String sourceFormat,
        Boolean burnedInAnnotation) {}
