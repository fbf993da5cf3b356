package org.hemamet.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.hemamet.contract.CommonLesionRow;
import org.hemamet.contract.SplitRow;
import org.hemamet.metrics.Bootstrap;
import org.hemamet.report.ReportModel.ComparisonGroup;
import org.hemamet.report.ReportModel.SequenceGroup;
import org.hemamet.report.StudyRun.Cell;

/** Characteristics of the lesions per partition, and the missing images per sequence. */
final class CohortSections {
    /** The comparison the characteristics and subgroups are shown for, when the run has it. */
    static final String MAIN_COMPARISON = "hemangioma-vs-metastases";

    static final String NOT_RECORDED = "not recorded";

    /** The block of how many lesions of the comparison the lesion's patient has (split.csv). */
    static final String LESIONS_OF_THE_PATIENT = "Lesions of the patient in the comparison";

    private CohortSections() {}

    /** The main comparison when the run has it, else the first comparison in report order (null: no cells). */
    static String mainComparison(ReportModel m) {
        for (SequenceGroup s : m.bySequence()) {
            for (ComparisonGroup c : s.comparisons()) {
                if (c.comparison().equals(MAIN_COMPARISON)) {
                    return MAIN_COMPARISON;
                }
            }
        }
        return m.cells().isEmpty() ? null : m.cells().get(0).result().comparison();
    }

    /** The first cell (repeat 0 in report order) of {@code comparison} for each sequence that has it. */
    static List<Cell> firstCells(ReportModel m, String comparison) {
        List<Cell> out = new ArrayList<>();
        for (SequenceGroup s : m.bySequence()) {
            s.comparisons().stream()
                    .filter(c -> c.comparison().equals(comparison))
                    .findFirst()
                    .ifPresent(c -> out.add(c.cells().get(0)));
        }
        return out;
    }

    // -------------------------------------------------------------------------- characteristics

    /** One partition's lesions: the dataset rows of its split.csv rows ({@code null} where not in dataset.csv). */
    record Partition(String name, List<CohortData.Row> rows) {}

    /** A block of the characteristics table: label → count per partition (each column sums to its size). */
    record Block(String variable, List<String> categories, List<Map<String, Integer>> counts) {}

    static void characteristics(ReportModel m, Html h, Figures figures) {
        CohortData data = CohortData.read(m.datasetDir());
        String comparison = mainComparison(m);
        h.el(
                "p",
                "Lesions of each partition of "
                        + (comparison == null ? "the main comparison" : Fmt.comparisonLabel(comparison))
                        + ", per sequence" + (m.repeats() ? " (first repeat, r0)" : "")
                        + ": counts with the percentage of the partition's lesions; age as median (interquartile "
                        + "range, R type-7 quantiles). Only pseudonymised data: no patient identifier is read. "
                        + missingColumnsNote(data),
                "class",
                "note");
        if (data == null || comparison == null) {
            Fmt.notAvailable(h, "Characteristics: not available (dataset.csv or the cells' split.csv not available).");
            return;
        }
        boolean any = false;
        for (Cell c : firstCells(m, comparison)) {
            if (c.split().isEmpty()) {
                continue;
            }
            any = true;
            List<Partition> parts = partitions(c, data);
            h.el("h3", c.result().sequence() + " · " + Fmt.comparisonLabel(comparison));
            characteristicsTable(h, c.id(), parts, blocks(parts, lesionsPerPatient(c)));
        }
        if (!any) {
            Fmt.notAvailable(h, "Characteristics: not available (no split.csv for the " + comparison + " cells).");
        }
    }

    private static String missingColumnsNote(CohortData data) {
        if (data == null) {
            return "";
        }
        List<String> absent = new ArrayList<>();
        for (String c : List.of(CohortData.AGE, CohortData.SEX, CohortData.LEVEL)) {
            if (!data.has(c)) {
                absent.add(c);
            }
        }
        return absent.isEmpty()
                ? ""
                : "dataset.csv has no " + String.join(", ", absent)
                        + " column: ingest does not carry these cohort.csv columns into the dataset, so they are "
                        + "shown as \"" + NOT_RECORDED + "\".";
    }

    static List<Partition> partitions(Cell c, CohortData data) {
        Map<String, List<CohortData.Row>> by = new LinkedHashMap<>();
        by.put("Train", new ArrayList<>());
        by.put("Test", new ArrayList<>());
        by.put("Dropped", new ArrayList<>());
        for (SplitRow s : c.split()) {
            String part =
                    switch (s.partition()) {
                        case SplitRow.TRAIN -> "Train";
                        case SplitRow.TEST -> "Test";
                        default -> "Dropped";
                    };
            CohortData.Row r = data.bySample().get(s.sampleId());
            by.get(part)
                    .add(
                            r != null
                                    ? r
                                    : new CohortData.Row(
                                            s.sampleId(), s.patientKey(), "", s.diagnosis(), "", "", "", "", "", ""));
        }
        List<Partition> out = new ArrayList<>();
        by.forEach((k, v) -> {
            if (!v.isEmpty() || !k.equals("Dropped")) {
                out.add(new Partition(k, v));
            }
        });
        return out;
    }

    /** How many of the cell's lesions (split.csv rows, any partition) each patient has. */
    static Map<String, Integer> lesionsPerPatient(Cell c) {
        Map<String, Integer> n = new TreeMap<>();
        c.split().forEach(s -> n.merge(s.patientKey(), 1, Integer::sum));
        return n;
    }

    /**
     * The characteristics' blocks; {@value #LESIONS_OF_THE_PATIENT} shows whether patients with several lesions
     * are in both parts in proportion (the patient split of versions up to 2026-11-28 held them out first).
     */
    static List<Block> blocks(List<Partition> parts, Map<String, Integer> lesionsPerPatient) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(block(LESIONS_OF_THE_PATIENT, parts, r -> {
            int n = lesionsPerPatient.getOrDefault(r.patientKey(), 0);
            return n == 0 ? null : n == 1 ? "1 (its only lesion)" : n == 2 ? "2" : "3 or more";
        }));
        blocks.add(block("Sex", parts, CohortData.Row::sex));
        blocks.add(block("Diagnosis", parts, CohortData.Row::diagnosis));
        blocks.add(block("Scanner", parts, CohortData.Row::scanner));
        blocks.add(block("Field strength", parts, CohortData.Row::fieldStrength));
        blocks.add(block("Vertebral level", parts, CohortData.Row::level));
        return blocks;
    }

    private static Block block(String variable, List<Partition> parts, Function<CohortData.Row, String> f) {
        Set<String> cats = new java.util.TreeSet<>();
        List<Map<String, Integer>> counts = new ArrayList<>();
        for (Partition p : parts) {
            Map<String, Integer> c = new TreeMap<>();
            for (CohortData.Row r : p.rows()) {
                String v = f.apply(r);
                String k = v == null || v.isBlank() ? NOT_RECORDED : v;
                c.merge(k, 1, Integer::sum);
                cats.add(k);
            }
            counts.add(c);
        }
        List<String> ordered = new ArrayList<>(cats);
        if (ordered.remove(NOT_RECORDED)) {
            ordered.add(NOT_RECORDED);
        }
        return new Block(variable, ordered, counts);
    }

    private static void characteristicsTable(Html h, String cellId, List<Partition> parts, List<Block> blocks) {
        h.tableHead("class", "characteristics", "data-cell", cellId).el("th", "");
        parts.forEach(p -> h.el("th", p.name(), "class", "num"));
        h.body();
        h.open("tr").el("td", "Lesions");
        parts.forEach(p -> h.el("td", Integer.toString(p.rows().size()), "class", "num"));
        h.close("tr").open("tr").el("td", "Patients");
        parts.forEach(p -> h.el("td", Long.toString(patients(p)), "class", "num"));
        h.close("tr").open("tr").el("td", "Age, years: median (IQR) [n with age]");
        parts.forEach(p -> h.el("td", age(p), "class", "num"));
        h.close("tr");
        for (Block b : blocks) {
            h.open("tr", "class", "block")
                    .el("th", b.variable(), "colspan", Integer.toString(parts.size() + 1))
                    .close("tr");
            for (String cat : b.categories()) {
                h.open("tr", "data-variable", b.variable()).el("td", cat);
                for (int i = 0; i < parts.size(); i++) {
                    int n = b.counts().get(i).getOrDefault(cat, 0);
                    h.el(
                            "td",
                            countPercent(n, parts.get(i).rows().size()),
                            "class",
                            "num",
                            "data-n",
                            Integer.toString(n));
                }
                h.close("tr");
            }
        }
        h.endTable();
    }

    private static long patients(Partition p) {
        return p.rows().stream().map(CohortData.Row::patientKey).distinct().count();
    }

    static String age(Partition p) {
        double[] ages = p.rows().stream()
                .mapToDouble(CohortData.Row::ageYears)
                .filter(a -> !Double.isNaN(a))
                .sorted()
                .toArray();
        if (ages.length == 0) {
            return NOT_RECORDED;
        }
        return String.format(
                Locale.ROOT,
                "%.0f (%.0f–%.0f) [%d]",
                Bootstrap.quantile(ages, 0.5),
                Bootstrap.quantile(ages, 0.25),
                Bootstrap.quantile(ages, 0.75),
                ages.length);
    }

    static String countPercent(long n, long of) {
        return of == 0 ? Long.toString(n) : String.format(Locale.ROOT, "%d (%.1f %%)", n, 100.0 * n / of);
    }

    // ----------------------------------------------------------------------------- missing data

    static void missingData(ReportModel m, Html h, Figures figures) {
        CohortData data = CohortData.read(m.datasetDir());
        if (data == null) {
            Fmt.notAvailable(h, "Missing data: not available (dataset.csv not available).");
            handling(m, h);
            return;
        }
        Set<String> lesions = new LinkedHashSet<>();
        data.rows().forEach(r -> lesions.add(r.lesionKey()));
        List<String> sequences = new ArrayList<>();
        m.bySequence().forEach(s -> sequences.add(s.sequence()));
        data.rows().stream()
                .map(CohortData.Row::sequence)
                .distinct()
                .sorted()
                .filter(s -> !sequences.contains(s))
                .forEach(sequences::add);
        h.el(
                "p",
                "A lesion counts as missing a sequence when dataset.csv has no crop of it on that sequence "
                        + "(series absent, not matched by the sequence rules, or its annotation or image skipped at "
                        + "ingest; the reasons of the skipped items are in the Data flow section). Percentages "
                        + "of the " + lesions.size() + " lesions of the dataset.",
                "class",
                "note");
        h.tableWithHeader(
                "missing-data-table",
                List.of("Sequence", "Lesions with an image", "Lesions without", "% without", "Studied"),
                c -> !c.equals("Sequence") && !c.equals("Studied"));
        for (String seq : sequences) {
            long with = data.rows().stream()
                    .filter(r -> r.sequence().equals(seq))
                    .map(CohortData.Row::lesionKey)
                    .distinct()
                    .count();
            long without = lesions.size() - with;
            h.open("tr", "data-sequence", seq)
                    .el("td", seq)
                    .el("td", Long.toString(with), "class", "num")
                    .el("td", Long.toString(without), "class", "num")
                    .el("td", String.format(Locale.ROOT, "%.1f %%", 100.0 * without / lesions.size()), "class", "num")
                    .el("td", m.bySequence().stream().anyMatch(s -> s.sequence().equals(seq)) ? "yes" : "no")
                    .close("tr");
        }
        h.endTable();
        handling(m, h);
    }

    private static void handling(ReportModel m, Html h) {
        h.el("h3", "How missing images were handled");
        h.el(
                "p",
                "Complete-case analysis per sequence: each sequence's cells train and test on the lesions that "
                        + "have an image of that sequence; nothing is imputed. The patient split is shared by the "
                        + "sequences, so a patient is in the same partition for every sequence. Because the "
                        + "sequences then stand on different lesions, they are also compared on the lesions imaged "
                        + "in all of them" + commonLesions(m.run().commonLesions()) + ".");
    }

    private static String commonLesions(List<CommonLesionRow> rows) {
        if (rows.isEmpty()) {
            return " (common_lesions.csv not available for this run)";
        }
        Map<String, String> by = new LinkedHashMap<>();
        for (CommonLesionRow r : rows) {
            if (r.repeat() == 0) {
                by.putIfAbsent(
                        Fmt.comparisonLabel(r.comparison()),
                        r.sequences() + ": " + r.nCommonNeg() + " hemangiomas and " + r.nCommonPos() + " positives");
            }
        }
        List<String> parts = new ArrayList<>();
        by.forEach((k, v) -> parts.add(k + " — " + v));
        return " (section \"Same lesions\"; test lesions imaged in all sequences: " + String.join("; ", parts) + ")";
    }
}
