package org.hemamet.synth;

/** Tissue labels of the rendered anatomy (byte codes of the label map). */
final class Label {
    static final byte AIR = 0;
    static final byte FAT = 1;
    static final byte MARROW = 2;
    static final byte CORTEX = 3;
    static final byte NUCLEUS = 4;
    static final byte ANNULUS = 5;
    static final byte CSF = 6;
    static final byte CORD = 7;
    static final byte MUSCLE = 8;
    static final byte SOFT = 9;
    static final byte VOID = 10;
    static final byte LESION = 11;
    static final byte LESION_OTHER = 12;
    static final byte DIFFUSE = 13;
    static final int COUNT = 14;

    /** Parameter-table tissue of each static label (null: computed specially). */
    static final String[] TISSUE = {
        null,
        "fat",
        "marrow",
        "cortical_bone",
        "disc_nucleus",
        "disc_annulus",
        "csf",
        "cord",
        "muscle",
        "soft_tissue",
        null,
        null,
        null,
        null
    };

    private Label() {}
}
