package org.hemamet.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hemamet.contract.CellResult;
import org.hemamet.contract.RunFiles;
import org.hemamet.study.CellId;
import org.hemamet.study.StudyConfig;
import org.hemamet.study.StudyRunner;

/**
 * Where a run stands, cell by cell: done (its result.json; with the cell's own status), pending or running
 * (the queue says so), failed (its task said why, or it left the queue without finishing), or not run. Read
 * from the run directory, and from {@code squeue} when the run was submitted to Slurm and squeue answers.
 *
 * @param runDir the run directory
 * @param cells  every cell of the study, in run order
 * @param merge  the merge job's state ({@code not submitted}, {@code pending}, {@code running}, {@code done},
 *               {@code failed}), or {@code local} for a run never submitted to a cluster
 * @param mergeDetail why the merge failed, or empty
 * @param queueKnown whether the queue was read
 */
public record RunStatus(Path runDir, List<Cell> cells, String merge, String mergeDetail, boolean queueKnown) {
    public static final String DONE = "done";
    public static final String PENDING = "pending";
    public static final String RUNNING = "running";
    public static final String FAILED = "failed";
    public static final String NOT_RUN = "not run";

    /**
     * One cell.
     *
     * @param cellId the cell
     * @param state  {@link #DONE}, {@link #PENDING}, {@link #RUNNING}, {@link #FAILED} or {@link #NOT_RUN}
     * @param detail a done cell's status (ok, diverged, ...), a failed one's cause, else the job
     * @param log    the task's log (absolute), or null
     */
    public record Cell(String cellId, String state, String detail, Path log) {}

    /** The status of a run, asking {@code squeue} about its latest submission when there is one. */
    public static RunStatus read(Path runDir) {
        SlurmPlan plan = ClusterFiles.readPlan(runDir);
        Map<String, String> queue = plan == null || plan.latest() == null
                ? null
                : Slurm.queue(plan.latest().jobs());
        return of(runDir, queue);
    }

    /**
     * The status of a run given the queue's view of its latest submission.
     *
     * @param queue job or {@code <array>_<index>} -> Slurm state, as {@link Slurm#queue}; null = unknown
     */
    public static RunStatus of(Path runDir, Map<String, String> queue) {
        SlurmPlan plan = ClusterFiles.readPlan(runDir);
        SlurmPlan.Submission latest = plan == null ? null : plan.latest();
        Map<String, String> taskOf = new LinkedHashMap<>();
        if (latest != null && latest.arrayJob() != null) {
            for (int i = 0; i < latest.cells().size(); i++) {
                taskOf.put(latest.cells().get(i), latest.arrayJob() + "_" + i);
            }
        }
        List<Cell> cells = new ArrayList<>();
        for (CellId c : StudyRunner.cells(StudyConfig.ofRun(runDir))) {
            cells.add(cell(runDir, c.id(), taskOf.get(c.id()), queue, latest != null && latest.arrayJob() != null));
        }
        String merge = plan == null ? "local" : "not submitted";
        String mergeDetail = "";
        if (latest != null) {
            TaskState m = ClusterFiles.readTask(runDir, ClusterFiles.MERGE);
            String q = queue == null ? null : queue.get(latest.mergeJob());
            if (q != null) {
                merge = q.startsWith("PENDING") ? PENDING : RUNNING;
            } else if (m != null && m.job().equals(latest.mergeJob())) {
                merge = m.state().equals(TaskState.RUNNING) ? (queue == null ? RUNNING : FAILED) : m.state();
                mergeDetail = m.message() + (m.log().isEmpty() ? "" : " (log: " + runDir.resolve(m.log()) + ")");
            } else {
                merge = queue == null ? "submitted (job " + latest.mergeJob() + ")" : "not run";
            }
        }
        return new RunStatus(runDir, cells, merge, mergeDetail.strip(), queue != null);
    }

    private static Cell cell(Path runDir, String id, String task, Map<String, String> queue, boolean submitted) {
        CellResult r = RunFiles.readCellResult(RunFiles.cellDir(runDir, id));
        if (r != null) {
            return new Cell(id, DONE, r.row().status(), null);
        }
        String q = queue == null || task == null ? null : queue.get(task);
        TaskState t = ClusterFiles.readTask(runDir, id);
        Path log = t == null || t.log().isEmpty() ? null : runDir.resolve(t.log());
        if (q != null) {
            return new Cell(id, q.startsWith("PENDING") ? PENDING : RUNNING, "job " + task, log);
        }
        if (t == null) {
            return new Cell(id, NOT_RUN, task == null ? "" : "job " + task, null);
        }
        if (t.state().equals(TaskState.FAILED)) {
            return new Cell(id, FAILED, t.message(), log);
        }
        if (t.state().equals(TaskState.RUNNING) && queue != null && submitted) {
            return new Cell(
                    id,
                    FAILED,
                    "cell " + id + ": its task (job " + t.job() + ") ended without finishing the cell and without a"
                            + " message (killed: out of memory, SIGKILL or the node); see its log",
                    log);
        }
        return new Cell(id, t.state().equals(TaskState.RUNNING) ? RUNNING : t.state(), "job " + t.job(), log);
    }

    /**
     * This status with {@code cellId}, which its files say is not run, running in the process that holds the run
     * directory (a study run in one process says so in its lock file, not in the cell's files).
     */
    public RunStatus withRunningInProcess(String cellId) {
        List<Cell> marked = cells.stream()
                .map(c -> c.cellId().equals(cellId) && c.state().equals(NOT_RUN)
                        ? new Cell(c.cellId(), RUNNING, "in the process holding the run", null)
                        : c)
                .toList();
        return new RunStatus(runDir, marked, merge, mergeDetail, queueKnown);
    }

    /** Cells done. */
    public int done() {
        return count(DONE);
    }

    public int count(String state) {
        return (int) cells.stream().filter(c -> c.state().equals(state)).count();
    }

    /** The status as text: one line of counts, the merge, then a line per cell that is not done. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                "%d cells: %d done, %d running, %d pending, %d failed, %d not run%n",
                cells.size(), done(), count(RUNNING), count(PENDING), count(FAILED), count(NOT_RUN)));
        sb.append("merge: ").append(merge);
        if (!mergeDetail.isEmpty()) {
            sb.append(mergeDetail.startsWith("(") ? " " : ": ").append(mergeDetail);
        }
        sb.append(System.lineSeparator());
        if (!queueKnown && !"local".equals(merge)) {
            sb.append("(squeue did not answer: states from the run directory only)")
                    .append(System.lineSeparator());
        }
        for (Cell c : cells) {
            sb.append(String.format("  %-8s %s", c.state(), c.cellId()));
            if (!c.detail().isEmpty()) {
                sb.append("  ").append(c.detail());
            }
            if (c.log() != null && !c.state().equals(DONE)) {
                sb.append("  log: ").append(c.log());
            }
            sb.append(System.lineSeparator());
        }
        return sb.toString();
    }
}
