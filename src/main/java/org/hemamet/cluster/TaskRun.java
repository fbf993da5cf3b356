package org.hemamet.cluster;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.hemamet.core.HemametException;

/**
 * The task side of a cluster run: a cell task or the merge job says in {@code slurm/tasks/<name>.json} that
 * it started, then that it is done or why it failed. A task stopped by a signal it can catch ({@code
 * scancel}, the time limit: SIGTERM) says so from a shutdown hook; one killed outright stays {@code running}
 * and {@link RunStatus} finds it gone from the queue.
 */
public final class TaskRun {
    private TaskRun() {}

    /**
     * Runs {@code work} as the task {@code name} (a cell id or {@link ClusterFiles#MERGE}) of the run.
     *
     * @param env the process environment (Slurm's SLURM_* variables name the job and its log)
     * @return what {@code work} returned
     */
    public static <T> T run(Path runDir, String name, Map<String, String> env, Supplier<T> work) {
        TaskState start = new TaskState(
                name, TaskState.RUNNING, job(env), log(name, env), Instant.now().toString(), "", "");
        ClusterFiles.writeTask(runDir, start);
        String what = ClusterFiles.MERGE.equals(name) ? "the merge" : "cell " + name;
        Thread hook = new Thread(() -> ClusterFiles.writeTask(
                runDir,
                start.ended(
                        TaskState.FAILED,
                        Instant.now().toString(),
                        what + ": stopped by a signal before it finished (scancel, the time limit or the node)")));
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            T result = work.get();
            ClusterFiles.writeTask(
                    runDir, start.ended(TaskState.DONE, Instant.now().toString(), ""));
            return result;
        } catch (RuntimeException | Error e) {
            ClusterFiles.writeTask(
                    runDir, start.ended(TaskState.FAILED, Instant.now().toString(), what + ": " + cause(e)));
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting: the hook runs, the state it writes is the last word
            }
        }
    }

    private static String cause(Throwable e) {
        if (e instanceof HemametException) {
            return e.getMessage();
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName()
                + (m == null || m.isBlank() ? "" : ": " + m.lines().findFirst().orElse(""));
    }

    /** The task's job: {@code <array job>_<index>} for an array task, the job id otherwise; empty outside Slurm. */
    static String job(Map<String, String> env) {
        String array = env.get("SLURM_ARRAY_JOB_ID");
        String index = env.get("SLURM_ARRAY_TASK_ID");
        if (array != null && index != null) {
            return array + "_" + index;
        }
        return env.getOrDefault("SLURM_JOB_ID", "");
    }

    /** The task's log relative to the run dir, as the batch scripts name it ({@link SlurmExecutor}). */
    static String log(String name, Map<String, String> env) {
        String job = job(env);
        if (job.isEmpty()) {
            return "";
        }
        return ClusterFiles.DIR + "/" + ClusterFiles.LOGS + "/" + (ClusterFiles.MERGE.equals(name) ? "merge-" : "cell-")
                + job + ".log";
    }
}
