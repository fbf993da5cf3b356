package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hemamet.cohort.Sequence;
import org.hemamet.core.HemametException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyConfigTest {
    @TempDir
    Path tmp;

    @Test
    void paperProfileHasThePublishedSettings() {
        StudyConfig c = StudyConfig.profile("paper");
        assertThat(c.inputSize()).isEqualTo(256);
        assertThat(c.testFraction()).isEqualTo(0.4);
        assertThat(c.balancing()).isEqualTo(StudyConfig.Balancing.DOWNSAMPLE);
        assertThat(c.sequences()).containsExactly(Sequence.T1, Sequence.T2, Sequence.STIR, Sequence.T1C);
        assertThat(c.comparisons()).hasSize(6);
        assertThat(c.augmentation()).isFalse();
        // the published final configuration is part of the grid
        assertThat(c.search().learningRates()).contains(0.001);
        assertThat(c.search().batchSizes()).contains(16);
        assertThat(c.search().epochs()).contains(40);
        assertThat(c.search().dropouts()).contains(0.5);
        assertThat(StudyRunner.cells(c)).hasSize(24);
    }

    @Test
    void yamlStudyFileRoundTrips() throws Exception {
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, """
                profile: mine
                seed: 5
                sequences: [T2]
                comparisons: [hemangioma-vs-lung+rcc]
                balancing: oversample
                test_fraction: 0.3
                repeats: 2
                input_size: 32
                augmentation: true
                search: {strategy: random, trials: 3, validation_fraction: 0.2, learning_rates: [0.01],
                         batch_sizes: [8], epochs: [2], dropouts: [0.1]}
                bootstrap: 10
                """);
        StudyConfig c = StudyConfig.read(f);
        assertThat(c.balancing()).isEqualTo(StudyConfig.Balancing.OVERSAMPLE);
        assertThat(Comparison.parse(c.comparisons().get(0)).positive()).hasSize(2);
        assertThat(SearchSpace.of(c.search()).trials(1)).hasSize(3);
        assertThat(StudyRunner.cells(c))
                .extracting(CellId::id)
                .containsExactly("T2__hemangioma-vs-lung+rcc__r0", "T2__hemangioma-vs-lung+rcc__r1");
    }

    @Test
    void kFoldConfigNeedsTwoFoldsAndNoRepeats() throws Exception {
        Path f = tmp.resolve("k.json");
        String quick = StudyConfig.profile("quick").toJson();
        assertThat(quick).contains("\"folds\" : 0");
        Files.writeString(f, quick.replace("\"folds\" : 0", "\"folds\" : 5"));
        StudyConfig c = StudyConfig.read(f);
        assertThat(c.folds()).isEqualTo(5);
        assertThat(c.partitions()).isEqualTo(5);
        assertThat(StudyRunner.cells(c)).hasSize(5 * 24);
        Files.writeString(f, quick.replace("\"folds\" : 0", "\"folds\" : 1"));
        assertThatThrownBy(() -> StudyConfig.read(f))
                .hasMessage(f + ": 'folds' must be 0 (hold-out) or >= 2 (k-fold cross-validation), got 1");
        Files.writeString(
                f, quick.replace("\"folds\" : 0", "\"folds\" : 3").replace("\"repeats\" : 1", "\"repeats\" : 2"));
        assertThatThrownBy(() -> StudyConfig.read(f))
                .hasMessage(f + ": use either 'repeats' (repeated hold-out) or 'folds' (k-fold), not both");
    }

    @Test
    void badValuesNameTheFile() throws Exception {
        Path f = tmp.resolve("bad.json");
        Files.writeString(
                f, StudyConfig.profile("quick").toJson().replace("\"test_fraction\" : 0.4", "\"test_fraction\" : 1.5"));
        assertThatThrownBy(() -> StudyConfig.read(f))
                .isInstanceOf(HemametException.class)
                .hasMessage(f + ": 'test_fraction' must be in (0, 1), got 1.5");
        Files.writeString(
                f, StudyConfig.profile("quick").toJson().replace("hemangioma-vs-prostate", "hemangioma-vs-liver"));
        assertThatThrownBy(() -> StudyConfig.read(f))
                .isInstanceOf(HemametException.class)
                .hasMessageStartingWith(f + ": unknown comparison 'hemangioma-vs-liver'");
        assertThatThrownBy(() -> StudyConfig.profile("fast"))
                .hasMessage("unknown profile 'fast' (built-in: paper, quick)");
    }

    /** Fuzzing found it: a study file holding only "null" (or "~" in YAML) was a NullPointerException. */
    @Test
    void aNullStudyFileIsRefusedNamingIt() throws Exception {
        for (String[] c : new String[][] {{"null.json", "null"}, {"null.yaml", "~\n"}}) {
            Path f = tmp.resolve(c[0]);
            Files.writeString(f, c[1]);
            assertThatThrownBy(() -> StudyConfig.read(f))
                    .isInstanceOf(HemametException.class)
                    .hasMessage(f + ": invalid study file: no settings (the file is empty or null)");
        }
    }

    /**
     * A mistake in a study file is named where it is and in the file's own words (it was Jackson's text:
     * "Unrecognized field ... (class org.hemamet.study.StudyConfig$Search)", no line), and a fraction where a
     * whole number belongs is refused (it was truncated: seed 1.5 ran as seed 1).
     */
    @Test
    void aMistakeIsLocatedAndSaidInTheFilesTerms() throws Exception {
        String[][] cases = {
            {
                "typo.yaml",
                "profile: quick\nsearch:\n  epochz: [3]\n",
                "line 3, column 3: unknown setting \"epochz\""
                        + " (did you mean \"epochs\"?); known: batch_sizes, dropouts, epochs, learning_rates, strategy,"
                        + " trials, validation_fraction in search"
            },
            {"seed.yaml", "profile: quick\nseed: 1.5\n", "line 2, column 7: seed: 1.5 is not a whole number"},
            {
                "seq.json",
                "{\"profile\": \"quick\",\n \"sequences\": [\"T2\", \"FLAIR\"]}",
                "line 2, column 22: sequences[1]: \"FLAIR\" is not one of T1, T2, STIR, T1C"
            },
            {
                "cut.yaml",
                "profile: quick\nsequences: [T2\n",
                "line 3, column 1: expected ',' or ']', but got"
                        + " <stream end> (while parsing a flow sequence at line 2, column 12)"
            }
        };
        for (String[] c : cases) {
            Path f = tmp.resolve(c[0]);
            Files.writeString(f, c[1]);
            assertThatThrownBy(() -> StudyConfig.read(f))
                    .isInstanceOfSatisfying(
                            HemametException.class,
                            e -> assertThat(e.exitCode()).isEqualTo(2))
                    .hasMessage(f + ": invalid study file: " + c[2]);
        }
    }

    /** The demo and --seed go through withSeed: it lost the quick profile's fusion once. */
    @Test
    void withSeedChangesTheSeedAndNothingElse() throws Exception {
        StudyConfig quick = StudyConfig.profile("quick");
        assertThat(quick.fusion()).isNotEmpty();
        StudyConfig other = quick.withSeed(7);
        assertThat(other.seed()).isEqualTo(7);
        assertThat(other.withSeed(quick.seed())).isEqualTo(quick);
    }

    /** A builder from a config copies every field: each profile rebuilt unchanged, and one field changed alone. */
    @Test
    void toBuilderCopiesEveryField() {
        for (String name : new String[] {"paper", "quick"}) {
            StudyConfig c = StudyConfig.profile(name);
            assertThat(c.toBuilder().build()).isEqualTo(c);
            assertThat(c.toBuilder().bootstrap(7).build())
                    .isEqualTo(StudyConfig.read(
                            written(c.toJson().replaceFirst("\"bootstrap\" : \\d+", "\"bootstrap\" : 7"))));
        }
    }

    /** A fresh builder gives what a study file without the later keys gives: the same defaults. */
    @Test
    void builderDefaultsAreThoseOfAnOlderStudyFile() throws Exception {
        StudyConfig quick = StudyConfig.profile("quick");
        StudyConfig built = StudyConfig.builder()
                .profile(quick.profile())
                .seed(quick.seed())
                .sequences(quick.sequences())
                .comparisons(quick.comparisons())
                .balancing(quick.balancing())
                .testFraction(quick.testFraction())
                .repeats(quick.repeats())
                .inputSize(quick.inputSize())
                .search(quick.search())
                .bootstrap(quick.bootstrap())
                .build();
        com.fasterxml.jackson.databind.node.ObjectNode older = (com.fasterxml.jackson.databind.node.ObjectNode)
                org.hemamet.core.Json.mapper().readTree(quick.toJson());
        older.remove(java.util.List.of("baselines", "radiomics", "balance_test", "calibration_folds", "fusion"));
        assertThat(built).isEqualTo(StudyConfig.read(written(older.toString())));
        assertThat(built.baselines()).isEqualTo(StudyConfig.KNOWN_BASELINES);
        assertThat(built.radiomics()).isEqualTo(StudyConfig.Radiomics.DEFAULT);
        assertThat(built.fusion()).isEmpty();
    }

    private Path written(String json) {
        try {
            Path f = Files.createTempFile(tmp, "study", ".json");
            Files.writeString(f, json);
            return f;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
