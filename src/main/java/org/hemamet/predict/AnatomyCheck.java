package org.hemamet.predict;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hemamet.cohort.BodyPart;
import org.hemamet.contract.BundleMetadata;
import org.hemamet.core.HemametException;
import org.hemamet.dicom.DicomDescriptor;

/**
 * Whether a DICOM image is what the model was trained on ({@link BundleMetadata.Anatomy}): its Modality,
 * its plane from ImageOrientationPatient ({@link DicomDescriptor#plane()}) and its BodyPartExamined,
 * compared as a {@link BodyPart} category with the categories of the training images the bundle records (a
 * bundle without them, or whose training headers gave none, stands for the study's scope, the spine). A
 * field the header leaves empty is not held against the image, nor a body part that names no known part
 * ({@link BodyPart#OTHER}); spine series labelled by region (CHEST, ABDOMEN, PELVIS, WHOLEBODY) count as the
 * spine's region ({@link BodyPart#sameRegion}). Only categories reach the outputs, never the header's text;
 * none of these fields identifies a patient.
 */
public final class AnatomyCheck {
    /** Output word for an image without a header (PNG/JPEG). */
    public static final String NOT_CHECKED = "not checked (PNG/JPEG has no DICOM header)";

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
        if (otherPlane(plane, expected)) {
            out.add("ImageOrientationPatient " + plane.toLowerCase(Locale.ROOT) + " (slice normal along "
                    + (plane.equals(DicomDescriptor.AXIAL)
                            ? "head-foot"
                            : plane.equals(DicomDescriptor.CORONAL) ? "anterior-posterior" : "left-right")
                    + ")");
        }
        BodyPart part = BodyPart.of(d.bodyPartExamined()).orElse(BodyPart.OTHER);
        if (otherRegion(part, expected)) {
            out.add("BodyPartExamined category " + part);
        }
        return out;
    }

    /**
     * The recorded fields of a dataset sample outside {@code expected}, in words (empty: in scope): its body-part
     * category ({@code bodyPart}, dataset.csv {@code body_part}; "" and OTHER are not held against it) and its plane
     * ({@code plane}, dataset.csv {@code plane}; "" is not). As {@link #mismatches(DicomDescriptor,
     * BundleMetadata.Anatomy)} for the header an ingest read.
     */
    public static List<String> mismatches(String bodyPart, String plane, BundleMetadata.Anatomy expected) {
        List<String> out = new ArrayList<>();
        if (otherPlane(plane, expected)) {
            out.add("plane " + plane.toLowerCase(Locale.ROOT));
        }
        BodyPart part =
                bodyPart.isEmpty() ? BodyPart.OTHER : BodyPart.parse(bodyPart).orElse(BodyPart.OTHER);
        if (otherRegion(part, expected)) {
            out.add("body part " + part);
        }
        return out;
    }

    /** True when {@code plane} is known and none of the planes the bundle was trained on. */
    private static boolean otherPlane(String plane, BundleMetadata.Anatomy expected) {
        return !plane.isEmpty()
                && expected.plane() != null
                && !List.of(expected.plane().split(",")).contains(plane);
    }

    /** True when {@code part} is a known region other than every one the bundle was trained on. */
    private static boolean otherRegion(BodyPart part, BundleMetadata.Anatomy expected) {
        return part != BodyPart.OTHER && trained(expected).stream().noneMatch(part::sameRegion);
    }

    /** The body-part categories the bundle says its training images were of (SPINE when it says none). */
    static List<BodyPart> trained(BundleMetadata.Anatomy expected) {
        List<BodyPart> parts = new ArrayList<>();
        if (expected.bodyPart() != null) {
            for (String c : expected.bodyPart().split(",")) {
                try {
                    BodyPart.parse(c.trim()).ifPresent(parts::add);
                } catch (IllegalArgumentException e) {
                    // a bundle of another version may say more; what is not a category is not held against
                }
            }
        }
        return parts.isEmpty() ? List.of(BodyPart.SPINE) : parts;
    }

    /** "sagittal SPINE MR", or "axial,sagittal SPINE,TRUNK MR". */
    static String words(BundleMetadata.Anatomy a) {
        return (a.plane() == null ? "" : a.plane().toLowerCase(Locale.ROOT) + " ")
                + (a.bodyPart() == null ? "" : a.bodyPart() + " ")
                + (a.modality() == null ? "images" : a.modality() + " images");
    }
}
