package org.hemamet.predict;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hemamet.contract.BundleMetadata;
import org.hemamet.core.HemametException;
import org.hemamet.dicom.DicomDescriptor;

/**
 * Whether a DICOM image is what the model was trained on ({@link BundleMetadata.Anatomy}): its Modality,
 * its plane from ImageOrientationPatient ({@link DicomDescriptor#plane()}) and its BodyPartExamined. A
 * field the header leaves empty is not held against the image; a body part counts as another only when it
 * names a part that is clearly not the spine ({@link #NOT_SPINE}: head, brain, limbs, joints, breast,
 * organs), since spine images are often labelled by region (CHEST, ABDOMEN, PELVIS, WHOLEBODY). None of
 * these fields identifies a patient.
 */
public final class AnatomyCheck {
    /** Output word for an image without a header (PNG/JPEG). */
    public static final String NOT_CHECKED = "not checked (PNG/JPEG has no DICOM header)";

    /** BodyPartExamined words (DICOM PS3.16 CID 4031 and common vendor terms) that are not the spine. */
    static final List<String> NOT_SPINE = List.of(
            "HEAD",
            "BRAIN",
            "SKULL",
            "ORBIT",
            "IAC",
            "SELLA",
            "FACE",
            "SINUS",
            "JAW",
            "TMJ",
            "EYE",
            "EAR",
            "KNEE",
            "SHOULDER",
            "ELBOW",
            "WRIST",
            "HAND",
            "FINGER",
            "HIP",
            "ANKLE",
            "FOOT",
            "TOE",
            "LEG",
            "ARM",
            "THIGH",
            "EXTREMITY",
            "BREAST",
            "HEART",
            "CARDIAC",
            "LIVER",
            "KIDNEY",
            "PROSTATE",
            "UTERUS");

    private AnatomyCheck() {}

    /**
     * The outcome for one image.
     *
     * @param status     {@code match}, {@code mismatch allowed} or {@link #NOT_CHECKED}
     * @param mismatches the fields that differ from the bundle's, in words (empty when they match)
     */
    public record Outcome(String status, List<String> mismatches) {
        static final String MATCH = "match";
        static final String ALLOWED = "mismatch allowed";

        /** An image without header. */
        public static Outcome notChecked() {
            return new Outcome(NOT_CHECKED, List.of());
        }

        /** The status with the mismatching fields: {@code "mismatch allowed: Modality 'CT'"}. */
        public String describe() {
            return mismatches.isEmpty() ? status : status + ": " + String.join(", ", mismatches);
        }
    }

    /**
     * Checks a header against the bundle's anatomy: refuses (exit 2, one line naming the file and the
     * fields) an image that differs unless {@code allowMismatch}, which records the mismatch instead.
     */
    public static Outcome check(
            Path source, DicomDescriptor d, BundleMetadata.Anatomy expected, boolean allowMismatch) {
        List<String> mismatches = mismatches(d, expected);
        if (mismatches.isEmpty()) {
            return new Outcome(Outcome.MATCH, List.of());
        }
        if (!allowMismatch) {
            throw HemametException.invalidInput(source + ": the DICOM header says " + String.join(", ", mismatches)
                    + "; the model was trained on " + words(expected)
                    + " (--allow-anatomy-mismatch to predict anyway, recorded in the output)");
        }
        return new Outcome(Outcome.ALLOWED, mismatches);
    }

    /** The fields of {@code d} that differ from {@code expected}, in words. */
    static List<String> mismatches(DicomDescriptor d, BundleMetadata.Anatomy expected) {
        List<String> out = new ArrayList<>();
        String modality = d.modality().trim().toUpperCase(Locale.ROOT);
        if (!modality.isEmpty() && expected.modality() != null && !modality.equals(expected.modality())) {
            out.add("Modality '" + modality + "'");
        }
        String plane = d.plane();
        if (!plane.isEmpty() && expected.plane() != null && !plane.equals(expected.plane())) {
            out.add("ImageOrientationPatient " + plane.toLowerCase(Locale.ROOT) + " (slice normal along "
                    + (plane.equals(DicomDescriptor.AXIAL)
                            ? "head-foot"
                            : plane.equals(DicomDescriptor.CORONAL) ? "anterior-posterior" : "left-right")
                    + ")");
        }
        String part = d.bodyPartExamined().trim().toUpperCase(Locale.ROOT);
        if (!part.isEmpty() && "SPINE".equals(expected.bodyPart()) && notSpine(part)) {
            out.add("BodyPartExamined '" + part + "'");
        }
        return out;
    }

    static boolean notSpine(String part) {
        if (part.contains("SPINE")) {
            return false;
        }
        return NOT_SPINE.stream().anyMatch(part::contains);
    }

    /** "sagittal SPINE MR". */
    static String words(BundleMetadata.Anatomy a) {
        return (a.plane() == null ? "" : a.plane().toLowerCase(Locale.ROOT) + " ")
                + (a.bodyPart() == null ? "" : a.bodyPart() + " ")
                + (a.modality() == null ? "images" : a.modality() + " images");
    }
}
