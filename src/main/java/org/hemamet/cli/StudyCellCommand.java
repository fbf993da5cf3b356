package org.hemamet.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hemamet.cluster.ClusterFiles;
import org.hemamet.cluster.SlurmPlan;
import org.hemamet.cluster.TaskRun;
import org.hemamet.core.HemametException;
import org.hemamet.study.CellId;
import org.hemamet.study.CellRunner;
import org.hemamet.study.StudyConfig;
import org.hemamet.study.StudyRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hemamet study-cell RUN_DIR CELL_ID} (internal: what a Slurm array task runs): one cell of a run
 * planned by {@code study --executor slurm}, through the same code as a local run ({@link
 * StudyRunner#runOneCell}); a cell already done is not run again.
 */
@Command(
        name = "study-cell",
        hidden = true,
        mixinStandardHelpOptions = true,
        description = "Internal: run one cell of a study submitted with --executor slurm.")
public final class StudyCellCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    DeviceOptions device;

    @Parameters(index = "0", paramLabel = "RUN_DIR")
    Path runDir;

    @Parameters(index = "1", paramLabel = "CELL_ID")
    String cellId;

    @Override
    public Integer call() {
        device.apply();
        SlurmPlan plan = plan(runDir);
        StudyConfig config = StudyConfig.ofRun(runDir);
        CellId cell = StudyRunner.cells(config).stream()
                .filter(c -> c.id().equals(cellId))
                .findFirst()
                .orElseThrow(() -> HemametException.invalidInput(runDir + ": the study has no cell " + cellId));
        var out = spec.commandLine().getOut();
        CellRunner.CellOutcome o = TaskRun.run(runDir, cellId, System.getenv(), () -> {
            out.println("cell " + cellId + ": started");
            out.flush();
            return new StudyRunner(config, Path.of(plan.datasetDir()), runDir, null).runOneCell(cell);
        });
        out.printf("cell %s: %s in %.1f s%n", cellId, o.status(), o.seconds());
        return 0;
    }

    /** The run's Slurm plan; a run dir without one was not submitted to a cluster. */
    static SlurmPlan plan(Path runDir) {
        SlurmPlan plan = ClusterFiles.readPlan(runDir);
        if (plan == null) {
            throw HemametException.invalidInput(runDir + ": no " + ClusterFiles.DIR + "/" + ClusterFiles.PLAN
                    + " (not a run submitted with" + " --executor slurm)");
        }
        return plan;
    }
}
