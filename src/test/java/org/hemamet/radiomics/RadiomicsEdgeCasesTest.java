package org.hemamet.radiomics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

/** Hand-computed cases for discretisation, the co-occurrence matrix and the undefined-feature policy. */
class RadiomicsEdgeCasesTest {
    static final double DELTA = 1e-12;

    private static boolean[] all(int n) {
        boolean[] m = new boolean[n];
        java.util.Arrays.fill(m, true);
        return m;
    }

    @Test
    void fixedBinNumberFloorsAndPutsTheMaximumInTheLastBin() {
        RoiImage img = RoiImage.of2d(5, 1, new double[] {0, 0.25, 0.5, 0.99, 1.0}, all(5));
        GreyLevels g = new Discretisation.FixedBinNumber(4).apply(img);
        assertThat(g.levels()).containsExactly(1, 2, 3, 4, 4);
        assertThat(g.count()).isEqualTo(4);
    }

    @Test
    void fixedBinNumberUsesTheRoiRangeOnlyAndLeavesTheOutsideAtZero() {
        // the 100 outside the mask must not stretch the range
        RoiImage img = RoiImage.of2d(3, 1, new double[] {10, 20, 100}, new boolean[] {true, true, false});
        assertThat(new Discretisation.FixedBinNumber(2).apply(img).levels()).containsExactly(1, 2, 0);
    }

    @Test
    void aConstantRoiIsOneGreyLevel() {
        RoiImage img = RoiImage.of2d(2, 2, new double[] {3, 3, 3, 3}, all(4));
        assertThat(new Discretisation.FixedBinNumber(8).apply(img).levels()).containsOnly(1);
    }

    @Test
    void fixedBinSizeCountsBinsFromTheLowerBound() {
        RoiImage img = RoiImage.of2d(4, 1, new double[] {0, 24.9, 25, 99}, all(4));
        GreyLevels g = new Discretisation.FixedBinSize(25, 0).apply(img);
        assertThat(g.levels()).containsExactly(1, 1, 2, 4);
        assertThat(g.count()).isEqualTo(4);
        assertThatThrownBy(() -> new Discretisation.FixedBinSize(25, 10).apply(img))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("below the lower bound");
    }

    @Test
    void theMatrixIsSymmetricAndCountsOnlyPairsInsideTheMask() {
        // 3 x 2 image, levels 1 2 1 / 2 2 1; the bottom-right voxel is outside the mask
        int[] levels = {1, 2, 1, 2, 2, 0};
        GreyLevels g = new GreyLevels(3, 2, 1, levels, 2);
        Glcm d0 = Glcm.of(g, 0, Glcm.Direction.D0);
        // horizontal pairs: (1,2), (2,1), (2,2); both orders counted
        assertThat(d0.counts()).isDeepEqualTo(new double[][] {{0, 2}, {2, 2}});
        assertThat(d0.pairs()).isEqualTo(6);
        Glcm d90 = Glcm.of(g, 0, Glcm.Direction.D90);
        // vertical pairs: (1,2), (2,2); the third column's pair leaves the mask
        assertThat(d90.counts()).isDeepEqualTo(new double[][] {{0, 1}, {1, 2}});
        Glcm d135 = Glcm.of(g, 0, Glcm.Direction.D135);
        // (-1, 1): (x=1,y=0)->(0,1) = (2,2); (2,0)->(1,1) = (1,2)
        assertThat(d135.counts()).isDeepEqualTo(new double[][] {{0, 1}, {1, 2}});
    }

    @Test
    void featuresOfAHandComputedMatrix() {
        // p = [[0, 1/3], [1/3, 1/3]]: marginals 1/3, 2/3
        double t = 1.0 / 3;
        double[] f = GlcmFeatures.of(new double[][] {{0, t}, {t, t}});
        assertThat(f[GlcmFeature.JOINT_MAXIMUM.ordinal()]).isCloseTo(t, offset(DELTA));
        assertThat(f[GlcmFeature.JOINT_AVERAGE.ordinal()]).isCloseTo(5.0 / 3, offset(DELTA));
        assertThat(f[GlcmFeature.CONTRAST.ordinal()]).isCloseTo(2.0 / 3, offset(DELTA));
        assertThat(f[GlcmFeature.JOINT_ENTROPY.ordinal()]).isCloseTo(Math.log(3) / Math.log(2), offset(DELTA));
        assertThat(f[GlcmFeature.INVERSE_VARIANCE.ordinal()]).isCloseTo(2.0 / 3, offset(DELTA));
        // correlation: (E[ij] - mu^2) / var = (8/3 - 25/9) / (2/9) = -1/2
        assertThat(f[GlcmFeature.CORRELATION.ordinal()]).isCloseTo(-0.5, offset(DELTA));
        assertThat(f[GlcmFeature.SUM_AVERAGE.ordinal()]).isCloseTo(10.0 / 3, offset(DELTA));
    }

    @Test
    void undefinedFeaturesAreNaN() {
        RoiImage constant = RoiImage.of2d(2, 2, new double[] {3, 3, 3, 3}, all(4));
        FeatureVector f = new RadiomicsExtractor(new Discretisation.FixedBinNumber(8)).extract(constant);
        assertThat(f.get(IntensityFeature.SKEWNESS)).isNaN();
        assertThat(f.get(IntensityFeature.KURTOSIS)).isNaN();
        assertThat(f.get(GlcmFeature.CORRELATION)).isNaN();
        assertThat(f.get(GlcmFeature.INFORMATION_CORRELATION_1)).isNaN();
        assertThat(f.get(GlcmFeature.JOINT_MAXIMUM)).isEqualTo(1.0);
        RoiImage single = RoiImage.of2d(2, 2, new double[] {1, 2, 3, 4}, new boolean[] {true, false, false, false});
        FeatureVector g = new RadiomicsExtractor(new Discretisation.FixedBinNumber(8)).extract(single);
        assertThat(g.get(IntensityFeature.MEAN)).isEqualTo(1.0);
        for (GlcmFeature feature : GlcmFeature.values()) {
            assertThat(g.get(feature)).as(feature.tag()).isNaN();
        }
    }

    @Test
    void anEmptyMaskIsRejected() {
        assertThatThrownBy(() -> RoiImage.of2d(2, 1, new double[] {1, 2}, new boolean[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mask is empty");
    }

    @Test
    void everyFeatureHasAUniqueIbsiCodeAndColumn() {
        assertThat(RadiomicsExtractor.features()).hasSize(43);
        assertThat(RadiomicsExtractor.features().stream().map(IbsiFeature::ibsiCode))
                .doesNotHaveDuplicates()
                .allMatch(c -> c.matches("[0-9A-Z]{4}"));
        assertThat(RadiomicsExtractor.features().stream().map(IbsiFeature::column))
                .doesNotHaveDuplicates();
    }
}
