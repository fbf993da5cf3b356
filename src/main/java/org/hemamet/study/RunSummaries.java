package org.hemamet.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.hemamet.core.AtomicFiles;
import org.hemamet.metrics.DeLong;

/**
 * Builds the run-level files from the cells' outcomes: {@code results.csv}, {@code predictions.csv},
 * {@code delong.csv} (DeLong et al. 1988 tests between sequences for the same comparison and repeat,
 * paired on the lesions tested on both sequences) and {@code summary.md} (the paper-style table).
 */
public final class RunSummaries {
    /** results.csv columns (contracts.md C). */
    public static final List<String> RESULT_COLUMNS = List.of(
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
            "calibration_slope",
            "calibration_slope_lo",
            "calibration_slope_hi",
            "calibration_intercept",
            "calibration_intercept_lo",
            "calibration_intercept_hi",
            "calibrated_brier",
            "calibrated_brier_lo",
            "calibrated_brier_hi",
            "calibrated_slope",
            "calibrated_slope_lo",
            "calibrated_slope_hi",
            "train_seconds");

    /** predictions.csv columns. */
    public static final List<String> PREDICTION_COLUMNS = List.of(
            "cell_id",
            "sequence",
            "comparison",
            "repeat",
            "sample_id",
            "patient_key",
            "lesion_id",
            "diagnosis",
            "label",
            "score",
            "predicted",
            "crop_path",
            "calibrated");

    static final List<String> DELONG_COLUMNS = List.of(
            "comparison", "repeat", "sequence_a", "sequence_b", "n_common", "auc_a", "auc_b", "z", "p_value", "paired");

    private RunSummaries() {}

    public static void write(java.nio.file.Path runDir, StudyConfig config, List<CellRunner.CellOutcome> outcomes) {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> preds = new ArrayList<>();
        for (CellRunner.CellOutcome o : outcomes) {
            rows.add(o.row());
            preds.addAll(o.predictions());
        }
        AtomicFiles.writeString(runDir.resolve("results.csv"), Csv.write(RESULT_COLUMNS, rows));
        AtomicFiles.writeString(runDir.resolve("predictions.csv"), Csv.write(PREDICTION_COLUMNS, preds));
        List<Map<String, Object>> delong = delong(outcomes);
        AtomicFiles.writeString(runDir.resolve("delong.csv"), Csv.write(DELONG_COLUMNS, delong));
        AtomicFiles.writeString(runDir.resolve("summary.md"), summary(config, rows, delong));
    }

    static List<Map<String, Object>> delong(List<CellRunner.CellOutcome> outcomes) {
        // comparison/repeat -> sequence -> (lesionKey -> [label, score])
        Map<String, Map<String, Map<String, double[]>>> groups = new TreeMap<>();
        for (CellRunner.CellOutcome o : outcomes) {
            if (!"ok".equals(o.status())) {
                continue;
            }
            String key = o.row().get("comparison") + "\u0000" + o.row().get("repeat");
            Map<String, double[]> byLesion = new TreeMap<>();
            for (Map<String, Object> p : o.predictions()) {
                byLesion.put(p.get("patient_key") + "/" + p.get("lesion_id"), new double[] {
                    Double.parseDouble(String.valueOf(p.get("label"))),
                    Double.parseDouble(String.valueOf(p.get("score")))
                });
            }
            groups.computeIfAbsent(key, k -> new LinkedHashMap<>())
                    .put(String.valueOf(o.row().get("sequence")), byLesion);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (var g : groups.entrySet()) {
            String[] parts = g.getKey().split("\u0000");
            List<String> seqs = new ArrayList<>(g.getValue().keySet());
            for (int i = 0; i < seqs.size(); i++) {
                for (int j = i + 1; j < seqs.size(); j++) {
                    Map<String, double[]> a = g.getValue().get(seqs.get(i));
                    Map<String, double[]> b = g.getValue().get(seqs.get(j));
                    List<String> common = new ArrayList<>(a.keySet());
                    common.retainAll(b.keySet());
                    int[] labels = new int[common.size()];
                    double[] sa = new double[common.size()];
                    double[] sb = new double[common.size()];
                    int pos = 0;
                    for (int k = 0; k < common.size(); k++) {
                        labels[k] = (int) a.get(common.get(k))[0];
                        pos += labels[k];
                        sa[k] = a.get(common.get(k))[1];
                        sb[k] = b.get(common.get(k))[1];
                    }
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("comparison", parts[0]);
                    r.put("repeat", parts[1]);
                    r.put("sequence_a", seqs.get(i));
                    r.put("sequence_b", seqs.get(j));
                    r.put("n_common", common.size());
                    DeLong.Comparison t;
                    if (pos >= 2 && common.size() - pos >= 2) {
                        t = DeLong.pairedTest(labels, sa, sb);
                        r.put("paired", true);
                    } else {
                        t = DeLong.unpairedTest(labels(a), scores(a), labels(b), scores(b));
                        r.put("paired", false);
                    }
                    r.put("auc_a", t.aucA());
                    r.put("auc_b", t.aucB());
                    r.put("z", t.z());
                    r.put("p_value", t.pValue());
                    out.add(r);
                }
            }
        }
        return out;
    }

    private static int[] labels(Map<String, double[]> m) {
        return m.values().stream().mapToInt(v -> (int) v[0]).toArray();
    }

    private static double[] scores(Map<String, double[]> m) {
        return m.values().stream().mapToDouble(v -> v[1]).toArray();
    }

    static String summary(StudyConfig config, List<Map<String, Object>> rows, List<Map<String, Object>> delong) {
        StringBuilder sb = new StringBuilder();
        sb.append("# hemamet study: hemangioma vs metastases, per sequence\n\n");
        String split = config.folds() > 0
                ? String.format(
                        Locale.ROOT, "%d-fold cross-validation (patient-level, stratified; r = fold)", config.folds())
                : String.format(
                        Locale.ROOT,
                        "test fraction %.2f (patient-level, stratified), %d repeat(s)",
                        config.testFraction(),
                        config.repeats());
        sb.append(String.format(
                Locale.ROOT,
                "Profile `%s`, seed %d, input %dx%d, balancing %s, %s; hyper-parameters "
                        + "chosen on an inner validation split (%.2f of the training patients), final model retrained on "
                        + "the whole training part.%n%n",
                config.profile(),
                config.seed(),
                config.inputSize(),
                config.inputSize(),
                config.balancing().id(),
                split,
                config.search().validationFraction()));
        sb.append("95 % CIs: Wilson score for accuracy, sensitivity and specificity; DeLong for AUC. "
                + "Positive class = metastasis group; threshold 0.5 on its probability.\n\n");
        sb.append(
                "| Sequence | Comparison | n train (hem/met) | n test (hem/met) | Accuracy | Sensitivity | Specificity | AUC |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : rows) {
            String cmp = String.valueOf(r.get("comparison"));
            if (config.partitions() > 1) {
                cmp += " (r" + r.get("repeat") + ")";
            }
            if (!"ok".equals(r.get("status"))) {
                sb.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s/%s | %s/%s | %s | | | |%n",
                        r.get("sequence"),
                        cmp,
                        r.get("n_train_neg"),
                        r.get("n_train_pos"),
                        r.get("n_test_neg"),
                        r.get("n_test_pos"),
                        r.get("status")));
                continue;
            }
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s/%s | %s/%s | %s | %s | %s | %s |%n",
                    r.get("sequence"),
                    cmp,
                    r.get("n_train_neg"),
                    r.get("n_train_pos"),
                    r.get("n_test_neg"),
                    r.get("n_test_pos"),
                    ci(r, "accuracy"),
                    ci(r, "sensitivity"),
                    ci(r, "specificity"),
                    ci(r, "auc")));
        }
        if (config.partitions() > 1) {
            sb.append(
                    config.folds() > 0
                            ? "\n## Across folds (mean, 95 % t-interval over folds)\n\n"
                            : "\n## Across repeats (mean, 95 % t-interval over repeats)\n\n");
            sb.append("| Sequence | Comparison | parts | Accuracy | AUC |\n|---|---|---|---|---|\n");
            Map<String, List<Map<String, Object>>> by = new LinkedHashMap<>();
            for (Map<String, Object> r : rows) {
                if ("ok".equals(r.get("status"))) {
                    by.computeIfAbsent(r.get("sequence") + "|" + r.get("comparison"), k -> new ArrayList<>())
                            .add(r);
                }
            }
            for (var e : by.entrySet()) {
                String[] k = e.getKey().split("\\|");
                sb.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %d | %s | %s |%n",
                        k[0],
                        k[1],
                        e.getValue().size(),
                        RepeatStats.meanCi(e.getValue(), "accuracy"),
                        RepeatStats.meanCi(e.getValue(), "auc")));
            }
        }
        if (!delong.isEmpty()) {
            sb.append("\n## Sequences compared (DeLong test of AUCs; paired on lesions tested on both)\n\n");
            sb.append("| Comparison | A | B | n | AUC A | AUC B | p |\n|---|---|---|---|---|---|---|\n");
            for (Map<String, Object> d : delong) {
                sb.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %s | %.3f | %.3f | %s |%n",
                        d.get("comparison"),
                        d.get("sequence_a"),
                        d.get("sequence_b"),
                        d.get("n_common"),
                        num(d.get("auc_a")),
                        num(d.get("auc_b")),
                        p(num(d.get("p_value"))) + (Boolean.TRUE.equals(d.get("paired")) ? "" : " (unpaired)")));
            }
        }
        return sb.toString();
    }

    static String ci(Map<String, Object> r, String m) {
        double v = num(r.get(m));
        if (Double.isNaN(v)) {
            return "NaN";
        }
        return String.format(Locale.ROOT, "%.3f (%.3f–%.3f)", v, num(r.get(m + "_lo")), num(r.get(m + "_hi")));
    }

    static String p(double p) {
        return Double.isNaN(p) ? "NaN" : p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
    }

    static double num(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(o));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
