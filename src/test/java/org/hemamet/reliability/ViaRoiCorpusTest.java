package org.hemamet.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.hemamet.cli.CliRun;
import org.hemamet.cli.CliRun.CliResult;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A VIA rect of absurd or negative size is skipped with its geometry and the limit; the dataset is kept. */
class ViaRoiCorpusTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "rect {0}x{1}")
    @CsvSource({
        "60000,60000,larger than 16384",
        "-20,20,needs a width and a height > 0",
        "20,-20,needs a width and a height > 0",
        "0,20,needs a width and a height > 0"
    })
    void aBadRectIsNamedInTheRefusal(String w, String h, String problem) throws Exception {
        Path cohort = BadCohort.write(tmp.resolve("cohort"), 1);
        Path out = tmp.resolve("dataset");
        Path via = cohort.resolve("annotations/via_project.json");
        Files.writeString(
                via,
                Files.readString(via).replace("\"width\":24,\"height\":20", "\"width\":" + w + ",\"height\":" + h));
        Map<String, String> before = BadCohort.checksums(out);
        CliResult r = CliRun.run("ingest", cohort.toString(), "--out", out.toString(), "--no-progress");
        assertThat(r.exit()).as(r.both()).isIn(2, 3);
        assertThat(r.err().strip())
                .doesNotContain("\n")
                .contains("via_project.json")
                .contains(problem);
        assertThat(BadCohort.checksums(out)).isEqualTo(before);
    }
}
