package org.hemamet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hemamet.metrics.Holm;
import org.junit.jupiter.api.Test;

/** A fusion's comparisons are one family: their p-values are Holm-adjusted together, in row order. */
class FusionRowTest {
    private static FusionRow row(String comparison, double p) {
        return new FusionRow(
                comparison,
                0,
                "fusion-late__" + comparison + "__r0",
                "fusion-late",
                "T1+T2",
                40,
                0.9,
                0.8,
                0.95,
                "T1",
                0.85,
                40,
                0.9,
                0.85,
                0.05,
                -0.01,
                0.11,
                p,
                "obuchowski-paired",
                null);
    }

    @Test
    void holmAdjustsTheFamilyInRowOrder() {
        List<FusionRow> rows = List.of(
                row("hemangioma-vs-breast", 0.04),
                row("hemangioma-vs-lung", 0.01),
                row("hemangioma-vs-rcc", Double.NaN),
                row("hemangioma-vs-metastases", 0.30));
        List<FusionRow> adjusted = FusionRow.holm(rows);
        double[] expected = Holm.adjust(new double[] {0.04, 0.01, Double.NaN, 0.30});
        assertThat(adjusted)
                .extracting(FusionRow::comparison)
                .containsExactly(
                        "hemangioma-vs-breast", "hemangioma-vs-lung", "hemangioma-vs-rcc", "hemangioma-vs-metastases");
        assertThat(adjusted.get(1).pHolm()).isEqualTo(expected[1]).isEqualTo(0.03);
        assertThat(adjusted.get(0).pHolm()).isEqualTo(expected[0]).isEqualTo(0.08);
        assertThat(adjusted.get(2).pHolm()).isNaN();
        assertThat(adjusted.get(3).pHolm()).isEqualTo(0.30);
        assertThat(adjusted.get(0).pValue()).isEqualTo(0.04);
    }
}
