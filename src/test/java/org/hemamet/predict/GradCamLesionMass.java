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
import org.hemamet.ingest.Pseudonymizer;
import org.hemamet.model.TrainedCnn;
import org.hemamet.preprocess.CropToRoi;
import org.hemamet.preprocess.FloatImage;
import org.hemamet.preprocess.LesionCropper;
import org.hemamet.preprocess.LoadImage;
import org.hemamet.preprocess.ResizeTo;
import org.hemamet.study.CropLoader;

/**
 * Share of Grad-CAM mass inside the TRUE lesion mask (synth ground truth), for the test lesions of one
 * study cell: the mask goes through the same crop window and resizing as the image. A measurement tool
 * (not a test): {@code main(runDir, cellId, datasetDir, keyFile, groundTruthDir)} prints the mean over
 * the metastases; {@code -Dblock=0|1|2} picks the Grad-CAM block, {@code -Docclusion=true} measures
 * occlusion sensitivity instead, {@code -Ddilate=N} grows the mask by N input pixels, {@code -Dcontrast=true} prints the mean crop value inside/outside the
 * mask per lesion (an alignment check).
 */
final class GradCamLesionMass {
    static int BLOCK = Integer.getInteger("block", 2);

    private GradCamLesionMass() {}

    /** Per test lesion: {mass inside the true mask (NaN for an all-zero map), mask area fraction, label}. */
    static List<double[]> measure(Path runDir, String cellId, Path datasetDir, Path keyFile, Path groundTruth)
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
        List<double[]> out = new ArrayList<>();
        LesionCropper.Params params = LesionCropper.Params.DEFAULT;
        try (TrainedCnn model = TrainedCnn.load(runDir.resolve("cells").resolve(cellId).resolve("model"))) {
            int size = model.inputSize();
            for (Map<String, String> p : csv(runDir.resolve("cells").resolve(cellId).resolve("predictions.csv"))) {
                DatasetSample s = samples.get(p.get("sample_id"));
                String pid = pidByKey.get(s.patientKey());
                FloatImage mask = LoadImage.load(groundTruth.resolve("masks").resolve(pid)
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
                int dilate = Integer.getInteger("dilate", 0); // pixels of the network input
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        boolean in = false;
                        for (int dy = -dilate; dy <= dilate && !in; dy++) {
                            for (int dx = -dilate; dx <= dilate && !in; dx++) {
                                int yy = y + dy;
                                int xx = x + dx;
                                in = yy >= 0 && yy < size && xx >= 0 && xx < size && dx * dx + dy * dy <= dilate * dilate
                                        && m.pixels()[yy * size + xx] >= 0.5f * max;
                            }
                        }
                        inside[y * size + x] = in;
                        area += in ? 1 : 0;
                    }
                }
                float[] input = CropLoader.read(datasetDir.resolve(s.cropPath()), size);
                float[] cam = Boolean.getBoolean("occlusion") ? model.occlusionSensitivity(input, size / 8, size / 16)
                        : model.gradCam(input, BLOCK);
                if (Boolean.getBoolean("contrast")) {
                    double in = 0;
                    double outside = 0;
                    int ni = 0;
                    for (int i = 0; i < inside.length; i++) {
                        if (inside[i]) {
                            in += input[i];
                            ni++;
                        } else {
                            outside += input[i];
                        }
                    }
                    System.out.printf("%s label %s mean inside %.3f outside %.3f%n", s.sampleId(), p.get("label"),
                            in / ni, outside / (inside.length - ni));
                }
                out.add(new double[] {HeatMaps.massInside(cam, inside), area / (double) inside.length,
                    Double.parseDouble(p.get("label"))});
            }
        }
        return out;
    }

    private static List<Map<String, String>> csv(Path f) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(f.toFile())) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        }
        return rows;
    }

    public static void main(String[] a) throws Exception {
        List<double[]> v = measure(Path.of(a[0]), a[1], Path.of(a[2]), Path.of(a[3]), Path.of(a[4]));
        List<double[]> pos = v.stream().filter(x -> x[2] == 1 && !Double.isNaN(x[0])).toList();
        double mass = pos.stream().mapToDouble(x -> x[0]).average().orElse(Double.NaN);
        double area = pos.stream().mapToDouble(x -> x[1]).average().orElse(Double.NaN);
        long over = pos.stream().filter(x -> x[0] > 0.6).count();
        System.out.printf("%s: %d metastases with a non-zero map, mean Grad-CAM mass inside the true mask %.3f "
                + "(mask area %.3f); %d of them above 0.6%n", a[1], pos.size(), mass, area, over);
    }
}
