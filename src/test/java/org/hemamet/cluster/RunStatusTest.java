package org.hemamet.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hemamet.cohort.Sequence;
import org.hemamet.contract.RunFiles;
import org.hemamet.study.StudyConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status of a submitted run from its files and the queue: pending and running from squeue, failed from
 * a task's message or from a task that left the queue without finishing, not run; the batch scripts and the
 * sbatch options of the plan.
 */
class RunStatusTest {
    @TempDir
    Path run;

    static final String A = "T1__hemangioma-vs-metastases__r0";
    static final String B = "T2__hemangioma-vs-metastases__r0";
    static final String C = "T1__hemangioma-vs-metastases__r1";
    static final String D = "T2__hemangioma-vs-metastases__r1";

    @BeforeEach
    void submittedRun() throws Exception {
        StudyConfig config = StudyConfig.profile("quick");
        config = StudyConfig.builder()
                .profile("t")
                .seed(1)
                .sequences(List.of(Sequence.T1, Sequence.T2))
                .comparisons(List.of("hemangioma-vs-metastases"))
                .balancing(config.balancing())
                .testFraction(config.testFraction())
                .repeats(2)
                .inputSize(config.inputSize())
                .search(config.search())
                .bootstrap(100)
                .build()
                .validated("test");
        Files.writeString(run.resolve(RunFiles.STUDY), config.toJson());
        SlurmPlan plan = new SlurmPlan(
                        1,
                        "test",
                        "/opt/hemamet/hemamet",
                        "/data/ds",
                        run.toString(),
                        List.of(A, B, C, D),
                        new SlurmPlan.Resources(2, "8G", null, "gpu", null, List.of("--account=rad")),
                        true,
                        List.of())
                .with(new SlurmPlan.Submission("50", "51", List.of(A, B, C, D), "2026-01-01T00:00:00Z"));
        ClusterFiles.writePlan(run, plan);
    }

    @Test
    void cellsArePendingRunningFailedOrNotRunAndTheFailedOnesSayWhyAndWhereTheLogIs() {
        ClusterFiles.writeTask(
                run,
                new TaskState(
                        B,
                        TaskState.FAILED,
                        "50_1",
                        "slurm/logs/cell-50_1.log",
                        "t0",
                        "t1",
                        "cell " + B + ": stopped by a signal before it finished"));
        ClusterFiles.writeTask(
                run, new TaskState(C, TaskState.RUNNING, "50_2", "slurm/logs/cell-50_2.log", "t0", "", ""));
        RunStatus s = RunStatus.of(run, Map.of("50_0", "RUNNING", "50_3", "PENDING", "51", "PENDING"));
        assertThat(s.cells())
                .extracting(RunStatus.Cell::state)
                .containsExactly(RunStatus.RUNNING, RunStatus.FAILED, RunStatus.FAILED, RunStatus.PENDING);
        assertThat(s.cells().get(1).detail()).contains("cell " + B).contains("signal");
        assertThat(s.cells().get(1).log()).isEqualTo(run.resolve("slurm/logs/cell-50_1.log"));
        // killed outright (no message): left the queue while its state file still says running
        assertThat(s.cells().get(2).detail()).contains("cell " + C).contains("without a message");
        assertThat(s.merge()).isEqualTo(RunStatus.PENDING);
        assertThat(s.render())
                .contains("4 cells: 0 done, 1 running, 1 pending, 2 failed, 0 not run")
                .contains("log: " + run.resolve("slurm/logs/cell-50_1.log"));
    }

    @Test
    void withoutTheQueueAStartedTaskIsRunningAndTheMergeSaysItsLastWord() {
        ClusterFiles.writeTask(
                run, new TaskState(C, TaskState.RUNNING, "50_2", "slurm/logs/cell-50_2.log", "t0", "", ""));
        ClusterFiles.writeTask(
                run,
                new TaskState(
                        ClusterFiles.MERGE,
                        TaskState.FAILED,
                        "51",
                        "slurm/logs/merge-51.log",
                        "t0",
                        "t1",
                        "the merge: 1 of 4 cells are not done (" + B + ")"));
        RunStatus s = RunStatus.of(run, null);
        assertThat(s.cells().get(2).state()).isEqualTo(RunStatus.RUNNING);
        assertThat(s.cells().get(0).state()).isEqualTo(RunStatus.NOT_RUN);
        assertThat(s.merge()).isEqualTo(RunStatus.FAILED);
        assertThat(s.mergeDetail()).contains(B).contains("merge-51.log");
        assertThat(s.render()).contains("squeue did not answer");
    }

    @Test
    void scriptsRunTheRecordedLauncherWithTheTaskCpusAsThreads() {
        SlurmPlan plan = ClusterFiles.readPlan(run);
        assertThat(plan.resources().sbatchOptions())
                .containsExactly("--cpus-per-task=2", "--mem=8G", "--partition=gpu", "--account=rad");
        String cells = SlurmExecutor.cellScript(plan, List.of(A, "it's"), List.of("--device=gpu"));
        assertThat(cells)
                .contains("cells=('" + A + "' 'it'\\''s')")
                .contains("exec '/opt/hemamet/hemamet' study-cell '--device=gpu' '" + run + "' \"$cell\"")
                .contains("export OMP_NUM_THREADS=\"$SLURM_CPUS_PER_TASK\"")
                .contains("export HEMAMET_NO_BUILD=1");
        assertThat(SlurmExecutor.mergeScript(plan)).contains("exec '/opt/hemamet/hemamet' study-merge '" + run + "'");
    }
}
