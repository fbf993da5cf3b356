package org.hemamet.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class StandardiserTest {
    static final double DELTA = 1e-12;

    @Test
    void meanAndPopulationSdOfTheTrainingRows() {
        Standardiser s = Standardiser.fit(new double[][] {{1, 10}, {3, 10}, {5, 10}});
        assertThat(s.mean()).containsExactly(3, 10);
        assertThat(s.sd()[0]).isCloseTo(Math.sqrt(8.0 / 3), offset(DELTA));
        assertThat(s.sd()[1]).isZero();
        double[] z = s.apply(new double[] {7, 99});
        assertThat(z[0]).isCloseTo(4 / Math.sqrt(8.0 / 3), offset(DELTA));
        assertThat(z[1]).as("a feature constant in training is 0 everywhere").isZero();
    }

    @Test
    void applyingNeverRefitsOnTheRowsItIsGiven() {
        double[][] train = {{0, 1}, {2, 3}, {4, 5}};
        Standardiser s = Standardiser.fit(train);
        double[][] test = {{100, -100}, {200, -200}};
        double[][] z = s.apply(test);
        // with the training statistics (mean 2, 3; SD sqrt(8/3)), not the test's (150, -150; SD 50)
        assertThat(z[0][0]).isCloseTo((100 - 2) / Math.sqrt(8.0 / 3), offset(DELTA));
        assertThat(z[1][1]).isCloseTo((-200 - 3) / Math.sqrt(8.0 / 3), offset(DELTA));
        assertThat(s).isEqualTo(Standardiser.fit(train));
    }

    @Test
    void missingValuesAreLeftOutOfTheFitAndBecomeTheTrainingMean() {
        Standardiser s = Standardiser.fit(new double[][] {{1, Double.NaN}, {3, Double.NaN}, {Double.NaN, Double.NaN}});
        assertThat(s.mean()).containsExactly(2, 0);
        assertThat(s.sd()).containsExactly(1, 0);
        assertThat(s.apply(new double[] {Double.NaN, 5})).containsExactly(0, 0);
    }

    @Test
    void infinitiesAndRaggedRowsAreRejected() {
        assertThatThrownBy(() -> Standardiser.fit(new double[][] {{1, Double.POSITIVE_INFINITY}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 0 feature 1");
        assertThatThrownBy(() -> Standardiser.fit(new double[][] {{1, 2}, {3}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 1 has 1 features");
        assertThatThrownBy(() -> Standardiser.fit(new double[0][])).isInstanceOf(IllegalArgumentException.class);
    }
}
