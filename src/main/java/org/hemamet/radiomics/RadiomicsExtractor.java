package org.hemamet.radiomics;

import java.util.ArrayList;
import java.util.List;

/**
 * The radiomics baseline's feature vector of one lesion: the 18 IBSI intensity-based statistics on the
 * raw intensities inside the mask ({@link IntensityStatistics}), then the 25 IBSI GLCM features, "2D,
 * averaged", on the discretised ROI ({@link GlcmFeatures}). References: Zwanenburg et al., Radiology
 * 2020;295:328-338; IBSI 1 reference manual, arXiv:1612.07003.
 */
public final class RadiomicsExtractor {
    private final Discretisation discretisation;

    /** @param discretisation how the GLCM's grey levels are made (fixed bin number for MRI) */
    public RadiomicsExtractor(Discretisation discretisation) {
        this.discretisation = java.util.Objects.requireNonNull(discretisation, "discretisation");
    }

    public Discretisation discretisation() {
        return discretisation;
    }

    /** Every feature this extractor returns, in column order. */
    public static List<IbsiFeature> features() {
        List<IbsiFeature> f = new ArrayList<>(List.of(IntensityFeature.values()));
        f.addAll(List.of(GlcmFeature.values()));
        return List.copyOf(f);
    }

    /** The {@link #features()} of {@code image}. */
    public FeatureVector extract(RoiImage image) {
        FeatureVector stats = IntensityStatistics.compute(image);
        FeatureVector glcm = GlcmFeatures.averaged2d(discretisation.apply(image));
        return stats.concat(glcm);
    }
}
