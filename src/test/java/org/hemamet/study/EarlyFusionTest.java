package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.cohort.Diagnosis;
import org.hemamet.cohort.Sequence;
import org.hemamet.core.HemametException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Early fusion without networks (fast): the channel stack, the join of crops per lesion, the patient split. */
class EarlyFusionTest {
    static final Comparison CMP = Comparison.parse("hemangioma-vs-metastases");

    @TempDir
    Path tmp;

    static DatasetSample sample(int patient, String lesion, Sequence seq, Diagnosis d) {
        String p = String.format("p%03d", patient);
        return DatasetSample.builder(
                        p + "_" + lesion + "_" + seq,
                        p,
                        lesion,
                        d,
                        seq,
                        "crops/" + p + "_" + lesion + "_" + seq + ".png")
                .roi("rect", 0, 0, 8, 8)
                .build();
    }

    @Test
    void aMissingSequenceIsAZeroChannelWithAZeroAvailabilityPlane() {
        int s = 8;
        float[] t1 = new float[s * s];
        Arrays.fill(t1, 0.25f);
        t1[5] = 0.9f;
        float[] x = EarlyFusion.stack(Arrays.asList(t1, null), s);
        assertThat(x).hasSize(EarlyFusion.channels(2) * s * s).hasSize(4 * s * s);
        assertThat(Arrays.copyOfRange(x, 0, s * s)).containsExactly(t1);
        assertThat(Arrays.copyOfRange(x, s * s, 2 * s * s)).containsOnly(0f); // T2 missing: zeros
        assertThat(Arrays.copyOfRange(x, 2 * s * s, 3 * s * s)).containsOnly(1f); // T1 present
        assertThat(Arrays.copyOfRange(x, 3 * s * s, 4 * s * s)).containsOnly(0f); // T2 absent
        assertThatThrownBy(() -> EarlyFusion.stack(Arrays.asList(new float[3], null), s))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLesionsCropsAreJoinedAcrossSequencesByPatientAndLesionInChannelOrder() {
        List<DatasetSample> samples = List.of(
                sample(1, "L1", Sequence.T2, Diagnosis.LUNG),
                sample(1, "L1", Sequence.T1, Diagnosis.LUNG),
                sample(1, "L2", Sequence.T1, Diagnosis.LUNG), // the same patient, another lesion: its own case
                sample(2, "L1", Sequence.T2, Diagnosis.HEMANGIOMA), // T2 only
                sample(2, "L1", Sequence.STIR, Diagnosis.HEMANGIOMA), // a sequence the cell does not fuse
                sample(3, "L1", Sequence.T1, Diagnosis.BREAST)); // not in hemangioma vs lung
        CellId cell = CellId.earlyFused(List.of(Sequence.T1, Sequence.T2), Comparison.parse("hemangioma-vs-lung"), 0);
        List<CellPartition.Case> cases = EarlyFusion.lesions(cell, samples);
        assertThat(cases).extracting(CellPartition.Case::lesionKey).containsExactly("p001/L1", "p001/L2", "p002/L1");
        CellPartition.Case both = cases.get(0);
        assertThat(both.channels()).extracting(DatasetSample::sequence).containsExactly(Sequence.T1, Sequence.T2);
        assertThat(both.label()).isEqualTo(1);
        assertThat(cases.get(1).channels().get(1)).isNull();
        assertThat(cases.get(2).channels().get(0)).isNull();
        assertThat(cases.get(2).channels().get(1).sequence()).isEqualTo(Sequence.T2);
        assertThat(cases.get(2).label()).isZero();
        assertThat(cases.get(2).sampleId()).isEqualTo("p002_L1_" + EarlyFusion.NAME_MODEL);
        assertThat(cases.get(2).cropPath()).isEmpty();
    }

    @Test
    void theFusedCellUsesTheComparisonsPatientSplitOfTheSequenceCells() {
        List<DatasetSample> samples = new ArrayList<>();
        for (int p = 0; p < 40; p++) {
            Diagnosis d = p % 2 == 0 ? Diagnosis.HEMANGIOMA : Diagnosis.BREAST;
            samples.add(sample(p, "L1", Sequence.T1, d));
            if (p % 4 != 1) {
                samples.add(sample(p, "L1", Sequence.T2, d));
            }
        }
        StudyConfig config = StudyFixtures.tinyConfig(7).withFusion(List.of(EarlyFusion.NAME));
        CellRunner runner = new CellRunner(config, samples, new CropLoader(tmp, 32), tmp);
        PatientSplit split = runner.splitFor(CMP, 0);
        CellPartition t1 = CellPartition.of(new CellId(Sequence.T1, CMP, 0), samples, split, config);
        CellPartition t2 = CellPartition.of(new CellId(Sequence.T2, CMP, 0), samples, split, config);
        CellId early = CellId.earlyFused(List.of(Sequence.T1, Sequence.T2), CMP, 0);
        CellPartition fused = CellPartition.of(early, samples, split, config);
        assertThat(patients(fused.test())).isEqualTo(union(patients(t1.test()), patients(t2.test())));
        Set<String> fusedTrain = patients(fused.train());
        fusedTrain.retainAll(union(patients(t1.test()), patients(t2.test())));
        assertThat(fusedTrain)
                .as("no test patient of a sequence cell trains the fused cell")
                .isEmpty();
        assertThat(fused.test()).allSatisfy(c -> assertThat(c.channels()).hasSize(2));
        assertThat(fused.rowCell(early).sequence()).isEqualTo("T1+T2");
        assertThat(early.id()).isEqualTo("fusion-early__hemangioma-vs-metastases__r0");
    }

    @Test
    void theStudyListsTheEarlyFusedCellAfterItsComparisonsSequencesAndRefusesOneSequence() {
        StudyConfig config = StudyFixtures.tinyConfig(7).withFusion(List.of(LateFusion.NAME, EarlyFusion.NAME));
        assertThat(StudyRunner.cells(config))
                .extracting(CellId::id)
                .containsExactly(
                        "T1__hemangioma-vs-metastases__r0",
                        "T2__hemangioma-vs-metastases__r0",
                        "fusion-early__hemangioma-vs-metastases__r0");
        StudyConfig one = config.toBuilder()
                .sequences(List.of(Sequence.T1))
                .fusion(List.of(EarlyFusion.NAME))
                .build();
        assertThatThrownBy(() -> one.validated("study.json"))
                .isInstanceOf(HemametException.class)
                .hasMessageContaining("needs >= 2 'sequences'");
    }

    private static Set<String> patients(List<CellPartition.Case> cases) {
        Set<String> s = new HashSet<>();
        cases.forEach(c -> s.add(c.sample().patientKey()));
        return s;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new HashSet<>(a);
        s.addAll(b);
        return s;
    }
}
