package org.hemamet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hemamet.synth.SynthFixtureAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `hemamet ingest` writes the lesion masks by default; `--no-masks` leaves them out. `--crop-compression`
 * reaches the report, and an unknown value is refused in one line.
 */
class IngestMasksCliTest {
    @TempDir
    Path tmp;

    @Test
    void masksByDefaultAndNoneWithNoMasks() throws Exception {
        Path cohort = SynthFixtureAccess.cohort();
        Path on = SynthFixtureAccess.dataset(); // hemamet ingest COHORT --out ON --key-file K, no other option
        assertThat(Files.readString(on.resolve("dataset.csv"))
                        .lines()
                        .findFirst()
                        .orElseThrow())
                // synth draws a reference region per key image; cohort.csv gives age, sex and level; its DICOM headers
                // a BodyPartExamined
                .endsWith(",mask_path,reference_median,age,sex,level,body_part");
        try (var masks = Files.list(on.resolve("masks"))) {
            assertThat(masks.count()).isPositive();
        }
        CliRun.CliResult off = CliRun.run(
                "ingest",
                cohort.toString(),
                "--out",
                tmp.resolve("off").toString(),
                "--key-file",
                SynthFixtureAccess.keyFile().toString(),
                "--no-progress",
                "--no-masks",
                "--crop-compression",
                "none");
        assertThat(off.exit()).as(off.both()).isZero();
        assertThat(tmp.resolve("off/masks")).doesNotExist();
        assertThat(Files.readString(tmp.resolve("off/dataset.csv"))).doesNotContain("mask_path");
        assertThat(Files.readString(tmp.resolve("off/ingest-report.json")))
                .contains("stored (uncompressed) deflate blocks");
        assertThat(Files.readString(on.resolve("ingest-report.json"))).contains("zlib level 1");
    }

    @Test
    void anUnknownCropCompressionIsOneLineExit2() {
        CliRun.CliResult r =
                CliRun.run("ingest", tmp.toString(), "--out", tmp.resolve("d").toString(), "--crop-compression", "zip");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.both())
                .contains("--crop-compression")
                .contains("fast, small or none")
                .doesNotContain("\tat ");
        CliRun.CliResult help = CliRun.run("ingest", "--help");
        assertThat(help.both()).contains("--crop-compression").doesNotContain("WARN");
    }
}
