package org.hemamet.cluster;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.HemametException;
import org.hemamet.core.Json;

/**
 * The cluster files of a run directory (contracts.md C), written atomically:
 *
 * <pre>
 * RUN_DIR/slurm/ plan.json  cells-&lt;n&gt;.sbatch  merge-&lt;n&gt;.sbatch  (n = the submission, from 1)
 *                tasks/&lt;cell_id&gt;.json  tasks/merge.json  logs/cell-&lt;array job&gt;_&lt;task&gt;.log  logs/merge-&lt;job&gt;.log
 * </pre>
 */
public final class ClusterFiles {
    public static final String DIR = "slurm";
    public static final String PLAN = "plan.json";
    public static final String TASKS = "tasks";
    public static final String LOGS = "logs";
    public static final String MERGE = "merge";

    private static final ObjectMapper LENIENT =
            Json.mapper().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ClusterFiles() {}

    public static Path dir(Path runDir) {
        return runDir.resolve(DIR);
    }

    public static Path logs(Path runDir) {
        return dir(runDir).resolve(LOGS);
    }

    /** A task's state file: {@code tasks/<cell_id>.json}, or {@code tasks/merge.json}. */
    public static Path taskFile(Path runDir, String cellIdOrMerge) {
        return dir(runDir).resolve(TASKS).resolve(cellIdOrMerge + ".json");
    }

    public static void writePlan(Path runDir, SlurmPlan plan) {
        write(dir(runDir).resolve(PLAN), plan);
    }

    /** The run's plan, or null when it was never submitted to a cluster. */
    public static SlurmPlan readPlan(Path runDir) {
        return read(dir(runDir).resolve(PLAN), SlurmPlan.class);
    }

    public static void writeTask(Path runDir, TaskState state) {
        write(taskFile(runDir, state.cellId()), state);
    }

    /** A task's last word, or null when none was written. */
    public static TaskState readTask(Path runDir, String cellIdOrMerge) {
        return read(taskFile(runDir, cellIdOrMerge), TaskState.class);
    }

    private static void write(Path file, Object document) {
        try {
            AtomicFiles.writeString(file, Json.mapper().writeValueAsString(document) + "\n");
        } catch (IOException e) {
            throw HemametException.outputError(file, e);
        }
    }

    private static <T> T read(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return LENIENT.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw HemametException.invalidInput(
                    file + ": unreadable (" + e.getClass().getSimpleName() + ")");
        }
    }
}
