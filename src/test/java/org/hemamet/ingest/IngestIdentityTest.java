package org.hemamet.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hemamet.preprocess.LesionCropper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ingest's output is byte-identical to what the implementation before the performance work wrote
 * ({@code ingest/identity-sha256.txt}, recorded from commit 7db19d4 + the ingest branch), on a cohort that
 * exercises every source path ({@link IdentityCohort}), for any number of worker threads. The hash of
 * {@code ingest-report.json} was re-recorded when the report gained {@code sequence_decisions} (issue 20), and
 * again when it gained {@code source_formats} and {@code planes}; the crops are unchanged, and dataset.csv's hash was
 * re-recorded when it gained the trailing plane column (the cohort's slices are axial, as pydicom's MR_small). The crops' hashes were re-recorded when crops went from zlib level 6
 * to level 1 ({@code SavePng16.DEFLATE_LEVEL}; the report's when it gained {@code params.crop_format}): their
 * decoded pixel values are those of the level-6 crops, checked against {@code ingest/identity-pixels-sha256.txt},
 * recorded from the level-6 encoder.
 */
class IngestIdentityTest {
    @TempDir
    static Path tmp;

    @BeforeAll
    static void cohort() throws Exception {
        IdentityCohort.build(tmp.resolve("cohort"));
        Files.writeString(tmp.resolve("key"), IdentityCohort.KEY + "\n");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void datasetIsByteIdenticalToTheRecordedOutput(int threads) throws Exception {
        Path out = tmp.resolve("dataset-" + threads);
        Ingest.Summary s = Ingest.run(
                new IngestOptions(
                        tmp.resolve("cohort"), out, LesionCropper.Params.DEFAULT, tmp.resolve("key"), null, threads),
                Ingest.Listener.NONE);
        assertThat(s.samples()).isEqualTo(24);
        assertThat(s.skipped()).isZero();
        List<String> expected = Files.readAllLines(
                Path.of(getClass().getResource("/ingest/identity-sha256.txt").toURI()));
        assertThat(IdentityCohort.hashes(out)).containsExactlyElementsOf(expected);
        List<String> pixels = Files.readAllLines(Path.of(
                getClass().getResource("/ingest/identity-pixels-sha256.txt").toURI()));
        assertThat(IdentityCohort.pixelHashes(out)).hasSize(24).containsExactlyElementsOf(pixels);
    }
}
