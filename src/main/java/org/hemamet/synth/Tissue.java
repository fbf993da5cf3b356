package org.hemamet.synth;

import java.util.SplittableRandom;

/**
 * A tissue of the phantom as a fat/water compartment model (docs/phantom.md): fat fraction {@code ff},
 * proton density {@code pd}, water-compartment T1/T2 (ms), fat-compartment T1/T2 (ms, with the longer
 * effective T2 of fat under fast spin echo) and gadolinium uptake (mmol/L). Ranges are the parameter table;
 * {@link #sample} draws one patient's values.
 */
public record Tissue(
        String name,
        Range ff,
        Range pd,
        Range t1Water,
        Range t2Water,
        Range t1Fat,
        Range t2Fat,
        Range t2FatFse,
        Range uptake) {

    /** One concrete draw of a tissue. */
    public record Sample(
            String name,
            double ff,
            double pd,
            double t1Water,
            double t2Water,
            double t1Fat,
            double t2Fat,
            double t2FatFse,
            double uptake) {
        /** The same tissue with another fat fraction. */
        public Sample withFf(double f) {
            return new Sample(name, f, pd, t1Water, t2Water, t1Fat, t2Fat, t2FatFse, uptake);
        }

        /** The same tissue with no contrast agent. */
        public Sample withoutContrast() {
            return new Sample(name, ff, pd, t1Water, t2Water, t1Fat, t2Fat, t2FatFse, 0);
        }
    }

    public Sample sample(SplittableRandom rnd) {
        return new Sample(
                name,
                ff.sample(rnd),
                pd.sample(rnd),
                t1Water.sample(rnd),
                t2Water.sample(rnd),
                t1Fat.sample(rnd),
                t2Fat.sample(rnd),
                t2FatFse.sample(rnd),
                uptake.sample(rnd));
    }

    /** The centre of every range (used to derive expected contrasts). */
    public Sample centre() {
        return new Sample(
                name,
                ff.mid(),
                pd.mid(),
                t1Water.mid(),
                t2Water.mid(),
                t1Fat.mid(),
                t2Fat.mid(),
                t2FatFse.mid(),
                uptake.mid());
    }
}
