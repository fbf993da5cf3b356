package org.hemamet.synth;

import org.hemamet.cohort.Sequence;

/**
 * MR signal equations of the phantom (docs/phantom.md), per compartment and summed with weights
 * {@code ff} (fat) and {@code 1-ff} (water), times proton density.
 *
 * <ul>
 *   <li>spin echo (T1, T2, T1C): {@code S = PD (1 - e^(-TR/T1)) e^(-TE/T2)} (Bloch steady state, TE &lt;&lt; TR;
 *       Haacke et al., <i>Magnetic Resonance Imaging: Physical Principles and Sequence Design</i>, 1999, ch. 8)</li>
 *   <li>STIR: {@code S = PD |1 - 2 e^(-TI/T1) + e^(-TR/T1)| e^(-TE/T2)} (magnitude inversion recovery;
 *       Bydder &amp; Young, J Comput Assist Tomogr 1985;9:659)</li>
 *   <li>gadolinium: {@code 1/T1' = 1/T1 + r1 C} on the water compartment only (r1 in L/mmol/s)</li>
 *   <li>fat saturation (T1C): the fat compartment scaled by {@code 1 - eta}</li>
 * </ul>
 * Fat uses its FSE effective T2 on the long-echo-train sequences (T2, STIR).
 */
public final class SignalEquations {
    private SignalEquations() {}

    /** Acquisition parameters of one series, as written to its DICOM header. */
    public record Acquisition(
            Sequence sequence,
            double tr,
            double te,
            double ti,
            double fatSatEfficiency,
            double gadoliniumR1,
            double t1ScaleWater) {}

    public static double spinEcho(double tr, double te, double t1, double t2) {
        return (1 - Math.exp(-tr / t1)) * Math.exp(-te / t2);
    }

    public static double stir(double tr, double te, double ti, double t1, double t2) {
        return Math.abs(1 - 2 * Math.exp(-ti / t1) + Math.exp(-tr / t1)) * Math.exp(-te / t2);
    }

    /** T1 shortened by gadolinium: {@code 1/T1' = 1/T1 + r1 C}, r1 in L/mmol/s, T1 in ms. */
    public static double t1WithGadolinium(double t1Ms, double r1PerMmolPerS, double cMmol) {
        return 1.0 / (1.0 / t1Ms + r1PerMmolPerS * cMmol / 1000.0);
    }

    /** Water-compartment signal per unit PD. */
    public static double water(Tissue.Sample t, Acquisition a) {
        double t1 = t.t1Water() * a.t1ScaleWater();
        return switch (a.sequence()) {
            case T1, T2 -> spinEcho(a.tr(), a.te(), t1, t.t2Water());
            case STIR -> stir(a.tr(), a.te(), a.ti(), t1, t.t2Water());
            case T1C -> spinEcho(a.tr(), a.te(), t1WithGadolinium(t1, a.gadoliniumR1(), t.uptake()), t.t2Water());
        };
    }

    /** Fat-compartment signal per unit PD, before fat saturation (see {@link #fatSuppression}). */
    public static double fat(Tissue.Sample t, Acquisition a) {
        return switch (a.sequence()) {
            case T1, T1C -> spinEcho(a.tr(), a.te(), t.t1Fat(), t.t2Fat());
            case T2 -> spinEcho(a.tr(), a.te(), t.t1Fat(), t.t2FatFse());
            case STIR -> stir(a.tr(), a.te(), a.ti(), t.t1Fat(), t.t2FatFse());
        };
    }

    /** Factor on the fat compartment: {@code 1 - eta} for the fat-saturated T1C, else 1. */
    public static double fatSuppression(Acquisition a, double eta) {
        return a.sequence() == Sequence.T1C ? 1 - eta : 1;
    }

    /** Total signal of a tissue (no texture, no bias, no noise). */
    public static double signal(Tissue.Sample t, Acquisition a) {
        return t.pd() * ((1 - t.ff()) * water(t, a) + t.ff() * fat(t, a) * fatSuppression(a, a.fatSatEfficiency()));
    }
}
