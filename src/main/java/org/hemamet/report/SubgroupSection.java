package org.hemamet.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.hemamet.contract.PredictionRow;
import org.hemamet.metrics.BinaryEvaluation;
import org.hemamet.metrics.Bootstrap;
import org.hemamet.metrics.Estimate;
import org.hemamet.metrics.ThresholdRule;
import org.hemamet.report.StudyRun.Cell;

/**
 * Test-set performance in subgroups (scanner, field strength, sex, age band) for each sequence of the main
 * comparison, with 95 % confidence intervals at the patient level: AUC by Newcombe's and sensitivity and
 * specificity by Wilson's interval, both at the patients' design effect, with the cell's own threshold held fixed
 * ({@link BinaryEvaluation#evaluate(int[], double[], String[], ThresholdRule, long, int, double)}). The
 * subgroups are fixed in advance (the age bands are {@link #AGE_BANDS}); nothing is chosen on the test set.
 */
final class SubgroupSection {
    /** Fewer lesions of a class in a subgroup than this: "n too small", no estimate. */
    static final int MIN_PER_CLASS = 5;

    /** Age bands in years, fixed before any data are seen: &lt; 50, 50–64, &ge; 65. */
    static final String AGE_BANDS = "< 50, 50–64, ≥ 65 years";

    private SubgroupSection() {}

    /** One subgroup's result; {@code evaluation} null when a class has fewer than {@link #MIN_PER_CLASS}. */
    record Subgroup(
            String variable, String group, int negatives, int positives, int patients, BinaryEvaluation evaluation) {}

    static String ageBand(CohortData.Row r) {
        double a = r.ageYears();
        if (Double.isNaN(a)) {
            return "";
        }
        return a < 50 ? "< 50" : a < 65 ? "50–64" : "≥ 65";
    }

    static final Map<String, Function<CohortData.Row, String>> VARIABLES = variables();

    private static Map<String, Function<CohortData.Row, String>> variables() {
        Map<String, Function<CohortData.Row, String>> v = new LinkedHashMap<>();
        v.put("Scanner", CohortData.Row::scanner);
        v.put("Field strength", CohortData.Row::fieldStrength);
        v.put("Sex", CohortData.Row::sex);
        v.put("Age band", SubgroupSection::ageBand);
        return v;
    }

    static void write(ReportModel m, Html h, Figures figures) {
        String comparison = CohortSections.mainComparison(m);
        CohortData data = CohortData.read(m.datasetDir());
        h.el(
                "p",
                "Test-set performance of "
                        + (comparison == null ? "the main comparison" : Fmt.comparisonLabel(comparison))
                        + " per subgroup, at each cell's own threshold" + (m.repeats() ? " (first repeat, r0)" : "")
                        + ". 95 % CIs at the patient level: AUC by Newcombe's score interval (Stat Med 2006) and "
                        + "sensitivity and specificity by Wilson's interval, each at the effective sample size of the "
                        + "patients' design effect (Obuchowski's clustered AUC variance, Biometrics 1997; Korn & Graubard "
                        + "1998); where every patient of a subgroup has one lesion the patient and the lesion are the "
                        + "same unit and the intervals are Newcombe's and Wilson's. "
                        + "Subgroups fixed in advance (age bands " + AGE_BANDS
                        + "); nothing is chosen on the test set. \"n too small\": fewer than " + MIN_PER_CLASS
                        + " lesions of a class. \"" + CohortSections.NOT_RECORDED + "\": dataset.csv does not give "
                        + "the variable for these lesions.",
                "class",
                "note");
        if (comparison == null || data == null || m.run().predictions().isEmpty()) {
            Fmt.notAvailable(h, "Subgroups: not available (needs predictions.csv and dataset.csv).");
            return;
        }
        int resamples = resamples(m);
        long seed = m.run().study() == null ? 0 : m.run().study().seed();
        List<String> notes = new ArrayList<>();
        java.util.Set<String> shown = new java.util.HashSet<>();
        for (Cell c : CohortSections.firstCells(m, comparison)) {
            List<PredictionRow> preds = m.run().predictions().stream()
                    .filter(p -> c.id().equals(p.cellId()) && p.fromCnn() && (p.label() == 0 || p.label() == 1))
                    .toList();
            if (preds.isEmpty()) {
                continue;
            }
            double threshold = threshold(c);
            List<Subgroup> subgroups = subgroups(preds, data, threshold, resamples, seed);
            subgroups.forEach(g -> shown.add(g.variable()));
            h.el("h3", c.result().sequence() + " · " + Fmt.comparisonLabel(comparison));
            table(h, c.id(), subgroups);
            notes.addAll(fairness(c.result().sequence(), subgroups));
        }
        List<String> absent = VARIABLES.keySet().stream()
                .filter(v -> !shown.contains(v))
                .map(v -> v.toLowerCase(java.util.Locale.ROOT))
                .toList();
        if (!absent.isEmpty()) {
            h.el(
                    "p",
                    "Not shown: " + String.join(", ", absent)
                            + " — dataset.csv does not give it for any test lesion (ingest does not carry cohort.csv's "
                            + "age and sex into the dataset).",
                    "class",
                    "note",
                    "id",
                    "subgroups-absent");
        }
        h.el("h3", "Fairness note");
        h.el(
                "p",
                notes.isEmpty()
                        ? "No subgroup comparison is possible: no variable has two subgroups with at least "
                                + MIN_PER_CLASS + " lesions of each class."
                        : String.join(" ", notes)
                                + " Overlapping intervals do not show that the subgroups perform alike; with "
                                + "subgroups this small only large differences could be seen.",
                "id",
                "fairness-note");
    }

    private static int resamples(ReportModel m) {
        return m.run().study() != null && m.run().study().bootstrap() > 0
                ? m.run().study().bootstrap()
                : Bootstrap.DEFAULT_RESAMPLES;
    }

    /** The cell's threshold from results.csv (0.5, the paper's, when the run did not record one). */
    private static double threshold(Cell c) {
        Double t = c.result().threshold();
        return t == null || t.isNaN() ? 0.5 : t;
    }

    static List<Subgroup> subgroups(
            List<PredictionRow> preds, CohortData data, double threshold, int resamples, long seed) {
        List<Subgroup> out = new ArrayList<>();
        for (Map.Entry<String, Function<CohortData.Row, String>> v : VARIABLES.entrySet()) {
            Map<String, List<PredictionRow>> groups = new java.util.TreeMap<>(SubgroupSection::groupOrder);
            for (PredictionRow p : preds) {
                CohortData.Row r = data.bySample().get(p.sampleId());
                String g = r == null ? "" : v.getValue().apply(r);
                groups.computeIfAbsent(g.isBlank() ? CohortSections.NOT_RECORDED : g, k -> new ArrayList<>())
                        .add(p);
            }
            if (groups.size() == 1 && groups.containsKey(CohortSections.NOT_RECORDED)) {
                continue; // the dataset does not give this variable: said once under the tables
            }
            groups.forEach((g, ps) -> out.add(subgroup(v.getKey(), g, ps, threshold, resamples, seed)));
        }
        return out;
    }

    /** Age bands in age order, other groups alphabetically, "not recorded" last. */
    static int groupOrder(String a, String b) {
        List<String> bands = List.of("< 50", "50–64", "≥ 65");
        int ka = a.equals(CohortSections.NOT_RECORDED) ? 2 : bands.contains(a) ? 0 : 1;
        int kb = b.equals(CohortSections.NOT_RECORDED) ? 2 : bands.contains(b) ? 0 : 1;
        if (ka != kb) {
            return Integer.compare(ka, kb);
        }
        return ka == 0 ? Integer.compare(bands.indexOf(a), bands.indexOf(b)) : a.compareTo(b);
    }

    private static Subgroup subgroup(
            String variable, String group, List<PredictionRow> ps, double threshold, int resamples, long seed) {
        int[] labels = ps.stream().mapToInt(PredictionRow::label).toArray();
        double[] scores = ps.stream().mapToDouble(PredictionRow::score).toArray();
        String[] patients = ps.stream().map(PredictionRow::patientKey).toArray(String[]::new);
        int pos = (int) java.util.Arrays.stream(labels).filter(l -> l == 1).count();
        int neg = labels.length - pos;
        int nPatients = (int) java.util.Arrays.stream(patients).distinct().count();
        BinaryEvaluation e = pos < MIN_PER_CLASS || neg < MIN_PER_CLASS
                ? null
                : BinaryEvaluation.evaluate(
                        labels, scores, patients, new ThresholdRule.Fixed(threshold), seed, resamples, 0.95);
        return new Subgroup(variable, group, neg, pos, nPatients, e);
    }

    private static void table(Html h, String cellId, List<Subgroup> subgroups) {
        h.tableHead("class", "subgroups", "data-cell", cellId);
        for (String c : List.of("Variable", "Subgroup", "Hem / pos", "Patients", "AUC", "Sensitivity", "Specificity")) {
            h.el("th", c, "class", List.of("Variable", "Subgroup").contains(c) ? null : "num");
        }
        h.body();
        for (Subgroup s : subgroups) {
            h.open("tr")
                    .el("td", s.variable())
                    .el("td", s.group())
                    .el("td", s.negatives() + " / " + s.positives(), "class", "num")
                    .el("td", Integer.toString(s.patients()), "class", "num");
            if (s.evaluation() == null) {
                h.el("td", "n too small", "class", "num small-n", "colspan", "3");
            } else {
                h.el("td", ci(s.evaluation().auc(), false), "class", "num");
                h.el("td", ci(s.evaluation().sensitivity(), true), "class", "num");
                h.el("td", ci(s.evaluation().specificity(), true), "class", "num");
            }
            h.close("tr");
        }
        h.endTable();
    }

    /** "0.850 (0.700–0.950)" or, as percent, "85.0 % (70.0–95.0)"; "—" when undefined. */
    static String ci(Estimate e, boolean percent) {
        if (!e.isDefined()) {
            return "—";
        }
        double k = percent ? 100 : 1;
        String f = percent ? "%.1f" : "%.3f";
        String s = String.format(Locale.ROOT, f, k * e.value()) + (percent ? " %" : "");
        if (!Double.isNaN(e.lower()) && !Double.isNaN(e.upper())) {
            s += String.format(Locale.ROOT, " (" + f + "–" + f + ")", k * e.lower(), k * e.upper());
        }
        return s;
    }

    /**
     * Per variable with at least two evaluable subgroups: the largest AUC gap (highest minus lowest) and
     * whether those two subgroups' 95 % CIs overlap.
     */
    static List<String> fairness(String sequence, List<Subgroup> subgroups) {
        List<String> out = new ArrayList<>();
        for (String variable : VARIABLES.keySet()) {
            List<Subgroup> ok = subgroups.stream()
                    .filter(s -> s.variable().equals(variable)
                            && !s.group().equals(CohortSections.NOT_RECORDED)
                            && s.evaluation() != null
                            && s.evaluation().auc().isDefined())
                    .toList();
            if (ok.size() < 2) {
                continue;
            }
            Subgroup hi = ok.get(0);
            Subgroup lo = ok.get(0);
            for (Subgroup s : ok) {
                hi = s.evaluation().auc().value() > hi.evaluation().auc().value() ? s : hi;
                lo = s.evaluation().auc().value() < lo.evaluation().auc().value() ? s : lo;
            }
            Estimate a = hi.evaluation().auc();
            Estimate b = lo.evaluation().auc();
            boolean overlap = Double.isNaN(a.lower()) || Double.isNaN(b.upper()) || a.lower() <= b.upper();
            out.add(String.format(
                    Locale.ROOT,
                    "%s, %s: largest AUC gap %.3f (%s %.3f vs %s %.3f); their 95 %% CIs %s.",
                    sequence,
                    variable.toLowerCase(Locale.ROOT),
                    a.value() - b.value(),
                    hi.group(),
                    a.value(),
                    lo.group(),
                    b.value(),
                    overlap ? "overlap" : "do not overlap"));
        }
        return out;
    }
}
