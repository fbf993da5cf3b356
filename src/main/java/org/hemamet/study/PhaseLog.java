package org.hemamet.study;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A cell's wall time by phase, one line each as a phase ends (a phase runs from the previous one's last batch,
 * so the scoring of a search trial's validation part counts in the next phase) ({@code cell T1__...__r0: search 3/8: 12.4 s, 40
 * epochs}), and the time after the last training (the baselines, the evaluation, the out-of-distribution
 * statistics and the files) when the cell ends: what {@code study-cell} writes to its log, so a run's logs
 * say where a cell's time went on the machine it ran on.
 */
public final class PhaseLog implements StudyRunner.Listener {
    private final PrintWriter out;
    private final Clock clock;
    private String phase;
    private int epochs;
    private long phaseStart;
    private long lastBatch;

    /** Nanoseconds, monotonic (a test gives its own). */
    public interface Clock {
        long nanos();
    }

    public PhaseLog(PrintWriter out) {
        this(out, System::nanoTime);
    }

    PhaseLog(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void cellStarted(CellId cell, int index, int total, int trainings) {
        phase = null;
        lastBatch = clock.nanos();
    }

    @Override
    public void trainingProgress(CellId cell, String p, int epoch, int es, int batch, int batches) {
        long now = clock.nanos();
        if (!p.equals(phase)) {
            endPhase(cell, lastBatch);
            phase = p;
            phaseStart = lastBatch;
        }
        epochs = es;
        lastBatch = now;
    }

    @Override
    public void cellFinished(CellId cell, CellRunner.CellOutcome outcome, boolean skipped) {
        if (skipped) {
            return;
        }
        endPhase(cell, lastBatch);
        out.printf(Locale.ROOT, "cell %s: after training: %.1f s%n", cell.id(), seconds(clock.nanos() - lastBatch));
        out.flush();
    }

    /** The phase that ended at {@code end}: from the previous phase's last batch to its own. */
    private void endPhase(CellId cell, long end) {
        if (phase == null) {
            return;
        }
        out.printf(
                Locale.ROOT, "cell %s: %s: %.1f s, %d epochs%n", cell.id(), phase, seconds(end - phaseStart), epochs);
        out.flush();
        phase = null;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
