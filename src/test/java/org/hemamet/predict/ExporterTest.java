package org.hemamet.predict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExporterTest {
    @Test
    void cellOptionsNameCellsAsTheCellOptionTakesThem() {
        assertThat(Exporter.cellOptions(
                        List.of("T1C__hemangioma-vs-lung__r0", "T1__hemangioma-vs-breast__r0", "fusion-early__x__r0")))
                .isEqualTo("T1/hemangioma-vs-breast, T1C/hemangioma-vs-lung");
    }

    @Test
    void cellOptionsListRepeatsInNumericOrderWhenThereAreSeveral() {
        assertThat(Exporter.cellOptions(List.of(
                        "T2__hemangioma-vs-rcc__r0", "T2__hemangioma-vs-rcc__r10", "T2__hemangioma-vs-rcc__r2")))
                .isEqualTo("T2/hemangioma-vs-rcc (--repeat 0|2|10)");
    }

    @Test
    void cellOptionsFallBackToDirectoryNamesWhenNoCellIsAPlainOne() {
        assertThat(Exporter.cellOptions(List.of("fusion-early__hemangioma-vs-metastases__r0", "notes")))
                .isEqualTo("fusion-early__hemangioma-vs-metastases__r0, notes");
        assertThat(Exporter.cellOptions(List.of())).isEmpty();
    }
}
