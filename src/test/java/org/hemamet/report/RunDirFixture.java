package org.hemamet.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.cohort.Diagnosis;
import org.hemamet.cohort.Sequence;
import org.hemamet.contract.RunFiles;
import org.hemamet.contract.RunProvenance;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.Json;
import org.hemamet.core.TestTrees;
import org.hemamet.study.StudyConfig;

/**
 * Writes a realistic study run directory (contracts.md C) and its dataset directory (B) for report tests:
 * 2 sequences (T1, T2) × 2 comparisons (hemangioma vs myeloma, hemangioma vs metastases) × 1 repeat,
 * 16 patients with one lesion each on both sequences, 16-bit 256×256 crops, patient-level splits, search
 * tables, histories, predictions with a few errors, delong.csv, provenance.json and study.json.
 *
 * <p>Planted facts the tests check: T1 hemangioma-vs-myeloma has the highest T1 AUC and
 * T2 hemangioma-vs-metastases the highest T2 AUC; every cell has exactly {@link #ERRORS_PER_CELL}
 * misclassified test lesions; the ingest report lists 3 excluded items (2 reasons).
 */
final class RunDirFixture {
    static final List<String> SEQUENCES = List.of("T1", "T2");
    static final List<String> COMPARISONS = List.of("hemangioma-vs-metastases", "hemangioma-vs-myeloma");
    static final int ERRORS_PER_CELL = 2;
    static final Map<String, Double> AUC = Map.of(
            "T1__hemangioma-vs-myeloma__r0",
            0.91,
            "T1__hemangioma-vs-metastases__r0",
            0.84,
            "T2__hemangioma-vs-myeloma__r0",
            0.78,
            "T2__hemangioma-vs-metastases__r0",
            0.86);

    /** The chosen search trial's validation AUC per cell: its order differs from the test AUCs' on purpose. */
    static final Map<String, Double> VAL_AUC = Map.of(
            "T1__hemangioma-vs-myeloma__r0",
            0.80,
            "T1__hemangioma-vs-metastases__r0",
            0.88,
            "T2__hemangioma-vs-myeloma__r0",
            0.85,
            "T2__hemangioma-vs-metastases__r0",
            0.81);

    /** Patient key → diagnosis: 8 hemangioma, 4 myeloma, 2 lung, 2 prostate. */
    static final Map<String, Diagnosis> PATIENTS = new LinkedHashMap<>();

    static {
        String[] d = {
            "hemangioma",
            "hemangioma",
            "hemangioma",
            "hemangioma",
            "hemangioma",
            "hemangioma",
            "hemangioma",
            "hemangioma",
            "myeloma",
            "myeloma",
            "myeloma",
            "myeloma",
            "lung",
            "lung",
            "prostate",
            "prostate"
        };
        for (int i = 0; i < d.length; i++) {
            PATIENTS.put(
                    String.format(Locale.ROOT, "p%015x", 0xa11ce00L + i * 7919L),
                    Diagnosis.lookup(d[i]).orElseThrow());
        }
    }

    private RunDirFixture() {}

    static String cellId(String seq, String comp) {
        return seq + "__" + comp + "__r0";
    }

    /** The dataset every {@link #writeDataset} copies, made once per test JVM (its crops take a while). */
    private static Path datasetTemplate;

    /**
     * Writes the dataset directory (crops, dataset.csv, ingest-report.json): a copy of one made once per test
     * JVM, so the same bytes wherever it is written and the test free to change its copy.
     */
    static Path writeDataset(Path dir) throws IOException {
        return TestTrees.copy(datasetTemplate(), dir);
    }

    private static synchronized Path datasetTemplate() throws IOException {
        if (datasetTemplate == null) {
            Path base = Files.createTempDirectory("hemamet-report-dataset");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> AtomicFiles.deleteRecursively(base)));
            datasetTemplate = makeDataset(base.resolve("dataset"));
        }
        return datasetTemplate;
    }

    private static Path makeDataset(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("crops"));
        List<DatasetSample> samples = new ArrayList<>();
        Random rnd = new Random(7);
        for (var e : PATIENTS.entrySet()) {
            for (String seq : SEQUENCES) {
                String id = e.getKey() + "_L1_" + seq;
                String crop = "crops/" + id + ".png";
                writeCrop(dir.resolve(crop), e.getValue(), seq, rnd);
                samples.add(DatasetSample.builder(id, e.getKey(), "L1", e.getValue(), Sequence.parse(seq), crop)
                        .sourceSha256("0".repeat(64))
                        .roi("polygon", 100, 120, 40, 36)
                        .intensityWindow(12, 3900)
                        .acquisition(
                                "SIEMENS Avanto",
                                1.5,
                                seq.equals("T1") ? 550 : 3800,
                                seq.equals("T1") ? 11 : 98,
                                Double.NaN,
                                0.8)
                        .build());
            }
        }
        DatasetManifest.write(dir, samples);
        Files.writeString(dir.resolve("ingest-report.json"), """
                {"format_version":1,
                 "params":{"key":"fixture","size":64,"margin":0.1,"aspect":"keep (square window)",
                           "normalisation":"per crop to [0, 1] between its 1st and 99th percentiles",
                           "resize":"area averaging when shrinking, linear when enlarging"},
                 "counts":{"T1":{"hemangioma":8,"myeloma":4,"lung":2,"prostate":2},
                           "T2":{"hemangioma":8,"myeloma":4,"lung":2,"prostate":2}},
                 "n_samples":32,
                 "planes":{"T1":{"SAGITTAL":16},"T2":{"AXIAL":1,"SAGITTAL":14,"unknown":1}},
                 "source_formats":{"by_sequence":{"T1":{"dicom":16},"T2":{"dicom":15,"jpeg":1}},"n_lossy":1,
                                   "lossy_sample_ids":["p01_L1_T2"]},
                 "skipped":[
                   {"item":"annotations/via_project.json image 12 region 0","reason":"region outside the image"},
                   {"item":"annotations/via_project.json image 19 region 1","reason":"region outside the image"},
                   {"item":"png/x/T1/1.2.3.png","reason":"lesion not in cohort.csv"}]}
                """);
        return dir;
    }

    private static void writeCrop(Path file, Diagnosis d, String seq, Random rnd) throws IOException {
        BufferedImage img = new BufferedImage(256, 256, BufferedImage.TYPE_USHORT_GRAY);
        boolean hem = d == Diagnosis.HEMANGIOMA;
        double base = seq.equals("T1") ? (hem ? 42000 : 15000) : (hem ? 50000 : 36000);
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                double r = Math.hypot((x - 128) / 90.0, (y - 128) / 75.0);
                double marrow = 26000 + 3000 * Math.sin(y / 9.0);
                double v = r < 1 ? base * (hem ? 1 + 0.12 * Math.sin(x / 3.0) : 1) : marrow;
                v += rnd.nextGaussian() * 1800;
                img.getRaster().setSample(x, y, 0, (int) Math.max(0, Math.min(65535, v)));
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }

    /** Writes the full run directory; {@code datasetDir} is recorded in provenance.json. */
    static Path writeRun(Path run, Path datasetDir) throws IOException {
        Files.createDirectories(run);
        StringBuilder results = new StringBuilder(String.join(",", RESULT_COLUMNS)).append('\n');
        StringBuilder preds = new StringBuilder("cell_id,sequence,comparison,repeat,sample_id,patient_key,lesion_id,"
                + "diagnosis,label,score,predicted,crop_path\n");
        Map<String, Map<String, Double>> scoresBySeq = new LinkedHashMap<>();
        for (String seq : SEQUENCES) {
            for (String comp : COMPARISONS) {
                String cell = cellId(seq, comp);
                Path cd = Files.createDirectories(run.resolve("cells").resolve(cell));
                List<String> keys = PATIENTS.entrySet().stream()
                        .filter(e -> e.getValue() == Diagnosis.HEMANGIOMA
                                || comp.endsWith("metastases")
                                || e.getValue() == Diagnosis.MYELOMA)
                        .map(Map.Entry::getKey)
                        .toList();
                // patient-level split: every other patient of each class to test; myeloma comparison drops 4
                // hemangiomas from training by downsampling
                StringBuilder split = new StringBuilder("sample_id,patient_key,diagnosis,label,partition\n");
                List<String[]> test = new ArrayList<>();
                int trainNeg = 0, trainPos = 0, dropped = 0;
                int idx = 0;
                for (String k : keys) {
                    Diagnosis d = PATIENTS.get(k);
                    int label = d == Diagnosis.HEMANGIOMA ? 0 : 1;
                    String part = idx++ % 2 == 0 ? "test" : "train";
                    if (part.equals("train") && label == 0 && comp.endsWith("myeloma") && dropped < 2) {
                        part = "dropped";
                        dropped++;
                    }
                    if (part.equals("train")) {
                        if (label == 0) trainNeg++;
                        else trainPos++;
                    }
                    String sid = k + "_L1_" + seq;
                    split.append(String.join(",", sid, k, d.id(), Integer.toString(label), part))
                            .append('\n');
                    if (part.equals("test")) {
                        test.add(new String[] {sid, k, d.id(), Integer.toString(label)});
                    }
                }
                Files.writeString(cd.resolve("split.csv"), split);
                // predictions: scores separate the classes, with ERRORS_PER_CELL errors (one each way)
                long tp = 0, fp = 0, tn = 0, fn = 0;
                int negSeen = 0, posSeen = 0;
                for (String[] t : test) {
                    int label = Integer.parseInt(t[3]);
                    double score;
                    if (label == 1) {
                        score = posSeen++ == 0 ? 0.38 : 0.62 + 0.08 * posSeen;
                    } else {
                        score = negSeen++ == 0 ? 0.57 : 0.05 + 0.06 * negSeen;
                    }
                    int predicted = score >= 0.5 ? 1 : 0;
                    if (label == 1 && predicted == 1) tp++;
                    else if (label == 0 && predicted == 1) fp++;
                    else if (label == 0) tn++;
                    else fn++;
                    preds.append(String.join(
                                    ",",
                                    cell,
                                    seq,
                                    comp,
                                    "0",
                                    t[0],
                                    t[1],
                                    "L1",
                                    t[2],
                                    t[3],
                                    String.format(Locale.ROOT, "%.4f", score),
                                    Integer.toString(predicted),
                                    "crops/" + t[0] + ".png"))
                            .append('\n');
                }
                double n = tp + fp + tn + fn;
                double acc = (tp + tn) / n, sens = tp / (double) (tp + fn), spec = tn / (double) (tn + fp);
                double auc = AUC.get(cell);
                Map<String, Double> m = new LinkedHashMap<>();
                m.put("accuracy", acc);
                m.put("sensitivity", sens);
                m.put("specificity", spec);
                m.put("auc", auc);
                m.put("ppv", tp / (double) (tp + fp));
                m.put("npv", tn / (double) (tn + fn));
                m.put("f1", 2.0 * tp / (2.0 * tp + fp + fn));
                m.put("balanced_accuracy", (sens + spec) / 2);
                m.put("mcc", 0.5);
                m.put("brier", 0.14);
                List<String> row = new ArrayList<>(List.of(
                        cell,
                        seq,
                        comp,
                        "0",
                        "ok",
                        "",
                        Integer.toString(trainNeg),
                        Integer.toString(trainPos),
                        Long.toString(tn + fp),
                        Long.toString(tp + fn),
                        Integer.toString(dropped),
                        "0.001",
                        "16",
                        "12",
                        "0.5",
                        "0.5",
                        "fixed-0.5"));
                for (var e : m.entrySet()) {
                    double v = e.getValue();
                    double half = e.getKey().equals("brier") ? 0.05 : 0.2;
                    row.add(f(v));
                    row.add(f(Math.max(0, v - half)));
                    row.add(f(Math.min(1, v + half)));
                }
                row.add("41.5");
                results.append(String.join(",", row)).append('\n');
                Files.writeString(
                        cd.resolve("result.json"),
                        String.format(
                                Locale.ROOT,
                                "{\"cell_id\":\"%s\",\"status\":\"ok\",\"auc\":%s,\"confusion\":{\"tp\":%d,\"fp\":%d,\"tn\":%d,\"fn\":%d}}",
                                cell,
                                f(auc),
                                tp,
                                fp,
                                tn,
                                fn));
                StringBuilder hist = new StringBuilder("epoch,train_loss,train_accuracy,val_loss,val_accuracy\n");
                for (int ep = 1; ep <= 12; ep++) {
                    hist.append(String.format(
                            Locale.ROOT,
                            "%d,%.4f,%.4f,%.4f,%.4f%n",
                            ep,
                            0.7 * Math.exp(-ep / 5.0) + 0.05,
                            0.5 + 0.45 * (1 - Math.exp(-ep / 4.0)),
                            0.72 * Math.exp(-ep / 7.0) + 0.15,
                            0.5 + 0.33 * (1 - Math.exp(-ep / 5.0))));
                }
                Files.writeString(cd.resolve("history.csv"), hist);
                Files.writeString(cd.resolve("search.csv"), """
                        trial,learning_rate,batch_size,epochs,dropout,val_auc,val_loss,val_accuracy,chosen
                        0,0.01,16,12,0.5,0.71,0.61,0.66,false
                        1,0.001,16,12,0.5,%s,0.47,0.78,true
                        2,0.0001,32,12,0.3,0.76,0.55,0.70,false
                        """.formatted(VAL_AUC.get(cell)));
                Path model = Files.createDirectories(cd.resolve("model"));
                Files.writeString(
                        model.resolve("metadata.json"),
                        "{\"format_version\":1,\"architecture\":{\"name\":"
                                + "\"paper-cnn\",\"input_size\":256,\"channels\":1,\"filters\":[32,64,128],\"dense\":128,"
                                + "\"dropout\":0.5},\"cell_id\":\"" + cell + "\",\"threshold\":0.5}");
            }
        }
        Files.writeString(run.resolve("results.csv"), results);
        Files.writeString(run.resolve("predictions.csv"), preds);
        Files.writeString(run.resolve("delong.csv"), """
                comparison,repeat,sequence_a,sequence_b,n_common,auc_a,auc_b,z,p_value,paired,method,p_holm
                hemangioma-vs-metastases,0,T1,T2,8,0.84,0.86,-0.31,0.756,true,delong-paired,
                hemangioma-vs-myeloma,0,T1,T2,6,0.91,0.78,1.42,0.156,true,obuchowski-paired,0.312
                """);
        Files.writeString(run.resolve("common_lesions.csv"), """
                comparison,repeat,sequences,sequence,n_common_neg,n_common_pos,n_patients,auc,auc_lo,auc_hi
                hemangioma-vs-metastases,0,T1+T2,T1,4,4,8,0.84,0.62,1.0
                hemangioma-vs-metastases,0,T1+T2,T2,4,4,8,0.86,0.66,1.0
                hemangioma-vs-myeloma,0,T1+T2,T1,4,2,6,0.91,0.71,1.0
                hemangioma-vs-myeloma,0,T1+T2,T2,4,2,6,0.78,0.45,1.0
                """);
        RunFiles.writeProvenance(run, provenance(datasetDir));
        Files.writeString(run.resolve("study.json"), studyConfig().toJson());
        Files.writeString(run.resolve("summary.md"), "| sequence | comparison |\n", StandardCharsets.UTF_8);
        RunFiles.writeDecisionCurves(
                run,
                org.hemamet.study.DecisionCurves.of(
                        run, studyConfig(), RunFiles.readAllResults(run), RunFiles.readAllPredictions(run)));
        return run;
    }

    /** The run's provenance.json, as StudyRunner writes it. */
    static RunProvenance provenance(Path datasetDir) throws IOException {
        Map<String, Double> cellSeconds = new LinkedHashMap<>();
        cellSeconds.put("T1__hemangioma-vs-metastases__r0", 44.0);
        cellSeconds.put("T1__hemangioma-vs-myeloma__r0", 41.5);
        cellSeconds.put("T2__hemangioma-vs-metastases__r0", 43.9);
        cellSeconds.put("T2__hemangioma-vs-myeloma__r0", 40.2);
        @SuppressWarnings("unchecked")
        Map<String, Object> config = Json.mapper().readValue(studyConfig().toJson(), Map.class);
        return new RunProvenance(
                "0.1.0",
                "17.0.15",
                "Eclipse Adoptium",
                "Linux 6.1 amd64",
                2,
                4L << 30,
                "AMD EPYC 9R14 96-Core Processor",
                "ef".repeat(8),
                List.of("-Xmx4g"),
                "0.36.0",
                "2.7.1",
                "PyTorch",
                "",
                2,
                42L,
                "quick",
                datasetDir == null ? null : datasetDir.toAbsolutePath().toString(),
                // the dataset's own hash: the report reads a dataset only when it is the run's
                datasetDir == null ? "ab".repeat(32) : org.hemamet.cohort.DatasetManifest.hash(datasetDir),
                "cd".repeat(32),
                config,
                "2025-05-01T10:00:00Z",
                "2025-05-01T10:03:00Z",
                180.0,
                cellSeconds,
                2,
                1,
                List.of("avx", "avx2", "avx512_bf16", "avx512bw", "avx512dq", "avx512f", "avx512vl", "fma"),
                "avx512 (inferred from CPU flags)",
                "avx512_core_bf16 (inferred from CPU flags)",
                "cpu",
                "fp32",
                "adam, per parameter (DJL adamUpdate)",
                1);
    }

    /** The study config of the fixture run, as StudyRunner writes it to study.json. */
    static StudyConfig studyConfig() {
        return StudyConfig.builder()
                .profile("quick")
                .seed(42)
                .sequences(SEQUENCES.stream().map(Sequence::parse).toList())
                .comparisons(COMPARISONS)
                .balancing(StudyConfig.Balancing.DOWNSAMPLE)
                .testFraction(0.4)
                .repeats(1)
                .inputSize(64)
                .search(new StudyConfig.Search(
                        "grid", 0, 0.25, List.of(0.01, 0.001, 0.0001), List.of(16, 32), List.of(12), List.of(0.3, 0.5)))
                .bootstrap(1000)
                .build();
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static final List<String> RESULT_COLUMNS = List.of(
            "cell_id",
            "sequence",
            "comparison",
            "repeat",
            "status",
            "message",
            "n_train_neg",
            "n_train_pos",
            "n_test_neg",
            "n_test_pos",
            "n_dropped",
            "learning_rate",
            "batch_size",
            "epochs",
            "dropout",
            "threshold",
            "threshold_rule",
            "accuracy",
            "accuracy_lo",
            "accuracy_hi",
            "sensitivity",
            "sensitivity_lo",
            "sensitivity_hi",
            "specificity",
            "specificity_lo",
            "specificity_hi",
            "auc",
            "auc_lo",
            "auc_hi",
            "ppv",
            "ppv_lo",
            "ppv_hi",
            "npv",
            "npv_lo",
            "npv_hi",
            "f1",
            "f1_lo",
            "f1_hi",
            "balanced_accuracy",
            "balanced_accuracy_lo",
            "balanced_accuracy_hi",
            "mcc",
            "mcc_lo",
            "mcc_hi",
            "brier",
            "brier_lo",
            "brier_hi",
            "train_seconds");
}
