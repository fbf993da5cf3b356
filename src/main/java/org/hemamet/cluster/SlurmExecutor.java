package org.hemamet.cluster;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hemamet.contract.RunFiles;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.HemametException;
import org.hemamet.core.Version;
import org.hemamet.study.CellId;
import org.hemamet.study.RunLock;
import org.hemamet.study.StudyConfig;
import org.hemamet.study.StudyRunner;

/**
 * Runs a study's cells as Slurm jobs: plans the run ({@link StudyRunner#plan()}: the run dir is bound to the
 * config and the dataset exactly as for a local run), writes {@code slurm/plan.json} and two batch scripts,
 * submits one job array with a task per cell that is not done yet ({@code hemamet study-cell RUN_DIR
 * CELL_ID}) and a merge job ({@code hemamet study-merge RUN_DIR}) that runs after every task has ended
 * ({@code --dependency=afterany}) and writes the run-level files and the report when every cell is done.
 * Submitting again after failures submits only the cells that are not done; a run with jobs still in the
 * queue is not submitted again.
 */
public final class SlurmExecutor {
    private final StudyConfig config;
    private final Path datasetDir;
    private final Path runDir;

    /**
     * What to submit with.
     *
     * @param launcher  absolute path of the {@code hemamet} launcher the tasks run (the same build)
     * @param resources what each cell task asks for
     * @param report    whether the merge writes report.html
     */
    /**
     * How to submit.
     *
     * @param cellArguments further arguments of every cell task's {@code study-cell} (e.g. {@code --device=gpu})
     */
    public record Options(Path launcher, SlurmPlan.Resources resources, boolean report, List<String> cellArguments) {
        public Options {
            cellArguments = List.copyOf(cellArguments);
        }
    }

    /** One submission's job ids. */
    public record Submitted(SlurmPlan.Submission submission, int cellsDone, int cellsTotal) {}

    public SlurmExecutor(StudyConfig config, Path datasetDir, Path runDir) {
        this.config = config;
        this.datasetDir = datasetDir.toAbsolutePath().normalize();
        this.runDir = runDir.toAbsolutePath().normalize();
    }

    /**
     * Plans the run and submits the cells that are not done and the merge; returns at once. Refused (exit 3)
     * while a local run of the directory holds it ({@link RunLock}).
     */
    public Submitted submit(Options options) {
        if (!Files.isExecutable(options.launcher())) {
            throw HemametException.invalidInput(options.launcher() + ": the hemamet launcher is not executable");
        }
        try (RunLock hold = RunLock.acquire(runDir, "study --executor slurm (submitting)")) {
            return submitHeld(options);
        }
    }

    private Submitted submitHeld(Options options) {
        SlurmPlan previous = ClusterFiles.readPlan(runDir);
        refuseWhileQueued(previous);
        StudyRunner.Plan plan = new StudyRunner(config, datasetDir, runDir, null).plan();
        List<String> all = plan.cells().stream().map(CellId::id).toList();
        List<String> missing = all.stream()
                .filter(c -> !RunFiles.isDone(RunFiles.cellDir(runDir, c)))
                .toList();
        SlurmPlan slurmPlan = new SlurmPlan(
                SlurmPlan.FORMAT_VERSION,
                Version.hemamet(),
                options.launcher().toAbsolutePath().normalize().toString(),
                datasetDir.toString(),
                runDir.toString(),
                all,
                options.resources(),
                options.report(),
                previous == null ? List.of() : previous.submissions());
        ClusterFiles.writePlan(runDir, slurmPlan);
        int n = slurmPlan.submissions().size() + 1;
        createDirectories(ClusterFiles.logs(runDir));
        String arrayJob = missing.isEmpty() ? null : submitCells(slurmPlan, missing, n, options.cellArguments());
        String mergeJob = submitMerge(slurmPlan, arrayJob, n);
        SlurmPlan.Submission s = new SlurmPlan.Submission(
                arrayJob, mergeJob, missing, Instant.now().toString());
        ClusterFiles.writePlan(runDir, slurmPlan.with(s));
        return new Submitted(s, all.size() - missing.size(), all.size());
    }

    /**
     * Waits until the submission's jobs have left the queue, printing the cells done as they finish.
     *
     * @return the merge job's last word (null when it wrote none)
     */
    public TaskState await(Submitted submitted, Duration poll, PrintWriter out) {
        int shown = -1;
        while (true) {
            Map<String, String> queue = Slurm.queue(submitted.submission().jobs());
            int done = RunStatus.of(runDir, Map.of()).done();
            if (done != shown) {
                out.printf("%d of %d cells done%n", done, submitted.cellsTotal());
                out.flush();
                shown = done;
            }
            if (queue == null) {
                throw HemametException.dataState("squeue does not answer: cannot wait; see hemamet status " + runDir);
            }
            if (queue.isEmpty()) {
                return ClusterFiles.readTask(runDir, ClusterFiles.MERGE);
            }
            sleep(poll);
        }
    }

    private void refuseWhileQueued(SlurmPlan previous) {
        if (previous == null || previous.latest() == null) {
            return;
        }
        Map<String, String> queue = Slurm.queue(previous.latest().jobs());
        if (queue != null && !queue.isEmpty()) {
            throw HemametException.dataState(
                    runDir + ": jobs " + String.join(", ", previous.latest().jobs())
                            + " of this run are still queued or running; wait for them (hemamet status " + runDir
                            + ") or scancel them, then submit again");
        }
    }

    private String submitCells(SlurmPlan plan, List<String> cells, int n, List<String> cellArguments) {
        Path script = ClusterFiles.dir(runDir).resolve("cells-" + n + ".sbatch");
        AtomicFiles.writeString(script, cellScript(plan, cells, cellArguments));
        List<String> opts = new ArrayList<>(List.of(
                "--array=0-" + (cells.size() - 1),
                "--job-name=hemamet-cells",
                "--output=" + ClusterFiles.logs(runDir).resolve("cell-%A_%a.log")));
        opts.addAll(plan.resources().sbatchOptions());
        return Slurm.sbatch(opts, script);
    }

    private String submitMerge(SlurmPlan plan, String arrayJob, int n) {
        Path script = ClusterFiles.dir(runDir).resolve("merge-" + n + ".sbatch");
        AtomicFiles.writeString(script, mergeScript(plan));
        List<String> opts = new ArrayList<>(List.of(
                "--job-name=hemamet-merge",
                "--output=" + ClusterFiles.logs(runDir).resolve("merge-%j.log"),
                "--cpus-per-task=1"));
        SlurmPlan.Resources r = plan.resources();
        if (r.partition() != null) {
            opts.add("--partition=" + r.partition());
        }
        if (r.mem() != null) {
            opts.add("--mem=" + r.mem());
        }
        if (arrayJob != null) {
            opts.add("--dependency=afterany:" + arrayJob);
            opts.add("--kill-on-invalid-dep=yes");
        }
        return Slurm.sbatch(opts, script);
    }

    /** The array's batch script: task i runs cells[i] through the recorded launcher. */
    static String cellScript(SlurmPlan plan, List<String> cells, List<String> cellArguments) {
        return header("one study cell per array task")
                + "cells=(" + cells.stream().map(SlurmExecutor::quote).collect(Collectors.joining(" ")) + ")\n"
                + "cell=\"${cells[$SLURM_ARRAY_TASK_ID]}\"\n"
                + "exec " + quote(plan.launcher()) + " study-cell "
                + cellArguments.stream().map(a -> quote(a) + " ").collect(Collectors.joining())
                + quote(plan.runDir()) + " \"$cell\"\n";
    }

    /** The merge job's batch script. */
    static String mergeScript(SlurmPlan plan) {
        return header("the merge: run-level files and the report once every cell is done") + "exec "
                + quote(plan.launcher()) + " study-merge " + quote(plan.runDir()) + "\n";
    }

    /**
     * Common lines: no rebuild on the nodes (the build is shared and fixed for the run), one intra-op thread
     * per CPU Slurm gave the task, and a Java heap of 60 % of the memory it gave (when it gave a limit).
     */
    private static String header(String what) {
        return "#!/bin/bash\n"
                + "# hemamet: " + what + " (written by hemamet study --executor slurm)\n"
                + "set -euo pipefail\n"
                + "export HEMAMET_NO_BUILD=1\n"
                + "if [ -n \"${SLURM_CPUS_PER_TASK:-}\" ]; then export OMP_NUM_THREADS=\"$SLURM_CPUS_PER_TASK\"; fi\n"
                + "if [ -z \"${HEMAMET_JAVA_OPTS:-}\" ] && [ -n \"${SLURM_MEM_PER_NODE:-}\" ]; then\n"
                + "  export HEMAMET_JAVA_OPTS=\"-Xmx$((SLURM_MEM_PER_NODE * 6 / 10))m\"\n"
                + "fi\n";
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw HemametException.outputError(dir, e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw HemametException.dataState("interrupted while waiting for the jobs");
        }
    }
}
