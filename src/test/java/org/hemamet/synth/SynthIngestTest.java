package org.hemamet.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hemamet.annotation.ViaFile;
import org.hemamet.annotation.ViaFormat;
import org.hemamet.annotation.ViaReader;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.ingest.Ingest;
import org.hemamet.ingest.IngestOptions;
import org.hemamet.preprocess.LesionCropper;
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
        int regions = via.images().stream().mapToInt(i -> i.regions().size()).sum();
        assertThat(regions)
                .isEqualTo(
                        expected.values().stream().mapToInt(Integer::intValue).sum());

        Path dataset = tmp.resolve("ds");
        Ingest.Summary s = Ingest.run(
                new IngestOptions(cohort, dataset, LesionCropper.Params.DEFAULT, tmp.resolve("ds.key"), null),
                Ingest.Listener.NONE);
        assertThat(s.skipped()).isZero();
        List<DatasetSample> samples = DatasetManifest.read(dataset);
        Map<String, Integer> got = new TreeMap<>();
        for (DatasetSample d : samples) {
            got.merge(d.diagnosis().id() + "/" + d.sequence().name(), 1, Integer::sum);
        }
        assertThat(got).isEqualTo(expected);
    }
}
