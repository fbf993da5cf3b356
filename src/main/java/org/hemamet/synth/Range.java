package org.hemamet.synth;

import java.util.SplittableRandom;

/** A closed interval of a phantom parameter, sampled uniformly. */
public record Range(double lo, double hi) {
    public Range {
        if (!(lo <= hi) || Double.isNaN(lo) || Double.isNaN(hi)) {
            throw new IllegalArgumentException("range lo > hi: [" + lo + ", " + hi + "]");
        }
    }

    public double mid() {
        return 0.5 * (lo + hi);
    }

    public double sample(SplittableRandom rnd) {
        return lo == hi ? lo : lo + (hi - lo) * rnd.nextDouble();
    }

    public int sampleInt(SplittableRandom rnd) {
        return (int) Math.round(sample(rnd));
    }
}
