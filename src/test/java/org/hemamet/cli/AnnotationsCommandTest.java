package org.hemamet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hemamet.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnotationsCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsEveryRegionAsTableAndJson() throws Exception {
        Path f = dir.resolve("v.json");
        Files.writeString(
                f,
                "{\"a.png1\":{\"filename\":\"a.png\",\"size\":1,\"file_attributes\":{\"sequence\":\"T2\"},"
                        + "\"regions\":[{\"shape_attributes\":{\"name\":\"rect\",\"x\":10,\"y\":20,\"width\":30,\"height\":40},"
                        + "\"region_attributes\":{\"lesion_id\":\"L1\"}},"
                        + "{\"shape_attributes\":{\"name\":\"point\",\"cx\":3,\"cy\":4},\"region_attributes\":{}}]}}");
        CliRun.CliResult r = CliRun.run("annotations", f.toString());
        assertThat(r.exit()).isEqualTo(0);
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).startsWith("FILE").contains("IMAGE", "REGION", "SHAPE", "BBOX(x,y,wxh)", "ATTRIBUTES");
        assertThat(lines[1]).contains("a.png", "rect", "10,20,30x40", "lesion_id=L1 sequence=T2");
        assertThat(lines[2]).contains("point (no area)", "3,4,0x0");
        assertThat(lines[3]).isEqualTo(f + ": VIA 2.x exported JSON, 1 image(s), 2 region(s)");

        CliRun.CliResult js = CliRun.run("annotations", "--json", f.toString());
        assertThat(js.exit()).isEqualTo(0);
        JsonNode arr = Json.mapper().readTree(js.out());
        assertThat(arr).hasSize(2);
        assertThat(arr.get(0).path("bbox").path("width").asInt()).isEqualTo(30);
        assertThat(arr.get(0).path("region_attributes").path("lesion_id").asText())
                .isEqualTo("L1");
        assertThat(arr.get(1).path("can_crop").asBoolean()).isFalse();
    }

    @Test
    void badFileIsOneLineAndExitTwo() throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "[1,2]");
        CliRun.CliResult r = CliRun.run("annotations", f.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("hemamet: " + f + ": not a VIA annotation file (expected VIA 1.x/2.x/3.x"
                        + " JSON or a VIA 2.x CSV export)\n");
    }
}
