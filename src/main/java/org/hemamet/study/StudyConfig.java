package org.hemamet.study;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hemamet.cohort.Sequence;
import org.hemamet.core.HemametException;

/**
 * A study file (JSON or YAML; snake_case keys): everything that defines a run. Built-in profiles
 * {@code paper} (the publication's exact settings) and {@code quick} (minutes on 2 CPU cores) live in
 * {@code src/main/resources/org/hemamet/study/profiles/}.
 *
 * @param profile       name of the profile this config came from (informational)
 * @param seed          the one root seed; every split, shuffle and initialisation derives from it
 * @param sequences     sequences to study, each on its own
 * @param comparisons   comparison names (see {@link Comparison})
 * @param balancing     {@code downsample} (the paper), {@code oversample}, {@code class_weight} or {@code none}
 * @param testFraction  share of patients held out for the test part (0.4 in the paper)
 * @param repeats       repeated random splits (1 in the paper)
 * @param inputSize     network input side in pixels (256 in the paper)
 * @param augmentation  random flips / small rotations / intensity jitter during training (off in the paper)
 * @param search        the hyper-parameter search, always on an inner validation split of the training part
 * @param bootstrap     resamples for bootstrap confidence intervals
 * @param folds         0 for hold-out splits ({@code test_fraction}, {@code repeats} times); k >= 2 for
 *                      k-fold cross-validation stratified and grouped by patient (each fold the test part
 *                      once; cells {@code __r0..r(k-1)} are the folds; {@code test_fraction} unused)
 * @param baselines     the baselines run beside the CNN in every cell, on the same lesions and partitions:
 *                      {@code [radiomics-lr, intensity-ratio]} (the default when absent; the ratio runs
 *                      only on datasets with reference regions), a part of it, or {@code []} (none)
 * @param radiomics     the radiomics baseline's settings ({@code bins}: the fixed number of grey levels;
 *                      default {@value Radiomics#DEFAULT_BINS})
 * @param balanceTest   false (default): only the training part is balanced, the test part keeps every lesion
 *                      at its natural prevalence; true: the test part is downsampled too (the paper's
 *                      protocol, implemented as "split by patient, then downsample each part", so the
 *                      patient split stays the one shared by every sequence)
 * @param calibrationFolds k >= 2: Platt scaling cross-fitted on out-of-fold scores of k patient-grouped,
 *                      stratified folds of the training part (each fold model trained as the final model);
 *                      0: fitted on the chosen search trial's validation scores (the method of older
 *                      versions; also what a study file without the key gets)
 * @param fusion        fused cells added per comparison and repeat after the per-sequence cells: {@code []}
 *                      (the default when absent, and not written then), {@code [late]} ({@link LateFusion}),
 *                      {@code [early]} ({@link EarlyFusion}: one more cell per comparison and repeat, needs >= 2
 *                      sequences) or both; any fusion needs calibration_folds >= 2
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record StudyConfig(
        String profile,
        long seed,
        List<Sequence> sequences,
        List<String> comparisons,
        Balancing balancing,
        @JsonProperty("test_fraction") double testFraction,
        int repeats,
        @JsonProperty("input_size") int inputSize,
        boolean augmentation,
        Search search,
        int bootstrap,
        int folds,
        List<String> baselines,
        Radiomics radiomics,
        @JsonProperty("balance_test") boolean balanceTest,
        @JsonProperty("calibration_folds") int calibrationFolds,

        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
        List<String> fusion) {

    /** The fusions a study can add ({@code late}: {@link LateFusion}; {@code early}: {@link EarlyFusion}). */
    public static final List<String> KNOWN_FUSIONS = List.of(LateFusion.NAME, EarlyFusion.NAME);

    /** The baselines a study can run. */
    public static final List<String> KNOWN_BASELINES =
            List.of(org.hemamet.contract.ResultRow.RADIOMICS_LR, org.hemamet.contract.ResultRow.INTENSITY_RATIO);

    /** Absent baselines: the radiomics one; absent radiomics settings: the defaults. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public StudyConfig {
        baselines = baselines == null ? KNOWN_BASELINES : List.copyOf(baselines);
        radiomics = radiomics == null ? Radiomics.DEFAULT : radiomics;
        fusion = fusion == null ? List.of() : List.copyOf(fusion);
    }

    /** True when the study adds the fusion {@code name} ({@code late}, {@code early}). */
    public boolean fuses(String name) {
        return fusion.contains(name);
    }

    /** The input channels of the study's early-fused network ({@link EarlyFusion#channels}). */
    public int earlyFusionChannels() {
        return EarlyFusion.channels(sequences.size());
    }

    /** A copy with other fusions. */
    public StudyConfig withFusion(List<String> names) {
        return toBuilder().fusion(names).build();
    }

    /**
     * The radiomics baseline's settings.
     *
     * @param bins the fixed number of grey levels of the GLCM discretisation (IBSI's advice for MRI)
     */
    public record Radiomics(int bins) {
        public static final int DEFAULT_BINS = 32;
        public static final Radiomics DEFAULT = new Radiomics(DEFAULT_BINS);
    }

    /** True when the study runs the baseline {@code name}. */
    public boolean runs(String name) {
        return baselines.contains(name);
    }

    /** A copy with other baselines. */
    public StudyConfig withBaselines(List<String> names) {
        return toBuilder().baselines(names).build();
    }

    /** Partitions of the data into training and test parts: the folds, else the repeats. */
    public int partitions() {
        return folds > 0 ? folds : repeats;
    }

    /** Which part the balancing touched, in words (summary.md and the report say it). */
    public String balancingStatement() {
        return switch (balancing) {
            case DOWNSAMPLE ->
                balanceTest
                        ? "downsampling balanced the training part and, because the study sets balance_test (the"
                                + " paper's protocol: split by patient, then downsample each part), the test part too,"
                                + " so test metrics stand at an artificial prevalence of 0.5"
                        : "downsampling balanced the training part only; the test part keeps every lesion of its"
                                + " patients at the natural prevalence";
            case OVERSAMPLE -> "oversampling repeated minority-class lesions of the training part; nothing was dropped";
            case CLASS_WEIGHT -> "the training loss was class-weighted; nothing was dropped";
            case NONE -> "no balancing; nothing was dropped";
        };
    }

    /** How class imbalance is handled. */
    public enum Balancing {
        /** Drop majority-class lesions at random to the minority count (the paper). */
        DOWNSAMPLE,
        /** Repeat minority-class training lesions (training part only). */
        OVERSAMPLE,
        /** Keep every lesion; weight the loss by n / (2 n_class) (training only; test part as is). */
        CLASS_WEIGHT,
        /** Use the data as is. */
        NONE;

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Balancing of(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "balancing must be downsample, oversample, class_weight or none, not '" + s + "'");
            }
        }

        @com.fasterxml.jackson.annotation.JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Hyper-parameter search space and strategy.
     *
     * @param strategy            {@code grid} (all combinations) or {@code random} ({@code trials} draws)
     * @param trials              number of random draws (random strategy)
     * @param validationFraction  share of the training part's patients used as the inner validation split
     * @param learningRates       Adam learning rates
     * @param batchSizes          batch sizes
     * @param epochs              epoch counts
     * @param dropouts            dropout rates before the last dense layer
     */
    public record Search(
            String strategy,
            int trials,
            @JsonProperty("validation_fraction") double validationFraction,
            @JsonProperty("learning_rates") List<Double> learningRates,
            @JsonProperty("batch_sizes") List<Integer> batchSizes,
            List<Integer> epochs,
            List<Double> dropouts) {

        /**
         * Whether some trials are scored on the checkpoint of another trial's training ({@link
         * SearchSpace#trainings}: a grid's trials that differ only in epochs).
         */
        public boolean sharesTrainings() {
            SearchSpace space = SearchSpace.of(this);
            var all = space.trials(0L);
            return space.trainings(all).size() < all.size();
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
            .build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    /** Loads a built-in profile ({@code paper}, {@code quick}). */
    public static StudyConfig profile(String name) {
        String res = "/org/hemamet/study/profiles/" + name.toLowerCase(Locale.ROOT) + ".json";
        try (InputStream in = StudyConfig.class.getResourceAsStream(res)) {
            if (in == null) {
                throw HemametException.invalidInput("unknown profile '" + name + "' (built-in: paper, quick)");
            }
            return JSON.readValue(in, StudyConfig.class).validated("profile " + name);
        } catch (IOException e) {
            throw HemametException.internal("cannot read built-in profile " + name, e);
        }
    }

    /** Reads a study file (.json, .yaml or .yml); errors name the file and the problem. */
    public static StudyConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw HemametException.invalidInput(file + ": study file not found");
        }
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper m = n.endsWith(".yaml") || n.endsWith(".yml") ? YAML : JSON;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw HemametException.invalidInput(file + ": invalid study file: " + org.hemamet.core.IoErrors.what(e), e);
        }
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        try {
            StudyConfig config = m.readValue(bytes, StudyConfig.class);
            if (config == null) {
                throw HemametException.invalidInput(
                        file + ": invalid study file: no settings (the file is empty or null)");
            }
            return config.validated(file.toString());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw HemametException.invalidInput(
                    file + ": invalid study file: " + org.hemamet.core.JsonProblem.describe(e, text), e);
        } catch (IOException e) {
            throw HemametException.invalidInput(file + ": invalid study file: " + org.hemamet.core.IoErrors.what(e), e);
        }
    }

    /** The config as JSON text (snake_case), as written to study.json. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The study.json of a run directory, read back (the run's own config). */
    public static StudyConfig ofRun(Path runDir) {
        return read(runDir.resolve(org.hemamet.contract.RunFiles.STUDY));
    }

    /** The config as a map (as provenance.json's {@code config} holds it). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> asMap() {
        return org.hemamet.core.Json.mapper().convertValue(this, Map.class);
    }

    /** Checks ranges; {@code where} names the source in messages. */
    public StudyConfig validated(String where) {
        java.util.function.Consumer<String> bad = s -> {
            throw HemametException.invalidInput(where + ": " + s);
        };
        if (sequences == null || sequences.isEmpty()) {
            bad.accept("'sequences' must list at least one of T1, T2, STIR, T1C");
        }
        if (comparisons == null || comparisons.isEmpty()) {
            bad.accept("'comparisons' must list at least one comparison");
        }
        comparisons.forEach(c -> {
            try {
                Comparison.parse(c);
            } catch (HemametException e) {
                bad.accept(e.getMessage());
            }
        });
        if (!(testFraction > 0 && testFraction < 1)) {
            bad.accept("'test_fraction' must be in (0, 1), got " + testFraction);
        }
        if (repeats < 1) {
            bad.accept("'repeats' must be >= 1, got " + repeats);
        }
        if (folds == 1 || folds < 0) {
            bad.accept("'folds' must be 0 (hold-out) or >= 2 (k-fold cross-validation), got " + folds);
        }
        if (folds >= 2 && repeats > 1) {
            bad.accept("use either 'repeats' (repeated hold-out) or 'folds' (k-fold), not both");
        }
        if (inputSize < 16 || inputSize % 8 != 0) {
            bad.accept("'input_size' must be a multiple of 8 and >= 16, got " + inputSize);
        }
        if (calibrationFolds == 1 || calibrationFolds < 0) {
            bad.accept("'calibration_folds' must be 0 (validation split) or >= 2 (cross-fitting), got "
                    + calibrationFolds);
        }
        if (balancing == null) {
            bad.accept("'balancing' is required (downsample, oversample, class_weight or none)");
        }
        if (bootstrap < 0) {
            bad.accept("'bootstrap' must be >= 0");
        }
        baselines.forEach(b -> {
            if (!KNOWN_BASELINES.contains(b)) {
                bad.accept("'baselines' may list " + KNOWN_BASELINES + ", not '" + b + "'");
            }
        });
        fusion.forEach(f -> {
            if (!KNOWN_FUSIONS.contains(f)) {
                bad.accept("'fusion' may list " + KNOWN_FUSIONS + ", not '" + f + "'");
            }
        });
        if (!fusion.isEmpty() && calibrationFolds < 2) {
            bad.accept("'fusion' needs 'calibration_folds' >= 2 (late fusion is fitted on the out-of-fold scores;"
                    + " both choose the best single sequence by them)");
        }
        if (fusion.contains(EarlyFusion.NAME) && (sequences == null || sequences.size() < 2)) {
            bad.accept("'fusion: [early]' needs >= 2 'sequences' (one CNN over their crops as channels)");
        }
        if (fusion.size() != new java.util.HashSet<>(fusion).size()) {
            bad.accept("'fusion' lists a fusion twice: " + fusion);
        }
        if (radiomics.bins() < 2) {
            bad.accept("radiomics 'bins' must be >= 2, got " + radiomics.bins());
        }
        if (search == null) {
            bad.accept("'search' is required");
        }
        if (!"grid".equals(search.strategy()) && !"random".equals(search.strategy())) {
            bad.accept("search 'strategy' must be grid or random, got '" + search.strategy() + "'");
        }
        if (!(search.validationFraction() > 0 && search.validationFraction() < 1)) {
            bad.accept("search 'validation_fraction' must be in (0, 1)");
        }
        if (empty(search.learningRates())
                || empty(search.batchSizes())
                || empty(search.epochs())
                || empty(search.dropouts())) {
            bad.accept("search needs non-empty learning_rates, batch_sizes, epochs and dropouts");
        }
        search.learningRates().forEach(v -> {
            if (v == null || !(v > 0)) bad.accept("learning_rates: each must be a number > 0, got " + v);
        });
        search.batchSizes().forEach(v -> {
            if (v == null || v < 1) bad.accept("batch_sizes: each must be an integer >= 1, got " + v);
        });
        search.epochs().forEach(v -> {
            if (v == null || v < 1) bad.accept("epochs: each must be an integer >= 1, got " + v);
        });
        search.dropouts().forEach(v -> {
            if (v == null || !(v >= 0 && v < 1)) bad.accept("dropouts: each must be in [0, 1), got " + v);
        });
        if ("random".equals(search.strategy()) && search.trials() < 1) {
            bad.accept("random search needs 'trials' >= 1");
        }
        return this;
    }

    private static boolean empty(List<?> l) {
        return l == null || l.isEmpty();
    }

    /** A copy with another seed. */
    public StudyConfig withSeed(long newSeed) {
        return toBuilder().seed(newSeed).build();
    }

    /** A builder holding this config's values: how a config is derived from another one. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * A builder with what a study file without the later keys gets: the default baselines and radiomics
     * settings, balance_test false, calibration_folds 0, no fusion; every other field must be set.
     */
    public static Builder builder() {
        return new Builder(null);
    }

    /** Builds a {@link StudyConfig} field by field (the canonical constructor applies the defaults). */
    public static final class Builder {
        private String profile;
        private long seed;
        private List<Sequence> sequences;
        private List<String> comparisons;
        private Balancing balancing;
        private double testFraction;
        private int repeats;
        private int inputSize;
        private boolean augmentation;
        private Search search;
        private int bootstrap;
        private int folds;
        private List<String> baselines;
        private Radiomics radiomics;
        private boolean balanceTest;
        private int calibrationFolds;
        private List<String> fusion;

        private Builder(StudyConfig c) {
            if (c == null) {
                return;
            }
            profile = c.profile;
            seed = c.seed;
            sequences = c.sequences;
            comparisons = c.comparisons;
            balancing = c.balancing;
            testFraction = c.testFraction;
            repeats = c.repeats;
            inputSize = c.inputSize;
            augmentation = c.augmentation;
            search = c.search;
            bootstrap = c.bootstrap;
            folds = c.folds;
            baselines = c.baselines;
            radiomics = c.radiomics;
            balanceTest = c.balanceTest;
            calibrationFolds = c.calibrationFolds;
            fusion = c.fusion;
        }

        public Builder profile(String v) {
            profile = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder sequences(List<Sequence> v) {
            sequences = v;
            return this;
        }

        public Builder comparisons(List<String> v) {
            comparisons = v;
            return this;
        }

        public Builder balancing(Balancing v) {
            balancing = v;
            return this;
        }

        public Builder testFraction(double v) {
            testFraction = v;
            return this;
        }

        public Builder repeats(int v) {
            repeats = v;
            return this;
        }

        public Builder inputSize(int v) {
            inputSize = v;
            return this;
        }

        public Builder augmentation(boolean v) {
            augmentation = v;
            return this;
        }

        public Builder search(Search v) {
            search = v;
            return this;
        }

        public Builder bootstrap(int v) {
            bootstrap = v;
            return this;
        }

        public Builder folds(int v) {
            folds = v;
            return this;
        }

        /** The baselines; null: the default ones. */
        public Builder baselines(List<String> v) {
            baselines = v;
            return this;
        }

        /** The radiomics settings; null: the default ones. */
        public Builder radiomics(Radiomics v) {
            radiomics = v;
            return this;
        }

        public Builder balanceTest(boolean v) {
            balanceTest = v;
            return this;
        }

        public Builder calibrationFolds(int v) {
            calibrationFolds = v;
            return this;
        }

        /** The fusions; null: none. */
        public Builder fusion(List<String> v) {
            fusion = v;
            return this;
        }

        /** The config (not yet {@link StudyConfig#validated validated}). */
        public StudyConfig build() {
            return new StudyConfig(
                    profile,
                    seed,
                    sequences,
                    comparisons,
                    balancing,
                    testFraction,
                    repeats,
                    inputSize,
                    augmentation,
                    search,
                    bootstrap,
                    folds,
                    baselines,
                    radiomics,
                    balanceTest,
                    calibrationFolds,
                    fusion);
        }
    }
}
