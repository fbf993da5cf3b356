package org.hemamet.study;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hemamet.contract.RunFiles;
import org.hemamet.core.HemametException;

/**
 * A study run directory whose study has not finished (running, stopped, or its Slurm merge not run yet): it
 * has its study.json but not yet its results.csv. What needs the finished run (the report, validation, a
 * fused model, a cell not done yet) is refused with exit 3 saying how far the study got and how it goes on,
 * not with "is this a run directory?".
 */
public final class UnfinishedRun {
    private UnfinishedRun() {}

    /** Whether {@code runDir} holds a study that has not finished. */
    public static boolean is(Path runDir) {
        return Files.isRegularFile(runDir.resolve(RunFiles.STUDY))
                && !Files.isRegularFile(runDir.resolve(RunFiles.RESULTS));
    }

    /** Whether {@code cellId} is one of the cells the run's study plans. */
    public static boolean plans(Path runDir, String cellId) {
        return cells(runDir).stream().anyMatch(c -> c.id().equals(cellId));
    }

    /**
     * The refusal (exit 3): "RUN: the study has not finished: 3 of 24 cells done, 'hemamet study' with the same
     * arguments resumes it; NEEDS ('hemamet status RUN' says where it stands)".
     *
     * @param needs what the refused operation needs, e.g. "the report needs its results.csv"
     */
    public static HemametException refusal(Path runDir, String needs) {
        List<CellId> cells = cells(runDir);
        long done = cells.stream()
                .filter(c -> RunFiles.isDone(RunFiles.cellDir(runDir, c.id())))
                .count();
        String now = RunLock.holder(runDir)
                .map(h -> "a hemamet run is at it now (" + h + ")")
                .orElse("'hemamet study' with the same arguments resumes it");
        return HemametException.dataState(runDir + ": the study has not finished: " + done + " of " + cells.size()
                + " cells done, " + now + "; " + needs + " ('hemamet status " + runDir + "' says where it stands)");
    }

    private static List<CellId> cells(Path runDir) {
        return StudyRunner.cells(StudyConfig.ofRun(runDir));
    }
}
