package org.hemamet.study;

import java.io.IOException;
import java.nio.file.Path;

/** {@link StudyFixtures} for tests of other packages (validate, fusion). */
public final class StudyFixturesAccess {
    private StudyFixturesAccess() {}

    /** {@link StudyFixtures#separable(Path, int, int, int, long, boolean, int)}. */
    public static Path separable(Path dir, int hemangiomas, int metastases, int size, long seed, int maxLesions)
            throws IOException {
        return StudyFixtures.separable(dir, hemangiomas, metastases, size, seed, false, maxLesions);
    }

    /** {@link StudyFixtures#tinyConfig(long)}. */
    public static StudyConfig tinyConfig(long seed) {
        return StudyFixtures.tinyConfig(seed);
    }
}
