package org.hemamet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hemamet.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hemamet evaluate}: pROC's numbers for the golden fixtures, exact messages and exit codes. */
class EvaluateCommandTest {
    @TempDir
    Path dir;

    private static List<String> resourceLines(String name) throws IOException {
        try (InputStream in = EvaluateCommandTest.class.getResourceAsStream("/metrics/golden/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .toList();
        }
    }

    /** expected_proc.csv rows of one fixture. */
    private static Map<String, Double> proc(String fixture) throws IOException {
        return golden("expected_proc.csv", fixture);
    }

    private static Map<String, Double> golden(String file, String fixture) throws IOException {
        Map<String, Double> m = new HashMap<>();
        for (String line : resourceLines(file)) {
            String[] f = line.split(",", 3);
            if (f[0].equals(fixture)) {
                m.put(f[1], Double.parseDouble(f[2]));
            }
        }
        return m;
    }

    /** A golden fixture as a long predictions file: case,model,label,score (models A = score_a, B = score_b). */
    private Path longFile(String fixture, boolean withCase) throws IOException {
        List<String> rows = resourceLines("fixtures/" + fixture + ".csv");
        List<String> lines = new ArrayList<>();
        lines.add(withCase ? "case,model,label,score" : "model,label,score");
        for (String r : rows.subList(1, rows.size())) {
            String[] f = r.split(",");
            lines.add((withCase ? f[0] + "," : "") + "A," + f[1] + "," + f[2]);
        }
        for (String r : rows.subList(1, rows.size())) {
            String[] f = r.split(",");
            lines.add((withCase ? f[0] + "," : "") + "B," + f[1] + "," + f[3]);
        }
        Path p = dir.resolve(fixture + "-long.csv");
        Files.write(p, lines);
        return p;
    }

    /**
     * R's write.csv2 (and a spreadsheet in a decimal-comma locale) writes ';' between fields and a decimal comma:
     * evaluated exactly as the comma-separated file; a bad score names its own line, blank lines counted.
     */
    @Test
    void aSemicolonOrTabFileWithDecimalCommasEvaluatesAsTheCommaOne() throws IOException {
        Path comma = longFile("moderate", true);
        List<String> lines = Files.readAllLines(comma);
        Path semi = dir.resolve("moderate-csv2.csv");
        Files.write(
                semi,
                lines.stream()
                        .map(l -> l.replace(',', ';'))
                        .map(l -> {
                            int last = l.lastIndexOf(';');
                            return l.substring(0, last + 1)
                                    + l.substring(last + 1).replace('.', ',');
                        })
                        .toList());
        assertThat(Files.readString(semi)).contains(";0,");
        CliRun.CliResult a = CliRun.run("evaluate", "--predictions", comma.toString(), "--json");
        CliRun.CliResult b = CliRun.run("evaluate", "--predictions", semi.toString(), "--json");
        assertThat(b.exit()).as(b.err()).isZero();
        assertThat(b.out().replace(semi.toString(), comma.toString())).isEqualTo(a.out());
        // a spreadsheet's tab-delimited text, decimal commas or points, reads the same
        for (boolean decimalComma : new boolean[] {true, false}) {
            Path tabs = dir.resolve("moderate-" + decimalComma + ".txt");
            Files.write(
                    tabs,
                    Files.readAllLines(semi).stream()
                            .map(l -> l.replace(';', '\t'))
                            .map(l -> decimalComma ? l : l.replace(',', '.'))
                            .toList());
            CliRun.CliResult t = CliRun.run("evaluate", "--predictions", tabs.toString(), "--json");
            assertThat(t.exit()).as(t.err()).isZero();
            assertThat(t.out().replace(tabs.toString(), comma.toString())).isEqualTo(a.out());
        }

        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "label,score\n1,0.9\n\n0,high\n");
        CliRun.CliResult r = CliRun.run("evaluate", "--predictions", bad.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("hemamet: " + bad + ": line 4: score 'high' is not a number");
    }

    /**
     * A reader's 1-5 ratings (or logits, or ADC values) are no probabilities: the default threshold 0.5 would call
     * every case positive, so without --threshold such a model gets its AUC (which does not depend on the scale)
     * and no metrics at a threshold, saying why; given a threshold on their scale, it gets them.
     */
    @Test
    void scoresOnAnotherScaleGetNoMetricsAtTheDefaultThreshold() throws IOException {
        Path ratings = dir.resolve("reader.csv");
        Files.writeString(ratings, "label,score\n1,5\n1,4\n1,2\n0,1\n0,3\n0,2\n");
        CliRun.CliResult r = CliRun.run("evaluate", "--predictions", ratings.toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode m = Json.mapper().readTree(r.out()).at("/models/0");
        // 9 pairs: 5 and 4 beat all three negatives, 2 beats 1 and ties 2 -> (3 + 3 + 1.5) / 9
        assertThat(m.at("/metrics/auc/value").asDouble()).isCloseTo(7.5 / 9, within(1e-12));
        assertThat(m.get("threshold").isNull()).isTrue();
        assertThat(m.get("counts").isNull()).isTrue();
        for (String metric : List.of("accuracy", "sensitivity", "specificity", "ppv", "npv", "mcc")) {
            assertThat(m.at("/metrics/" + metric + "/value").isNull())
                    .as(metric)
                    .isTrue();
            assertThat(m.at("/metrics/" + metric + "/note").asText())
                    .as(metric)
                    .isEqualTo("the scores are not probabilities in [0, 1], so the default threshold 0.5 means"
                            + " nothing on their scale; give --threshold (a number on the scores' scale, youden, or"
                            + " sensitivity:X)");
        }
        CliRun.CliResult text = CliRun.run("evaluate", "--predictions", ratings.toString());
        assertThat(text.out()).contains("threshold: none (see the notes)").doesNotContain("tp=");

        CliRun.CliResult ok = CliRun.run("evaluate", "--predictions", ratings.toString(), "--threshold", "3", "--json");
        assertThat(ok.exit()).as(ok.err()).isZero();
        JsonNode at3 = Json.mapper().readTree(ok.out()).at("/models/0");
        assertThat(at3.at("/metrics/sensitivity/value").asDouble()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(at3.at("/metrics/specificity/value").asDouble()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(at3.at("/counts/tp").asInt()).isEqualTo(2);
        assertThat(Json.mapper()
                        .readTree(ok.out())
                        .get("threshold_rule_description")
                        .asText())
                .isEqualTo("fixed threshold 3.0 on the score");
        assertThat(Json.mapper().readTree(ok.out()).get("threshold_rule_note").asText())
                .isEmpty();
        // a threshold chosen on these very cases makes the metrics at it optimistic, and the output says so
        CliRun.CliResult youden = CliRun.run("evaluate", "--predictions", ratings.toString(), "--threshold", "youden");
        assertThat(youden.out())
                .contains("  note: the threshold was chosen on the cases it is evaluated on, so the metrics at it are"
                        + " optimistic; choose it on other cases (a validation set) and give it as a number");
        // probabilities keep their metrics at the default 0.5
        Path probs = dir.resolve("probs.csv");
        Files.writeString(probs, "label,score\n1,0.9\n1,0.8\n1,0.4\n0,0.1\n0,0.6\n0,0.4\n");
        JsonNode p = Json.mapper()
                .readTree(CliRun.run("evaluate", "--predictions", probs.toString(), "--json")
                        .out())
                .at("/models/0");
        assertThat(p.at("/metrics/sensitivity/value").asDouble()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(CliRun.run("evaluate", "--predictions", probs.toString()).out())
                .contains("threshold rule: fixed threshold 0.5 on P(positive)");
    }

    @Test
    void jsonHasProcNumbersForThePairedFile() throws IOException {
        Path file = longFile("moderate", true);
        CliRun.CliResult r = CliRun.run("evaluate", "--predictions", file.toString(), "--json");
        assertThat(r.exit()).isEqualTo(0);
        assertThat(r.err()).isEmpty();
        JsonNode root = Json.mapper().readTree(r.out());
        Map<String, Double> e = proc("moderate");
        JsonNode a = root.get("models").get(0);
        JsonNode b = root.get("models").get(1);
        assertThat(a.get("name").asText()).isEqualTo("A");
        assertThat(a.at("/metrics/auc/value").asDouble()).isCloseTo(e.get("auc_a"), within(1e-9));
        // the reported interval is Newcombe's (scripts/golden/newcombe_auc.R); DeLong's, as pROC, beside it
        assertThat(a.at("/metrics/auc/method").asText()).isEqualTo("newcombe");
        assertThat(a.at("/metrics/auc/lower").asDouble()).isCloseTo(0.68295198175455085, within(1e-9));
        assertThat(a.at("/metrics/auc/upper").asDouble()).isCloseTo(0.88932434552360884, within(1e-9));
        assertThat(a.at("/metrics/auc_delong/value").asDouble()).isCloseTo(e.get("auc_a"), within(1e-9));
        assertThat(a.at("/metrics/auc_delong/lower").asDouble()).isCloseTo(e.get("delong_lo_a"), within(1e-9));
        assertThat(a.at("/metrics/auc_delong/upper").asDouble()).isCloseTo(e.get("delong_hi_a"), within(1e-9));
        assertThat(b.at("/metrics/auc_delong/lower").asDouble()).isCloseTo(e.get("delong_lo_b"), within(1e-9));
        assertThat(a.at("/metrics/sensitivity/lower").asDouble()).isCloseTo(e.get("sensitivity_lo"), within(1e-9));
        assertThat(a.at("/metrics/ppv/upper").asDouble()).isCloseTo(e.get("ppv_hi"), within(1e-9));
        JsonNode c = root.get("comparisons").get(0);
        assertThat(c.get("paired").asBoolean()).isTrue();
        assertThat(c.get("n_common").asInt()).isEqualTo(70);
        assertThat(c.get("statistic").asDouble()).isCloseTo(e.get("paired_z"), within(1e-9));
        assertThat(c.get("p_value").asDouble()).isCloseTo(e.get("paired_p"), within(1e-9));
        assertThat(c.get("difference_lower").asDouble()).isCloseTo(e.get("paired_diff_lo"), within(1e-9));
        assertThat(root.get("threshold_rule").asText()).isEqualTo("fixed:0.5");
        assertThat(root.get("seed").asLong()).isEqualTo(42);
        // Cox calibration slope of model A's probabilities, as R's glm (scripts/golden/calibration.R)
        Map<String, Double> glm = golden("expected_calibration.csv", "moderate");
        double slope = glm.get("cox_slope_a");
        double se = glm.get("cox_slope_se_a");
        assertThat(a.at("/metrics/calibration_slope/value").asDouble()).isCloseTo(slope, within(1e-9));
        assertThat(a.at("/metrics/calibration_slope/lower").asDouble())
                .isCloseTo(slope - 1.959963984540054 * se, within(1e-6));
        assertThat(a.at("/metrics/calibration_slope/method").asText()).isEqualTo("wald");
    }

    @Test
    void textTablePrintsProcNumbersRounded() throws IOException {
        Path file = longFile("moderate", true);
        CliRun.CliResult r = CliRun.run("evaluate", "--predictions", file.toString());
        assertThat(r.exit()).isEqualTo(0);
        Map<String, Double> e = proc("moderate");
        String text = r.out();
        assertThat(text)
                .contains(String.format(
                        Locale.ROOT,
                        "  auc_delong            %.4f   [%.4f, %.4f]     delong",
                        e.get("auc_a"),
                        e.get("delong_lo_a"),
                        e.get("delong_hi_a")));
        assertThat(text)
                .contains(String.format(Locale.ROOT, "z = %.4f, p = %.4f", e.get("paired_z"), e.get("paired_p")));
        assertThat(text).contains("model A: 70 cases (30 positive, 40 negative)");
        assertThat(text).contains("threshold 0.5000: tp=20 fp=8 tn=32 fn=10");
    }

    @Test
    void withoutCaseColumnModelsAreComparedUnpairedAsProc() throws IOException {
        List<String> lines = new ArrayList<>(List.of("model,label,score"));
        for (String fx : List.of("ties", "moderate")) {
            List<String> rows = resourceLines("fixtures/" + fx + ".csv");
            for (String r : rows.subList(1, rows.size())) {
                String[] f = r.split(",");
                lines.add(fx + "," + f[1] + "," + f[2]);
            }
        }
        Path file = dir.resolve("unpaired.csv");
        Files.write(file, lines);
        CliRun.CliResult r = CliRun.run("evaluate", "--predictions", file.toString(), "--json");
        assertThat(r.exit()).isEqualTo(0);
        JsonNode c = Json.mapper().readTree(r.out()).get("comparisons").get(0);
        Map<String, Double> e = proc("ties:a|moderate:a");
        assertThat(c.get("paired").asBoolean()).isFalse();
        assertThat(c.get("statistic").asDouble()).isCloseTo(e.get("unpaired_t"), within(1e-9));
        assertThat(c.get("df").asDouble()).isCloseTo(e.get("unpaired_df"), within(1e-9));
        assertThat(c.get("p_value").asDouble()).isCloseTo(e.get("unpaired_p"), within(1e-9));
    }

    @Test
    void textLabelsWithPositiveOption() throws IOException {
        Path file = dir.resolve("text.csv");
        Files.write(
                file, List.of("label,score", "metastasis,0.9", "hemangioma,0.2", "metastasis,0.4", "hemangioma,0.6"));
        CliRun.CliResult r =
                CliRun.run("evaluate", "--predictions", file.toString(), "--positive", "metastasis", "--json");
        assertThat(r.exit()).isEqualTo(0);
        JsonNode m = Json.mapper().readTree(r.out()).get("models").get(0);
        // AUC: pairs (0.9>0.2, 0.9>0.6, 0.4>0.2, 0.4<0.6) = 3/4
        assertThat(m.at("/metrics/auc/value").asDouble()).isEqualTo(0.75);
        assertThat(m.at("/counts/tp").asInt()).isEqualTo(1);
        assertThat(m.at("/counts/fp").asInt()).isEqualTo(1);
        assertThat(m.path("note").asText()).isEmpty();
    }

    /**
     * Scores for the other label (P(hemangioma) given as the score with metastasis positive) give an AUC far
     * below 0.5: said, with the remedy, and nothing changed; an AUC below 0.5 within chance says nothing.
     */
    @Test
    void scoresThatPointTheOtherWayAreNamed() throws IOException {
        List<String> lines = new ArrayList<>(List.of("label,score"));
        for (int i = 0; i < 20; i++) {
            lines.add("metastasis," + (0.05 + i * 0.01));
            lines.add("hemangioma," + (0.70 + i * 0.01));
        }
        Path file = Files.write(dir.resolve("inverted.csv"), lines);
        CliRun.CliResult r = CliRun.run("evaluate", "--predictions", file.toString(), "--positive", "metastasis");
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .contains("  note: AUC 0.0000 with its 95% CI below 0.5: the scores rank 'hemangioma' cases above"
                        + " 'metastasis' cases; if the score is the probability of 'hemangioma', name that label"
                        + " with --positive (or give 1 - score)\n");
        CliRun.CliResult flipped =
                CliRun.run("evaluate", "--predictions", file.toString(), "--positive", "hemangioma", "--json");
        JsonNode m = Json.mapper().readTree(flipped.out()).get("models").get(0);
        assertThat(m.at("/metrics/auc/value").asDouble()).isEqualTo(1.0);
        assertThat(m.path("note").asText()).isEmpty();

        Path chance = Files.write(
                dir.resolve("chance.csv"),
                List.of("label,score", "1,0.4", "0,0.6", "1,0.5", "0,0.45", "1,0.7", "0,0.8"));
        CliRun.CliResult c = CliRun.run("evaluate", "--predictions", chance.toString());
        assertThat(c.out()).doesNotContain("below 0.5");
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("nope.csv");
        CliRun.CliResult r = CliRun.run("evaluate", "--predictions", file.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("hemamet: " + file + ": no such file\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void missingColumn() throws IOException {
        Path file = dir.resolve("p.csv");
        Files.write(file, List.of("label,prob", "1,0.3"));
        CliRun.CliResult r = CliRun.run("evaluate", "--predictions", file.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("hemamet: " + file + ": missing column 'score' (columns: label, prob)\n");
    }

    @Test
    void nonNumericScore() throws IOException {
        Path file = dir.resolve("p.csv");
        Files.write(file, List.of("label,score", "1,0.3", "0,abc"));
        CliRun.CliResult r = CliRun.run("evaluate", "--predictions", file.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("hemamet: " + file + ": line 3: score 'abc' is not a number\n");
    }

    @Test
    void labelNotZeroOneWithoutPositive() throws IOException {
        Path file = dir.resolve("p.csv");
        Files.write(file, List.of("label,score", "yes,0.3", "no,0.2"));
        CliRun.CliResult r = CliRun.run("evaluate", "--predictions", file.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("hemamet: " + file
                        + ": label 'no' is not 0 or 1 (name the positive class with --positive LABEL)\n");
    }

    @Test
    void badThresholdRule() throws IOException {
        Path file = dir.resolve("p.csv");
        Files.write(file, List.of("label,score", "1,0.3", "0,0.2"));
        CliRun.CliResult r = CliRun.run("evaluate", "--predictions", file.toString(), "--threshold", "best");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("hemamet: --threshold: not a threshold rule: 'best' "
                        + "(use a number, fixed:X, youden or sensitivity:X)\n");
    }

    @Test
    void singleClassFilePrintsNaNWithReasonAndExitsZero() throws IOException {
        Path file = dir.resolve("p.csv");
        Files.write(file, List.of("label,score", "0,0.3", "0,0.7", "0,0.1"));
        CliRun.CliResult r = CliRun.run("evaluate", "--predictions", file.toString());
        assertThat(r.exit()).isEqualTo(0);
        String text = r.out();
        assertThat(text).contains("model all: 3 cases (0 positive, 3 negative)");
        assertThat(text).contains("  auc                   NaN      [NaN, NaN]           newcombe");
        assertThat(text).contains("  auc_delong            NaN      [NaN, NaN]           delong");
        assertThat(text).contains("  sensitivity           NaN      [NaN, NaN]           wilson");
        assertThat(text).contains("note: auc: only one class present (0 positives, 3 negatives): AUC undefined");
        assertThat(text).contains("note: sensitivity: no positive cases");
        assertThat(text).contains("note: mcc: only one class present (0 positives, 3 negatives)");
        assertThat(text).contains("note: calibration_slope: one class only");
        // accuracy stays defined: 2 of 3 below 0.5
        assertThat(text).contains("  accuracy              0.6667");
        assertThat(r.err()).isEmpty();
    }

    /** The golden clustered fixture as a long file: case,patient,model,label,score. */
    private Path clusteredLongFile() throws IOException {
        List<String> rows = new ArrayList<>();
        try (InputStream in =
                EvaluateCommandTest.class.getResourceAsStream("/metrics/golden/clustered/mixed_clusters.csv")) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .skip(1)
                    .filter(l -> !l.isBlank())
                    .forEach(rows::add);
        }
        List<String> lines = new ArrayList<>(List.of("case,patient,model,label,score"));
        for (String model : new String[] {"A", "B"}) {
            for (String r : rows) {
                String[] f = r.split(",");
                lines.add(f[0] + "," + f[1] + "," + model + "," + f[2] + "," + (model.equals("A") ? f[3] : f[4]));
            }
        }
        Path p = dir.resolve("clustered.csv");
        Files.write(p, lines);
        return p;
    }

    @Test
    void aPatientColumnPutsTheIntervalsAndThePairedTestAtThePatientLevel() throws IOException {
        Path file = clusteredLongFile();
        Map<String, Double> e = golden("clustered/expected.csv", "mixed_clusters");
        CliRun.CliResult r = CliRun.run("evaluate", "--predictions", file.toString(), "--json", "--resamples", "200");
        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        JsonNode root = Json.mapper().readTree(r.out());
        assertThat(root.get("cluster_column").asText()).isEqualTo("patient");
        JsonNode a = root.get("models").get(0);
        assertThat(a.get("ci_level").asText()).isEqualTo("patient");
        assertThat(a.get("n_clusters").asInt()).isEqualTo(e.get("clusters").intValue());
        JsonNode newcombe = a.get("metrics").get("auc");
        assertThat(newcombe.get("method").asText()).isEqualTo("newcombe-design-effect");
        assertThat(newcombe.get("value").asDouble()).isCloseTo(e.get("auc_a"), within(1e-12));
        // scripts/golden/newcombe_auc.R, clustered,mixed_clusters,a
        assertThat(newcombe.get("lower").asDouble()).isCloseTo(0.51379531240072573, within(1e-9));
        assertThat(newcombe.get("upper").asDouble()).isCloseTo(0.74107110546048016, within(1e-9));
        JsonNode auc = a.get("metrics").get("auc_delong");
        assertThat(auc.get("method").asText()).isEqualTo("obuchowski");
        double half = 1.959963984540054 * Math.sqrt(e.get("var_a"));
        assertThat(auc.get("value").asDouble()).isCloseTo(e.get("auc_a"), within(1e-12));
        assertThat(auc.get("upper").asDouble() - auc.get("lower").asDouble()).isCloseTo(2 * half, within(1e-6));
        assertThat(a.get("metrics").get("auc_bootstrap").get("method").asText())
                .isEqualTo("cluster-bootstrap-percentile");
        assertThat(a.get("metrics").get("sensitivity").get("method").asText()).isEqualTo("wilson-design-effect");
        assertThat(a.get("metrics").get("f1").get("method").asText()).isEqualTo("cluster-bootstrap-percentile");
        // the text form says which method each interval is, and that the lesion-level ones are the fallback
        // (its scores are no probabilities: the threshold is stated on their scale)
        CliRun.CliResult text =
                CliRun.run("evaluate", "--predictions", file.toString(), "--resamples", "200", "--threshold", "0.5");
        assertThat(text.out())
                .contains("95% CIs where every patient has one case: Wilson (proportions), Newcombe's score interval"
                        + " (AUC; DeLong's beside it)")
                .containsPattern("sensitivity +[0-9.]+ +\\[[0-9.]+, [0-9.]+\\] +wilson-design-effect");
        JsonNode c = root.get("comparisons").get(0);
        assertThat(c.get("method").asText()).isEqualTo("obuchowski-paired");
        assertThat(c.get("p_value").asDouble()).isCloseTo(e.get("paired_p"), within(1e-9));

        CliRun.CliResult lesion = CliRun.run(
                "evaluate", "--predictions", file.toString(), "--json", "--resamples", "200", "--cluster-by", "none");
        JsonNode l = Json.mapper().readTree(lesion.out());
        assertThat(l.get("cluster_column").asText()).isEmpty();
        assertThat(l.get("models")
                        .get(0)
                        .get("metrics")
                        .get("auc")
                        .get("method")
                        .asText())
                .isEqualTo("newcombe");
        assertThat(l.get("comparisons").get(0).get("method").asText()).isNotEqualTo("obuchowski-paired");
    }

    @Test
    void aBrierScoreOfScoresThatAreNotProbabilitiesIsNotPrinted() throws IOException {
        Path file = dir.resolve("p.csv");
        Files.write(file, List.of("label,score", "1,2.5", "0,-1", "1,3", "0,0.2"));
        CliRun.CliResult r = CliRun.run("evaluate", "--predictions", file.toString(), "--resamples", "50");
        assertThat(r.exit()).isEqualTo(0);
        assertThat(r.out())
                .contains("  brier                 NaN")
                .contains("note: brier: scores are not probabilities in [0, 1]");
        assertThat(r.out()).contains("clusters: none (each case counted as an independent unit");
    }

    @Test
    void anUnknownClusterColumnIsNamed() throws IOException {
        Path file = dir.resolve("p.csv");
        Files.write(file, List.of("label,score", "1,0.3", "0,0.2"));
        CliRun.CliResult r = CliRun.run("evaluate", "--predictions", file.toString(), "--cluster-by", "subject");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("hemamet: " + file + ": missing column 'subject' (columns: label, score)\n");
    }
}
