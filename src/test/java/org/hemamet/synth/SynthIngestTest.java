package org.hemamet.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hemamet.annotation.BoundingBox;
import org.hemamet.annotation.RoiShape;
import org.hemamet.annotation.ViaFile;
import org.hemamet.annotation.ViaFormat;
import org.hemamet.annotation.ViaImage;
import org.hemamet.annotation.ViaReader;
import org.hemamet.annotation.ViaRegion;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.core.Json;
import org.hemamet.ingest.Ingest;
import org.hemamet.ingest.IngestOptions;
import org.hemamet.preprocess.IntensityReference;
import org.hemamet.preprocess.LesionCropper;
import org.hemamet.preprocess.MaskPng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated cohort goes through the project's own VIA parser and ingest like a hospital export. */
class SynthIngestTest {
    @TempDir
    Path tmp;

    @Test
    void viaProjectParsesAndIngestMakesOneCropPerLesionAndAvailableSequence() throws Exception {
        Path out = SynthFixture.out();
        Path cohort = out.resolve("cohort");
        ViaFile via = ViaReader.read(cohort.resolve("annotations/via_project.json"));
        assertThat(via.format()).isEqualTo(ViaFormat.VIA2_PROJECT);

        // ground truth: one row per lesion x generated sequence
        Map<String, Integer> expected = new TreeMap<>();
        try (MappingIterator<Map<String, String>> it = new CsvMapper()
                .readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(out.resolve("ground-truth/lesions.csv").toFile())) {
            while (it.hasNext()) {
                Map<String, String> r = it.next();
                expected.merge(r.get("diagnosis") + "/" + r.get("sequence"), 1, Integer::sum);
            }
        }
        int regions = via.images().stream()
                .mapToInt(i -> (int)
                        i.regions().stream().filter(r -> !Ingest.isReference(r)).count())
                .sum();
        assertThat(regions)
                .isEqualTo(
                        expected.values().stream().mapToInt(Integer::intValue).sum());

        Path dataset = SynthFixture.dataset(); // hemamet ingest with the default options
        assertThat(Json.mapper()
                        .readTree(dataset.resolve("ingest-report.json").toFile())
                        .get("skipped"))
                .as(SynthFixture.ingest.both())
                .isEmpty();
        List<DatasetSample> samples = DatasetManifest.read(dataset);
        Map<String, Integer> got = new TreeMap<>();
        for (DatasetSample d : samples) {
            got.merge(d.diagnosis().id() + "/" + d.sequence().name(), 1, Integer::sum);
        }
        assertThat(got).isEqualTo(expected);
        assertThat(samples).allSatisfy(d -> assertThat(d.hasReference()).isTrue());
    }

    /**
     * Every key image has one normal-marrow reference region (roi = reference), a rect inside the true
     * marrow of a vertebral body other than the lesion's (not touching the lesion's box); ingest never
     * makes it a sample, and with {@code --intensity-reference reference} every lesion is scaled by it.
     */
    @Test
    void eachKeyImageHasAReferenceRegionInNormalMarrowOfAnotherBody() throws Exception {
        Path out = SynthFixture.out();
        Path cohort = out.resolve("cohort");
        ViaFile via = ViaReader.read(cohort.resolve("annotations/via_project.json"));
        int images = 0;
        int lesionRegions = 0;
        for (ViaImage im : via.images()) {
            List<ViaRegion> refs =
                    im.regions().stream().filter(Ingest::isReference).toList();
            assertThat(refs).as(im.filename()).hasSize(1);
            assertThat(refs.get(0).attributes()).doesNotContainKey("lesion_id");
            RoiShape.Rect ref = (RoiShape.Rect) refs.get(0).shape();
            String pid = im.fileAttributes().get("patient_id");
            String seq = im.fileAttributes().get("sequence");
            MaskPng.Mask marrow = MaskPng.decode(
                    Files.readAllBytes(out.resolve("ground-truth/masks/" + pid + "/marrow_" + seq + ".png")));
            for (int y = (int) ref.y(); y < ref.y() + ref.height(); y++) {
                for (int x = (int) ref.x(); x < ref.x() + ref.width(); x++) {
                    assertThat(marrow.inside()[y * marrow.width() + x])
                            .as("%s reference pixel %d,%d in marrow", im.filename(), x, y)
                            .isTrue();
                }
            }
            for (ViaRegion lesion : im.regions()) {
                if (!Ingest.isReference(lesion)) {
                    lesionRegions++;
                    BoundingBox b = lesion.shape().bounds();
                    boolean apart = ref.x() + ref.width() <= b.x()
                            || b.x() + b.width() <= ref.x()
                            || ref.y() + ref.height() <= b.y()
                            || b.y() + b.height() <= ref.y();
                    assertThat(apart)
                            .as("%s reference apart from the lesion", im.filename())
                            .isTrue();
                }
            }
            images++;
        }
        assertThat(images).isPositive();

        Path dataset = tmp.resolve("ds-ref");
        Ingest.Summary s = Ingest.run(
                new IngestOptions(
                        cohort,
                        dataset,
                        LesionCropper.Params.DEFAULT.withIntensity(IntensityReference.REFERENCE),
                        tmp.resolve("ds.key"),
                        null),
                Ingest.Listener.NONE);
        assertThat(s.skipped()).isZero();
        List<DatasetSample> samples = DatasetManifest.read(dataset);
        assertThat(samples).hasSize(lesionRegions); // one sample per lesion region; reference regions are none
        assertThat(samples).allSatisfy(d -> {
            assertThat(d.sourceMin()).isZero();
            // the reference median maps to REFERENCE_LEVEL of the range
            assertThat(d.sourceMax()).isCloseTo(d.referenceMedian() / LesionCropper.REFERENCE_LEVEL, within(1e-6));
        });
    }
}
