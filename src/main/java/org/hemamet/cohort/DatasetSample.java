package org.hemamet.cohort;

/**
 * One row of {@code dataset.csv}: one lesion on one sequence, as ingest wrote it. The contract between
 * ingest and study (and predict). No PHI: {@code patientKey} is a keyed-hash pseudonym.
 *
 * @param sampleId        stable id, {@code <patientKey>_<lesionId>_<sequence>}
 * @param patientKey      pseudonymised patient (HMAC-SHA-256 with the dataset secret, 16 hex chars)
 * @param lesionId        lesion id from cohort.csv
 * @param diagnosis       histological diagnosis
 * @param sequence        MRI sequence
 * @param cropPath        crop PNG path, relative to the dataset directory (16-bit grayscale)
 * @param sourceSha256    SHA-256 of the source image file (DICOM or PNG)
 * @param roiShape        VIA shape name of the region the crop came from
 * @param roiX            bounding box x (source pixels)
 * @param roiY            bounding box y
 * @param roiWidth        bounding box width
 * @param roiHeight       bounding box height
 * @param sourceMin       lower intensity bound mapped to 0 by normalisation (source units after rescale)
 * @param sourceMax       upper intensity bound mapped to 65535
 * @param scanner         manufacturer / model text (may be empty)
 * @param fieldStrength   tesla, NaN when unknown
 * @param repetitionTime  TR ms, NaN when unknown
 * @param echoTime        TE ms, NaN when unknown
 * @param inversionTime   TI ms, NaN when unknown
 * @param pixelSpacing    mm, NaN when unknown
 * @param maskPath        lesion mask PNG on the crop grid ({@code masks/<sample_id>.png}, 8-bit, 255 inside),
 *                        relative to the dataset directory; empty when ingest wrote no masks (the default,
 *                        and every dataset made before masks existed)
 * @param referenceMedian the median source signal (units of sourceMin/sourceMax) of the normal-marrow
 *                        reference region on the lesion's image (VIA region attribute {@code roi = reference});
 *                        NaN when the image has none
 * @param covariates      the patient's age (top-coded at 90), sex and the lesion's vertebral level from
 *                        cohort.csv; {@link Covariates#NONE} in datasets made before they were recorded
 * @param bodyPart        the source DICOM's BodyPartExamined as a {@link BodyPart} category name, never the
 *                        header's text; "" when the source has none (a PNG/JPEG, a header without the field,
 *                        datasets made before it was recorded)
 */
public record DatasetSample(
        String sampleId,
        String patientKey,
        String lesionId,
        Diagnosis diagnosis,
        Sequence sequence,
        String cropPath,
        String sourceSha256,
        String roiShape,
        int roiX,
        int roiY,
        int roiWidth,
        int roiHeight,
        double sourceMin,
        double sourceMax,
        String scanner,
        double fieldStrength,
        double repetitionTime,
        double echoTime,
        double inversionTime,
        double pixelSpacing,
        String maskPath,
        double referenceMedian,
        Covariates covariates,
        String bodyPart) {
    public DatasetSample {
        maskPath = maskPath == null ? "" : maskPath;
        covariates = covariates == null ? Covariates.NONE : covariates;
        bodyPart = bodyPart == null ? "" : bodyPart;
        BodyPart.parse(bodyPart);
    }

    /**
     * The same sample under another identity (another id, patient, sequence and crop file), every other field
     * kept: how tests and tools derive related samples.
     */
    public DatasetSample withIdentity(
            String newSampleId, String newPatientKey, Sequence newSequence, String newCropPath) {
        return new DatasetSample(
                newSampleId,
                newPatientKey,
                lesionId,
                diagnosis,
                newSequence,
                newCropPath,
                sourceSha256,
                roiShape,
                roiX,
                roiY,
                roiWidth,
                roiHeight,
                sourceMin,
                sourceMax,
                scanner,
                fieldStrength,
                repetitionTime,
                echoTime,
                inversionTime,
                pixelSpacing,
                maskPath,
                referenceMedian,
                covariates,
                bodyPart);
    }

    /** A sample whose source gives no body part. */
    public DatasetSample(
            String sampleId,
            String patientKey,
            String lesionId,
            Diagnosis diagnosis,
            Sequence sequence,
            String cropPath,
            String sourceSha256,
            String roiShape,
            int roiX,
            int roiY,
            int roiWidth,
            int roiHeight,
            double sourceMin,
            double sourceMax,
            String scanner,
            double fieldStrength,
            double repetitionTime,
            double echoTime,
            double inversionTime,
            double pixelSpacing,
            String maskPath,
            double referenceMedian,
            Covariates covariates) {
        this(
                sampleId,
                patientKey,
                lesionId,
                diagnosis,
                sequence,
                cropPath,
                sourceSha256,
                roiShape,
                roiX,
                roiY,
                roiWidth,
                roiHeight,
                sourceMin,
                sourceMax,
                scanner,
                fieldStrength,
                repetitionTime,
                echoTime,
                inversionTime,
                pixelSpacing,
                maskPath,
                referenceMedian,
                covariates,
                "");
    }

    /** A sample without covariates. */
    public DatasetSample(
            String sampleId,
            String patientKey,
            String lesionId,
            Diagnosis diagnosis,
            Sequence sequence,
            String cropPath,
            String sourceSha256,
            String roiShape,
            int roiX,
            int roiY,
            int roiWidth,
            int roiHeight,
            double sourceMin,
            double sourceMax,
            String scanner,
            double fieldStrength,
            double repetitionTime,
            double echoTime,
            double inversionTime,
            double pixelSpacing,
            String maskPath,
            double referenceMedian) {
        this(
                sampleId,
                patientKey,
                lesionId,
                diagnosis,
                sequence,
                cropPath,
                sourceSha256,
                roiShape,
                roiX,
                roiY,
                roiWidth,
                roiHeight,
                sourceMin,
                sourceMax,
                scanner,
                fieldStrength,
                repetitionTime,
                echoTime,
                inversionTime,
                pixelSpacing,
                maskPath,
                referenceMedian,
                Covariates.NONE);
    }

    /** A sample whose image has no reference region. */
    public DatasetSample(
            String sampleId,
            String patientKey,
            String lesionId,
            Diagnosis diagnosis,
            Sequence sequence,
            String cropPath,
            String sourceSha256,
            String roiShape,
            int roiX,
            int roiY,
            int roiWidth,
            int roiHeight,
            double sourceMin,
            double sourceMax,
            String scanner,
            double fieldStrength,
            double repetitionTime,
            double echoTime,
            double inversionTime,
            double pixelSpacing,
            String maskPath) {
        this(
                sampleId,
                patientKey,
                lesionId,
                diagnosis,
                sequence,
                cropPath,
                sourceSha256,
                roiShape,
                roiX,
                roiY,
                roiWidth,
                roiHeight,
                sourceMin,
                sourceMax,
                scanner,
                fieldStrength,
                repetitionTime,
                echoTime,
                inversionTime,
                pixelSpacing,
                maskPath,
                Double.NaN);
    }

    /** A sample without a mask (datasets ingested without masks). */
    public DatasetSample(
            String sampleId,
            String patientKey,
            String lesionId,
            Diagnosis diagnosis,
            Sequence sequence,
            String cropPath,
            String sourceSha256,
            String roiShape,
            int roiX,
            int roiY,
            int roiWidth,
            int roiHeight,
            double sourceMin,
            double sourceMax,
            String scanner,
            double fieldStrength,
            double repetitionTime,
            double echoTime,
            double inversionTime,
            double pixelSpacing) {
        this(
                sampleId,
                patientKey,
                lesionId,
                diagnosis,
                sequence,
                cropPath,
                sourceSha256,
                roiShape,
                roiX,
                roiY,
                roiWidth,
                roiHeight,
                sourceMin,
                sourceMax,
                scanner,
                fieldStrength,
                repetitionTime,
                echoTime,
                inversionTime,
                pixelSpacing,
                "");
    }

    /** True when the lesion's image has a normal-marrow reference region. */
    public boolean hasReference() {
        return !Double.isNaN(referenceMedian);
    }

    /** True when ingest wrote this lesion's mask. */
    public boolean hasMask() {
        return !maskPath.isEmpty();
    }
}
