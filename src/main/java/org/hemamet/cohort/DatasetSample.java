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
 * @param frame           the 1-based frame of a multi-frame source DICOM the region is on (an enhanced MR series
 *                        is one file); 0 for a single-frame source, a PNG/JPEG, and datasets made before it was
 *                        recorded
 * @param plane           the source DICOM's imaging plane from ImageOrientationPatient ({@code SAGITTAL}, {@code
 *                        CORONAL} or {@code AXIAL}); "" when unknown (a PNG/JPEG source, a header without it) or not
 *                        recorded (dataset.csv has the column only when some sample is not sagittal)
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
        String bodyPart,
        int frame,
        String plane) {
    public DatasetSample {
        maskPath = maskPath == null ? "" : maskPath;
        covariates = covariates == null ? Covariates.NONE : covariates;
        bodyPart = bodyPart == null ? "" : bodyPart;
        BodyPart.parse(bodyPart);
        plane = plane == null ? "" : plane;
        if (!PLANES.contains(plane)) {
            throw new IllegalArgumentException("plane '" + plane + "' is not one of " + PLANES);
        }
        if (frame < 0) {
            throw new IllegalArgumentException("frame " + frame + " is not a frame number (1, 2, ...; 0 for none)");
        }
    }

    /** The planes a sample's {@link #plane} may name ("" = unknown). */
    public static final java.util.List<String> PLANES = java.util.List.of("", "SAGITTAL", "CORONAL", "AXIAL");

    /**
     * The same sample under another identity (another id, patient, sequence and crop file), every other field
     * kept: how tests and tools derive related samples.
     */
    public DatasetSample withIdentity(
            String newSampleId, String newPatientKey, Sequence newSequence, String newCropPath) {
        return toBuilder()
                .identity(newSampleId, newPatientKey, lesionId, diagnosis, newSequence, newCropPath)
                .build();
    }

    /** A builder holding this sample's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * A builder of the sample {@code sampleId} of {@code patientKey}'s lesion {@code lesionId} on {@code
     * sequence}, whose crop is {@code cropPath}; every other field as a dataset without it has it: no source
     * hash, no region shape, a zero box, intensity window [0, 1], no scanner and NaN acquisition values, no mask,
     * no reference region (NaN), no covariates, no body part, a single-frame source.
     */
    public static Builder builder(
            String sampleId,
            String patientKey,
            String lesionId,
            Diagnosis diagnosis,
            Sequence sequence,
            String cropPath) {
        return new Builder(null).identity(sampleId, patientKey, lesionId, diagnosis, sequence, cropPath);
    }

    /** Builds a {@link DatasetSample}; fields that ingest always writes together are set together. */
    public static final class Builder {
        private String sampleId;
        private String patientKey;
        private String lesionId;
        private Diagnosis diagnosis;
        private Sequence sequence;
        private String cropPath;
        private String sourceSha256 = "";
        private String roiShape = "";
        private int roiX;
        private int roiY;
        private int roiWidth;
        private int roiHeight;
        private double sourceMin;
        private double sourceMax = 1;
        private String scanner = "";
        private double fieldStrength = Double.NaN;
        private double repetitionTime = Double.NaN;
        private double echoTime = Double.NaN;
        private double inversionTime = Double.NaN;
        private double pixelSpacing = Double.NaN;
        private String maskPath = "";
        private double referenceMedian = Double.NaN;
        private Covariates covariates = Covariates.NONE;
        private String bodyPart = "";
        private int frame;
        private String plane = "";

        private Builder(DatasetSample s) {
            if (s == null) {
                return;
            }
            identity(s.sampleId, s.patientKey, s.lesionId, s.diagnosis, s.sequence, s.cropPath);
            sourceSha256 = s.sourceSha256;
            roi(s.roiShape, s.roiX, s.roiY, s.roiWidth, s.roiHeight);
            intensityWindow(s.sourceMin, s.sourceMax);
            acquisition(s.scanner, s.fieldStrength, s.repetitionTime, s.echoTime, s.inversionTime, s.pixelSpacing);
            maskPath = s.maskPath;
            referenceMedian = s.referenceMedian;
            covariates = s.covariates;
            bodyPart = s.bodyPart;
            frame = s.frame;
            plane = s.plane;
        }

        /** Which sample this is: its id, patient, lesion, diagnosis, sequence and crop file. */
        public Builder identity(
                String sampleId,
                String patientKey,
                String lesionId,
                Diagnosis diagnosis,
                Sequence sequence,
                String cropPath) {
            this.sampleId = sampleId;
            this.patientKey = patientKey;
            this.lesionId = lesionId;
            this.diagnosis = diagnosis;
            this.sequence = sequence;
            this.cropPath = cropPath;
            return this;
        }

        public Builder sourceSha256(String v) {
            sourceSha256 = v;
            return this;
        }

        /** The VIA shape of the region and its bounding box in source pixels. */
        public Builder roi(String shape, int x, int y, int width, int height) {
            roiShape = shape;
            roiX = x;
            roiY = y;
            roiWidth = width;
            roiHeight = height;
            return this;
        }

        /** The source intensities mapped to 0 and to 65535. */
        public Builder intensityWindow(double min, double max) {
            sourceMin = min;
            sourceMax = max;
            return this;
        }

        /** The scanner text, field strength (T), TR, TE, TI (ms) and pixel spacing (mm); NaN when unknown. */
        public Builder acquisition(
                String scanner, double fieldStrength, double tr, double te, double ti, double pixelSpacing) {
            this.scanner = scanner;
            this.fieldStrength = fieldStrength;
            repetitionTime = tr;
            echoTime = te;
            inversionTime = ti;
            this.pixelSpacing = pixelSpacing;
            return this;
        }

        public Builder maskPath(String v) {
            maskPath = v;
            return this;
        }

        public Builder referenceMedian(double v) {
            referenceMedian = v;
            return this;
        }

        public Builder covariates(Covariates v) {
            covariates = v;
            return this;
        }

        public Builder bodyPart(String v) {
            bodyPart = v;
            return this;
        }

        /** The 1-based frame of a multi-frame source the region is on; 0 for a single-frame source. */
        public Builder frame(int v) {
            frame = v;
            return this;
        }

        /** The source DICOM's imaging plane ({@link #PLANES}). */
        public Builder plane(String v) {
            plane = v;
            return this;
        }

        public DatasetSample build() {
            return new DatasetSample(
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
                    bodyPart,
                    frame,
                    plane);
        }
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
