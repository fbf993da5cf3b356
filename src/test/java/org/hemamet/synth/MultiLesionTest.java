package org.hemamet.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hemamet.cohort.Diagnosis;
import org.hemamet.core.HemametException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Patients with several annotated lesions: their share, their levels, their masks (sampling only: fast). */
class MultiLesionTest {
    static final PhantomParameters P = PhantomParameters.defaults();

    @TempDir
    Path tmp;

    private static List<PatientScene> scenes(PhantomParameters p, int patients, long seed) {
        List<PatientPlan> plans =
                CohortSynthesizer.plan(p, new CohortSynthesizer.Options(patients, seed, null, 256, 1));
        SceneSampler sampler = new SceneSampler(p, 256);
        return plans.stream().map(sampler::sample).toList();
    }

    @Test
    void theDefaultCohortHasTheTablesShareOfPatientsWithTwoOrThreeLesions() {
        Map<Diagnosis, int[]> byDx = new EnumMap<>(Diagnosis.class);
        int lesions = 0;
        for (PatientScene s : scenes(P, 0, 42)) {
            int n = s.geometry().lesionLevels().length;
            assertThat(n).isBetween(1, P.maxLesionsPerPatient());
            lesions += n;
            int[] c = byDx.computeIfAbsent(s.plan().diagnosis(), d -> new int[2]);
            c[0]++;
            c[1] += n > 1 ? 1 : 0;
            // each annotated lesion at a level of its own, and no unannotated lesion shares it
            Set<Integer> levels = new HashSet<>();
            for (SpineAnatomy.Lesion l : s.anatomy().lesions) {
                assertThat(levels.add(l.level())).as("one lesion per level").isTrue();
            }
        }
        int patients = byDx.values().stream().mapToInt(c -> c[0]).sum();
        assertThat(patients).isEqualTo(352); // the paper's patient counts stay
        assertThat(byDx.get(Diagnosis.HEMANGIOMA)[0]).isEqualTo(109);
        int metPatients = 0;
        int metMulti = 0;
        for (Map.Entry<Diagnosis, int[]> e : byDx.entrySet()) {
            if (e.getKey().isMetastasis()) {
                metPatients += e.getValue()[0];
                metMulti += e.getValue()[1];
            }
        }
        double met = (double) metMulti / metPatients;
        double hem = (double) byDx.get(Diagnosis.HEMANGIOMA)[1] / byDx.get(Diagnosis.HEMANGIOMA)[0];
        // table: 0.25-0.3 for the metastasis classes, 0.1 for hemangiomas (binomial 99 % bands)
        // seed 42: metastases 73 / 243, hemangiomas 13 / 109, 483 lesions
        assertThat(met).isBetween(0.20, 0.37);
        assertThat(hem).isBetween(0.02, 0.2);
        assertThat(lesions).isBetween(352 + 60, 352 + 140);
    }

    @Test
    void everyAnnotatedLesionHasItsOwnNonEmptyMaskOnTheKeySlice() {
        int checked = 0;
        for (PatientScene s : scenes(P, 24, 3)) {
            int n = s.geometry().lesionLevels().length;
            if (n < 2) {
                continue;
            }
            SceneRenderer.SliceLabels labels =
                    SceneRenderer.labels(s, s.geometry().keySlice());
            PatientScene.Series series = s.series().values().iterator().next();
            SeriesSignal signal = new SeriesSignal(series, s.tissues(), 256);
            boolean[] union = new boolean[256 * 256];
            for (int a = 1; a <= n; a++) {
                boolean[] m = signal.lesionMask(labels, a);
                assertThat(ContrastMeasurement.count(m)).as("L" + a).isGreaterThan(10);
                for (int i = 0; i < m.length; i++) {
                    assertThat(union[i] && m[i])
                            .as("masks of two lesions overlap")
                            .isFalse();
                    union[i] |= m[i];
                }
            }
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aFractionOfZeroGivesTheSingleLesionSceneDrawForDraw() throws Exception {
        Path f = tmp.resolve("p.json");
        Files.writeString(
                f,
                "{\"cohort\": {\"multi_lesion_fraction\": {\"hemangioma\": 0, \"breast\": 0, \"lung\": 0,"
                        + " \"prostate\": 0, \"rcc\": 0, \"myeloma\": 0}}}");
        List<PatientScene> single = scenes(PhantomParameters.withOverrides(f), 40, 9);
        List<PatientScene> multi = scenes(P, 40, 9);
        int differing = 0;
        for (int i = 0; i < single.size(); i++) {
            PatientScene a = single.get(i);
            PatientScene b = multi.get(i);
            assertThat(a.geometry().lesionLevels()).hasSize(1);
            assertThat(b.geometry().lesionLevels()[0]).isEqualTo(a.geometry().lesionLevels()[0]);
            assertThat(b.lesion()).isEqualTo(a.lesion());
            assertThat(b.anatomy().lesions.subList(0, a.anatomy().lesions.size()))
                    .usingRecursiveComparison()
                    .isEqualTo(a.anatomy().lesions);
            differing += b.geometry().lesionLevels().length > 1 ? 1 : 0;
        }
        assertThat(differing).isPositive();
    }

    @Test
    void aFractionOutsideZeroToOneOrABadMaximumIsRefusedNamingTheValue() throws Exception {
        Path f = tmp.resolve("p.json");
        Files.writeString(f, "{\"cohort\": {\"multi_lesion_fraction\": {\"lung\": 1.5}}}");
        assertThatThrownBy(() -> PhantomParameters.withOverrides(f))
                .isInstanceOf(HemametException.class)
                .hasMessage(f + ": cohort.multi_lesion_fraction.lung must be in [0, 1], got 1.5");
        Files.writeString(f, "{\"cohort\": {\"max_lesions_per_patient\": 0}}");
        assertThatThrownBy(() -> PhantomParameters.withOverrides(f))
                .isInstanceOf(HemametException.class)
                .hasMessage(f + ": cohort.max_lesions_per_patient must be a whole number in [1, 5], got 0.0");
    }
}
