package org.hemamet.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.hemamet.cohort.Diagnosis;
import org.hemamet.core.HemametException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhantomParametersTest {
    @TempDir
    Path tmp;

    @Test
    void defaultsReproduceThePaperCohort() {
        PhantomParameters p = PhantomParameters.defaults();
        Map<Diagnosis, Integer> c = CohortSynthesizer.counts(p, 0);
        assertThat(c.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(352);
        assertThat(c.get(Diagnosis.HEMANGIOMA)).isEqualTo(109);
        assertThat(352 - c.get(Diagnosis.HEMANGIOMA)).isEqualTo(243);
        assertThat(p.scanners()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void scalingKeepsTheTotalAndAFewOfEachClass() {
        Map<Diagnosis, Integer> c = CohortSynthesizer.counts(PhantomParameters.defaults(), 30);
        assertThat(c.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(30);
        assertThat(c.values()).allMatch(n -> n >= CohortSynthesizer.MIN_PER_CLASS);
        assertThat(c.get(Diagnosis.HEMANGIOMA)).isGreaterThan(c.get(Diagnosis.RCC));
        assertThatThrownBy(() -> CohortSynthesizer.counts(PhantomParameters.defaults(), 10))
                .isInstanceOf(HemametException.class)
                .hasMessage("--patients must be at least 18 (3 per diagnosis), got 10");
    }

    @Test
    void overridesMergeAndUnknownKeysAreRejected() throws Exception {
        Path f = tmp.resolve("p.json");
        Files.writeString(
                f, "{\"tissues\": {\"csf\": {\"t2_water\": [1500, 1600]}}, \"cohort\": {\"atypical_fraction\": 0.5}}");
        PhantomParameters p = PhantomParameters.withOverrides(f);
        assertThat(p.tissue("csf").t2Water()).isEqualTo(new Range(1500, 1600));
        assertThat(p.tissue("csf").t1Water()).isEqualTo(new Range(4000, 4000));
        assertThat(p.num("cohort.atypical_fraction")).isEqualTo(0.5);

        Files.writeString(f, "{\"image\": {\"snrr\": [1, 2]}}");
        assertThatThrownBy(() -> PhantomParameters.withOverrides(f))
                .isInstanceOf(HemametException.class)
                .hasMessage(f + ": unknown parameter 'image.snrr'");
        Files.writeString(f, "{\"cohort\": {\"atypical_fraction\": 2}}");
        assertThatThrownBy(() -> PhantomParameters.withOverrides(f))
                .isInstanceOf(HemametException.class)
                .hasMessage(f + ": cohort.atypical_fraction must be in [0, 1], got 2.0");
    }

    /** Issue 16: values that used to be accepted (or crash mid-synthesis, exit 4) are refused at load, named. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "{\"cohort\": {\"age_sd\": \"ten\"}}|parameter 'cohort.age_sd' must be a number",
                "{\"cohort\": {\"age_sd\": -10}}|cohort.age_sd must be in [0, 50] years, got -10.0",
                "{\"cohort\": {\"age_range\": [90, 20]}}|cohort.age_range must be a range [lo, hi] with lo <= hi, got [90, 20]",
                "{\"cohort\": {\"age_range\": [-5, 80]}}|cohort.age_range must lie in [0, 120] years, got [-5.0, 80.0]",
                "{\"cohort\": {\"missing_stir\": -0.5}}|cohort.missing_stir must be in [0, 1], got -0.5",
                "{\"cohort\": {\"female_fraction\": {\"lung\": 1.7}}}|cohort.female_fraction.lung must be in [0, 1], got 1.7"
            })
    void badValuesAreRefusedWhenLoadedNamingTheParameter(String json, String message) throws Exception {
        Path f = tmp.resolve("bad.json");
        Files.writeString(f, json);
        assertThatThrownBy(() -> PhantomParameters.withOverrides(f))
                .isInstanceOf(HemametException.class)
                .hasMessage(f + ": " + message);
    }

    @Test
    void subtypesAreTheEnumAndAnUnknownOneIsRejectedWhenLoaded() throws Exception {
        PhantomParameters p = PhantomParameters.defaults();
        assertThat(p.subtypes(Diagnosis.MYELOMA))
                .containsOnlyKeys(LesionSubtype.MYELOMA_FOCAL, LesionSubtype.MYELOMA_DIFFUSE);
        assertThat(LesionSubtype.MIXED.tissue()).isEqualTo("metastasis_lytic");
        assertThat(LesionSubtype.MIXED.secondaryTissue()).isEqualTo("metastasis_sclerotic");
        for (LesionSubtype s : LesionSubtype.values()) {
            assertThat(LesionSubtype.parse(s.id())).isSameAs(s);
            assertThat(p.tissue(s.tissue())).isNotNull();
            if (s.secondaryTissue() != null) {
                assertThat(p.tissue(s.secondaryTissue())).isNotNull();
            }
        }
        Path f = tmp.resolve("p.json");
        Files.writeString(f, "{\"subtypes\": {\"breast\": {\"blastic\": 0.2}}}");
        assertThatThrownBy(() -> PhantomParameters.withOverrides(f))
                .isInstanceOf(HemametException.class)
                .hasMessageStartingWith(f + ": subtypes.breast: unknown lesion subtype 'blastic' (known: ");
    }
}
