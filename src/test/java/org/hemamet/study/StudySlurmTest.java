package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hemamet.cli.CliFactory;
import org.hemamet.cluster.ClusterFiles;
import org.hemamet.cluster.RunStatus;
import org.hemamet.cluster.SlurmPlan;
import org.hemamet.cluster.TaskState;
import org.hemamet.core.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code study --executor slurm} on a real Slurm cluster (CI starts a one-node one with
 * scripts/slurm-up.sh; skipped where {@code sbatch} is absent or no cluster answers): the cells as a job
 * array and the merge give the same files as a local run with the same seed; a task cancelled mid-run is
 * reported as failed with its cause and log, and submitting again runs only that cell and completes the
 * run. The tasks run this JVM's classes with its intra-op thread count (results are reproducible for a
 * seed and a thread count). About 2 minutes on 2 cores: tagged slow.
 */
@Tag("slow")
class StudySlurmTest {
    @TempDir
    static Path tmp;

    static Path dataset;
    static Path configFile;
    static Path cheapConfigFile;
    static Path launcher;

    @BeforeAll
    static void cluster() throws Exception {
        assumeTrue(
                run(List.of("sinfo", "-h", "-o", "%T")).contains("idle")
                        || run(List.of("sinfo", "-h", "-o", "%T")).contains("mix"),
                "no Slurm cluster answers here (sbatch/sinfo absent or no idle node): start one with"
                        + " scripts/slurm-up.sh (as root)");
        dataset = StudyFixtures.separable(tmp.resolve("ds"), 12, 20, 32, 5, false);
        configFile = tmp.resolve("study.json");
        Files.writeString(configFile, StudyFixtures.tinyConfig(7).toJson());
        cheapConfigFile = tmp.resolve("cheap.json");
        Files.writeString(cheapConfigFile, cheap().toJson());
        launcher = launcher(tmp.resolve("hemamet"), org.hemamet.model.EngineSetup.threads());
    }

    @Test
    void slurmRunGivesTheFilesOfALocalRun() throws Exception {
        Path local = tmp.resolve("local");
        new StudyRunner(StudyFixtures.tinyConfig(7), dataset, local, null).run();
        Path slurm = tmp.resolve("slurm");

        StringWriter out = new StringWriter();
        int code = study(slurm, configFile, out, "--wait");
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("2 of 2 cells done").contains("cells ok");

        assertThat(StudyRunnerTest.stripTimes(Files.readString(slurm.resolve("results.csv"))))
                .isEqualTo(StudyRunnerTest.stripTimes(Files.readString(local.resolve("results.csv"))));
        for (String f : List.of("predictions.csv", "delong.csv", "common_lesions.csv", "summary.md")) {
            assertThat(Files.readString(slurm.resolve(f))).as(f).isEqualTo(Files.readString(local.resolve(f)));
        }
        for (CellId c : StudyRunner.cells(StudyFixtures.tinyConfig(7))) {
            assertThat(withoutTime(slurm.resolve("cells").resolve(c.id()).resolve("result.json")))
                    .as(c.id())
                    .isEqualTo(
                            withoutTime(local.resolve("cells").resolve(c.id()).resolve("result.json")));
        }
        // the merge wrote provenance and the report, as a local run with a report does
        assertThat(slurm.resolve("provenance.json")).isRegularFile();
        assertThat(slurm.resolve("report.html")).isRegularFile();
        SlurmPlan plan = ClusterFiles.readPlan(slurm);
        assertThat(plan.launcher()).isEqualTo(launcher.toString());
        assertThat(plan.latest().cells()).hasSize(2);
        RunStatus status = RunStatus.read(slurm);
        assertThat(status.done()).isEqualTo(2);
        assertThat(status.merge()).isEqualTo(RunStatus.DONE);
    }

    @Test
    void cancelledTaskIsReportedAndAResubmitRunsOnlyItAndCompletesTheRun() throws Exception {
        Path run = tmp.resolve("cancelled");
        StringWriter out = new StringWriter();
        assertThat(study(run, cheapConfigFile, out)).as(out.toString()).isZero();
        assertThat(out.toString()).contains("Submitted 2 of 2 cells").contains("hemamet status");
        SlurmPlan plan = ClusterFiles.readPlan(run);
        String victim = plan.latest().cells().get(1);
        String task = plan.latest().arrayJob() + "_1";

        // cancel the second task once it has started its cell (its JVM said so), then let the rest end
        awaitTrue(Duration.ofMinutes(3), () -> {
            TaskState t = ClusterFiles.readTask(run, victim);
            return t != null && t.state().equals(TaskState.RUNNING);
        });
        run(List.of("scancel", task));
        awaitTrue(
                Duration.ofMinutes(5),
                () -> run(List.of(
                                "squeue",
                                "-h",
                                "-j",
                                String.join(",", plan.latest().jobs())))
                        .isBlank());

        RunStatus status = RunStatus.read(run);
        RunStatus.Cell failed = status.cells().stream()
                .filter(c -> c.cellId().equals(victim))
                .findFirst()
                .orElseThrow();
        assertThat(failed.state()).as(status.render()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.detail()).contains("cell " + victim).contains("signal");
        assertThat(failed.log()).isRegularFile();
        assertThat(status.done()).as(status.render()).isEqualTo(1);
        // the merge ran after the array, found the cell missing and said which
        assertThat(status.merge()).as(status.render()).isEqualTo(RunStatus.FAILED);
        assertThat(status.mergeDetail()).contains(victim);
        assertThat(run.resolve("results.csv")).doesNotExist();
        StringWriter statusOut = new StringWriter();
        assertThat(cli(statusOut, "status", run.toString())).isZero();
        assertThat(statusOut.toString()).contains("1 done").contains("1 failed").contains(victim);

        String survivor = plan.latest().cells().get(0);
        Path survivorResult = run.resolve("cells").resolve(survivor).resolve("result.json");
        var before = Files.getLastModifiedTime(survivorResult);
        StringWriter again = new StringWriter();
        assertThat(study(run, cheapConfigFile, again, "--wait"))
                .as(again.toString())
                .isZero();
        assertThat(again.toString()).contains("Submitted 1 of 2 cells");
        assertThat(ClusterFiles.readPlan(run).latest().cells()).containsExactly(victim);
        assertThat(Files.getLastModifiedTime(survivorResult)).isEqualTo(before);
        assertThat(org.hemamet.contract.RunFiles.readResults(run))
                .extracting(org.hemamet.contract.ResultRow::cellId)
                .containsExactly(survivor, victim);
        assertThat(RunStatus.read(run).merge()).isEqualTo(RunStatus.DONE);
    }

    /** Two cells of two trainings each (one trial, no calibration folds, 3 epochs): the cancel test's study. */
    private static StudyConfig cheap() {
        return TestStudies.tiny("slurm-cancel-test", 5, org.hemamet.cohort.Sequence.T1, org.hemamet.cohort.Sequence.T2)
                .build()
                .validated("test");
    }

    private static int study(Path run, Path config, StringWriter out, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "study",
                dataset.toString(),
                "--config",
                config.toString(),
                "--out",
                run.toString(),
                "--executor",
                "slurm",
                "--cpus-per-task",
                "1",
                "--launcher",
                launcher.toString()));
        args.addAll(List.of(extra));
        return cli(out, args.toArray(String[]::new));
    }

    private static int cli(StringWriter out, String... args) {
        PrintWriter w = new PrintWriter(out, true);
        return CliFactory.create(w, w).execute(args);
    }

    /** A launcher that runs this JVM's classes with its thread count, as ./hemamet runs the build. */
    private static Path launcher(Path file, int threads) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(
                file,
                "#!/bin/bash\nexec '" + java + "' -Xmx2g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=" + threads
                        + " -cp '" + System.getProperty("java.class.path") + "' org.hemamet.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file.toAbsolutePath();
    }

    /** result.json without the cell's wall time (it differs between runs). */
    private static JsonNode withoutTime(Path resultJson) throws Exception {
        JsonNode n = Json.mapper().readTree(resultJson.toFile());
        ((ObjectNode) n).remove("train_seconds");
        return n;
    }

    private static void awaitTrue(Duration limit, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.call()) {
            assertThat(System.nanoTime())
                    .as("condition not met within " + limit)
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    private static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            return s;
        } catch (Exception e) {
            return "";
        }
    }
}
