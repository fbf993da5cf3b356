package org.hemamet.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hemamet.core.HemametException;
import org.hemamet.preprocess.IntensityReference;
import org.hemamet.preprocess.LesionCropper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --intensity-reference reference} on a cohort without any normal-marrow region refuses with one
 * line (exit 2) before writing anything. (With reference regions, every lesion is scaled by its image's:
 * SynthIngestTest.)
 */
class IngestReferenceTest {
    @TempDir
    Path tmp;

    @Test
    void referenceScalingWithoutAnyReferenceRegionIsRefused() throws Exception {
        IdentityCohort.build(tmp.resolve("cohort"));
        Files.writeString(tmp.resolve("key"), IdentityCohort.KEY + "\n");
        IngestOptions opt = new IngestOptions(
                tmp.resolve("cohort"),
                tmp.resolve("ds"),
                LesionCropper.Params.DEFAULT.withIntensity(IntensityReference.REFERENCE),
                tmp.resolve("key"),
                null,
                1);
        HemametException e = catchThrowableOfType(() -> Ingest.run(opt, Ingest.Listener.NONE), HemametException.class);
        assertThat(e.exitCode()).isEqualTo(2);
        assertThat(e.getMessage())
                .contains("roi = reference", "no VIA file has one")
                .doesNotContain("\n");
        assertThat(tmp.resolve("ds")).doesNotExist();
    }
}
