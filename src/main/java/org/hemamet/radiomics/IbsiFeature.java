package org.hemamet.radiomics;

/**
 * A feature defined by the IBSI 1 reference manual (Zwanenburg et al., Radiology 2020;295:328-338;
 * arXiv:1612.07003): its permanent IBSI identifier, its name in the manual and its short tag.
 */
public interface IbsiFeature {
    /** The IBSI identifier, e.g. {@code Q4LE} for the mean intensity. */
    String ibsiCode();

    /** The feature's name in the IBSI manual, e.g. "Mean intensity". */
    String ibsiName();

    /** The manual's tag without the {@code F_} prefix, e.g. {@code stat.mean}, {@code cm.joint.max}. */
    String tag();

    /** A column name for tables: the tag with dots as underscores, e.g. {@code stat_mean}. */
    default String column() {
        return tag().replace('.', '_');
    }
}
