package org.hemamet.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hemamet.contract.SplitRow;
import org.hemamet.report.ReportModel.ComparisonGroup;
import org.hemamet.report.ReportModel.SequenceGroup;
import org.hemamet.report.StudyRun.Cell;

/**
 * The STARD-style participant flow (J. F. Cohen et al., "STARD 2015 guidelines for reporting diagnostic
 * accuracy studies: explanation and elaboration", BMJ Open 6 (2016) e012799, figure 1): items excluded at
 * ingest, patients and lesions of the dataset, per sequence the lesions with an image and those without,
 * and per sequence × comparison the training, validation and test parts and the lesions the balancing
 * dropped. Every number comes from dataset.csv, ingest-report.json and the cells' split.csv (the first
 * repeat of each comparison); the figure and the table under it show the same {@link Flow}.
 */
final class ParticipantFlow {
    private ParticipantFlow() {}

    /** The whole flow; {@code dataset} null when dataset.csv is not available. */
    record Flow(DatasetBox dataset, Map<String, Integer> excluded, List<SequenceFlow> sequences) {}

    /** Patients, lesions and crops of dataset.csv. */
    record DatasetBox(long patients, long lesions, int crops) {}

    /**
     * One sequence: its lesions with an image ({@code -1} when dataset.csv is not available) and per
     * comparison its partitions.
     */
    record SequenceFlow(String sequence, long lesions, long patients, long missing, List<ComparisonFlow> comparisons) {}

    /**
     * One comparison of one sequence, from its cell's split.csv.
     *
     * @param eligible     rows of split.csv: the comparison's lesions with an image of the sequence
     * @param train        training part, inner training split (the whole training part when the run did not
     *                     record the inner split)
     * @param validation   training part, inner validation split
     * @param testNeg      test part, hemangiomas
     * @param testPos      test part, the comparison's metastases
     * @param droppedTrain dropped by the balancing from the training part
     * @param droppedTest  dropped by the balancing from the test part
     * @param droppedUnknown dropped by the balancing, the part not recorded (split.csv of older versions)
     */
    record ComparisonFlow(
            String comparison,
            String cellId,
            int eligible,
            int train,
            int validation,
            int testNeg,
            int testPos,
            int droppedTrain,
            int droppedTest,
            int droppedUnknown) {
        int test() {
            return testNeg + testPos;
        }

        int dropped() {
            return droppedTrain + droppedTest + droppedUnknown;
        }
    }

    static Flow of(ReportModel m, CohortData data) {
        DatasetBox box = m.dataset() == null
                ? null
                : new DatasetBox(
                        m.dataset().patients(),
                        m.dataset().lesions(),
                        m.dataset().crops());
        Map<String, Integer> excluded =
                m.exclusions() == null ? null : m.exclusions().byReason();
        List<SequenceFlow> seqs = new ArrayList<>();
        for (SequenceGroup g : m.bySequence()) {
            List<ComparisonFlow> comps = new ArrayList<>();
            for (ComparisonGroup c : g.comparisons()) {
                Cell first = c.cells().get(0);
                if (!first.split().isEmpty()) {
                    comps.add(comparison(c.comparison(), first));
                }
            }
            seqs.add(sequence(g.sequence(), data, box, comps));
        }
        return new Flow(box, excluded, List.copyOf(seqs));
    }

    private static SequenceFlow sequence(String seq, CohortData data, DatasetBox box, List<ComparisonFlow> comps) {
        if (data == null || box == null) {
            return new SequenceFlow(seq, -1, -1, -1, comps);
        }
        Set<String> lesions = new LinkedHashSet<>();
        Set<String> patients = new LinkedHashSet<>();
        data.rows().stream().filter(r -> r.sequence().equals(seq)).forEach(r -> {
            lesions.add(r.lesionKey());
            patients.add(r.patientKey());
        });
        return new SequenceFlow(seq, lesions.size(), patients.size(), box.lesions() - lesions.size(), comps);
    }

    private static ComparisonFlow comparison(String comparison, Cell c) {
        int train = 0, val = 0, neg = 0, pos = 0, dTrain = 0, dTest = 0, dUnknown = 0;
        for (SplitRow s : c.split()) {
            switch (s.partition()) {
                case SplitRow.TRAIN -> {
                    if (SplitRow.VALIDATION.equals(s.inner())) {
                        val++;
                    } else {
                        train++;
                    }
                }
                case SplitRow.TEST -> {
                    if (s.label() == 1) {
                        pos++;
                    } else {
                        neg++;
                    }
                }
                default -> {
                    if (SplitRow.TEST.equals(s.droppedFrom())) {
                        dTest++;
                    } else if (SplitRow.TRAIN.equals(s.droppedFrom())) {
                        dTrain++;
                    } else {
                        dUnknown++;
                    }
                }
            }
        }
        return new ComparisonFlow(comparison, c.id(), c.split().size(), train, val, neg, pos, dTrain, dTest, dUnknown);
    }

    // ------------------------------------------------------------------------------------ section

    static void write(ReportModel m, Html h, Figures figures) {
        Flow flow = of(m, CohortData.read(m.datasetDir()));
        h.el(
                "p",
                "Participant flow (STARD 2015 style): from the items ingest read to the training, validation and "
                        + "test parts of each sequence × comparison. A lesion enters a sequence's cells only when "
                        + "it has an image (crop) of that sequence; the patient split is by patient. "
                        + (m.repeats() ? "Partitions are those of the first repeat (r0). " : "")
                        + "Numbers from dataset.csv, ingest-report.json and each cell's split.csv.",
                "class",
                "note");
        if (flow.sequences().stream().allMatch(s -> s.comparisons().isEmpty())) {
            Fmt.notAvailable(h, "Participant flow: not available (no cell has a split.csv).");
            return;
        }
        figures.add(h, figure(flow));
        table(h, flow);
    }

    private static void table(Html h, Flow flow) {
        h.tableWithHeader(
                "flow-table",
                List.of(
                        "Sequence",
                        "Comparison",
                        "Lesions in comparison",
                        "Train",
                        "Validation",
                        "Test hem",
                        "Test pos",
                        "Dropped (train)",
                        "Dropped (test)",
                        "Dropped (part not recorded)"),
                c -> !c.equals("Sequence") && !c.equals("Comparison"));
        for (SequenceFlow s : flow.sequences()) {
            for (ComparisonFlow c : s.comparisons()) {
                h.open("tr", "data-cell", c.cellId())
                        .el("td", s.sequence())
                        .el("td", Fmt.comparisonLabel(c.comparison()));
                for (int n : new int[] {
                    c.eligible(),
                    c.train(),
                    c.validation(),
                    c.testNeg(),
                    c.testPos(),
                    c.droppedTrain(),
                    c.droppedTest(),
                    c.droppedUnknown()
                }) {
                    h.el("td", Integer.toString(n), "class", "num");
                }
                h.close("tr");
            }
        }
        h.endTable();
    }

    // ------------------------------------------------------------------------------------- figure

    private static final int CW = 270;
    private static final int GAP = 24;
    private static final int LINE = 15;
    private static final int PAD = 8;
    private static final Font BOLD = new Font(Font.SANS_SERIF, Font.BOLD, 12);
    private static final Font PLAIN = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Color INK = new Color(0x1E293B);
    private static final Color EDGE = new Color(0x475569);
    private static final Color FILL = new Color(0xF1F5F9);
    private static final Color SIDE = new Color(0xFEF3C7);

    static Figure figure(Flow flow) {
        List<String> top = topLines(flow.dataset());
        List<String> side = sideLines(flow.excluded());
        int cols = Math.max(2, flow.sequences().size());
        int width = Math.max(20 + cols * (CW + GAP), 20 + 2 * CW + 2 * GAP + 80);
        int topH = boxHeight(Math.max(top.size(), side.size()));
        int seqH = boxHeight(3);
        int compH = boxHeight(4);
        int maxComps = flow.sequences().stream()
                .mapToInt(s -> s.comparisons().size())
                .max()
                .orElse(0);
        int ySeq = 20 + topH + 44;
        int yComp = ySeq + seqH + 36;
        int height = yComp + maxComps * (compH + 14) + 10;
        return new Figure(
                "participant-flow",
                "Participant flow",
                "Boxes: items excluded at ingest (side), patients and lesions of the dataset, lesions per sequence "
                        + "(with and without an image), and per comparison the training (inner training / "
                        + "validation) and test parts and the lesions dropped by the balancing. The same numbers are "
                        + "in the table below.",
                width,
                height,
                g -> {
                    g.setStroke(new BasicStroke(1.2f));
                    int topX = 20;
                    box(g, topX, 20, CW, topH, top, FILL);
                    if (!side.isEmpty()) {
                        int sx = topX + CW + GAP + 40;
                        box(g, sx, 20, CW + 40, topH, side, SIDE);
                        arrow(g, sx, 20 + topH / 2, topX + CW, 20 + topH / 2);
                    }
                    int busY = ySeq - 20;
                    line(g, topX + CW / 2, 20 + topH, topX + CW / 2, busY);
                    for (int i = 0; i < flow.sequences().size(); i++) {
                        SequenceFlow s = flow.sequences().get(i);
                        int x = 20 + i * (CW + GAP);
                        line(g, topX + CW / 2, busY, x + CW / 2, busY);
                        arrow(g, x + CW / 2, busY, x + CW / 2, ySeq);
                        box(g, x, ySeq, CW, seqH, sequenceLines(s), FILL);
                        int y = yComp;
                        int prev = ySeq + seqH;
                        for (ComparisonFlow c : s.comparisons()) {
                            arrow(g, x + CW / 2, prev, x + CW / 2, y);
                            box(g, x, y, CW, compH, comparisonLines(c), Color.WHITE);
                            prev = y + compH;
                            y += compH + 14;
                        }
                    }
                });
    }

    static List<String> topLines(DatasetBox d) {
        return d == null
                ? List.of("Dataset", "dataset.csv not available")
                : List.of(
                        "Dataset (after ingest)",
                        d.patients() + " patients, " + d.lesions() + " lesions",
                        d.crops() + " crops (lesion × sequence)");
    }

    static List<String> sideLines(Map<String, Integer> excluded) {
        if (excluded == null) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        int total = excluded.values().stream().mapToInt(i -> i).sum();
        lines.add("Excluded at ingest: " + total + " items");
        int shown = 0;
        for (Map.Entry<String, Integer> e : excluded.entrySet()) {
            if (shown++ == 4) {
                lines.add("… and " + (excluded.size() - 4) + " more reasons (table in Data flow)");
                break;
            }
            lines.add(e.getValue() + " × " + shorten(e.getKey(), 38));
        }
        return lines;
    }

    static List<String> sequenceLines(SequenceFlow s) {
        if (s.lesions() < 0) {
            return List.of(s.sequence(), "lesions with an image: not available", "");
        }
        return List.of(
                s.sequence(),
                s.lesions() + " lesions with an image (" + s.patients() + " patients)",
                s.missing() + " lesions without a " + s.sequence() + " image");
    }

    static List<String> comparisonLines(ComparisonFlow c) {
        return List.of(
                Fmt.comparisonLabel(c.comparison()),
                c.eligible() + " lesions: train " + c.train() + " · validation " + c.validation(),
                "Test " + c.test() + " (" + c.testNeg() + " hem, " + c.testPos() + " pos)",
                "Dropped by balancing: " + c.dropped()
                        + (c.droppedUnknown() > 0
                                ? " (part not recorded)"
                                : " (train " + c.droppedTrain() + ", test " + c.droppedTest() + ")"));
    }

    private static String shorten(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    private static int boxHeight(int lines) {
        return 2 * PAD + lines * LINE;
    }

    private static void box(Graphics2D g, int x, int y, int w, int h, List<String> lines, Color fill) {
        g.setColor(fill);
        g.fillRoundRect(x, y, w, h, 8, 8);
        g.setColor(EDGE);
        g.drawRoundRect(x, y, w, h, 8, 8);
        g.setColor(INK);
        for (int i = 0; i < lines.size(); i++) {
            g.setFont(i == 0 ? BOLD : PLAIN);
            g.drawString(lines.get(i), x + PAD, y + PAD + (i + 1) * LINE - 4);
        }
    }

    private static void line(Graphics2D g, int x1, int y1, int x2, int y2) {
        g.setColor(EDGE);
        g.drawLine(x1, y1, x2, y2);
    }

    private static void arrow(Graphics2D g, int x1, int y1, int x2, int y2) {
        line(g, x1, y1, x2, y2);
        double a = Math.atan2(y2 - y1, x2 - x1);
        Path2D head = new Path2D.Double();
        head.moveTo(x2, y2);
        head.lineTo(x2 - 8 * Math.cos(a - 0.4), y2 - 8 * Math.sin(a - 0.4));
        head.lineTo(x2 - 8 * Math.cos(a + 0.4), y2 - 8 * Math.sin(a + 0.4));
        head.closePath();
        g.fill(head);
    }
}
