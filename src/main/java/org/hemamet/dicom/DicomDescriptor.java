package org.hemamet.dicom;

/**
 * The header fields of one DICOM image that hemamet uses, read once with explicit defaults (empty text,
 * NaN for unknown numbers). Patient fields live in {@link #patient()} (PHI, redacted in toString).
 *
 * @param sopInstanceUid      SOPInstanceUID (links a PNG export to its slice)
 * @param seriesInstanceUid   SeriesInstanceUID
 * @param studyInstanceUid    StudyInstanceUID
 * @param sopClassUid         SOPClassUID
 * @param modality            Modality (MR, ...)
 * @param transferSyntaxUid   TransferSyntaxUID of the file
 * @param lossyImageCompression LossyImageCompression ("01" when the pixels have been through lossy compression,
 *                            "00" or empty otherwise)
 * @param burnedInAnnotation  BurnedInAnnotation ("YES" when text that may identify the patient is part of the
 *                            pixels; empty when absent)
 * @param rows                Rows
 * @param columns             Columns
 * @param frames              NumberOfFrames (1 when absent)
 * @param samplesPerPixel     SamplesPerPixel
 * @param photometric         PhotometricInterpretation
 * @param bitsAllocated       BitsAllocated
 * @param bitsStored          BitsStored
 * @param highBit             HighBit
 * @param pixelSigned         PixelRepresentation == 1
 * @param rescaleSlope        RescaleSlope (1 when absent)
 * @param rescaleIntercept    RescaleIntercept (0 when absent)
 * @param seriesDescription   SeriesDescription
 * @param protocolName        ProtocolName
 * @param scanningSequence    ScanningSequence (e.g. SE, IR, GR; multi-valued joined by backslash)
 * @param sequenceVariant     SequenceVariant
 * @param scanOptions         ScanOptions (e.g. FS, IR, SP; multi-valued joined by backslash)
 * @param sequenceName        SequenceName (vendor pulse-sequence name, e.g. *tse2d1_3, fse)
 * @param imageType           ImageType (e.g. ORIGINAL\PRIMARY\M\ND; values joined by backslash)
 * @param bodyPartExamined    BodyPartExamined (e.g. SPINE, LSPINE, HEAD; empty when absent)
 * @param repetitionTime      TR in ms (NaN when absent)
 * @param echoTime            TE in ms
 * @param inversionTime       TI in ms
 * @param contrastBolusAgent  ContrastBolusAgent (empty when no contrast)
 * @param fieldStrength       MagneticFieldStrength in tesla
 * @param pixelSpacingRow     PixelSpacing[0] mm (row spacing, between rows)
 * @param pixelSpacingColumn  PixelSpacing[1] mm
 * @param sliceThickness      SliceThickness mm
 * @param imageOrientation    ImageOrientationPatient (6 values, empty when absent)
 * @param imagePosition       ImagePositionPatient (3 values, empty when absent)
 * @param instanceNumber      InstanceNumber (0 when absent)
 * @param manufacturer        Manufacturer
 * @param model               ManufacturerModelName
 * @param patient             patient identity (PHI; pseudonymised by ingest, never written)
 */
public record DicomDescriptor(
        String sopInstanceUid,
        String seriesInstanceUid,
        String studyInstanceUid,
        String sopClassUid,
        String modality,
        String transferSyntaxUid,
        String lossyImageCompression,
        String burnedInAnnotation,
        int rows,
        int columns,
        int frames,
        int samplesPerPixel,
        String photometric,
        int bitsAllocated,
        int bitsStored,
        int highBit,
        boolean pixelSigned,
        double rescaleSlope,
        double rescaleIntercept,
        String seriesDescription,
        String protocolName,
        String scanningSequence,
        String sequenceVariant,
        String scanOptions,
        String sequenceName,
        String imageType,
        String bodyPartExamined,
        double repetitionTime,
        double echoTime,
        double inversionTime,
        String contrastBolusAgent,
        double fieldStrength,
        double pixelSpacingRow,
        double pixelSpacingColumn,
        double sliceThickness,
        double[] imageOrientation,
        double[] imagePosition,
        int instanceNumber,
        String manufacturer,
        String model,
        PatientIdentity patient) {

    /** The plane of a slice whose normal lies mostly along patient left-right (x). */
    public static final String SAGITTAL = "SAGITTAL";
    /** The plane of a slice whose normal lies mostly along patient anterior-posterior (y). */
    public static final String CORONAL = "CORONAL";
    /** The plane of a slice whose normal lies mostly along patient head-foot (z). */
    public static final String AXIAL = "AXIAL";

    /**
     * The imaging plane from ImageOrientationPatient: the slice normal is the cross product of the row and
     * column direction cosines (DICOM PS3.3 C.7.6.2.1.1), and the plane is named by the patient axis it
     * lies most along ({@link #SAGITTAL} x, {@link #CORONAL} y, {@link #AXIAL} z; an oblique slice gets
     * the nearest). Empty when the orientation is absent or degenerate.
     */
    public String plane() {
        double[] o = imageOrientation;
        if (o == null || o.length != 6) {
            return "";
        }
        double[] n = {o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]};
        int axis = 0;
        for (int i = 1; i < 3; i++) {
            if (Math.abs(n[i]) > Math.abs(n[axis])) {
                axis = i;
            }
        }
        if (!(Math.abs(n[axis]) > 1e-6)) {
            return "";
        }
        return axis == 0 ? SAGITTAL : axis == 1 ? CORONAL : AXIAL;
    }

    /**
     * Transfer syntaxes that are lossy by definition (PS3.5 A.4): JPEG baseline (8-bit) and extended (12-bit),
     * JPEG-LS near-lossless.
     */
    public static final java.util.Set<String> LOSSY_TRANSFER_SYNTAXES =
            java.util.Set.of("1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.81");

    /**
     * True when the pixels have been through lossy compression, in this file or before it (PS3.3 C.7.6.1.1.5:
     * LossyImageCompression 01 stays set once an image was lossy compressed, also after decompression), or the
     * file's transfer syntax is lossy ({@link #LOSSY_TRANSFER_SYNTAXES}).
     */
    public boolean lossy() {
        return lossyImageCompression.strip().equals("01") || LOSSY_TRANSFER_SYNTAXES.contains(transferSyntaxUid);
    }

    /** True when the header says text that may identify the patient is burned into the pixels. */
    public boolean burnedIn() {
        return burnedInAnnotation.strip().equalsIgnoreCase("YES");
    }

    /**
     * True for a secondary capture (SOP classes 1.2.840.10008.5.1.4.1.1.7 and .7.x): an image rendered from another,
     * windowed and often 8-bit, like a screenshot, not the scanner's values.
     */
    public boolean secondaryCapture() {
        return sopClassUid.equals("1.2.840.10008.5.1.4.1.1.7") || sopClassUid.startsWith("1.2.840.10008.5.1.4.1.1.7.");
    }

    /** "Manufacturer Model" (trimmed; empty when both unknown). */
    public String scanner() {
        return (manufacturer + " " + model).trim();
    }

    /**
     * The header fields as text, keyed by DICOM keyword, for sequence rules ({@code SeriesDescription},
     * {@code ProtocolName}, {@code SequenceName}, {@code ImageType}, {@code ScanningSequence},
     * {@code SequenceVariant}, {@code ScanOptions}, {@code ContrastBolusAgent}, {@code RepetitionTime},
     * {@code EchoTime}, {@code InversionTime}, {@code MagneticFieldStrength}, {@code Modality},
     * {@code BodyPartExamined}, {@code Manufacturer}). Numbers that are unknown are absent. No patient
     * fields.
     */
    public java.util.Map<String, String> ruleFields() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("SeriesDescription", seriesDescription);
        m.put("ProtocolName", protocolName);
        m.put("SequenceName", sequenceName);
        m.put("ImageType", imageType);
        m.put("ScanningSequence", scanningSequence);
        m.put("SequenceVariant", sequenceVariant);
        m.put("ScanOptions", scanOptions);
        m.put("ContrastBolusAgent", contrastBolusAgent);
        putNum(m, "RepetitionTime", repetitionTime);
        putNum(m, "EchoTime", echoTime);
        putNum(m, "InversionTime", inversionTime);
        putNum(m, "MagneticFieldStrength", fieldStrength);
        m.put("Modality", modality);
        m.put("BodyPartExamined", bodyPartExamined);
        m.put("Manufacturer", manufacturer);
        return m;
    }

    private static void putNum(java.util.Map<String, String> m, String k, double v) {
        if (!Double.isNaN(v)) {
            m.put(k, Double.toString(v));
        }
    }

    @Override
    public String toString() {
        return "DicomDescriptor[sop=" + sopInstanceUid + ", " + columns + "x" + rows + ", " + transferSyntaxUid
                + ", series='" + seriesDescription + "']";
    }
}
