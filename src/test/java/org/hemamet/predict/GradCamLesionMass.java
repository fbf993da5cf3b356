package org.hemamet.predict;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hemamet.annotation.BoundingBox;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.core.Json;
import org.hemamet.ingest.Ingest;
import org.hemamet.ingest.Pseudonymizer;
import org.hemamet.model.TrainedCnn;
import org.hemamet.preprocess.CropToRoi;
import org.hemamet.preprocess.FloatImage;
import org.hemamet.preprocess.LesionCropper;
import org.hemamet.preprocess.LoadImage;
import org.hemamet.preprocess.ResizeTo;
import org.hemamet.study.CropLoader;

/**
 * Share of a heat map's mass inside the TRUE lesion mask (synth ground truth) for the test lesions of
 * one study cell. The mask goes through the same crop window and resizing as the image; the map is the
 * product's ({@link HeatMaps#map}) on the crop the study scored. Used by {@link GradCamLocalisationTest}
 * and as a measurement tool on any synth-based run:
 * {@code main(runDir, cellId, datasetDir, keyFile, groundTruthDir [, gradcam|occlusion])}.
 */
final class GradCamLesionMass {
    /**
     * One test lesion.
     *
     * @param massInside share of the map's mass inside the true mask (0 for an all-zero map: it
     *                   localised nothing)
     * @param maskArea   share of the network input the true mask covers (the mass of a map blind to the
     *                   lesion)
     */
    record Lesion(String sampleId, int label, double score, double massInside, double maskArea) {}

    private GradCamLesionMass() {}

    static List<Lesion> measure(
            Path runDir, String cellId, Path datasetDir, Path keyFile, Path groundTruth, HeatMaps.Method method)
            throws IOException {
        Pseudonymizer pseudo = Pseudonymizer.loadOrCreate(keyFile);
        Map<String, String> pidByKey = new HashMap<>();
        for (Map<String, String> r : csv(groundTruth.resolve("lesions.csv"))) {
            pidByKey.put(pseudo.key(r.get("patient_id")), r.get("patient_id"));
        }
        Map<String, DatasetSample> samples = new HashMap<>();
        for (DatasetSample s : DatasetManifest.read(datasetDir)) {
            samples.put(s.sampleId(), s);
        }
        LesionCropper.Params params = CropParams.parseKey(Json.mapper()
                .readTree(datasetDir.resolve(Ingest.REPORT_FILE).toFile())
                .path("params")
                .path("key")
                .asText());
        List<Lesion> out = new ArrayList<>();
        Path cell = runDir.resolve("cells").resolve(cellId);
        try (TrainedCnn model = TrainedCnn.load(cell.resolve("model"))) {
            int size = model.inputSize();
            for (Map<String, String> p : csv(cell.resolve("predictions.csv"))) {
                DatasetSample s = samples.get(p.get("sample_id"));
                String pid = pidByKey.get(s.patientKey());
                FloatImage mask = LoadImage.load(groundTruth
                        .resolve("masks")
                        .resolve(pid)
                        .resolve(s.lesionId() + "_" + s.sequence().name() + ".png"));
                BoundingBox roi = new BoundingBox(s.roiX(), s.roiY(), s.roiWidth(), s.roiHeight());
                FloatImage m = new CropToRoi(CropToRoi.window(roi, params.margin(), params.keepAspect())).apply(mask);
                m = new ResizeTo(params.size(), params.size()).apply(m);
                m = new ResizeTo(size, size).apply(m);
                float max = 0;
                for (float v : m.pixels()) {
                    max = Math.max(max, v);
                }
                boolean[] inside = new boolean[size * size];
                int area = 0;
                for (int i = 0; i < inside.length; i++) {
                    inside[i] = max > 0 && m.pixels()[i] >= 0.5f * max;
                    area += inside[i] ? 1 : 0;
                }
                float[] input = CropLoader.read(datasetDir.resolve(s.cropPath()), size);
                double mass = HeatMaps.massInside(HeatMaps.map(model, input, method), inside);
                out.add(new Lesion(
                        s.sampleId(),
                        Integer.parseInt(p.get("label")),
                        Double.parseDouble(p.get("score")),
                        Double.isNaN(mass) ? 0 : mass,
                        area / (double) inside.length));
            }
        }
        return out;
    }

    private static List<Map<String, String>> csv(Path f) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = new CsvMapper()
                .readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(f.toFile())) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        }
        return rows;
    }

    /** Mean mass inside the mask and mean mask area over the positive (label 1) lesions. */
    static double[] meanOverPositives(List<Lesion> lesions) {
        List<Lesion> pos = lesions.stream().filter(l -> l.label() == 1).toList();
        return new double[] {
            pos.stream().mapToDouble(Lesion::massInside).average().orElse(Double.NaN),
            pos.stream().mapToDouble(Lesion::maskArea).average().orElse(Double.NaN),
            pos.size()
        };
    }

    public static void main(String[] a) throws Exception {
        HeatMaps.Method method = a.length > 5 ? HeatMaps.Method.parse(a[5]) : HeatMaps.Method.GRADCAM;
        double[] r =
                meanOverPositives(measure(Path.of(a[0]), a[1], Path.of(a[2]), Path.of(a[3]), Path.of(a[4]), method));
        System.out.printf(
                "%s: %s mass inside the true mask %.3f over %d positive test lesions (mask area %.3f)%n",
                a[1], method, r[0], (int) r[2], r[1]);
    }
}
