package org.hemamet.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hemamet.annotation.BoundingBox;
import org.hemamet.annotation.RoiShape;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.core.Json;
import org.hemamet.preprocess.CropMask;
import org.hemamet.preprocess.LesionCropper;
import org.hemamet.preprocess.MaskPng;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest with masks on ({@link IngestOptions#masks}), on the cohort that exercises every source path and
 * shape ({@link IdentityCohort}): the crops and the existing columns are exactly those of a run without
 * masks; a trailing mask_path column and one mask PNG per sample are added; datasets without masks still read.
 */
class IngestMasksTest {
    @TempDir
    static Path tmp;

    static Path plain;
    static Path masked;

    @BeforeAll
    static void ingestBoth() throws Exception {
        IdentityCohort.build(tmp.resolve("cohort"));
        Files.writeString(tmp.resolve("key"), IdentityCohort.KEY + "\n");
        plain = tmp.resolve("plain");
        masked = tmp.resolve("masked");
        Ingest.run(options(plain, false), Ingest.Listener.NONE);
        Ingest.run(options(masked, true), Ingest.Listener.NONE);
    }

    static IngestOptions options(Path out, boolean masks) {
        return new IngestOptions(tmp.resolve("cohort"), out, LesionCropper.Params.DEFAULT, tmp.resolve("key"), null, 2)
                .withMasks(masks);
    }

    @Test
    void cropsAndExistingColumnsAreUnchangedAndMaskPathIsAppended() throws Exception {
        for (DatasetSample s : DatasetManifest.read(plain)) {
            assertThat(Files.readAllBytes(masked.resolve(s.cropPath())))
                    .as(s.cropPath())
                    .isEqualTo(Files.readAllBytes(plain.resolve(s.cropPath())));
        }
        List<String> before = Files.readAllLines(plain.resolve(DatasetManifest.FILE_NAME));
        List<String> after = Files.readAllLines(masked.resolve(DatasetManifest.FILE_NAME));
        assertThat(after).hasSameSizeAs(before);
        // mask_path comes right after the fixed columns, before the optional ones (here plane: the fixture's DICOMs
        // are axial)
        assertThat(after.get(0)).isEqualTo(before.get(0).replace(",pixel_spacing", ",pixel_spacing,mask_path"));
        int trailing = before.get(0).split(",").length - DatasetManifest.COLUMNS.size();
        for (int i = 1; i < before.size(); i++) {
            String row = before.get(i);
            String sid = row.substring(0, row.indexOf(','));
            int cut = row.length();
            for (int k = 0; k < trailing; k++) {
                cut = row.lastIndexOf(',', cut - 1);
            }
            // quoted like crop_path (the CSV writer quotes values with a slash)
            assertThat(after.get(i))
                    .isEqualTo(row.substring(0, cut) + ",\"masks/" + sid + ".png\"" + row.substring(cut));
        }
        assertThat(DatasetManifest.read(plain))
                .allSatisfy(s -> assertThat(s.hasMask()).isFalse());
        assertThat(Files.exists(plain.resolve("masks"))).isFalse();
    }

    @Test
    void everySampleHasAMaskInsideItsLesionBox() throws Exception {
        int size = LesionCropper.Params.DEFAULT.size();
        List<DatasetSample> samples = DatasetManifest.read(masked);
        assertThat(samples).hasSize(24);
        assertThat(samples.stream().map(DatasetSample::roiShape).distinct())
                .contains("rect", "circle", "ellipse", "polygon");
        for (DatasetSample s : samples) {
            MaskPng.Mask m = MaskPng.decode(Files.readAllBytes(masked.resolve(s.maskPath())));
            assertThat(m.width()).isEqualTo(size);
            assertThat(m.height()).isEqualTo(size);
            BoundingBox box = new BoundingBox(s.roiX(), s.roiY(), s.roiWidth(), s.roiHeight());
            boolean[] whole = CropMask.of(
                    new RoiShape.Rect(box.x(), box.y(), box.width(), box.height()),
                    1,
                    1,
                    box,
                    LesionCropper.Params.DEFAULT);
            int inside = 0;
            int outsideBox = 0;
            for (int k = 0; k < whole.length; k++) {
                inside += m.inside()[k] ? 1 : 0;
                outsideBox += m.inside()[k] && !whole[k] ? 1 : 0;
            }
            assertThat(outsideBox)
                    .as("%s: mask pixels outside the lesion box", s.sampleId())
                    .isZero();
            if (s.roiShape().equals("rect")) {
                assertThat(m.inside()).as(s.sampleId()).isEqualTo(whole);
            } else {
                // a circle, ellipse or triangle covers part of its box: between a third and all of it
                assertThat(inside).as(s.sampleId()).isPositive().isLessThan(count(whole));
                assertThat(3 * inside).as(s.sampleId()).isGreaterThan(count(whole));
            }
        }
        JsonNode report =
                Json.mapper().readTree(masked.resolve(Ingest.REPORT_FILE).toFile());
        assertThat(report.path("params").path("masks").asText()).startsWith("masks/<sample_id>.png");
        assertThat(Json.mapper()
                        .readTree(plain.resolve(Ingest.REPORT_FILE).toFile())
                        .path("params")
                        .has("masks"))
                .isFalse();
    }

    @Test
    void turningMasksOnOverAnExistingDatasetReusesItsCropsAndGivesTheSameFiles() throws Exception {
        Path again = tmp.resolve("again");
        Ingest.run(options(again, false), Ingest.Listener.NONE);
        Ingest.Summary s = Ingest.run(options(again, true), Ingest.Listener.NONE);
        assertThat(s.reused()).isEqualTo(24);
        assertThat(IdentityCohort.hashes(again)).isEqualTo(IdentityCohort.hashes(masked));
    }

    private static int count(boolean[] m) {
        int n = 0;
        for (boolean b : m) {
            n += b ? 1 : 0;
        }
        return n;
    }
}
