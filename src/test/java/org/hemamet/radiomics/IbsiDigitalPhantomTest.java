package org.hemamet.radiomics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Golden test: the IBSI 1 digital phantom (5 × 4 × 4 voxels, grey levels 1–6) and every reference value
 * of the manual for the intensity-based statistics and for the GLCM "2D, averaged" (fixtures in
 * ../shared/data/ibsi, see its README). The phantom is used without re-discretisation, as in the manual:
 * a fixed bin size of 1 from 1 returns its grey levels unchanged.
 *
 * <p>Tolerance: the manual's where it lists one, else half a unit in the third significant digit (the
 * values are printed to 3 significant digits, trailing zeros dropped), and never looser than half a unit
 * of the last printed digit.
 */
class IbsiDigitalPhantomTest {
    static final Path DIR = Path.of("..", "shared", "data", "ibsi");
    static final String STATISTICS = "Intensity-based statistical features";
    static final String GLCM = "Grey level co-occurrence based features";

    record Reference(String family, String feature, String code, String aggregation, String value, String tol) {
        double expected() {
            return Double.parseDouble(value);
        }

        double tolerance() {
            if (!tol.isBlank()) {
                return Double.parseDouble(tol);
            }
            double v = expected();
            double printed = 0.5 * Math.pow(10, -Math.max(0, new BigDecimal(value).scale()));
            if (v == 0) {
                return printed;
            }
            double significant = 0.5 * Math.pow(10, Math.floor(Math.log10(Math.abs(v))) - 2);
            return Math.min(printed, significant);
        }
    }

    record Outcome(Reference ref, double actual) {
        double deviation() {
            return Math.abs(actual - ref.expected());
        }

        boolean ok() {
            return deviation() <= ref.tolerance();
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%s %s: %.6g vs %s (|d| %.2g, tol %.2g)",
                    ref.code(),
                    ref.feature(),
                    actual,
                    ref.value(),
                    deviation(),
                    ref.tolerance());
        }
    }

    static RoiImage phantom;
    static List<Reference> references;

    @BeforeAll
    static void load() throws IOException {
        JsonNode json =
                new ObjectMapper().readTree(DIR.resolve("digital_phantom.json").toFile());
        int[] dim = ints(json.path("image").path("dim"));
        double[] values = Arrays.stream(ints(json.path("image").path("values")))
                .asDoubleStream()
                .toArray();
        int[] m = ints(json.path("mask").path("values"));
        boolean[] mask = new boolean[m.length];
        for (int i = 0; i < m.length; i++) {
            mask[i] = m[i] != 0;
        }
        phantom = new RoiImage(dim[0], dim[1], dim[2], values, mask);
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<Map<String, String>> it = new CsvMapper()
                .readerFor(Map.class)
                .with(schema)
                .readValues(DIR.resolve("reference_values_digital_phantom.csv").toFile())) {
            references = new ArrayList<>();
            while (it.hasNext()) {
                Map<String, String> r = it.next();
                references.add(new Reference(
                        r.get("family"),
                        r.get("feature"),
                        r.get("ibsi_code"),
                        r.get("aggregation"),
                        r.get("value"),
                        r.get("tolerance")));
            }
        }
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    @Test
    void theJsonHoldsTheSameVoxelsAsTheNifti() throws IOException {
        Nifti.Volume image = Nifti.read(DIR.resolve("phantom.nii.gz"));
        Nifti.Volume mask = Nifti.read(DIR.resolve("mask.nii.gz"));
        assertThat(image.dim()).containsExactly(phantom.width(), phantom.height(), phantom.depth());
        assertThat(image.values()).containsExactly(phantom.values());
        for (int i = 0; i < phantom.mask().length; i++) {
            assertThat(mask.values()[i] != 0).as("mask voxel %d", i).isEqualTo(phantom.mask()[i]);
        }
    }

    @Test
    void aFixedBinSizeOfOneKeepsThePhantomsGreyLevels() {
        GreyLevels g = new Discretisation.FixedBinSize(1, 1).apply(phantom);
        assertThat(g.count()).isEqualTo(6);
        for (int i = 0; i < g.levels().length; i++) {
            assertThat(g.levels()[i]).isEqualTo(phantom.mask()[i] ? (int) phantom.values()[i] : 0);
        }
    }

    @Test
    void everyIntensityBasedStatisticMatchesTheReference() {
        FeatureVector f = IntensityStatistics.compute(phantom);
        List<Outcome> outcomes = compare(STATISTICS, "", f, IntensityFeature.values());
        assertThat(outcomes).hasSize(18);
        report("intensity-based statistics", outcomes);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.ok()).as(o.toString()).isTrue());
    }

    @Test
    void everyGlcm2dAveragedFeatureMatchesTheReference() {
        FeatureVector f = GlcmFeatures.averaged2d(new Discretisation.FixedBinSize(1, 1).apply(phantom));
        List<Outcome> outcomes = compare(GLCM, "2D, averaged", f, GlcmFeature.values());
        assertThat(outcomes).hasSize(25);
        report("GLCM 2D, averaged", outcomes);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.ok()).as(o.toString()).isTrue());
    }

    @Test
    void theExtractorReturnsBothFamiliesInColumnOrder() {
        FeatureVector f = new RadiomicsExtractor(new Discretisation.FixedBinSize(1, 1)).extract(phantom);
        assertThat(f.features()).isEqualTo(RadiomicsExtractor.features());
        assertThat(f.values()).hasSize(43);
        assertThat(f.get(IntensityFeature.MEAN)).isCloseTo(2.15, org.assertj.core.data.Offset.offset(0.005));
        assertThat(f.get(GlcmFeature.JOINT_MAXIMUM)).isCloseTo(0.519, org.assertj.core.data.Offset.offset(0.0005));
        assertThat(f.columns()).doesNotHaveDuplicates().contains("stat_mean", "cm_info_corr_2");
    }

    /** Each reference row of the family and aggregation, with the value of the feature of its IBSI code. */
    private static List<Outcome> compare(String family, String aggregation, FeatureVector f, IbsiFeature[] features) {
        Map<String, IbsiFeature> byCode =
                Stream.of(features).collect(Collectors.toMap(IbsiFeature::ibsiCode, Function.identity()));
        List<Outcome> out = new ArrayList<>();
        for (Reference r : references) {
            if (r.family().equals(family) && r.aggregation().equals(aggregation)) {
                IbsiFeature feature = byCode.get(r.code());
                assertThat(feature)
                        .as("feature for IBSI code %s (%s)", r.code(), r.feature())
                        .isNotNull();
                assertThat(feature.ibsiName()).isEqualTo(r.feature());
                out.add(new Outcome(r, f.get(feature)));
            }
        }
        return out;
    }

    private static void report(String what, List<Outcome> outcomes) {
        long ok = outcomes.stream().filter(Outcome::ok).count();
        Outcome worst = outcomes.stream()
                .max((a, b) -> Double.compare(
                        a.deviation() / a.ref().tolerance(),
                        b.deviation() / b.ref().tolerance()))
                .orElseThrow();
        double maxDev = outcomes.stream().mapToDouble(Outcome::deviation).max().orElse(0);
        System.out.printf(
                Locale.ROOT,
                "IBSI phantom, %s: %d/%d within tolerance; max |deviation| %.3g; closest to its tolerance: %s%n",
                what,
                ok,
                outcomes.size(),
                maxDev,
                worst);
    }
}
