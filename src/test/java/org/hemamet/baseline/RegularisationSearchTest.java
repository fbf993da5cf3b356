package org.hemamet.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.hemamet.metrics.Roc;
import org.junit.jupiter.api.Test;

class RegularisationSearchTest {
    static final GoldenData.Part TRAIN = GoldenData.part("train");
    static final GoldenData.Part VALIDATION = GoldenData.part("test");

    @Test
    void theGridSpansTenToTheMinusThreeToTenToTheThree() {
        double[] g = RegularisationSearch.defaultGrid();
        assertThat(g).hasSize(13);
        assertThat(g[0]).isEqualTo(1e-3);
        assertThat(g[6]).isEqualTo(1.0);
        assertThat(g[12]).isEqualTo(1e3);
    }

    @Test
    void picksTheCWithTheBestValidationAuc() {
        double[] grid = RegularisationSearch.defaultGrid();
        RegularisationSearch.Choice choice =
                RegularisationSearch.choose(TRAIN.x(), TRAIN.y(), VALIDATION.x(), VALIDATION.y(), grid);
        assertThat(choice.points()).hasSize(grid.length);
        int[] labels = new int[VALIDATION.y().length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = VALIDATION.y()[i] ? 1 : 0;
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < grid.length; k++) {
            double auc = Roc.auc(
                    labels, LogisticBaseline.fit(TRAIN.x(), TRAIN.y(), grid[k]).predictPositive(VALIDATION.x()));
            assertThat(choice.points().get(k).auc()).isEqualTo(auc);
            best = Math.max(best, auc);
        }
        assertThat(choice.auc()).isEqualTo(best);
        double chosen = choice.c();
        double bestAuc = best;
        assertThat(choice.points().stream()
                        .filter(p -> p.auc() == bestAuc)
                        .mapToDouble(RegularisationSearch.Point::c)
                        .min()
                        .orElseThrow())
                .isEqualTo(chosen);
        assertThat(RegularisationSearch.choose(TRAIN.x(), TRAIN.y(), VALIDATION.x(), VALIDATION.y(), grid))
                .isEqualTo(choice);
    }

    @Test
    void tiesGoToTheStrongestRegularisation() {
        // one feature: every C ranks the validation rows alike, so every AUC ties
        double[][] x = column(TRAIN.x(), 0);
        double[][] v = column(VALIDATION.x(), 0);
        RegularisationSearch.Choice choice =
                RegularisationSearch.choose(x, TRAIN.y(), v, VALIDATION.y(), new double[] {10, 0.01, 1});
        assertThat(choice.points().stream()
                        .mapToDouble(RegularisationSearch.Point::auc)
                        .distinct())
                .hasSize(1);
        assertThat(choice.c()).isEqualTo(0.01);
    }

    private static double[][] column(double[][] x, int j) {
        return Arrays.stream(x).map(r -> new double[] {r[j]}).toArray(double[][]::new);
    }
}
