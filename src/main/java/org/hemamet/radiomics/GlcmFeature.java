package org.hemamet.radiomics;

/**
 * The 25 grey level co-occurrence matrix features of IBSI 1 (reference manual section 3.6,
 * arXiv:1612.07003; Zwanenburg et al., Radiology 2020;295:328-338), computed by {@link GlcmFeatures}.
 * Here they are aggregated "2D, averaged" (IBSI {@value #AGGREGATION_CODE}): one matrix per slice and
 * direction, features per matrix, then the mean over all matrices.
 */
public enum GlcmFeature implements IbsiFeature {
    JOINT_MAXIMUM("GYBY", "Joint maximum", "cm.joint.max"),
    JOINT_AVERAGE("60VM", "Joint average", "cm.joint.avg"),
    JOINT_VARIANCE("UR99", "Joint variance", "cm.joint.var"),
    JOINT_ENTROPY("TU9B", "Joint entropy", "cm.joint.entr"),
    DIFFERENCE_AVERAGE("TF7R", "Difference average", "cm.diff.avg"),
    DIFFERENCE_VARIANCE("D3YU", "Difference variance", "cm.diff.var"),
    DIFFERENCE_ENTROPY("NTRS", "Difference entropy", "cm.diff.entr"),
    SUM_AVERAGE("ZGXS", "Sum average", "cm.sum.avg"),
    SUM_VARIANCE("OEEB", "Sum variance", "cm.sum.var"),
    SUM_ENTROPY("P6QZ", "Sum entropy", "cm.sum.entr"),
    ANGULAR_SECOND_MOMENT("8ZQL", "Angular second moment", "cm.energy"),
    CONTRAST("ACUI", "Contrast", "cm.contrast"),
    DISSIMILARITY("8S9J", "Dissimilarity", "cm.dissimilarity"),
    INVERSE_DIFFERENCE("IB1Z", "Inverse difference", "cm.inv.diff"),
    NORMALISED_INVERSE_DIFFERENCE("NDRX", "Normalised inverse difference", "cm.inv.diff.norm"),
    INVERSE_DIFFERENCE_MOMENT("WF0Z", "Inverse difference moment", "cm.inv.diff.mom"),
    NORMALISED_INVERSE_DIFFERENCE_MOMENT("1QCO", "Normalised inverse difference moment", "cm.inv.diff.mom.norm"),
    INVERSE_VARIANCE("E8JP", "Inverse variance", "cm.inv.var"),
    CORRELATION("NI2N", "Correlation", "cm.corr"),
    AUTOCORRELATION("QWB0", "Autocorrelation", "cm.auto.corr"),
    CLUSTER_TENDENCY("DG8W", "Cluster tendency", "cm.clust.tend"),
    CLUSTER_SHADE("7NFM", "Cluster shade", "cm.clust.shade"),
    CLUSTER_PROMINENCE("AE86", "Cluster prominence", "cm.clust.prom"),
    INFORMATION_CORRELATION_1("R8DG", "Information correlation 1", "cm.info.corr.1"),
    INFORMATION_CORRELATION_2("JN9H", "Information correlation 2", "cm.info.corr.2");

    /** IBSI identifier of the feature family "grey level co-occurrence based features". */
    public static final String FAMILY_CODE = "LFYI";

    /** IBSI identifier of the aggregation "2D, averaged" (per slice and direction, then averaged). */
    public static final String AGGREGATION_CODE = "BTW3";

    private final String code;
    private final String name;
    private final String tag;

    GlcmFeature(String code, String name, String tag) {
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
