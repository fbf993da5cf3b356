package org.hemamet.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.hemamet.cli.CliRun;
import org.hemamet.cli.CliRun.CliResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An ingest never replaces a good dataset with an empty one, nor with one less than half its size unasked. */
class IngestDataLossTest {
    @TempDir
    Path tmp;

    private CliResult ingest(Path cohort, Path out, String... extra) {
        String[] args = new String[5 + extra.length];
        args[0] = "ingest";
        args[1] = cohort.toString();
        args[2] = "--out";
        args[3] = out.toString();
        args[4] = "--no-progress";
        System.arraycopy(extra, 0, args, 5, extra.length);
        return CliRun.run(args);
    }

    @Test
    void aViaProjectWithoutRegionsDoesNotReplaceAGoodDataset() throws Exception {
        Path cohort = BadCohort.write(tmp.resolve("cohort"), 6);
        Path out = tmp.resolve("dataset");
        assertThat(ingest(cohort, out).exit()).isZero();
        Map<String, String> before = BadCohort.checksums(out);
        assertThat(before).containsKey("dataset.csv");
        Path via = cohort.resolve("annotations/via_project.json");
        Files.writeString(via, Files.readString(via).replaceAll("\"regions\":\\[[^\\]]*\\]", "\"regions\":[]"));
        CliResult r = ingest(cohort, out);
        assertThat(r.exit()).as(r.both()).isEqualTo(3);
        assertThat(r.err().strip())
                .doesNotContain("\n")
                .contains("no lesion gave a sample")
                .contains("unchanged");
        assertThat(BadCohort.checksums(out)).isEqualTo(before);
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).doesNotContain(".dataset.old-0");
        }
    }

    @Test
    void losingMoreThanHalfTheSamplesNeedsAllowShrink() throws Exception {
        Path cohort = BadCohort.write(tmp.resolve("cohort"), 6);
        Path out = tmp.resolve("dataset");
        assertThat(ingest(cohort, out).exit()).isZero();
        Map<String, String> before = BadCohort.checksums(out);
        Path small = BadCohort.write(tmp.resolve("small"), 2);
        CliResult r = ingest(small, out);
        assertThat(r.exit()).as(r.both()).isEqualTo(3);
        assertThat(r.err().strip())
                .doesNotContain("\n")
                .contains(out.toString())
                .contains("2 samples, fewer than half of the previous 6")
                .contains("--allow-shrink");
        assertThat(BadCohort.checksums(out)).isEqualTo(before);
        CliResult forced = ingest(small, out, "--allow-shrink");
        assertThat(forced.exit()).as(forced.both()).isZero();
        assertThat(Files.readAllLines(out.resolve("dataset.csv"))).hasSize(3);
    }

    @Test
    void anEmptyFirstIngestWritesNothing() throws Exception {
        Path cohort = BadCohort.write(tmp.resolve("cohort"), 2);
        Path via = cohort.resolve("annotations/via_project.json");
        Files.writeString(via, Files.readString(via).replaceAll("\"regions\":\\[[^\\]]*\\]", "\"regions\":[]"));
        Path out = tmp.resolve("dataset");
        CliResult r = ingest(cohort, out);
        assertThat(r.exit()).as(r.both()).isEqualTo(3);
        assertThat(out).doesNotExist();
    }
}
