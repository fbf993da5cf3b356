package org.hemamet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hemamet.cluster.ClusterFiles;
import org.hemamet.cluster.RunStatus;
import org.hemamet.cluster.SlurmExecutor;
import org.hemamet.cluster.SlurmPlan;
import org.hemamet.cluster.TaskState;
import org.hemamet.contract.RunFiles;
import org.hemamet.core.HemametException;
import org.hemamet.study.CellRunner;
import org.hemamet.study.StudyConfig;
import org.hemamet.study.StudyRunner;

/**
 * {@code study --executor slurm}: submits the cells and the merge ({@link SlurmExecutor}), prints the job ids
 * and how to watch them; with {@code --wait}, waits for the jobs and prints what a local run prints at its
 * end, or the run's status and exit 3 when it did not complete.
 */
final class SlurmSubmit {
    private SlurmSubmit() {}

    static void submit(
            StudyConfig config,
            Path dataset,
            Path out,
            StudyCommand.SlurmOptions slurm,
            DeviceOptions device,
            boolean report,
            PrintWriter stdout) {
        Path launcher = slurm.launcher != null ? slurm.launcher : launcherOfThisRun();
        if (slurm.cpusPerTask < 1) {
            throw HemametException.invalidInput("--cpus-per-task: must be >= 1, got " + slurm.cpusPerTask);
        }
        SlurmPlan.Resources resources = new SlurmPlan.Resources(
                slurm.cpusPerTask, slurm.mem, slurm.gres, slurm.partition, slurm.time, slurm.sbatchArgs);
        SlurmExecutor executor = new SlurmExecutor(config, dataset, out);
        SlurmExecutor.Submitted s =
                executor.submit(new SlurmExecutor.Options(launcher, resources, report, device.asArguments()));
        Path run = out.toAbsolutePath().normalize();
        SlurmPlan.Submission sub = s.submission();
        stdout.printf(
                "Submitted %d of %d cells as job array %s and the merge as job %s (%d cells already done).%n",
                sub.cells().size(),
                s.cellsTotal(),
                sub.arrayJob() == null ? "(none)" : sub.arrayJob(),
                sub.mergeJob(),
                s.cellsDone());
        stdout.printf(
                "Watch: hemamet status %s   (or squeue -j %s); logs in %s%n",
                run, String.join(",", sub.jobs()), ClusterFiles.logs(run));
        if (slurm.await) {
            awaitAndPrint(config, dataset, run, executor, s, report, stdout);
        }
    }

    private static void awaitAndPrint(
            StudyConfig config,
            Path dataset,
            Path run,
            SlurmExecutor executor,
            SlurmExecutor.Submitted s,
            boolean report,
            PrintWriter stdout) {
        TaskState merge = executor.await(s, Duration.ofSeconds(5), stdout);
        String mergeJob = s.submission().mergeJob();
        boolean ran = merge != null && merge.job().equals(mergeJob);
        if (!ran || !merge.state().equals(TaskState.DONE)) {
            stdout.print(RunStatus.read(run).render());
            stdout.flush();
            throw HemametException.dataState(run + ": the run did not complete ("
                    + (ran ? merge.message() : "the merge job " + mergeJob + " did not run")
                    + "); submit the same command again to run the cells that are not done");
        }
        List<CellRunner.CellOutcome> outcomes = StudyRunner.cells(config).stream()
                .map(c -> CellRunner.readOutcome(RunFiles.cellDir(run, c.id())))
                .toList();
        if (report) {
            stdout.println("Report: " + run.resolve("report.html"));
        }
        StudyCommand.printResults(outcomes, dataset, run, stdout, false);
    }

    /** The launcher that started this JVM (./hemamet exports HEMAMET_LAUNCHER). */
    private static Path launcherOfThisRun() {
        String l = System.getenv("HEMAMET_LAUNCHER");
        if (l == null || l.isBlank()) {
            throw HemametException.invalidInput("--executor slurm: no launcher known (start hemamet with its"
                    + " ./hemamet script, or give --launcher PATH)");
        }
        return Path.of(l);
    }
}
