package org.hemamet.annotation;

/** The VIA file flavours hemamet reads (see docs: VIA 1.x JSON, 2.x project/export JSON, 2.x CSV, 3.x project). */
public enum ViaFormat {
    VIA1_JSON("VIA 1.x JSON"),
    VIA2_PROJECT("VIA 2.x project JSON"),
    VIA2_EXPORT("VIA 2.x exported JSON"),
    VIA2_CSV("VIA 2.x CSV"),
    VIA3_PROJECT("VIA 3.x project JSON");

    private final String label;

    ViaFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
