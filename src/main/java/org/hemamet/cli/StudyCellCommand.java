package org.hemamet.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hemamet.cluster.ClusterFiles;
import org.hemamet.cluster.SlurmPlan;
import org.hemamet.cluster.TaskRun;
import org.hemamet.core.HemametException;
import org.hemamet.study.CellId;
import org.hemamet.study.CellRunner;
import org.hemamet.study.PhaseLog;
import org.hemamet.study.StudyConfig;
import org.hemamet.study.StudyRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hemamet study-cell RUN_DIR CELL_ID} (internal: what a Slurm array task runs, and each child process
 * of {@code study --jobs N}): one cell of a planned run, through the same code as a local run ({@link
 * StudyRunner#runOneCell}); a cell already done is not run again. A Slurm task finds the dataset in the run's
 * {@code slurm/plan.json} and records its state ({@link TaskRun}); a {@code --jobs} child is given the dataset
 * ({@code --dataset}) and its parent's pid ({@code --parent-pid}: it stops when the parent is gone), and its
 * parent watches its exit code.
 */
@Command(
        name = "study-cell",
        hidden = true,
        mixinStandardHelpOptions = true,
        description = "Internal: run one cell of a study submitted with --executor slurm or run with --jobs.")
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

    @Option(names = "--dataset", paramLabel = "DIR", description = "The dataset (default: the one of slurm/plan.json).")
    Path dataset;

    @Option(names = "--parent-pid", paramLabel = "PID", description = "Stop when this process has ended.")
    Long parentPid;

    @Override
    public Integer call() {
        exitWithParent();
        device.apply();
        Path data = dataset != null ? dataset : Path.of(plan(runDir).datasetDir());
        StudyConfig config = StudyConfig.ofRun(runDir);
        CellId cell = StudyRunner.cells(config).stream()
                .filter(c -> c.id().equals(cellId))
                .findFirst()
                .orElseThrow(() -> HemametException.invalidInput(runDir + ": the study has no cell " + cellId));
        var out = spec.commandLine().getOut();
        CellRunner.CellOutcome o;
        if (dataset != null) {
            out.println("cell " + cellId + ": started");
            out.flush();
            o = new StudyRunner(config, data, runDir, new PhaseLog(out)).runOneCell(cell);
        } else {
            o = TaskRun.run(runDir, cellId, System.getenv(), () -> {
                out.println("cell " + cellId + ": started");
                out.flush();
                return new StudyRunner(config, data, runDir, new PhaseLog(out)).runOneCell(cell);
            });
        }
        out.printf("cell %s: %s in %.1f s%n", cellId, o.status(), o.seconds());
        return 0;
    }

    /** With --parent-pid: once that process has ended (killed outright), this one ends too (exit 143). */
    private void exitWithParent() {
        if (parentPid == null) {
            return;
        }
        java.util.Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            throw HemametException.dataState("cell " + cellId + ": the parent process " + parentPid + " has ended");
        }
        // an orphan: nobody waits for its exit code, and its unfinished cell is a temporary directory the next
        // run removes, so it stops at once (Main's System.exit is for the exit codes of commands)
        parent.get().onExit().thenRun(() -> {
            System.err.println("hemamet: cell " + cellId + ": stopped, the parent process has ended");
            System.err.flush();
            Runtime.getRuntime().halt(143);
        });
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
