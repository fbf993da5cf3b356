package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.hemamet.cohort.Sequence;
import org.junit.jupiter.api.Test;

class PhaseLogTest {
    private long now;

    @Test
    void eachPhaseGetsItsWallTimeAndTheCellItsTimeAfterTraining() {
        StringWriter text = new StringWriter();
        PhaseLog log = new PhaseLog(new PrintWriter(text), () -> now);
        CellId cell = new CellId(Sequence.T1, Comparison.parse("hemangioma-vs-lung"), 0);
        log.cellStarted(cell, 1, 1, 3);
        at(2.0, () -> log.trainingProgress(cell, "search 1/2", 1, 2, 1, 2));
        at(3.0, () -> log.trainingProgress(cell, "search 1/2", 2, 2, 2, 2));
        at(5.5, () -> log.trainingProgress(cell, "search 2/2", 1, 2, 1, 2));
        at(8.0, () -> log.trainingProgress(cell, "search 2/2", 2, 2, 2, 2));
        at(9.0, () -> log.trainingProgress(cell, "final", 1, 4, 1, 1));
        at(12.0, () -> log.trainingProgress(cell, "final", 4, 4, 1, 1));
        at(13.25, () -> log.cellFinished(cell, null, false));
        assertThat(text.toString().lines().toList())
                .containsExactly(
                        "cell T1__hemangioma-vs-lung__r0: search 1/2: 3.0 s, 2 epochs",
                        "cell T1__hemangioma-vs-lung__r0: search 2/2: 5.0 s, 2 epochs",
                        "cell T1__hemangioma-vs-lung__r0: final: 4.0 s, 4 epochs",
                        "cell T1__hemangioma-vs-lung__r0: after training: 1.3 s");
    }

    @Test
    void aCellReadBackFromItsFilesWritesNothing() {
        StringWriter text = new StringWriter();
        PhaseLog log = new PhaseLog(new PrintWriter(text), () -> now);
        CellId cell = new CellId(Sequence.T2, Comparison.parse("hemangioma-vs-lung"), 0);
        log.cellFinished(cell, null, true);
        assertThat(text.toString()).isEmpty();
    }

    private void at(double seconds, Runnable r) {
        now = (long) (seconds * 1e9);
        r.run();
    }
}
