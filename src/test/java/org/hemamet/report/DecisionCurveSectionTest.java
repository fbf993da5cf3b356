package org.hemamet.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hemamet.contract.DecisionCurveRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.RunFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's clinical-utility section, methods sentence and checklist evidence from decision_curves.csv. */
class DecisionCurveSectionTest {
    @TempDir
    Path tmp;

    @Test
    void aRunWithDecisionCurvesShowsFiguresTheTableAndSaysSoInMethodsAndChecklist() throws Exception {
        Path ds = RunDirFixture.writeDataset(tmp.resolve("dataset"));
        Path run = RunDirFixture.writeRun(tmp.resolve("run"), ds);
        List<DecisionCurveRow> curves = RunFiles.readDecisionCurves(run); // the fixture's, by study.DecisionCurves
        assertThat(curves).isNotEmpty();

        String html = Files.readString(
                ReportWriter.write(run, null, tmp.resolve("out/report.html")).html());

        String section = ReportWriterTest.between(html, "id=\"decision-curves\"", "</section>");
        for (String seq : RunDirFixture.SEQUENCES) {
            assertThat(section).contains("id=\"fig-decision-" + seq + "\"");
        }
        String table = ReportWriterTest.between(section, "<table id=\"decision-curve-table\">", "</table>");
        assertThat(ReportWriterTest.count(table, "<tr>")).isEqualTo(1 + 4); // header + one row per CNN cell
        List<DecisionCurveRow> cnn = DecisionCurveRow.shown(curves, ResultRow.CNN);
        DecisionCurveRow at20 = DecisionCurveRow.at(
                cnn.stream()
                        .filter(r -> r.cellId().equals(RunDirFixture.cellId("T2", "hemangioma-vs-myeloma")))
                        .toList(),
                0.2);
        assertThat(table)
                .contains(cell(at20.netBenefit(), at20.netBenefitLo(), at20.netBenefitHi()))
                .contains(cell(at20.versusAll(), at20.versusAllLo(), at20.versusAllHi()));
        assertThat(section).contains(Html.escape(DecisionCurveRow.METHODS));

        String methods = ReportWriterTest.between(html, "id=\"methods-text\"", "</p>");
        boolean calibrated = cnn.get(0).probability().equals(DecisionCurveRow.CALIBRATED);
        assertThat(methods)
                .contains("Clinical utility was assessed with decision curves (Vickers &amp; Elkin 2006)")
                .contains(calibrated ? "moved from the balanced training prevalence" : "the models&#39; raw ones");
        assertThat(html).contains("clinical utility: decision curves (net benefit against treat all and none");
    }

    /** The table cell of an estimate: the value, then its CI on a line of its own (span.ci). */
    private static String cell(double v, double lo, double hi) {
        return "<td class=\"num\">" + Html.escape(DecisionCurveRow.number(v)) + " <span class=\"ci\">("
                + Html.escape(DecisionCurveRow.number(lo)) + "–" + Html.escape(DecisionCurveRow.number(hi))
                + ")</span></td>";
    }

    @Test
    void aRunOfAnOlderVersionSaysHowToAddThem() throws Exception {
        Path ds = RunDirFixture.writeDataset(tmp.resolve("dataset"));
        Path run = RunDirFixture.writeRun(tmp.resolve("run"), ds);
        Files.delete(run.resolve(RunFiles.DECISION_CURVES));

        String html = Files.readString(
                ReportWriter.write(run, null, tmp.resolve("out/report.html")).html());

        String section = ReportWriterTest.between(html, "id=\"decision-curves\"", "</section>");
        assertThat(section)
                .contains("decision_curves.csv is absent")
                .contains("resuming it with &#39;hemamet study&#39; adds it without retraining")
                .doesNotContain("<figure");
        assertThat(html)
                .doesNotContain("Clinical utility was assessed")
                .doesNotContain("clinical utility: decision curves");
    }
}
