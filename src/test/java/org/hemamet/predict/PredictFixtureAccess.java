package org.hemamet.predict;

import java.nio.file.Path;

/** {@link PredictFixture} for tests of other packages (the reliability corpus): built once per test JVM. */
public final class PredictFixtureAccess {
    private PredictFixtureAccess() {}

    /** A bundle exported from a real tiny T1 study. */
    public static Path bundle() {
        PredictFixture.build();
        return PredictFixture.bundle;
    }

    /** The finished study run the bundle came from. */
    public static Path run() {
        PredictFixture.build();
        return PredictFixture.run;
    }

    /** The dataset that run was trained on. */
    public static Path dataset() {
        PredictFixture.build();
        return PredictFixture.dataset;
    }

    /** One T1 DICOM slice of the fixture's cohort (64x64). */
    public static Path t1Dicom() {
        PredictFixture.build();
        return PredictFixture.BY_SHA.values().iterator().next().dicom();
    }
}
