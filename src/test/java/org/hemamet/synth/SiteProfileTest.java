package org.hemamet.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hemamet.cohort.Diagnosis;
import org.hemamet.cohort.Sequence;
import org.hemamet.core.HemametException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The second site: another seed, scanner park, protocol, image quality and case mix; the same diseases. */
class SiteProfileTest {
    @TempDir
    Path tmp;

    @Test
    void siteAIsTheBuiltInTableAndSiteBDiffersWhereAHospitalDoes() {
        PhantomParameters a = PhantomParameters.site("A");
        PhantomParameters b = PhantomParameters.site("B");
        assertThat(a.asJson()).isEqualTo(PhantomParameters.defaults().asJson());
        assertThat(a.siteName()).isEqualTo("A");
        assertThat(a.siteSeed()).isEqualTo(42);
        assertThat(b.siteName()).isEqualTo("B");
        assertThat(b.siteSeed()).isNotEqualTo(a.siteSeed());
        // scanners: other vendors, mostly 3 T
        Set<String> vendorsA = a.scanners().stream()
                .map(PhantomParameters.Scanner::manufacturer)
                .collect(Collectors.toSet());
        assertThat(b.scanners())
                .extracting(PhantomParameters.Scanner::manufacturer)
                .contains("CANON_MEC");
        assertThat(vendorsA).doesNotContain("CANON_MEC");
        assertThat(b.scanners().stream()
                        .filter(s -> s.fieldStrength() == 3.0)
                        .mapToDouble(PhantomParameters.Scanner::weight)
                        .sum())
                .isGreaterThan(0.5);
        // protocol, noise, coil bias, slice thickness
        assertThat(b.range("sequences.T1.tr")).isNotEqualTo(a.range("sequences.T1.tr"));
        assertThat(b.range("sequences.STIR.ti").lo())
                .isGreaterThan(a.range("sequences.STIR.ti").lo());
        assertThat(b.range("image.snr").hi()).isLessThan(a.range("image.snr").hi());
        assertThat(b.range("image.coil_bias").hi())
                .isGreaterThan(a.range("image.coil_bias").hi());
        assertThat(b.range("image.slice_thickness_mm").lo())
                .isGreaterThanOrEqualTo(a.range("image.slice_thickness_mm").hi());
        // case mix: other counts, another share of each primary
        int totalB = 0;
        for (Diagnosis d : Diagnosis.values()) {
            totalB += b.count(d);
        }
        assertThat(totalB).isNotEqualTo(352);
        assertThat((double) b.count(Diagnosis.LUNG) / totalB).isGreaterThan((double) a.count(Diagnosis.LUNG) / 352);
        assertThat(b.num("cohort.atypical_fraction")).isNotEqualTo(a.num("cohort.atypical_fraction"));
        // the diseases are the same at both sites
        for (String t : List.of("marrow", "hemangioma_typical", "metastasis_lytic", "metastasis_sclerotic")) {
            assertThat(b.tissue(t)).isEqualTo(a.tissue(t));
        }
    }

    @Test
    void aSiteBCohortIsImagedOnSiteBScannersAndTheSiteIsInTheTable() {
        PhantomParameters b = PhantomParameters.site("B");
        List<PatientPlan> plans =
                CohortSynthesizer.plan(b, new CohortSynthesizer.Options(40, b.siteSeed(), null, 256, 1));
        Set<String> names =
                b.scanners().stream().map(PhantomParameters.Scanner::name).collect(Collectors.toSet());
        assertThat(plans).allMatch(p -> names.contains(p.scanner().name()));
        assertThat(b.asJson().get("site").get("name").asText()).isEqualTo("B");
        PatientScene s = new SceneSampler(b, 256).sample(plans.get(0));
        assertThat(s.geometry().thickness()).isBetween(4.0, 5.0);
        if (s.series().containsKey(Sequence.STIR)) {
            assertThat(s.series().get(Sequence.STIR).acquisition().ti()).isBetween(170.0, 220.0);
        }
    }

    @Test
    void paramsMergeOverTheSiteAndAnUnknownSiteIsOneLine() throws Exception {
        Path f = tmp.resolve("p.json");
        Files.writeString(f, "{\"cohort\": {\"atypical_fraction\": 0.1}}");
        PhantomParameters b = PhantomParameters.site("B").with(f);
        assertThat(b.num("cohort.atypical_fraction")).isEqualTo(0.1);
        assertThat(b.siteName()).isEqualTo("B");
        assertThat(b.source()).endsWith("sites/B.json + " + f);
        assertThatThrownBy(() -> PhantomParameters.site("C"))
                .isInstanceOf(HemametException.class)
                .hasMessage("--site: unknown site 'C' (known: A, B)");
        assertThatThrownBy(() -> PhantomParameters.site("../phantom-defaults"))
                .isInstanceOf(HemametException.class)
                .hasMessageStartingWith("--site: unknown site '../phantom-defaults'");
    }
}
