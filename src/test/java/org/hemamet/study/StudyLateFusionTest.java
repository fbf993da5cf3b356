package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hemamet.contract.FusionRow;
import org.hemamet.contract.OutOfFoldRow;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.report.ReportWriter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A tiny study with fusion: [late]: the fused cell is a row of its own, on the cells' patient split. */
@Tag("slow")
class StudyLateFusionTest {
    @TempDir
    Path tmp;

    /** With separable classes (the fused scores separate them: no finite Cox slope) and with shuffled labels. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theFusedCellIsARowOfItsOwnFittedOnTrainingPatientsOnlyAndComparedWithTheBestSequence(boolean shuffled)
            throws Exception {
        Path dataset = StudyFixtures.separable(tmp.resolve("ds"), 24, 24, 32, 1, shuffled, 2);
        Path run = tmp.resolve("run");
        StudyConfig config = StudyFixtures.tinyConfig(7).withFusion(List.of(LateFusion.NAME));
        new StudyRunner(config, dataset, run, null).run();

        List<ResultRow> all = RunFiles.readAllResults(run);
        List<ResultRow> fused = all.stream()
                .filter(r -> LateFusion.NAME_MODEL.equals(r.model()))
                .toList();
        assertThat(fused).hasSize(1);
        ResultRow f = fused.get(0);
        assertThat(f.status()).isEqualTo(ResultRow.OK);
        assertThat(f.sequence()).isEqualTo("T1+T2");
        assertThat(f.auc()).isNotNull();
        assertThat(RunFiles.readResults(run)).noneMatch(r -> LateFusion.NAME_MODEL.equals(r.model()));

        // the fused test lesions are the cells' test lesions; none of their patients was fitted on
        List<PredictionRow> preds = RunFiles.readAllPredictions(run);
        Set<String> fusedTest = new HashSet<>();
        Set<String> cellTest = new HashSet<>();
        for (PredictionRow p : preds) {
            (LateFusion.NAME_MODEL.equals(p.model()) ? fusedTest : p.fromCnn() ? cellTest : new HashSet<String>())
                    .add(p.lesionKey());
        }
        assertThat(fusedTest).isEqualTo(cellTest);
        Set<String> trainPatients = new HashSet<>();
        for (String cell : List.of("T1__hemangioma-vs-metastases__r0", "T2__hemangioma-vs-metastases__r0")) {
            List<OutOfFoldRow> oof = OutOfFoldScores.read(run, cell);
            assertThat(oof).isNotEmpty();
            oof.forEach(o -> trainPatients.add(o.patientKey()));
        }
        preds.stream()
                .filter(p -> LateFusion.NAME_MODEL.equals(p.model()))
                .forEach(p -> assertThat(trainPatients).doesNotContain(p.patientKey()));
        assertThat(Files.readString(run.resolve(RunFiles.SUMMARY)))
                .contains("## Late fusion vs the best single sequence")
                .contains("| hemangioma-vs-metastases | 0 | T1+T2 |")
                .contains("| Comparison | r | Prevalence | Brier (moved) | Cox slope (moved) | Cox slope (stacking) |")
                .contains(String.format(
                        java.util.Locale.ROOT,
                        "| hemangioma-vs-metastases | 0 | %.3f | %.3f (",
                        f.calibratedPrevalence(),
                        f.calibratedBrier()));

        // the fused row's calibration metrics are those of its own test predictions, computed here independently
        List<PredictionRow> fusedPreds = preds.stream()
                .filter(p -> LateFusion.NAME_MODEL.equals(p.model()))
                .toList();
        double brier = fusedPreds.stream()
                .mapToDouble(p -> Math.pow(p.calibrated() - p.label(), 2))
                .average()
                .orElseThrow();
        assertThat(f.calibratedBrier()).isCloseTo(brier, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(f.calibratedBrierLo()).isLessThanOrEqualTo(brier);
        assertThat(f.calibratedBrierHi()).isGreaterThanOrEqualTo(brier);
        if (shuffled) { // random labels: the fused scores do not separate them, the slope is finite
            assertThat(f.calibrationSlope()).isNotNull().isFinite();
        }
        assertCoxSlope(
                f.calibratedSlope(),
                fusedPreds.stream().mapToDouble(PredictionRow::calibrated).toArray(),
                fusedPreds);
        assertCoxSlope(
                f.calibrationSlope(),
                fusedPreds.stream().mapToDouble(PredictionRow::score).toArray(),
                fusedPreds);
        List<FusionRow> vs = RunFiles.readFusion(run);
        assertThat(vs).hasSize(1);
        assertThat(vs.get(0).auc()).isEqualTo(f.auc());
        assertThat(vs.get(0).bestSequence()).isIn("T1", "T2");
        assertThat(vs.get(0).pValue()).isBetween(0.0, 1.0);
        // one fused comparison: a family of one, Holm leaves its p as it is
        assertThat(vs.get(0).pHolm()).isEqualTo(vs.get(0).pValue());
        Path html = tmp.resolve("report.html");
        ReportWriter.write(run, dataset, html);
        assertThat(Files.readString(html))
                .contains("id=\"fusion-table\"")
                .contains("T1+T2")
                .contains("<th>p (Holm)</th>")
                .contains("id=\"fusion-calibration\"")
                .contains(String.format(
                        java.util.Locale.ROOT,
                        "%.3f (%.3f–%.3f)",
                        f.calibratedBrier(),
                        f.calibratedBrierLo(),
                        f.calibratedBrierHi()));
    }

    /**
     * The row's slope is Cox's, computed here; with separated classes it has no finite value and the row says so.
     * (A prior-odds move changes the intercept only, so the moved and the stacking slopes agree.)
     */
    private static void assertCoxSlope(Double rowSlope, double[] p, List<PredictionRow> rows) {
        double maxNeg = Double.NEGATIVE_INFINITY;
        double minPos = Double.POSITIVE_INFINITY;
        for (int i = 0; i < p.length; i++) {
            if (rows.get(i).label() == 1) {
                minPos = Math.min(minPos, p[i]);
            } else {
                maxNeg = Math.max(maxNeg, p[i]);
            }
        }
        if (maxNeg < minPos) {
            assertThat(rowSlope == null || rowSlope.isNaN())
                    .as("separated: no finite slope, got %s", rowSlope)
                    .isTrue();
        } else {
            assertThat(rowSlope).isCloseTo(coxSlope(p, rows), org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    /** Cox's calibration slope: logistic regression of the label on logit(p), by Newton-Raphson (here, not metrics/). */
    private static double coxSlope(double[] p, List<PredictionRow> rows) {
        double a = 0;
        double b = 1;
        for (int it = 0; it < 100; it++) {
            double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
            for (int i = 0; i < p.length; i++) {
                double x = Math.log(p[i] / (1 - p[i]));
                double m = 1 / (1 + Math.exp(-(a + b * x)));
                double r = rows.get(i).label() - m;
                double w = m * (1 - m);
                ga += r;
                gb += r * x;
                haa += w;
                hab += w * x;
                hbb += w * x * x;
            }
            double det = haa * hbb - hab * hab;
            double da = (hbb * ga - hab * gb) / det;
            double db = (haa * gb - hab * ga) / det;
            a += da;
            b += db;
            if (Math.abs(da) + Math.abs(db) < 1e-12) {
                break;
            }
        }
        return b;
    }
}
