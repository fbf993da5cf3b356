package org.hemamet.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.hemamet.cluster.ClusterFiles;
import org.hemamet.cluster.SlurmPlan;
import org.hemamet.cluster.TaskRun;
import org.hemamet.study.CellRunner;
import org.hemamet.study.RunLock;
import org.hemamet.study.StudyConfig;
import org.hemamet.study.StudyRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hemamet study-merge RUN_DIR} (internal: the Slurm merge job): once every cell is done, the
 * run-level files ({@link StudyRunner#mergeCells}) and the report, and what a local run prints at its end;
 * refused (exit 3, naming the cells) while some cell is not done.
 */
@Command(
        name = "study-merge",
        hidden = true,
        mixinStandardHelpOptions = true,
        description = "Internal: merge the cells of a study submitted with --executor slurm.")
public final class StudyMergeCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "RUN_DIR")
    Path runDir;

    @Override
    public Integer call() {
        SlurmPlan plan = StudyCellCommand.plan(runDir);
        StudyConfig config = StudyConfig.ofRun(runDir);
        Path dataset = Path.of(plan.datasetDir());
        var out = spec.commandLine().getOut();
        TaskRun.run(runDir, ClusterFiles.MERGE, System.getenv(), () -> {
            List<CellRunner.CellOutcome> outcomes;
            try (RunLock hold = RunLock.acquire(runDir, "study merge")) {
                outcomes = new StudyRunner(config, dataset, runDir, null).mergeCells();
            }
            StudyCommand.printResults(outcomes, dataset, runDir, out, plan.report());
            return outcomes;
        });
        return 0;
    }
}
