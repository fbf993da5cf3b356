package org.hemamet.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class IntensityRatioTest {
    @Test
    void meanInsideTheLesionOverMeanInsideTheReference() {
        float[] img = {1, 3, 10, 20, 30, 0};
        boolean[] lesion = {true, true, false, false, false, false};
        boolean[] reference = {false, false, true, true, true, false};
        assertThat(IntensityRatio.of(img, lesion, reference)).isCloseTo(2.0 / 20, offset(1e-12));
    }

    @Test
    void aZeroReferenceIsNaNAndAnEmptyMaskAnError() {
        double[] img = {1, 0};
        assertThat(IntensityRatio.of(img, new boolean[] {true, false}, new boolean[] {false, true}))
                .isNaN();
        assertThatThrownBy(() -> IntensityRatio.of(img, new boolean[2], new boolean[] {true, true}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lesion mask is empty");
        assertThatThrownBy(() -> IntensityRatio.of(img, new boolean[] {true}, new boolean[] {true, true}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lesion mask has 1 entries for 2 pixels");
    }
}
