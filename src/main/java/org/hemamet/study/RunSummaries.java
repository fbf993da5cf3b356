package org.hemamet.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.hemamet.contract.DeLongRow;
import org.hemamet.contract.Interval;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.ResultRow.Metric;
import org.hemamet.contract.RunFiles;
import org.hemamet.core.AtomicFiles;
import org.hemamet.metrics.DeLong;

/**
 * Builds the run-level files from the cells' outcomes: {@code results.csv}, {@code predictions.csv},
 * {@code delong.csv} (DeLong et al. 1988 tests between sequences for the same comparison and repeat,
 * paired on the lesions tested on both sequences) and {@code summary.md} (the paper-style table).
 */
public final class RunSummaries {
    /** results.csv columns (contracts.md C), in order: the properties of {@link ResultRow}. */
    public static final List<String> RESULT_COLUMNS = RunFiles.columns(ResultRow.class);

    /** predictions.csv columns: the properties of {@link PredictionRow}. */
    public static final List<String> PREDICTION_COLUMNS = RunFiles.columns(PredictionRow.class);

    private RunSummaries() {}

    public static void write(java.nio.file.Path runDir, StudyConfig config, List<CellRunner.CellOutcome> outcomes) {
        List<ResultRow> rows = new ArrayList<>();
        List<PredictionRow> preds = new ArrayList<>();
        for (CellRunner.CellOutcome o : outcomes) {
            rows.add(o.row());
            preds.addAll(o.predictions());
        }
        RunFiles.writeResults(runDir, rows);
        RunFiles.writePredictions(runDir, preds);
        List<DeLongRow> delong = delong(outcomes);
        RunFiles.writeDeLong(runDir, delong);
        AtomicFiles.writeString(runDir.resolve(RunFiles.SUMMARY), summary(config, rows, delong));
    }

    static List<DeLongRow> delong(List<CellRunner.CellOutcome> outcomes) {
        // comparison/repeat -> sequence -> (lesionKey -> [label, score])
        Map<String, Map<String, Map<String, double[]>>> groups = new TreeMap<>();
        for (CellRunner.CellOutcome o : outcomes) {
            if (!ResultRow.OK.equals(o.status())) {
                continue;
            }
            String key = o.row().comparison() + "\u0000" + o.row().repeat();
            Map<String, double[]> byLesion = new TreeMap<>();
            for (PredictionRow p : o.predictions()) {
                byLesion.put(p.lesionKey(), new double[] {p.label(), p.score()});
            }
            groups.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(o.row().sequence(), byLesion);
        }
        List<DeLongRow> out = new ArrayList<>();
        for (var g : groups.entrySet()) {
            String[] parts = g.getKey().split("\u0000");
            List<String> seqs = new ArrayList<>(g.getValue().keySet());
            for (int i = 0; i < seqs.size(); i++) {
                for (int j = i + 1; j < seqs.size(); j++) {
                    out.add(test(parts[0], Integer.parseInt(parts[1]), seqs.get(i), seqs.get(j), g.getValue()));
                }
            }
        }
        return out;
    }

    /** DeLong test of sequences a and b: paired on their common lesions when each class has 2 of them. */
    private static DeLongRow test(
            String comparison, int repeat, String seqA, String seqB, Map<String, Map<String, double[]>> bySequence) {
        Map<String, double[]> a = bySequence.get(seqA);
        Map<String, double[]> b = bySequence.get(seqB);
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
        boolean paired = pos >= 2 && common.size() - pos >= 2;
        DeLong.Comparison t = paired
                ? DeLong.pairedTest(labels, sa, sb)
                : DeLong.unpairedTest(labels(a), scores(a), labels(b), scores(b));
        return new DeLongRow(
                comparison, repeat, seqA, seqB, common.size(), t.aucA(), t.aucB(), t.z(), t.pValue(), paired);
    }

    private static int[] labels(Map<String, double[]> m) {
        return m.values().stream().mapToInt(v -> (int) v[0]).toArray();
    }

    private static double[] scores(Map<String, double[]> m) {
        return m.values().stream().mapToDouble(v -> v[1]).toArray();
    }

    static String summary(StudyConfig config, List<ResultRow> rows, List<DeLongRow> delong) {
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
        for (ResultRow r : rows) {
            sb.append(cellLine(config, r));
        }
        sb.append(droppedSentence(config, rows));
        if (config.partitions() > 1) {
            sb.append(acrossPartitions(config, rows));
        }
        if (!delong.isEmpty()) {
            sb.append("\n## Sequences compared (DeLong test of AUCs; paired on lesions tested on both)\n\n");
            sb.append("| Comparison | A | B | n | AUC A | AUC B | p |\n|---|---|---|---|---|---|---|\n");
            for (DeLongRow d : delong) {
                sb.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %s | %.3f | %.3f | %s |%n",
                        d.comparison(),
                        d.sequenceA(),
                        d.sequenceB(),
                        d.nCommon(),
                        d.aucA(),
                        d.aucB(),
                        p(d.pValue()) + (d.paired() ? "" : " (unpaired)")));
            }
        }
        return sb.toString();
    }

    /** One sentence under the table: which part was balanced and how many lesions were dropped from each. */
    static String droppedSentence(StudyConfig config, List<ResultRow> rows) {
        int train = 0;
        int test = 0;
        for (ResultRow r : rows) {
            train += r.nDroppedTrain() == null ? 0 : r.nDroppedTrain();
            test += r.nDroppedTest() == null ? 0 : r.nDroppedTest();
        }
        return String.format(
                Locale.ROOT,
                "%nBalancing: %s. Over all cells the balancing dropped %d training lesions and %d test lesions"
                        + " (results.csv n_dropped_train, n_dropped_test; split.csv dropped_from).%n",
                config.balancingStatement(),
                train,
                test);
    }

    private static String cellLine(StudyConfig config, ResultRow r) {
        String cmp = r.comparison();
        if (config.partitions() > 1) {
            cmp += " (r" + r.repeat() + ")";
        }
        if (!r.ok()) {
            return String.format(
                    Locale.ROOT,
                    "| %s | %s | %s/%s | %s/%s | %s | | | |%n",
                    r.sequence(),
                    cmp,
                    text(r.nTrainNeg()),
                    text(r.nTrainPos()),
                    text(r.nTestNeg()),
                    text(r.nTestPos()),
                    r.status());
        }
        return String.format(
                Locale.ROOT,
                "| %s | %s | %s/%s | %s/%s | %s | %s | %s | %s |%n",
                r.sequence(),
                cmp,
                text(r.nTrainNeg()),
                text(r.nTrainPos()),
                text(r.nTestNeg()),
                text(r.nTestPos()),
                ci(r.metric(Metric.ACCURACY)),
                ci(r.metric(Metric.SENSITIVITY)),
                ci(r.metric(Metric.SPECIFICITY)),
                ci(r.metric(Metric.AUC)));
    }

    private static String acrossPartitions(StudyConfig config, List<ResultRow> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                config.folds() > 0
                        ? "\n## Across folds (mean, 95 % t-interval over folds)\n\n"
                        : "\n## Across repeats (mean, 95 % t-interval over repeats)\n\n");
        sb.append("| Sequence | Comparison | parts | Accuracy | AUC |\n|---|---|---|---|---|\n");
        Map<String, List<ResultRow>> by = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            if (r.ok()) {
                by.computeIfAbsent(r.sequence() + "|" + r.comparison(), k -> new ArrayList<>())
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
                    RepeatStats.meanCi(values(e.getValue(), Metric.ACCURACY)),
                    RepeatStats.meanCi(values(e.getValue(), Metric.AUC))));
        }
        return sb.toString();
    }

    private static double[] values(List<ResultRow> rows, Metric m) {
        return rows.stream().mapToDouble(r -> r.metric(m).number()).toArray();
    }

    private static String text(Integer v) {
        return v == null ? "" : v.toString();
    }

    static String ci(Interval i) {
        double v = i.number();
        if (Double.isNaN(v)) {
            return "NaN";
        }
        return String.format(Locale.ROOT, "%.3f (%.3f–%.3f)", v, i.lower(), i.upper());
    }

    static String p(double p) {
        return Double.isNaN(p) ? "NaN" : p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
    }
}
