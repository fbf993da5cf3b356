package org.hemamet.radiomics;

import java.util.List;
import java.util.Objects;

/**
 * Feature values in a fixed order, each named by its IBSI feature (Zwanenburg et al., Radiology
 * 2020;295:328-338; IBSI 1 reference manual, arXiv:1612.07003). A value is NaN where IBSI leaves the
 * feature undefined for this ROI (e.g. GLCM correlation when every pair has the same grey level).
 *
 * @param features the features, in column order
 * @param values   one value per feature
 */
public record FeatureVector(List<IbsiFeature> features, double[] values) {
    public FeatureVector {
        features = List.copyOf(features);
        Objects.requireNonNull(values, "values");
        if (features.size() != values.length) {
            throw new IllegalArgumentException(features.size() + " features but " + values.length + " values");
        }
    }

    /** The value of {@code feature}. */
    public double get(IbsiFeature feature) {
        int i = features.indexOf(feature);
        if (i < 0) {
            throw new IllegalArgumentException("no feature " + feature.tag() + " (" + feature.ibsiCode() + ")");
        }
        return values[i];
    }

    /** The column names ({@link IbsiFeature#column()}), in order. */
    public List<String> columns() {
        return features.stream().map(IbsiFeature::column).toList();
    }

    /** This vector followed by {@code other}. */
    public FeatureVector concat(FeatureVector other) {
        double[] v = new double[values.length + other.values.length];
        System.arraycopy(values, 0, v, 0, values.length);
        System.arraycopy(other.values, 0, v, values.length, other.values.length);
        List<IbsiFeature> f = new java.util.ArrayList<>(features);
        f.addAll(other.features);
        return new FeatureVector(f, v);
    }
}
