package org.hemamet.predict;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hemamet.cohort.Sequence;
import org.hemamet.ingest.Ingest;
import org.hemamet.ingest.IngestOptions;
import org.hemamet.ingest.Pseudonymizer;
import org.hemamet.preprocess.LesionCropper;
import org.hemamet.study.StudyConfig;
import org.hemamet.study.StudyRunner;
import org.hemamet.study.TestStudies;
import org.hemamet.synth.CohortSynthesizer;
import org.hemamet.synth.PhantomParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grad-CAM localises the lesion for a model trained on a separable synthetic cohort (issue 6's criterion),
 * through the product's whole path: {@code synth} (the phantom with {@code separable-cohort.json}: 60
 * typical hemangiomas vs 60 lytic lung metastases, equal age distributions, one lesion per patient,
 * every sequence present, so the class is in the lesion's tissue and not in the patient's marrow or in
 * extra lesions), {@code ingest} at the default crop parameters, the study's {@code quick} settings on
 * hemangioma-vs-lung, then {@link HeatMaps#map} (Grad-CAM, last block, positive class) on every test
 * metastasis, against the synth's TRUE lesion mask carried through the same crop window and resizing.
 *
 * <p>Mean mass inside the mask (the mask covers ~0.39 of the crop; a map blind to the lesion puts about
 * that much inside it), quick settings, 2 threads, synth seeds 7 (this test) and 11 to 14 via
 * {@code -Dgradcam.seed=N}:
 * <pre>
 *           T1    T2    STIR  T1C
 *   seed 7   0.68  0.56  0.76  0.69
 *   seed 11  0.79  0.55  0.83  0.74
 *   seed 12  0.70  0.63  0.72  0.63
 *   seed 13  0.67  0.48  0.97  0.23
 *   seed 14  0.65  0.50  0.69  0.77
 * </pre>
 * Every one of those 20 cells had AUC 0.94–1.00. T1 (fatty hemangioma bright, metastasis dark) and STIR
 * (hemangioma fat suppressed, metastasis water-bright) are over the 60 % for every seed and are
 * asserted (mean over the test metastases, and more than half of them one by one). T2 (both lesions bright,
 * by degree) and T1C are not: their maps often light the marrow rim the lesion is read against.
 * On the demo's realistic cohort (mixed lytic and sclerotic subtypes, atypical hemangiomas,
 * age-dependent marrow) the maps are not lesion-focused (0.17–0.64): those models read the lesion against
 * its surrounding marrow (README, "Heat maps").
 */
@Tag("slow")
class GradCamLocalisationTest {
    /** Synth seed (and the seed of the synthetic cohort's pseudonymisation key); another via -Dgradcam.seed=N. */
    static final long SYNTH_SEED = Long.getLong("gradcam.seed", 7);

    static final long STUDY_SEED = 42;
    static final String COMPARISON = "hemangioma-vs-lung";
    static final List<Sequence> SEQUENCES = List.of(Sequence.T1, Sequence.STIR);

    @TempDir
    static Path base;

    static Path groundTruth;
    static Path dataset;
    static Path run;

    @BeforeAll
    static void trainOnSeparableCohort() throws IOException {
        Path params = base.resolve("separable-cohort.json");
        try (var in = GradCamLocalisationTest.class.getResourceAsStream("separable-cohort.json")) {
            Files.copy(in, params);
        }
        CohortSynthesizer.Summary synth = CohortSynthesizer.generate(
                PhantomParameters.withOverrides(params),
                new CohortSynthesizer.Options(0, SYNTH_SEED, null, 256, 2),
                base.resolve("synth"),
                null);
        groundTruth = synth.groundTruthDir();
        dataset = base.resolve("dataset");
        Pseudonymizer.loadOrCreateForSyntheticCohort(base.resolve("dataset.key"), SYNTH_SEED);
        Ingest.run(
                new IngestOptions(
                        synth.cohortDir(), dataset, LesionCropper.Params.DEFAULT, base.resolve("dataset.key"), null),
                Ingest.Listener.NONE);
        StudyConfig cfg = TestStudies.tiny("separable", STUDY_SEED)
                .sequences(SEQUENCES)
                .comparisons(List.of(COMPARISON))
                .inputSize(64)
                .search(new StudyConfig.Search(
                        "grid", 0, 0.25, List.of(1e-3, 3e-4), List.of(16), List.of(15), List.of(0.5)))
                .bootstrap(200)
                .build()
                .validated("test");
        run = base.resolve("run");
        new StudyRunner(cfg, dataset, run, null).run();
    }

    @Test
    void gradCamPutsMostOfItsMassInsideTheTrueLesionMask() throws IOException {
        Map<Sequence, List<GradCamLesionMass.Lesion>> bySequence = new java.util.EnumMap<>(Sequence.class);
        StringBuilder log = new StringBuilder();
        for (Sequence seq : SEQUENCES) {
            String cell = cell(seq);
            List<GradCamLesionMass.Lesion> pos = GradCamLesionMass.measure(
                            run, cell, dataset, base.resolve("dataset.key"), groundTruth, HeatMaps.Method.GRADCAM)
                    .stream()
                    .filter(l -> l.label() == 1)
                    .toList();
            bySequence.put(seq, pos);
            log.append(String.format(
                    "%s AUC %.3f, mass %.3f (mask area %.3f), %d of %d lesions > 0.6; ",
                    seq,
                    auc(cell),
                    mean(pos, GradCamLesionMass.Lesion::massInside),
                    mean(pos, GradCamLesionMass.Lesion::maskArea),
                    pos.stream().filter(l -> l.massInside() > 0.6).count(),
                    pos.size()));
        }
        System.out.println("Grad-CAM on the separable cohort (synth seed " + SYNTH_SEED + "): " + log);
        for (Sequence seq : SEQUENCES) {
            String cell = cell(seq);
            List<GradCamLesionMass.Lesion> pos = bySequence.get(seq);
            // separable: the model this criterion is about tells the classes apart
            assertThat(auc(cell)).as(cell + " AUC").isGreaterThan(0.9);
            assertThat(pos).as(cell + " positive test lesions").hasSizeGreaterThanOrEqualTo(20);
            // a map blind to the lesion would put about the mask's area (~0.4) inside it
            assertThat(mean(pos, GradCamLesionMass.Lesion::maskArea)).isBetween(0.3, 0.5);
            assertThat(mean(pos, GradCamLesionMass.Lesion::massInside))
                    .as(cell + " mean mass inside the true mask")
                    .isGreaterThan(0.6);
            assertThat(pos.stream().filter(l -> l.massInside() > 0.6).count())
                    .as(cell + " lesions with > 60 %% of the map inside")
                    .isGreaterThan(pos.size() / 2L);
        }
    }

    private static String cell(Sequence seq) {
        return seq.name() + "__" + COMPARISON + "__r0";
    }

    private static double mean(
            List<GradCamLesionMass.Lesion> l, java.util.function.ToDoubleFunction<GradCamLesionMass.Lesion> f) {
        return l.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    private static double auc(String cell) throws IOException {
        try (var it = new com.fasterxml.jackson.dataformat.csv.CsvMapper()
                .readerFor(Map.class)
                .with(com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema()
                        .withHeader())
                .<Map<String, String>>readValues(run.resolve("results.csv").toFile())) {
            while (it.hasNext()) {
                Map<String, String> r = it.next();
                if (r.get("cell_id").equals(cell)) {
                    return Double.parseDouble(r.get("auc"));
                }
            }
        }
        throw new AssertionError(cell + " not in results.csv");
    }
}
