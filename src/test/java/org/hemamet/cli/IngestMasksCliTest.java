package org.hemamet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
        Path synth = tmp.resolve("synth");
        CliRun.CliResult made = CliRun.run("synth", "--out", synth.toString(), "--patients", "18", "--seed", "2");
        assertThat(made.exit()).as(made.both()).isZero();
        Path cohort = synth.resolve("cohort");
        CliRun.CliResult on = CliRun.run(
                "ingest",
                cohort.toString(),
                "--out",
                tmp.resolve("on").toString(),
                "--key-file",
                tmp.resolve("k").toString(),
                "--no-progress");
        assertThat(on.exit()).as(on.both()).isZero();
        assertThat(Files.readString(tmp.resolve("on/dataset.csv"))
                        .lines()
                        .findFirst()
                        .orElseThrow())
                // synth draws a reference region per key image; cohort.csv gives age, sex and level; its DICOM headers
                // a BodyPartExamined
                .endsWith(",mask_path,reference_median,age,sex,level,body_part");
        try (var masks = Files.list(tmp.resolve("on/masks"))) {
            assertThat(masks.count()).isPositive();
        }
        CliRun.CliResult off = CliRun.run(
                "ingest",
                cohort.toString(),
                "--out",
                tmp.resolve("off").toString(),
                "--key-file",
                tmp.resolve("k").toString(),
                "--no-progress",
                "--no-masks",
                "--crop-compression",
                "none");
        assertThat(off.exit()).as(off.both()).isZero();
        assertThat(tmp.resolve("off/masks")).doesNotExist();
        assertThat(Files.readString(tmp.resolve("off/dataset.csv"))).doesNotContain("mask_path");
        assertThat(Files.readString(tmp.resolve("off/ingest-report.json")))
                .contains("stored (uncompressed) deflate blocks");
        assertThat(Files.readString(tmp.resolve("on/ingest-report.json"))).contains("zlib level 1");
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
