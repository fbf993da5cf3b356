package org.hemamet.cli;

import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.hemamet.model.HyperParams;
import org.hemamet.study.CellId;
import org.hemamet.study.CellRunner;
import org.hemamet.study.SearchSpace;
import org.hemamet.study.StudyConfig;
import org.hemamet.study.StudyRunner;

/**
 * Progress of a study on stderr: one overall bar in training epochs (so its ETA is meaningful) whose
 * message shows the current cell, its phase and the cell's own progress in percent.
 */
final class StudyProgress implements StudyRunner.Listener, AutoCloseable {
    private final long epochsPerCell;
    private ProgressBar bar;
    private long cellBase;
    private long cellEpochsDone;

    StudyProgress(StudyConfig config) {
        List<HyperParams> trials = SearchSpace.of(config.search()).trials(0L);
        long e = 0;
        int maxEpochs = 0;
        for (HyperParams hp : trials) {
            e += hp.epochs();
            maxEpochs = Math.max(maxEpochs, hp.epochs());
        }
        this.epochsPerCell = e + maxEpochs; // the final training's epochs are not known before the search
    }

    @Override
    public void studyStarted(int totalCells, int alreadyDone) {
        bar = new ProgressBarBuilder()
                .setTaskName("study")
                .setInitialMax((totalCells - alreadyDone) * epochsPerCell)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setUnit(" ep", 1)
                .showSpeed()
                .build();
        bar.setExtraMessage(alreadyDone > 0 ? alreadyDone + " cells already done (resumed)" : "");
    }

    @Override
    public void cellStarted(CellId cell, int index, int total, int trainings) {
        cellEpochsDone = 0;
        cellBase = bar.getCurrent();
        bar.setExtraMessage(cell.id() + " (" + index + "/" + total + ")");
    }

    @Override
    public void trainingProgress(CellId cell, String phase, int epoch, int epochs, int batch, int batches) {
        if (batch >= batches) {
            cellEpochsDone++;
            bar.stepTo(Math.min(cellBase + cellEpochsDone, cellBase + epochsPerCell));
        }
        int pct = (int) Math.min(100, 100 * cellEpochsDone / Math.max(1, epochsPerCell));
        bar.setExtraMessage(String.format("%s %s ep %d/%d | cell %d%%", cell.id(), phase, epoch + 1, epochs, pct));
    }

    @Override
    public void cellFinished(CellId cell, CellRunner.CellOutcome outcome, boolean skipped) {
        if (!skipped) {
            bar.stepTo(cellBase + epochsPerCell);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
