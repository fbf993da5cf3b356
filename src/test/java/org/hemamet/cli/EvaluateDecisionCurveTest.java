package org.hemamet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hemamet.core.Csv;
import org.hemamet.core.Json;
import org.hemamet.metrics.DecisionCurve;
import org.hemamet.metrics.NetBenefitRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hemamet evaluate --decision-curve}: the CSV, its intervals, refusals, and the output without it. */
class EvaluateDecisionCurveTest {
    @TempDir
    Path dir;

    private static final String COLUMNS = "model,threshold,net_benefit,net_benefit_lo,net_benefit_hi,treat_all,"
            + "versus_all,versus_all_lo,versus_all_hi,prevalence,n,n_clusters,resamples";

    /** Two models' probabilities of 60 cases (24 positive), one case per line, in file order. */
    private static final int CASES = 60;

    private static int[] labels() {
        int[] y = new int[CASES];
        for (int i = 0; i < CASES; i++) {
            y[i] = i % 8 < 3 ? 1 : 0;
        }
        return y;
    }

    private static double[] scores(String model) {
        SplittableRandom rng = new SplittableRandom(model.equals("A") ? 3 : 4);
        int[] y = labels();
        double[] p = new double[CASES];
        for (int i = 0; i < CASES; i++) {
            double mean = model.equals("A") ? (y[i] == 1 ? 0.6 : 0.3) : (y[i] == 1 ? 0.5 : 0.4);
            p[i] = Math.round(Math.min(0.99, Math.max(0.01, mean + 0.5 * (rng.nextDouble() - 0.5))) * 100) / 100.0;
        }
        return p;
    }

    private Path twoModels() throws IOException {
        List<String> lines = new ArrayList<>(List.of("model,label,score"));
        for (String m : List.of("A", "B")) {
            double[] p = scores(m);
            for (int i = 0; i < CASES; i++) {
                lines.add(m + "," + labels()[i] + "," + p[i]);
            }
        }
        Path file = dir.resolve("two.csv");
        Files.write(file, lines);
        return file;
    }

    private static Map<String, List<NetBenefitRow>> byModel(Path csv) {
        return Csv.read(csv, NetBenefitRow.class).stream()
                .collect(
                        Collectors.groupingBy(NetBenefitRow::model, java.util.LinkedHashMap::new, Collectors.toList()));
    }

    @Test
    void theCsvHas99RowsPerModelWithTheNetBenefitOfDecisionCurve() throws IOException {
        Path file = twoModels();
        Path csv = dir.resolve("out/dc.csv");
        CliRun.CliResult r = CliRun.run(
                "evaluate", "--predictions", file.toString(), "--decision-curve", csv.toString(), "--resamples", "100");
        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        assertThat(Files.readAllLines(csv).get(0)).isEqualTo(COLUMNS);
        Map<String, List<NetBenefitRow>> rows = byModel(csv);
        assertThat(rows.keySet()).containsExactly("A", "B");
        double[] grid = DecisionCurve.defaultThresholds();
        for (String m : List.of("A", "B")) {
            List<NetBenefitRow> curve = rows.get(m);
            assertThat(curve).hasSize(99);
            for (int g = 0; g < grid.length; g++) {
                NetBenefitRow row = curve.get(g);
                assertThat(row.threshold()).isEqualTo(grid[g]);
                assertThat(row.netBenefit())
                        .as("%s at %s", m, grid[g])
                        .isCloseTo(DecisionCurve.netBenefit(labels(), scores(m), grid[g]), within(1e-12));
                assertThat(row.treatAll()).isCloseTo(DecisionCurve.treatAll(24 / 60.0, grid[g]), within(1e-12));
                assertThat(row.versusAll()).isCloseTo(row.netBenefit() - row.treatAll(), within(1e-12));
                assertThat(row.netBenefitLo()).isLessThanOrEqualTo(row.netBenefit());
                assertThat(row.netBenefitHi()).isGreaterThanOrEqualTo(row.netBenefit());
                assertThat(row.versusAllLo()).isLessThanOrEqualTo(row.versusAll() + 1e-12);
                assertThat(row.versusAllHi()).isGreaterThanOrEqualTo(row.versusAll() - 1e-12);
                assertThat(List.of(row.n(), row.nClusters(), row.resamples())).containsExactly(60, 60, 100);
                assertThat(row.prevalence()).isEqualTo(24 / 60.0);
            }
        }
        // beside the curves, what made them: the files by hash, the columns, seed and resamples; no path
        Path made = dir.resolve("out/dc.provenance.json");
        org.hemamet.contract.DecisionCurveProvenance p =
                Json.mapper().readValue(made.toFile(), org.hemamet.contract.DecisionCurveProvenance.class);
        assertThat(p.decisionCurve()).isEqualTo("dc.csv");
        assertThat(p.decisionCurveSha256()).isEqualTo(org.hemamet.core.Hashing.sha256(csv));
        assertThat(p.rows()).isEqualTo(2 * 99);
        assertThat(p.predictionsSha256()).isEqualTo(org.hemamet.core.Hashing.sha256(file));
        assertThat(List.of(p.positiveLabel(), p.modelColumn(), p.clusterColumn()))
                .containsExactly("1", "model", "");
        assertThat(p.seed()).isEqualTo(42);
        assertThat(p.resamples()).isEqualTo(100);
        assertThat(Files.readString(made)).doesNotContain(dir.toString());
        // the model's net benefit differs from treat-all somewhere, and between the models
        assertThat(rows.get("A").get(29).netBenefit())
                .isNotEqualTo(rows.get("B").get(29).netBenefit());
        // the text block: each model at 10, 20, 30 % as in the CSV, and where the CSV went
        assertThat(r.out()).contains("decision curves: net benefit (Vickers & Elkin 2006)");
        assertThat(r.out()).contains("  every threshold 0.01-0.99 of every model: " + csv);
        for (int g : new int[] {9, 19, 29}) {
            NetBenefitRow a = rows.get("A").get(g);
            assertThat(r.out())
                    .contains(String.format(
                            Locale.ROOT,
                            "    %-9s %-11s %-20s %-9s %-16s %s",
                            String.format(Locale.ROOT, "%.4f", a.threshold()),
                            String.format(Locale.ROOT, "%.4f", a.netBenefit()),
                            String.format(Locale.ROOT, "[%.4f, %.4f]", a.netBenefitLo(), a.netBenefitHi()),
                            String.format(Locale.ROOT, "%.4f", a.treatAll()),
                            String.format(Locale.ROOT, "%.4f", a.versusAll()),
                            String.format(Locale.ROOT, "[%.4f, %.4f]", a.versusAllLo(), a.versusAllHi())));
        }
    }

    @Test
    void theJsonHasEachModelAt10To30PercentAsTheCsv() throws IOException {
        Path file = twoModels();
        Path csv = dir.resolve("dc.csv");
        CliRun.CliResult r = CliRun.run(
                "evaluate",
                "--predictions",
                file.toString(),
                "--decision-curve",
                csv.toString(),
                "--resamples",
                "100",
                "--json");
        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        JsonNode dc = Json.mapper().readTree(r.out()).get("decision_curve");
        assertThat(dc.get("file").asText()).isEqualTo(csv.toString());
        assertThat(dc.get("bootstrap_resamples").asInt()).isEqualTo(100);
        Map<String, List<NetBenefitRow>> rows = byModel(csv);
        JsonNode b = dc.get("models").get(1);
        assertThat(b.get("name").asText()).isEqualTo("B");
        assertThat(b.get("rows_in_file").asInt()).isEqualTo(99);
        for (int k = 0; k < 3; k++) {
            JsonNode at = b.get("at").get(k);
            NetBenefitRow row = rows.get("B").get(10 * k + 9);
            assertThat(at.get("threshold").asDouble()).isEqualTo(row.threshold());
            assertThat(at.get("net_benefit").asDouble()).isEqualTo(row.netBenefit());
            assertThat(at.get("net_benefit_lower").asDouble()).isEqualTo(row.netBenefitLo());
            assertThat(at.get("net_benefit_upper").asDouble()).isEqualTo(row.netBenefitHi());
            assertThat(at.get("treat_all").asDouble()).isEqualTo(row.treatAll());
            assertThat(at.get("versus_all").asDouble()).isEqualTo(row.versusAll());
            assertThat(at.get("versus_all_lower").asDouble()).isEqualTo(row.versusAllLo());
            assertThat(at.get("versus_all_upper").asDouble()).isEqualTo(row.versusAllHi());
        }
    }

    /** 40 patients of 3 identical lesions each; the patient column is 'subject', so not found unless named. */
    private Path patientsWithIdenticalLesions() throws IOException {
        SplittableRandom rng = new SplittableRandom(7);
        List<String> lines = new ArrayList<>(List.of("subject,label,score"));
        for (int i = 0; i < 40; i++) {
            int label = i % 3 == 0 ? 1 : 0;
            double p = Math.round(((label == 1 ? 0.55 : 0.3) + 0.4 * (rng.nextDouble() - 0.5)) * 100) / 100.0;
            for (int k = 0; k < 3; k++) {
                lines.add("s" + i + "," + label + "," + p);
            }
        }
        Path file = dir.resolve("clustered.csv");
        Files.write(file, lines);
        return file;
    }

    @Test
    void wholePatientsResampledWidenTheIntervalsOfPatientsWithIdenticalLesions() throws IOException {
        Path file = patientsWithIdenticalLesions();
        Path cases = dir.resolve("cases.csv");
        Path patients = dir.resolve("patients.csv");
        CliRun.CliResult a = CliRun.run(
                "evaluate",
                "--predictions",
                file.toString(),
                "--decision-curve",
                cases.toString(),
                "--resamples",
                "400");
        CliRun.CliResult b = CliRun.run(
                "evaluate",
                "--predictions",
                file.toString(),
                "--decision-curve",
                patients.toString(),
                "--resamples",
                "400",
                "--cluster-by",
                "subject");
        assertThat(a.exit()).as(a.err()).isEqualTo(0);
        assertThat(b.exit()).as(b.err()).isEqualTo(0);
        List<NetBenefitRow> narrow = Csv.read(cases, NetBenefitRow.class);
        List<NetBenefitRow> wide = Csv.read(patients, NetBenefitRow.class);
        assertThat(narrow).hasSize(99);
        assertThat(wide).hasSize(99);
        assertThat(narrow.get(0).nClusters()).isEqualTo(120);
        assertThat(wide.get(0).nClusters()).isEqualTo(40);
        double sumNarrow = 0;
        double sumWide = 0;
        for (int g = 0; g < 99; g++) {
            assertThat(wide.get(g).netBenefit()).isEqualTo(narrow.get(g).netBenefit());
            sumNarrow += narrow.get(g).netBenefitHi() - narrow.get(g).netBenefitLo();
            sumWide += wide.get(g).netBenefitHi() - wide.get(g).netBenefitLo();
        }
        // three identical lesions per patient: design effect 3, intervals about sqrt(3) times wider
        assertThat(sumWide).isGreaterThan(1.3 * sumNarrow);
        for (int g : new int[] {29, 39, 49}) {
            assertThat(wide.get(g).netBenefitHi() - wide.get(g).netBenefitLo())
                    .isGreaterThan(narrow.get(g).netBenefitHi() - narrow.get(g).netBenefitLo());
        }
        assertThat(b.out()).contains("percentile bootstrap over whole patients of column 'subject'");
        assertThat(a.out()).contains("percentile bootstrap over cases");
    }

    @Test
    void aScoreOutsideZeroOneIsRefusedNamingTheFileAndLineAndNothingIsWritten() throws IOException {
        Path file = dir.resolve("logits.csv");
        Files.write(file, List.of("label,score", "1,0.9", "0,0.2", "1,0.7", "0,0.1", "1,1", "0,3.2", "1,-0.4"));
        Path fresh = dir.resolve("out/fresh.csv");
        CliRun.CliResult r = CliRun.run(
                "evaluate",
                "--predictions",
                file.toString(),
                "--decision-curve",
                fresh.toString(),
                "--resamples",
                "20");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("hemamet: " + file + ": --decision-curve needs probabilities in [0, 1] (score ="
                        + " P(positive)); score 3.2 on line 7\n");
        assertThat(r.out()).isEmpty();
        assertThat(fresh).doesNotExist();
        // an existing file stays as it was, and no temporary is left beside it
        Path old = dir.resolve("old.csv");
        Files.writeString(old, "before\n");
        CliRun.CliResult again = CliRun.run(
                "evaluate", "--predictions", file.toString(), "--decision-curve", old.toString(), "--resamples", "20");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(old).hasContent("before");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("logits.csv", "old.csv");
        }
        // without the option the same file is evaluated (scores need not be probabilities)
        assertThat(CliRun.run("evaluate", "--predictions", file.toString(), "--resamples", "20")
                        .exit())
                .isEqualTo(0);
    }

    @Test
    void aModelWithOneClassGetsNoRowsAndANote() throws IOException {
        Path file = dir.resolve("p.csv");
        Files.write(
                file, List.of("model,label,score", "A,1,0.9", "A,0,0.2", "A,1,0.6", "A,0,0.4", "B,0,0.3", "B,0,0.6"));
        Path csv = dir.resolve("dc.csv");
        CliRun.CliResult r = CliRun.run(
                "evaluate", "--predictions", file.toString(), "--decision-curve", csv.toString(), "--resamples", "20");
        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        assertThat(byModel(csv).keySet()).containsExactly("A");
        assertThat(byModel(csv).get("A")).hasSize(99);
        assertThat(r.out())
                .contains("  model B: 2 cases (0 positive)\n    note: only one class present (0 positives, 2"
                        + " negatives): no decision curve, no rows in " + csv);
    }

    @Test
    void theHelpSaysWhatItWritesAndCitesVickersAndElkin() {
        CliRun.CliResult r = CliRun.run("evaluate", "--help");
        String help = r.out().replaceAll("\\s+", " ");
        assertThat(help)
                .contains("--decision-curve=FILE.csv")
                .contains("Vickers & Elkin, Med Decis Making 2006")
                .contains("calling positive every case with score >= t")
                .contains("0.01, 0.02, ..., 0.99")
                .contains("treat-all");
    }

    /** evaluate's text before --decision-curve existed (50 resamples, seed 42), for this file. */
    private static final String INPUT = """
case,patient,model,label,score
c1,p1,A,metastasis,0.91
c2,p1,A,metastasis,0.62
c3,p2,A,hemangioma,0.35
c4,p3,A,hemangioma,0.08
c5,p4,A,metastasis,0.47
c6,p5,A,hemangioma,0.55
c7,p6,A,hemangioma,0.12
c8,p6,A,metastasis,0.77
c9,p7,A,hemangioma,0.21
c10,p8,A,metastasis,0.18
c1,p1,B,metastasis,0.70
c2,p1,B,metastasis,0.40
c3,p2,B,hemangioma,0.45
c4,p3,B,hemangioma,0.30
c5,p4,B,metastasis,0.66
c6,p5,B,hemangioma,0.25
c7,p6,B,hemangioma,0.05
c8,p6,B,metastasis,0.52
c9,p7,B,hemangioma,0.61
c10,p8,B,metastasis,0.83
""";

    @Test
    void withoutTheOptionTheOutputIsExactlyAsBefore() throws IOException {
        Path file = dir.resolve("p.csv");
        Files.writeString(file, INPUT);
        String[] args = {"evaluate", "--predictions", file.toString(), "--positive", "metastasis", "--resamples", "50"};
        CliRun.CliResult r = CliRun.run(args);
        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("model B: 10 cases").doesNotContain("decision curve");
        assertThat(r.err()).isEmpty();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s).hasSize(1);
        }
        JsonNode json =
                Json.mapper().readTree(CliRun.run(concat(args, "--json")).out());
        assertThat(json.has("decision_curve")).isFalse();

        // with it: the same text, then the decision-curve block; the same JSON, then its block
        Path csv = dir.resolve("dc.csv");
        CliRun.CliResult with = CliRun.run(concat(args, "--decision-curve", csv.toString()));
        assertThat(with.out()).startsWith(r.out());
        assertThat(with.out().substring(r.out().length())).startsWith("\ndecision curves: ");
        ObjectNode withJson = (ObjectNode) Json.mapper()
                .readTree(CliRun.run(concat(args, "--json", "--decision-curve", csv.toString()))
                        .out());
        assertThat(withJson.remove("decision_curve")).isNotNull();
        assertThat(withJson).isEqualTo(json);
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
