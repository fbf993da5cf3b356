package org.hemamet.predict;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hemamet.cli.CliRun;
import org.hemamet.cli.CliRun.CliResult;
import org.hemamet.core.Json;
import org.hemamet.dicom.TestDicom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-frame DICOM (an enhanced MR series is one file) is read at the frame the region is on (VIA attribute
 * {@code frame}, 1-based), and refused without one: its first frame was read whatever slice the lesion was on.
 */
class MultiFrameDicomTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void build() {
        PredictFixture.build();
    }

    @Test
    void predictsOnTheStatedFrameAndRefusesWithoutOne() throws Exception {
        Path single = PredictFixture.BY_SHA.values().iterator().next().dicom();
        Path multi = tmp.resolve("series.dcm");
        Files.copy(single, multi);
        TestDicom.toMultiFrame(multi, 3, 2); // frame 2 is the slice; frames 1 and 3 its mirror image

        CliResult refused = predict(multi, "--roi", "10,10,20,20");
        assertThat(refused.exit()).as(refused.err()).isEqualTo(2);
        assertThat(refused.err().strip())
                .isEqualTo("hemamet: " + multi + ": a multi-frame DICOM of 3 frames, and the region does not say"
                        + " which it is on (VIA attribute 'frame', or predict's --frame: 1 to 3)");

        double expected = probability(predict(single, "--roi", "10,10,20,20"));
        assertThat(probability(predict(multi, "--via", via("2").toString()))).isEqualTo(expected);
        assertThat(probability(predict(multi, "--via", via("1").toString()))).isNotEqualTo(expected);
        CliResult onFrame2 = predict(multi, "--roi", "10,10,20,20", "--frame", "2");
        assertThat(probability(onFrame2)).isEqualTo(expected);
        // the output says which frame was read; a file of one image has none
        assertThat(Json.mapper()
                        .readTree(onFrame2.out())
                        .at("/predictions/0/frame")
                        .asInt())
                .isEqualTo(2);
        assertThat(Json.mapper()
                        .readTree(predict(single, "--roi", "10,10,20,20").out())
                        .at("/predictions/0")
                        .has("frame"))
                .isFalse();
        assertThat(CliRun.run(
                                "predict",
                                "--model",
                                PredictFixture.bundle.toString(),
                                "--image",
                                multi.toString(),
                                "--roi",
                                "10,10,20,20",
                                "--frame",
                                "2")
                        .out())
                .startsWith("series.dcm frame 2 region 0: ");
        // so does a batch's CSV
        Path csv = tmp.resolve("batch.csv");
        CliResult batch = CliRun.run(
                "predict",
                "--model",
                PredictFixture.bundle.toString(),
                "--via",
                via("3").toString(),
                "--images",
                tmp.toString(),
                "--out",
                csv.toString());
        assertThat(batch.exit()).as(batch.err()).isZero();
        assertThat(PredictFixture.readCsv(csv))
                .singleElement()
                .satisfies(row -> assertThat(row)
                        .containsEntry("frame", "3")
                        .containsEntry("source_format", "dicom")
                        .containsEntry("burned_in_annotation", "false"));

        CliResult past = predict(multi, "--via", via("4").toString());
        assertThat(past.exit()).isEqualTo(2);
        assertThat(past.err().strip())
                .isEqualTo("hemamet: " + multi + ": frame '4' is not a frame of this DICOM (1 to 3)");
    }

    /**
     * In a multi-echo enhanced series the sequence rules judge the frame the region is on: the T1-weighted echo
     * (frame 2, TE 10 ms) is a T1 image for the T1 model, the T2-weighted echoes (TE 100 ms) are refused, where
     * the header's first frame used to speak for every frame.
     */
    @Test
    void theSequenceRulesJudgeTheStatedFrameOfAMultiEchoSeries() throws Exception {
        Path single = PredictFixture.BY_SHA.values().iterator().next().dicom();
        Path multi = tmp.resolve("series.dcm");
        Files.copy(single, multi);
        TestDicom.toMultiFrame(multi, 3, 2);
        TestDicom.setFields(multi, java.util.Map.of("SeriesDescription", "sag_me_se", "ProtocolName", "sag_me_se"));
        TestDicom.toEnhanced(multi);
        TestDicom.perFrameGroups(multi, new double[] {100, 10, 100}, new double[] {0, 0, 0});

        double expected = probability(predict(single, "--roi", "10,10,20,20"));
        assertThat(probability(predict(multi, "--roi", "10,10,20,20", "--frame", "2")))
                .isEqualTo(expected);
        CliResult t2 = predict(multi, "--roi", "10,10,20,20", "--frame", "1");
        assertThat(t2.exit()).as(t2.err()).isEqualTo(2);
        assertThat(t2.err())
                .startsWith("hemamet: " + multi + ": the DICOM header")
                .contains("TE 100 ms -> unknown");
    }

    /** A VIA file with one 20×20 region at 10,10 on series.dcm, on the given frame. */
    private Path via(String frame) throws Exception {
        Path f = tmp.resolve("via-" + frame + ".json");
        Files.writeString(
                f,
                "{\"e\":{\"filename\":\"series.dcm\",\"size\":1,\"file_attributes\":{\"frame\":\"" + frame + "\"},"
                        + "\"regions\":[{\"shape_attributes\":{\"name\":\"rect\",\"x\":10,\"y\":10,\"width\":20,"
                        + "\"height\":20},\"region_attributes\":{\"lesion_id\":\"L1\"}}]}}");
        return f;
    }

    private static CliResult predict(Path image, String... more) {
        List<String> args = new ArrayList<>(
                List.of("predict", "--model", PredictFixture.bundle.toString(), "--image", image.toString(), "--json"));
        args.addAll(List.of(more));
        return CliRun.run(args.toArray(String[]::new));
    }

    private static double probability(CliResult r) throws Exception {
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode p = Json.mapper().readTree(r.out()).path("predictions").get(0);
        return p.path("probability").asDouble();
    }
}
