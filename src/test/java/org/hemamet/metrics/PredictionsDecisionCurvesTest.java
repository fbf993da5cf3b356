package org.hemamet.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hemamet.core.HemametException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PredictionsDecisionCurves}: a predictions file's decision curves, as evaluate writes them. */
class PredictionsDecisionCurvesTest {
    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        Path f = dir.resolve("p.csv");
        Files.write(f, List.of(lines));
        return f;
    }

    @Test
    void eachModelsCurveIsDecisionCurveOnItsCasesAndClustersWithTheSeedAndResamples() throws IOException {
        Path f = file(
                "patient,model,label,score",
                "p1,A,1,0.8",
                "p1,A,1,0.7",
                "p2,A,0,0.4",
                "p3,A,0,0.1",
                "p4,A,1,0.3",
                "p5,A,0,0.6",
                "p1,B,0,0.2",
                "p2,B,0,0.5");
        PredictionsTable table = PredictionsTable.read(f, null, null);
        PredictionsDecisionCurves curves = PredictionsDecisionCurves.of(table, dir.resolve("dc.csv"), 9, 300);
        DecisionCurve expected = DecisionCurve.of(
                new int[] {1, 1, 0, 0, 1, 0},
                new double[] {0.8, 0.7, 0.4, 0.1, 0.3, 0.6},
                new String[] {"p1", "p1", "p2", "p3", "p4", "p5"},
                DecisionCurve.defaultThresholds(),
                300,
                9,
                0.95);
        List<NetBenefitRow> rows = curves.rows();
        assertThat(rows).hasSize(99).allMatch(r -> r.model().equals("A"));
        for (int g = 0; g < 99; g++) {
            NetBenefitRow r = rows.get(g);
            assertThat(r.threshold()).isEqualTo(expected.thresholds()[g]);
            assertThat(r.netBenefit()).isEqualTo(expected.netBenefit()[g]);
            assertThat(r.netBenefitLo()).isEqualTo(expected.lower()[g]);
            assertThat(r.netBenefitHi()).isEqualTo(expected.upper()[g]);
            assertThat(r.versusAllLo()).isEqualTo(expected.versusAllLower()[g]);
            assertThat(r.versusAllHi()).isEqualTo(expected.versusAllUpper()[g]);
            assertThat(List.of(r.n(), r.nClusters(), r.resamples())).containsExactly(6, 5, 300);
            assertThat(r.prevalence()).isEqualTo(0.5);
        }
        PredictionsDecisionCurves.ModelCurve b = curves.models().get(1);
        assertThat(b.curve()).isNull();
        assertThat(b.note()).startsWith("only one class present (0 positives, 2 negatives)");
        assertThat(curves.toText()).contains("  model B: 2 cases (0 positive) in 2 patients\n    note: only one class");
    }

    @Test
    void withoutAClusterColumnEachCaseIsItsOwnCluster() throws IOException {
        Path f = file("label,score", "1,0.8", "1,0.8", "0,0.4", "0,0.4", "1,0.3", "0,0.2");
        PredictionsTable table = PredictionsTable.read(f, null, null, PredictionsTable.NO_CLUSTERS);
        List<NetBenefitRow> rows = PredictionsDecisionCurves.of(table, dir.resolve("dc.csv"), 1, 200)
                .rows();
        DecisionCurve expected = DecisionCurve.of(
                new int[] {1, 1, 0, 0, 1, 0},
                new double[] {0.8, 0.8, 0.4, 0.4, 0.3, 0.2},
                new String[] {"a", "b", "c", "d", "e", "f"},
                DecisionCurve.defaultThresholds(),
                200,
                1,
                0.95);
        assertThat(rows.get(0).nClusters()).isEqualTo(6);
        assertThat(rows.stream().mapToDouble(NetBenefitRow::netBenefitLo).toArray())
                .containsExactly(expected.lower());
    }

    @Test
    void theFirstScoreOutsideZeroOneIsNamedByItsLineAndModel() throws IOException {
        // a blank line counts: the bad scores are on lines 5 (model B) and 6 (model A)
        Path f = file("model,label,score", "A,1,0.9", "B,0,0.2", "", "B,0,-0.25", "A,1,1.5");
        PredictionsTable table = PredictionsTable.read(f, null, null);
        assertThat(table.models().get(0).lines()).containsExactly(2, 6);
        assertThatThrownBy(() -> PredictionsDecisionCurves.of(table, dir.resolve("dc.csv"), 1, 10))
                .isInstanceOf(HemametException.class)
                .hasMessage(f + ": --decision-curve needs probabilities in [0, 1] (score = P(positive)); score -0.25"
                        + " on line 5 (model 'B')")
                .extracting(e -> ((HemametException) e).exitCode())
                .isEqualTo(HemametException.INVALID_INPUT);
        // 0 and 1 are probabilities
        Path ok = file("label,score", "1,1", "0,0", "1,0.5", "0,0.5");
        assertThat(PredictionsDecisionCurves.of(PredictionsTable.read(ok, null, null), dir.resolve("x.csv"), 1, 10)
                        .rows())
                .hasSize(99);
    }
}
