package org.hemamet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.hemamet.core.HemametException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task's state file: running while it works, then done, or failed naming the cell and the cause. */
class TaskRunTest {
    @TempDir
    Path run;

    static final Map<String, String> ENV = Map.of("SLURM_ARRAY_JOB_ID", "41", "SLURM_ARRAY_TASK_ID", "3");

    @Test
    void aFinishedTaskIsDoneAndNamesItsJobAndLog() {
        String r = TaskRun.run(run, "T1__hemangioma-vs-lung__r0", ENV, () -> {
            TaskState during = ClusterFiles.readTask(run, "T1__hemangioma-vs-lung__r0");
            assertThat(during.state()).isEqualTo(TaskState.RUNNING);
            return "x";
        });
        assertThat(r).isEqualTo("x");
        TaskState t = ClusterFiles.readTask(run, "T1__hemangioma-vs-lung__r0");
        assertThat(t.state()).isEqualTo(TaskState.DONE);
        assertThat(t.job()).isEqualTo("41_3");
        assertThat(t.log()).isEqualTo("slurm/logs/cell-41_3.log");
        assertThat(t.finished()).isNotEmpty();
    }

    @Test
    void aFailedTaskSaysWhichCellAndWhy() {
        assertThatThrownBy(() -> TaskRun.run(run, "T2__hemangioma-vs-rcc__r1", ENV, () -> {
                    throw HemametException.dataState("crops/x.png: unreadable");
                }))
                .isInstanceOf(HemametException.class);
        TaskState t = ClusterFiles.readTask(run, "T2__hemangioma-vs-rcc__r1");
        assertThat(t.state()).isEqualTo(TaskState.FAILED);
        assertThat(t.message()).isEqualTo("cell T2__hemangioma-vs-rcc__r1: crops/x.png: unreadable");

        assertThatThrownBy(() -> TaskRun.run(run, ClusterFiles.MERGE, Map.of("SLURM_JOB_ID", "42"), () -> {
                    throw new IllegalStateException("boom");
                }))
                .isInstanceOf(IllegalStateException.class);
        TaskState m = ClusterFiles.readTask(run, ClusterFiles.MERGE);
        assertThat(m.message()).isEqualTo("the merge: IllegalStateException: boom");
        assertThat(m.log()).isEqualTo("slurm/logs/merge-42.log");
    }
}
