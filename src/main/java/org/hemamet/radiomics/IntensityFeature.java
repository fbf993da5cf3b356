package org.hemamet.radiomics;

/**
 * The 18 intensity-based statistical features of IBSI 1 (reference manual section 3.3, arXiv:1612.07003;
 * Zwanenburg et al., Radiology 2020;295:328-338), computed by {@link IntensityStatistics} on the
 * intensities of the voxels inside the mask, before any discretisation.
 */
public enum IntensityFeature implements IbsiFeature {
    MEAN("Q4LE", "Mean intensity", "stat.mean"),
    VARIANCE("ECT3", "Intensity variance", "stat.var"),
    SKEWNESS("KE2A", "Intensity skewness", "stat.skew"),
    KURTOSIS("IPH6", "(Excess) intensity kurtosis", "stat.kurt"),
    MEDIAN("Y12H", "Median intensity", "stat.median"),
    MINIMUM("1GSF", "Minimum intensity", "stat.min"),
    PERCENTILE_10("QG58", "10th intensity percentile", "stat.p10"),
    PERCENTILE_90("8DWT", "90th intensity percentile", "stat.p90"),
    MAXIMUM("84IY", "Maximum intensity", "stat.max"),
    INTERQUARTILE_RANGE("SALO", "Intensity interquartile range", "stat.iqr"),
    RANGE("2OJQ", "Intensity range", "stat.range"),
    MEAN_ABSOLUTE_DEVIATION("4FUA", "Intensity-based mean absolute deviation", "stat.mad"),
    ROBUST_MEAN_ABSOLUTE_DEVIATION("1128", "Intensity-based robust mean absolute deviation", "stat.rmad"),
    MEDIAN_ABSOLUTE_DEVIATION("N72L", "Intensity-based median absolute deviation", "stat.medad"),
    COEFFICIENT_OF_VARIATION("7TET", "Intensity-based coefficient of variation", "stat.cov"),
    QUARTILE_COEFFICIENT_OF_DISPERSION("9S40", "Intensity-based quartile coefficient of dispersion", "stat.qcod"),
    ENERGY("N8CA", "Intensity-based energy", "stat.energy"),
    ROOT_MEAN_SQUARE("5ZWQ", "Root mean square intensity", "stat.rms");

    /** IBSI identifier of the feature family "intensity-based statistics". */
    public static final String FAMILY_CODE = "UHIW";

    private final String code;
    private final String name;
    private final String tag;

    IntensityFeature(String code, String name, String tag) {
        this.code = code;
        this.name = name;
        this.tag = tag;
    }

    @Override
    public String ibsiCode() {
        return code;
    }

    @Override
    public String ibsiName() {
        return name;
    }

    @Override
    public String tag() {
        return tag;
    }
}
