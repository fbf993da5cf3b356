package org.hemamet.synth;

import java.util.Arrays;

/**
 * The phantom's lesion subtypes (ids as in the parameter table's {@code subtypes} and the ground truth's
 * {@code subtype} column). Each carries its tissues from the table: the primary tissue of the lesion, the
 * secondary one mixed into it (or none), and how the secondary tissue is laid out.
 */
public enum LesionSubtype {
    HEMANGIOMA_TYPICAL("hemangioma_typical", "hemangioma_typical", "cortical_bone", Mix.TRABECULAE),
    HEMANGIOMA_ATYPICAL("hemangioma_atypical", "hemangioma_atypical", "cortical_bone", Mix.TRABECULAE),
    LYTIC("lytic", "metastasis_lytic", null, Mix.NONE),
    SCLEROTIC("sclerotic", "metastasis_sclerotic", null, Mix.NONE),
    MIXED("mixed", "metastasis_lytic", "metastasis_sclerotic", Mix.PATCHES),
    RCC("rcc", "metastasis_rcc", "haemorrhage", Mix.HAEMORRHAGE),
    MYELOMA_FOCAL("myeloma_focal", "myeloma", null, Mix.NONE),
    MYELOMA_DIFFUSE("myeloma_diffuse", "myeloma", null, Mix.NONE);

    /** How the secondary tissue is laid out inside the lesion. */
    enum Mix {
        /** No secondary tissue. */
        NONE,
        /** Thickened vertical trabeculae of bone ("corduroy"). */
        TRABECULAE,
        /** Smooth patches of the secondary tissue (mixed lytic/sclerotic). */
        PATCHES,
        /** Speckled haemorrhage, present in some lesions only. */
        HAEMORRHAGE
    }

    private final String id;
    private final String tissue;
    private final String secondaryTissue;
    private final Mix mix;

    LesionSubtype(String id, String tissue, String secondaryTissue, Mix mix) {
        this.id = id;
        this.tissue = tissue;
        this.secondaryTissue = secondaryTissue;
        this.mix = mix;
    }

    /** The identifier used in the parameter table and the ground truth. */
    public String id() {
        return id;
    }

    /** The parameter-table tissue the lesion is made of. */
    public String tissue() {
        return tissue;
    }

    /** The parameter-table tissue mixed into the lesion, or null when there is none. */
    public String secondaryTissue() {
        return secondaryTissue;
    }

    Mix mix() {
        return mix;
    }

    /** The subtype of an identifier; an unknown one is an {@link IllegalArgumentException} naming it. */
    public static LesionSubtype parse(String id) {
        for (LesionSubtype s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown lesion subtype '" + id + "' (known: "
                + String.join(
                        ", ", Arrays.stream(values()).map(LesionSubtype::id).toList()) + ")");
    }
}
