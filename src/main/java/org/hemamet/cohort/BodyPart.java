package org.hemamet.cohort;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A DICOM BodyPartExamined (0018,0015) reduced to a category, which is all hemamet keeps of it (the dataset,
 * the bundle, predict's outputs): never the header's own text. The words are those of DICOM PS3.16 CID 4031
 * (Common Anatomic Regions) and common vendor variants; a value that names the spine anywhere counts as
 * SPINE even when it also names a region ("TSPINE", "L-SPINE", "SPINE CHEST"); the other parts are matched
 * as whole words (so "HEART" is not an "EAR").
 *
 * <p>Spine series are often labelled by the region they were acquired with (CHEST, ABDOMEN, PELVIS,
 * WHOLEBODY): {@link #TRUNK} is therefore {@link #sameRegion} as {@link #SPINE}. A text that names none of
 * the known parts is {@link #OTHER}, which no check holds against an image (it cannot tell).
 */
public enum BodyPart {
    SPINE("SPINE", "VERTEBRA", "SACRUM", "COCCYX", "CSPINE", "TSPINE", "LSPINE", "SSPINE"),
    TRUNK("CHEST", "THORAX", "ABDOMEN", "PELVIS", "WHOLEBODY", "WHOLE BODY", "TORSO", "NECK", "BACK", "CHESTABDOMEN"),
    HEAD("HEAD", "BRAIN", "SKULL", "ORBIT", "IAC", "SELLA", "FACE", "SINUS", "JAW", "TMJ", "EYE", "EAR"),
    EXTREMITY(
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
            "EXTREMITY"),
    BREAST("BREAST"),
    ORGAN("HEART", "CARDIAC", "LIVER", "KIDNEY", "PROSTATE", "UTERUS"),
    /** A value that names no part hemamet knows. */
    OTHER();

    private final List<String> words;

    BodyPart(String... words) {
        this.words = List.of(words);
    }

    /**
     * The category of a BodyPartExamined value; empty when the header gives none (absent or blank). The spine
     * wins over the other parts a value may also name, then the parts in declaration order.
     */
    public static Optional<BodyPart> of(String bodyPartExamined) {
        String v = bodyPartExamined == null ? "" : bodyPartExamined.trim().toUpperCase(Locale.ROOT);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (SPINE.words.stream().anyMatch(v::contains)) {
            return Optional.of(SPINE);
        }
        Set<String> tokens = Set.of(v.split("[^A-Z]+"));
        for (BodyPart p : values()) {
            if (p.words.stream().anyMatch(w -> w.contains(" ") ? v.contains(w) : tokens.contains(w))) {
                return Optional.of(p);
            }
        }
        return Optional.of(OTHER);
    }

    /** {@link #of} as dataset.csv writes it: the category's name, "" when the header gives none. */
    public static String category(String bodyPartExamined) {
        return of(bodyPartExamined).map(Enum::name).orElse("");
    }

    /** A category written by {@link #category} (or ""), read back; refuses any other text. */
    public static Optional<BodyPart> parse(String category) {
        if (category == null || category.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(category));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("body_part '" + category + "' is not one of " + List.of(values()));
        }
    }

    /** Whether an image of this part is one of the region a model trained on {@code trained} saw. */
    public boolean sameRegion(BodyPart trained) {
        return region() == trained.region();
    }

    private BodyPart region() {
        return this == TRUNK ? SPINE : this;
    }

    /** The categories of some samples, sorted and comma-joined ("SPINE" or "SPINE,TRUNK"), "" when none. */
    public static String join(Collection<String> categories) {
        Set<String> s = new TreeSet<>();
        for (String c : categories) {
            if (c != null && !c.isEmpty()) {
                s.add(c);
            }
        }
        return String.join(",", s);
    }
}
