package org.hemamet.cli;

import java.util.List;
import org.hemamet.model.HyperParams;
import org.hemamet.study.CellId;
import org.hemamet.study.CellRunner;
import org.hemamet.study.SearchSpace;
import org.hemamet.study.StudyConfig;
import org.hemamet.study.StudyRunner;

/**
 * Progress of a study on stderr ({@link Progress}), counted in training epochs so that its ETA is
 * meaningful. In a terminal one bar whose message shows the current cell, its phase and the cell's own
 * progress; in a log one line per finished cell and per 5 % of the epochs
 * ({@code study 3/24 cells (12 %), 3:10 elapsed, ~4:00 left, T1__hemangioma-vs-lung__r0 ok}).
 */
final class StudyProgress implements StudyRunner.Listener, AutoCloseable {
    private final long epochsPerCell;
    private final Progress.Mode mode;
    private Progress progress;
    private int totalCells;
    private int cellsDone;
    private long cellBase;
    private long cellEpochsDone;

    StudyProgress(StudyConfig config, Progress.Mode mode) {
        SearchSpace space = SearchSpace.of(config.search());
        List<HyperParams> trials = space.trials(0L);
        long e = 0; // the search's epochs: each training's (a grid's shorter trials are its checkpoints)
        int maxEpochs = 0;
        for (SearchSpace.Training t : space.trainings(trials)) {
            int epochs = trials.get(t.trial()).epochs();
            e += epochs;
            maxEpochs = Math.max(maxEpochs, epochs);
        }
        // the final training's (and the calibration folds') epochs are not known before the search
        int calibrationFolds = config.calibrationFolds() >= 2 ? config.calibrationFolds() : 0;
        this.epochsPerCell = e + (long) (1 + calibrationFolds) * maxEpochs;
        this.mode = mode;
    }

    /** Where the progress goes; a test gives its own. */
    Progress open(long totalEpochs) {
        return Progress.start(mode, "study", totalEpochs, "ep", System.err, System::nanoTime);
    }

    @Override
    public void studyStarted(int totalCells, int alreadyDone) {
        this.totalCells = totalCells;
        this.cellsDone = alreadyDone;
        progress = open((totalCells - alreadyDone) * epochsPerCell);
        progress.count(cells());
        progress.detail(alreadyDone > 0 ? alreadyDone + " cells already done (resumed)" : "");
    }

    @Override
    public void cellStarted(CellId cell, int index, int total, int trainings) {
        cellEpochsDone = 0;
        cellBase = progress.current();
        progress.detail(cell.id() + " (" + index + "/" + total + ")");
    }

    @Override
    public void trainingProgress(CellId cell, String phase, int epoch, int epochs, int batch, int batches) {
        if (batch >= batches) {
            cellEpochsDone++;
            progress.stepTo(Math.min(cellBase + cellEpochsDone, cellBase + epochsPerCell));
        }
        int pct = (int) Math.min(100, 100 * cellEpochsDone / Math.max(1, epochsPerCell));
        progress.detail(String.format("%s %s ep %d/%d | cell %d%%", cell.id(), phase, epoch, epochs, pct));
    }

    @Override
    public void cellFinished(CellId cell, CellRunner.CellOutcome outcome, boolean skipped) {
        if (skipped) {
            return; // counted in alreadyDone
        }
        cellsDone++;
        progress.count(cells());
        progress.detail(cell.id() + " " + outcome.status());
        progress.stepTo(cellBase + epochsPerCell);
        progress.milestone();
    }

    private String cells() {
        return cellsDone + "/" + totalCells + " cells";
    }

    @Override
    public void close() {
        if (progress != null) {
            progress.close();
        }
    }
}
