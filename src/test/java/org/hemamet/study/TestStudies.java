package org.hemamet.study;

import java.util.List;
import org.hemamet.cohort.Sequence;

/** The tiny studies of the tests: what they share, so each test says only what it is about. */
public final class TestStudies {
    private TestStudies() {}

    /**
     * A study of hemangioma vs metastases on {@code sequences}: the training part downsampled, 40 % of the
     * patients tested once, 32-pixel input, 100 bootstrap resamples and a one-point search ({@link #grid}: learning
     * rate 3e-3, 3 epochs); the builder's defaults for the rest.
     */
    public static StudyConfig.Builder tiny(String profile, long seed, Sequence... sequences) {
        return StudyConfig.builder()
                .profile(profile)
                .seed(seed)
                .sequences(List.of(sequences))
                .comparisons(List.of("hemangioma-vs-metastases"))
                .balancing(StudyConfig.Balancing.DOWNSAMPLE)
                .testFraction(0.4)
                .repeats(1)
                .inputSize(32)
                .search(grid(3e-3, 3))
                .bootstrap(100);
    }

    /** A one-point grid: learning rate {@code lr}, batch 8, {@code epochs}, dropout 0.5, a quarter for validation. */
    public static StudyConfig.Search grid(double lr, int epochs) {
        return new StudyConfig.Search("grid", 0, 0.25, List.of(lr), List.of(8), List.of(epochs), List.of(0.5));
    }
}
