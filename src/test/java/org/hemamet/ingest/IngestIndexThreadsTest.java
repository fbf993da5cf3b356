package org.hemamet.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.hemamet.core.TestTrees;
import org.hemamet.preprocess.LesionCropper;
import org.hemamet.synth.SynthFixtureAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DICOM headers are read on the worker threads, then taken in path order: the same dataset and the same
 * skips, in the same order, with one thread or several; the listener hears of every file.
 */
class IngestIndexThreadsTest {
    @TempDir
    Path tmp;

    @Test
    void oneThreadOrSeveralIndexTheSameAndSayWhatTheySkipped() throws Exception {
        Path cohort = TestTrees.copy(SynthFixtureAccess.cohort(), tmp.resolve("cohort"));
        List<Path> dicoms;
        try (var s = Files.walk(cohort.resolve("dicom"))) {
            dicoms = s.filter(Files::isRegularFile).sorted().toList();
        }
        // copies with the same SOP Instance UID before and after their originals, and a file that is no DICOM
        Files.copy(dicoms.get(3), cohort.resolve("dicom").resolve("0-copy.dcm"));
        Files.copy(dicoms.get(dicoms.size() - 1), cohort.resolve("dicom").resolve("zz-copy.dcm"));
        Files.writeString(cohort.resolve("dicom").resolve("notes.txt"), "not an image");
        long files = dicoms.size() + 3;
        keepFirstImages(cohort.resolve("annotations/via_project.json"), 6); // every file indexed, a few cropped
        Path key = tmp.resolve("k");

        AtomicLong oneHeard = new AtomicLong();
        Path one = ingest(cohort, tmp.resolve("one"), key, 1, oneHeard);
        AtomicLong manyHeard = new AtomicLong();
        Path many = ingest(cohort, tmp.resolve("many"), key, 3, manyHeard);

        assertThat(oneHeard).hasValue(files);
        assertThat(manyHeard).hasValue(files);
        for (String f : List.of("dataset.csv", "ingest-report.json")) {
            assertThat(Files.readString(many.resolve(f))).as(f).isEqualTo(Files.readString(one.resolve(f)));
        }
        String report = Files.readString(one.resolve("ingest-report.json")); // file names pseudonymised there
        assertThat(report.split("same SOPInstanceUID as", -1)).hasSize(3);
        assertThat(report).contains("1 file(s) that are not DICOM");
    }

    /** Keeps the first {@code n} images of a VIA project (with their regions). */
    private static void keepFirstImages(Path via, int n) throws Exception {
        var mapper = org.hemamet.core.Json.mapper();
        var project = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(via.toFile());
        var images = (com.fasterxml.jackson.databind.node.ObjectNode) project.get("_via_img_metadata");
        List<String> names = new java.util.ArrayList<>();
        images.fieldNames().forEachRemaining(names::add);
        names.subList(n, names.size()).forEach(images::remove);
        var ids = mapper.createArrayNode();
        names.subList(0, n).forEach(ids::add);
        project.set("_via_image_id_list", ids);
        mapper.writeValue(via.toFile(), project);
    }

    private static Path ingest(Path cohort, Path out, Path key, int threads, AtomicLong heard) {
        Ingest.run(
                new IngestOptions(cohort, out, LesionCropper.Params.RECOMMENDED, key, null, threads),
                new Ingest.Listener() {
                    @Override
                    public void indexStart(long total) {
                        heard.set(0);
                    }

                    @Override
                    public void indexStep() {
                        heard.incrementAndGet();
                    }

                    @Override
                    public void start(long total) {}

                    @Override
                    public void step() {}
                });
        return out;
    }
}
