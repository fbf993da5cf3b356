package org.hemamet.synth;

import java.nio.file.Path;

/** {@link SynthFixture} for tests of other packages: the cohort and its dataset, each made once per test JVM. */
public final class SynthFixtureAccess {
    private SynthFixtureAccess() {}

    /** The synthetic cohort folder ({@code cohort/} of {@code hemamet synth}). */
    public static Path cohort() {
        return SynthFixture.out().resolve("cohort");
    }

    /** The cohort's dataset as {@code hemamet ingest} makes it by default (masks on, fast crop compression). */
    public static Path dataset() {
        return SynthFixture.dataset();
    }

    /** The key file of the dataset's pseudonyms. */
    public static Path keyFile() {
        return SynthFixture.keyFile();
    }
}
