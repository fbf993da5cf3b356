package org.hemamet.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hemamet.cohort.Sequence;
import org.junit.jupiter.api.Test;

/** The three steps of a patient: sampling draws everything, forming the clean image draws nothing. */
class SceneRendererTest {
    static final PhantomParameters P = PhantomParameters.defaults();

    static PatientScene scene(long seed, int patient) {
        List<PatientPlan> plans = CohortSynthesizer.plan(P, new CohortSynthesizer.Options(18, seed, null, 256, 1));
        return new SceneSampler(P, 256).sample(plans.get(patient));
    }

    @Test
    void theSamePlanGivesTheSameScene() {
        PatientScene a = scene(3, 4);
        PatientScene b = scene(3, 4);
        assertThat(a.geometry().sliceX()).containsExactly(b.geometry().sliceX());
        assertThat(a.geometry().keySlice()).isEqualTo(b.geometry().keySlice());
        assertThat(a.tissues().lesion()).isEqualTo(b.tissues().lesion());
        assertThat(a.lesion()).isEqualTo(b.lesion());
        assertThat(a.series().keySet()).isEqualTo(b.series().keySet());
        for (Sequence q : a.series().keySet()) {
            assertThat(a.series().get(q).acquisition())
                    .isEqualTo(b.series().get(q).acquisition());
            assertThat(a.series().get(q).noise().nextLong())
                    .isEqualTo(b.series().get(q).noise().nextLong());
        }
    }

    @Test
    void theCleanImageIsAFunctionOfTheSceneAndDrawsNothing() {
        PatientScene a = scene(5, 0);
        PatientScene b = scene(5, 0);
        int key = a.geometry().keySlice();
        SceneRenderer.SliceLabels first = SceneRenderer.labels(a, key);
        SceneRenderer.SliceLabels again = SceneRenderer.labels(a, key);
        assertThat(again.labels()).isEqualTo(first.labels());
        assertThat(again.texture()).isEqualTo(first.texture());
        assertThat(first.labels()).contains(Label.LESION);
        for (PatientScene.Series s : a.series().values()) {
            SeriesSignal signal = new SeriesSignal(s, a.tissues(), 256);
            float[] one =
                    signal.slice(first, a.texture().amplitude(), a.lesion().heterogeneity());
            float[] two =
                    signal.slice(again, a.texture().amplitude(), a.lesion().heterogeneity());
            assertThat(two).isEqualTo(one);
            // the series' stream is where the receiver will start: untouched by forming the clean image
            assertThat(s.noise().nextLong())
                    .isEqualTo(b.series().get(s.sequence()).noise().nextLong());
        }
    }

    @Test
    void everySubtypeCarriesTissuesOfTheTable() {
        for (LesionSubtype s : LesionSubtype.values()) {
            assertThat(P.tissue(s.tissue()).name()).isEqualTo(s.tissue());
            assertThat(s.secondaryTissue() == null).isEqualTo(s.mix() == LesionSubtype.Mix.NONE);
        }
    }
}
