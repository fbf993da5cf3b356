package org.hemamet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Progress outside a terminal: plain lines, no carriage returns; in a terminal a bar of fixed width. */
class ProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong nanos = new AtomicLong();

    private List<String> lines() {
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertThat(s).doesNotContain("\r");
        return s.lines().toList();
    }

    @Test
    void linesEveryFivePercentWithElapsedAndLeft() {
        try (Progress p = Progress.start(Progress.Mode.LINES, "synth", 40, "patients", err, nanos::get)) {
            for (int i = 0; i < 40; i++) {
                nanos.addAndGet(1_500_000_000L); // 1.5 s per patient
                p.step();
            }
        }
        List<String> lines = lines();
        assertThat(lines).hasSize(20);
        assertThat(lines.get(0)).isEqualTo("synth 2/40 patients (5 %), 0:03 elapsed, ~0:57 left");
        assertThat(lines.get(9)).isEqualTo("synth 20/40 patients (50 %), 0:30 elapsed, ~0:30 left");
        assertThat(lines.get(19)).isEqualTo("synth 40/40 patients (100 %), 1:00 elapsed");
    }

    @Test
    void milestonesCountAndDetailAndAFinalLine() {
        Progress p = Progress.start(Progress.Mode.LINES, "study", 1000, "ep", err, nanos::get);
        p.count("0/4 cells");
        nanos.set(30_000_000_000L);
        p.stepTo(10); // 1 %: no line
        p.count("1/4 cells");
        p.detail("T1__hemangioma-vs-lung__r0 ok");
        p.milestone();
        p.milestone(); // nothing new: no second line
        nanos.set(3_700_000_000_000L);
        p.stepTo(400);
        p.close();
        assertThat(lines())
                .containsExactly(
                        "study 1/4 cells (1 %), 0:30 elapsed, ~49:30 left, T1__hemangioma-vs-lung__r0 ok",
                        "study 1/4 cells (40 %), 1:01:40 elapsed, ~1:32:30 left, T1__hemangioma-vs-lung__r0 ok");
    }

    @Test
    void theTerminalBarHasAFixedWidth() {
        try (Progress p = Progress.start(Progress.Mode.BAR, "ingest", 10, "crops", err, nanos::get)) {
            p.stepTo(5);
            p.detail("T2__hemangioma-vs-metastases__r0 search ep 3/15 | cell 20%");
        }
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertThat(s).contains("\r");
        for (String frame : s.split("[\r\n]")) {
            assertThat(frame.length()).as(frame).isLessThanOrEqualTo(Progress.BAR_WIDTH);
        }
        assertThat(s).contains("ingest").contains("5/10 crops");
    }

    @Test
    void clock() {
        assertThat(Progress.Lines.clock(0)).isEqualTo("0:00");
        assertThat(Progress.Lines.clock(59.6)).isEqualTo("1:00");
        assertThat(Progress.Lines.clock(3599)).isEqualTo("59:59");
        assertThat(Progress.Lines.clock(3600)).isEqualTo("1:00:00");
    }
}
