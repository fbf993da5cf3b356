package org.hemamet.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.hemamet.cohort.Sequence;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contrasts of docs/phantom.md measured on generated DICOM with the true masks. Every threshold is the
 * signal equations applied to the parameter table's central values (with the acquisition read from each
 * file's header and the patient's age-dependent marrow fat fraction), and measured means must land on the
 * expected side with a margin of three standard errors of the measured ratios.
 */
class ContrastPhysicsTest {
    static List<ContrastMeasurement.Row> rows;
    static PhantomParameters p = PhantomParameters.defaults();

    @BeforeAll
    static void measure() {
        rows = ContrastMeasurement.measure(SynthFixture.out());
    }

    /** Expected lesion/marrow ratio from the table centres and the signal equations. */
    static double expected(ContrastMeasurement.Row r, String tissue, boolean contrast) {
        SignalEquations.Acquisition a = new SignalEquations.Acquisition(
                r.sequence(),
                r.tr(),
                r.te(),
                r.ti(),
                r.sequence() == Sequence.T1C
                        ? p.range("sequences.T1C.fat_sat_efficiency").mid()
                        : 0,
                p.num("gadolinium_r1"),
                p.scanner(r.scanner()).t1ScaleWater());
        Tissue.Sample les = p.tissue(tissue).centre();
        if (!contrast) {
            les = les.withoutContrast();
        }
        Tissue.Sample marrow = p.tissue("marrow").centre().withFf(r.marrowFf());
        return SignalEquations.signal(les, a) / SignalEquations.signal(marrow, a);
    }

    /** The tissue a lesion's ratio is expected from; none for mixed lesions (two tissues in patches). */
    static String tissueOf(LesionSubtype subtype) {
        return subtype == LesionSubtype.MIXED ? null : subtype.tissue();
    }

    record Group(double measuredMean, double se, double expectedMean, int n) {}

    static Group group(Sequence q, Predicate<ContrastMeasurement.Row> which, boolean contrast) {
        List<Double> m = new ArrayList<>();
        double e = 0;
        for (ContrastMeasurement.Row r : rows) {
            if (r.sequence() == q && which.test(r) && tissueOf(r.subtype()) != null) {
                m.add(r.ratio());
                e += expected(r, tissueOf(r.subtype()), contrast);
            }
        }
        assertThat(m).as("lesions in group for " + q).hasSizeGreaterThanOrEqualTo(2);
        double mean = m.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double var = m.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / (m.size() - 1);
        return new Group(mean, Math.sqrt(var / m.size()), e / m.size(), m.size());
    }

    static final Predicate<ContrastMeasurement.Row> TYPICAL = r -> r.subtype() == LesionSubtype.HEMANGIOMA_TYPICAL;
    static final Predicate<ContrastMeasurement.Row> METASTASIS =
            r -> !r.diagnosis().equals("hemangioma") && r.subtype() != LesionSubtype.MIXED;
    static final Predicate<ContrastMeasurement.Row> LYTIC =
            r -> r.subtype() == LesionSubtype.LYTIC || r.subtype() == LesionSubtype.RCC;
    static final Predicate<ContrastMeasurement.Row> SCLEROTIC = r -> r.subtype() == LesionSubtype.SCLEROTIC;

    @Test
    void typicalHemangiomaIsBrighterThanMetastasesOnT1() {
        Group hem = group(Sequence.T1, TYPICAL, true);
        Group met = group(Sequence.T1, METASTASIS, true);
        assertThat(hem.expectedMean()).isGreaterThan(met.expectedMean());
        double threshold = (hem.expectedMean() + met.expectedMean()) / 2;
        assertThat(hem.measuredMean() - 3 * hem.se()).isGreaterThan(threshold);
        assertThat(met.measuredMean() + 3 * met.se()).isLessThan(threshold);
    }

    @Test
    void hemangiomasAndLyticMetastasesAreBothBrightOnStir() {
        for (Predicate<ContrastMeasurement.Row> g : List.of(TYPICAL, LYTIC)) {
            Group s = group(Sequence.STIR, g, true);
            assertThat(s.expectedMean()).isGreaterThan(1);
            assertThat(s.measuredMean() - 3 * s.se()).isGreaterThan(1);
        }
    }

    @Test
    void scleroticMetastasesAreDarkOnAllSequences() {
        for (Sequence q : Sequence.values()) {
            Group s = group(q, SCLEROTIC, true);
            assertThat(s.expectedMean()).as(q.name()).isLessThan(1);
            assertThat(s.measuredMean() + 3 * s.se()).as(q.name()).isLessThan(1);
        }
    }

    /**
     * Enhancement, paired per lesion: the measured T1C ratio minus the ratio the equations give for the same
     * lesion (its true fat fraction, PD, T1, T2 from the ground truth) without gadolinium must exceed 0.05 for
     * every lesion (the ROI mean's noise is about (1/SNR)/sqrt(pixels) &lt; 0.02), and on average be at least half
     * the enhancement the equations predict (the rest is trabecular bone, texture and partial volume).
     */
    @Test
    void hemangiomasAndLyticMetastasesEnhanceAfterContrast() {
        for (Predicate<ContrastMeasurement.Row> g : List.of(TYPICAL, LYTIC)) {
            List<Double> diff = new ArrayList<>();
            List<Double> predicted = new ArrayList<>();
            for (ContrastMeasurement.Row r : rows) {
                if (r.sequence() == Sequence.T1C && g.test(r)) {
                    Tissue.Sample table = p.tissue(tissueOf(r.subtype())).centre();
                    Tissue.Sample noGd = new Tissue.Sample(
                            "lesion",
                            r.lesionFf(),
                            r.lesionPd(),
                            r.lesionT1Water(),
                            r.lesionT2Water(),
                            table.t1Fat(),
                            table.t2Fat(),
                            table.t2FatFse(),
                            0);
                    Tissue.Sample withGd = new Tissue.Sample(
                            "lesion",
                            r.lesionFf(),
                            r.lesionPd(),
                            r.lesionT1Water(),
                            r.lesionT2Water(),
                            table.t1Fat(),
                            table.t2Fat(),
                            table.t2FatFse(),
                            r.lesionUptake());
                    SignalEquations.Acquisition a = new SignalEquations.Acquisition(
                            Sequence.T1C,
                            r.tr(),
                            r.te(),
                            r.ti(),
                            r.fatSatEfficiency(),
                            p.num("gadolinium_r1"),
                            p.scanner(r.scanner()).t1ScaleWater());
                    Tissue.Sample marrow = p.tissue("marrow").centre().withFf(r.marrowFf());
                    double eNo = SignalEquations.signal(noGd, a) / SignalEquations.signal(marrow, a);
                    double eGd = SignalEquations.signal(withGd, a) / SignalEquations.signal(marrow, a);
                    assertThat(eGd).isGreaterThan(eNo);
                    assertThat(r.ratio() - eNo).as(r.patientId()).isGreaterThan(0.05);
                    diff.add(r.ratio() - eNo);
                    predicted.add(eGd - eNo);
                }
            }
            assertThat(diff).hasSizeGreaterThanOrEqualTo(2);
            double mean =
                    diff.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double pred = predicted.stream()
                    .mapToDouble(Double::doubleValue)
                    .average()
                    .orElseThrow();
            assertThat(mean).isGreaterThan(0.5 * pred);
        }
    }

    @Test
    void measuredRatiosFollowTheSignalEquations() {
        // partial volume, trabecular texture, corduroy trabeculae and Rician bias move single ratios; class means
        // stay within 25 % of the equations' prediction on the spin-echo sequences
        for (Sequence q : List.of(Sequence.T1, Sequence.T2)) {
            for (Predicate<ContrastMeasurement.Row> g : List.of(TYPICAL, LYTIC, SCLEROTIC)) {
                Group s = group(q, g, true);
                assertThat(s.measuredMean() / s.expectedMean()).as(q + " " + s).isBetween(0.75, 1.25);
            }
        }
    }
}
