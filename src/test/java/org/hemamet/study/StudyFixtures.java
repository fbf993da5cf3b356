package org.hemamet.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.cohort.Diagnosis;
import org.hemamet.cohort.Sequence;
import org.hemamet.preprocess.FloatImage;
import org.hemamet.preprocess.SavePng16;

/** Writes small datasets (dataset.csv + 16-bit crops) for study tests. */
final class StudyFixtures {
    private StudyFixtures() {}

    /**
     * Hemangiomas as a bright disc, metastases as a dark disc, on noise; position varies. On T2 the
     * signal is the same for both classes (uninformative) when {@code t2Uninformative}.
     */
    static Path separable(Path dir, int hemangiomas, int metastases, int size, long seed, boolean shuffledLabels)
            throws IOException {
        return separable(dir, hemangiomas, metastases, size, seed, shuffledLabels, 1);
    }

    /**
     * As {@link #separable(Path, int, int, int, long, boolean)}, with patient i holding {@code 1 + i %
     * maxLesions} lesions (L1, L2, ...) of its diagnosis; {@code maxLesions = 1} is that dataset, bit for bit.
     */
    static Path separable(
            Path dir, int hemangiomas, int metastases, int size, long seed, boolean shuffledLabels, int maxLesions)
            throws IOException {
        Random r = new Random(seed);
        Files.createDirectories(dir.resolve("crops"));
        List<DatasetSample> samples = new ArrayList<>();
        Diagnosis[] mets = {Diagnosis.BREAST, Diagnosis.LUNG, Diagnosis.PROSTATE, Diagnosis.RCC, Diagnosis.MYELOMA};
        int n = hemangiomas + metastases;
        List<Diagnosis> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels.add(i < hemangiomas ? Diagnosis.HEMANGIOMA : mets[i % mets.length]);
        }
        List<Diagnosis> truth = new ArrayList<>(labels);
        if (shuffledLabels) {
            java.util.Collections.shuffle(labels, r);
        }
        for (int i = 0; i < n; i++) {
            String patient = String.format("p%04d", i);
            boolean bright = truth.get(i) == Diagnosis.HEMANGIOMA;
            for (int lesion = 1; lesion <= 1 + i % maxLesions; lesion++) {
                for (Sequence seq : List.of(Sequence.T1, Sequence.T2)) {
                    float[] px = new float[size * size];
                    double cx = size * (0.35 + 0.3 * r.nextDouble());
                    double cy = size * (0.35 + 0.3 * r.nextDouble());
                    double rad = size * (0.15 + 0.1 * r.nextDouble());
                    for (int y = 0; y < size; y++) {
                        for (int x = 0; x < size; x++) {
                            double v = 0.45 + 0.08 * r.nextGaussian();
                            if ((x - cx) * (x - cx) + (y - cy) * (y - cy) < rad * rad) {
                                v += (bright ? 0.35 : -0.35);
                            }
                            px[y * size + x] = (float) Math.max(0, Math.min(1, v));
                        }
                    }
                    String id = patient + "_L" + lesion + "_" + seq;
                    String crop = "crops/" + id + ".png";
                    Files.write(dir.resolve(crop), SavePng16.encode(new FloatImage(size, size, px)));
                    samples.add(DatasetSample.builder(id, patient, "L" + lesion, labels.get(i), seq, crop)
                            .sourceSha256("0".repeat(64))
                            .roi("rect", 0, 0, size, size)
                            .acquisition("", 1.5, 500, 10, Double.NaN, 0.8)
                            .build());
                }
            }
        }
        DatasetManifest.write(dir, samples);
        return dir;
    }

    /** The tiny study: T1 and T2, downsampling the training part, temperature scaling cross-fitted on 3 folds. */
    static StudyConfig tinyConfig(long seed) {
        return tinyConfig(seed, false, 3);
    }

    static StudyConfig tinyConfig(long seed, boolean balanceTest, int calibrationFolds) {
        return TestStudies.tiny("test", seed, Sequence.T1, Sequence.T2)
                .search(new StudyConfig.Search(
                        "grid", 0, 0.25, List.of(3e-3, 1e-3), List.of(8), List.of(6), List.of(0.5)))
                .bootstrap(200)
                .balanceTest(balanceTest)
                .calibrationFolds(calibrationFolds)
                .build()
                .validated("test");
    }
}
