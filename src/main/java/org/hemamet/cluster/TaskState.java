package org.hemamet.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code RUN_DIR/slurm/tasks/<cell_id>.json} (and {@code merge.json} for the merge job): what a task said
 * about itself. Written when it starts ({@code running}) and when it ends ({@code done} or {@code failed},
 * with the cause); a task killed outright (SIGKILL) stays {@code running}, which {@link RunStatus} reads
 * against the queue.
 *
 * @param cellId     the cell, or {@code merge}
 * @param state      {@code running} | {@code done} | {@code failed}
 * @param job        Slurm's job id of the task ({@code <array>_<index>} for an array task), or empty
 * @param log        the task's log, relative to the run directory, or empty
 * @param started    when the task started (ISO-8601)
 * @param finished   when it ended, or empty
 * @param message    for a failed task, what failed: names the cell and the cause
 */
public record TaskState(
        @JsonProperty("cell_id") String cellId,
        String state,
        String job,
        String log,
        String started,
        String finished,
        String message) {
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    /** This state ended as {@code state} at {@code finished} with {@code message}. */
    public TaskState ended(String endState, String endTime, String why) {
        return new TaskState(cellId, endState, job, log, started, endTime, why);
    }
}
