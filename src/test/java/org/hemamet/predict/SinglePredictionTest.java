package org.hemamet.predict;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The text output's probabilities never round a saturated network output to a certainty. */
class SinglePredictionTest {
    @Test
    void probabilitiesThatWouldRoundToZeroOrOneSaySo() {
        assertThat(SinglePrediction.probability(0.99996)).isEqualTo("> 0.999");
        assertThat(SinglePrediction.probability(1.0)).isEqualTo("> 0.999");
        assertThat(SinglePrediction.probability(0.00004)).isEqualTo("< 0.001");
        assertThat(SinglePrediction.probability(0.0)).isEqualTo("< 0.001");
        assertThat(SinglePrediction.probability(0.9994)).isEqualTo("= 0.999");
        assertThat(SinglePrediction.probability(0.0005)).isEqualTo("= 0.001");
        assertThat(SinglePrediction.probability(0.8734)).isEqualTo("= 0.873");
    }
}
