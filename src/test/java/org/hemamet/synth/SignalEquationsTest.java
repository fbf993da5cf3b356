package org.hemamet.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hemamet.cohort.Sequence;
import org.junit.jupiter.api.Test;

class SignalEquationsTest {
    private static final double DELTA = 1e-9;

    @Test
    void spinEchoByHand() {
        // TR = T1, TE = T2: (1 - e^-1) e^-1
        assertThat(SignalEquations.spinEcho(500, 50, 500, 50))
                .isCloseTo((1 - Math.exp(-1)) * Math.exp(-1), within(DELTA));
    }

    @Test
    void stirNullsFatAtTiEqualT1Ln2() {
        double t1 = 260;
        assertThat(SignalEquations.stir(1e9, 0, t1 * Math.log(2), t1, 85)).isCloseTo(0, within(1e-9));
        // long TI: fully recovered magnitude
        assertThat(SignalEquations.stir(1e9, 0, 1e9, t1, 85)).isCloseTo(1, within(1e-9));
    }

    @Test
    void gadoliniumShortensT1() {
        // 1/T1' = 1/1000 + 4.5 * 0.2 / 1000 = 1.9e-3  -> 526.3 ms
        assertThat(SignalEquations.t1WithGadolinium(1000, 4.5, 0.2)).isCloseTo(1000 / 1.9, within(1e-6));
    }

    @Test
    void fatSaturationScalesOnlyTheFatCompartment() {
        Tissue.Sample fat = new Tissue.Sample("fat", 1, 1, 1000, 50, 260, 85, 130, 0);
        SignalEquations.Acquisition t1 = new SignalEquations.Acquisition(Sequence.T1, 500, 10, Double.NaN, 0.9, 4.5, 1);
        SignalEquations.Acquisition t1c =
                new SignalEquations.Acquisition(Sequence.T1C, 500, 10, Double.NaN, 0.9, 4.5, 1);
        assertThat(SignalEquations.signal(fat, t1c)).isCloseTo(0.1 * SignalEquations.signal(fat, t1), within(DELTA));
    }
}
