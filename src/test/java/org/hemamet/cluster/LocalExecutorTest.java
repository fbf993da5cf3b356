package org.hemamet.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The child JVM's command line of {@code study --jobs} and the executor that runs the children: at most N at
 * once, each with its thread count in OMP_NUM_THREADS and its output in its log; a failed child is reported
 * with its exit code and its log's error line while the others run; an interrupted run leaves no child. The
 * children here are shell scripts standing in for the JVM (the real JVMs: study.StudyJobsTest, slow tier).
 */
class LocalExecutorTest {
    @TempDir
    Path tmp;

    @Test
    void childJvmIsThisJvmWithItsOptionsButDebuggerAndThreads() {
        List<String> kept = ChildJvm.inherited(List.of(
                "-Xmx8g",
                "-Dai.djl.offline=true",
                "-agentlib:jdwp=transport=dt_socket,server=y,address=5005",
                "-Dai.djl.pytorch.num_threads=16",
                "-Djava.library.path=/opt/torch/lib"));
        assertThat(kept).containsExactly("-Xmx8g", "-Dai.djl.offline=true", "-Djava.library.path=/opt/torch/lib");

        ChildJvm jvm = new ChildJvm("/opt/jdk/bin/java", kept, "/app/hemamet.jar:/app/lib/*");
        assertThat(jvm.command(4, List.of("study-cell", "RUN", "CELL")))
                .containsExactly(
                        "/opt/jdk/bin/java",
                        "-Xmx8g",
                        "-Dai.djl.offline=true",
                        "-Djava.library.path=/opt/torch/lib",
                        "-Dai.djl.pytorch.num_threads=4",
                        "-cp",
                        "/app/hemamet.jar:/app/lib/*",
                        "org.hemamet.cli.Main",
                        "study-cell",
                        "RUN",
                        "CELL");

        ChildJvm current = ChildJvm.current();
        assertThat(Path.of(current.java())).isExecutable();
        assertThat(current.classPath()).isEqualTo(System.getProperty("java.class.path"));
    }

    @Test
    void cellCommandRunsStudyCellOfThisRunWithTheGivenArgumentsAndThisPid() {
        ChildJvm jvm = new ChildJvm("/j", List.of("-Xmx2g"), "cp");
        LocalExecutor e = new LocalExecutor(
                tmp.resolve("run"), jvm, new LocalExecutor.Options(4, 3, List.of("--device=gpu", "--dataset=/d")));
        assertThat(e.command("T1__hemangioma-vs-lung__r0"))
                .containsExactly(
                        "/j",
                        "-Xmx2g",
                        "-Dai.djl.pytorch.num_threads=3",
                        "-cp",
                        "cp",
                        "org.hemamet.cli.Main",
                        "study-cell",
                        "--device=gpu",
                        "--dataset=/d",
                        "--parent-pid=" + ProcessHandle.current().pid(),
                        tmp.resolve("run").toAbsolutePath().toString(),
                        "T1__hemangioma-vs-lung__r0");
    }

    @Test
    void threadsAreSharedOutAmongTheJobs() {
        assertThat(LocalExecutor.threadsPerCell(16, 4)).isEqualTo(4);
        assertThat(LocalExecutor.threadsPerCell(7, 2)).isEqualTo(3);
        assertThat(LocalExecutor.threadsPerCell(2, 4)).isEqualTo(1);
        assertThat(LocalExecutor.threadsPerCell(1, 1)).isEqualTo(1);
    }

    @Test
    void runsAtMostNAtOnceAndReportsAFailedCellWhileTheOthersRun() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Path marks = Files.createDirectories(run.resolve("marks"));
        // $@ ends with RUN_DIR CELL_ID; each child notes how many children run beside it
        String script = "eval run=\\${$(($# - 1))}; eval cell=\\${$#}; echo \"threads $OMP_NUM_THREADS\";"
                + " touch \"$run/marks/on.$cell\"; sleep 1; ls \"$run/marks\" | grep -c '^on\\.' >"
                + " \"$run/marks/seen.$cell\"; rm \"$run/marks/on.$cell\";"
                + " if [ \"$cell\" = bad ]; then echo 'hemamet: cell bad: boom'; echo '(run with --verbose)'; exit 3;"
                + " fi";
        LocalExecutor e = new LocalExecutor(
                run,
                new ChildJvm("/bin/sh", List.of("-c", script, "sh"), "cp"),
                new LocalExecutor.Options(2, 3, List.of()));
        List<String> started = Collections.synchronizedList(new ArrayList<>());
        List<String> ended = Collections.synchronizedList(new ArrayList<>());
        List<LocalExecutor.CellEnd> ends = e.run(List.of("a", "bad", "c", "d"), new LocalExecutor.Listener() {
            @Override
            public void cellStarted(String cellId) {
                started.add(cellId);
            }

            @Override
            public void cellEnded(LocalExecutor.CellEnd end) {
                ended.add(end.cellId());
            }
        });

        assertThat(ends).extracting(LocalExecutor.CellEnd::cellId).containsExactly("a", "bad", "c", "d");
        assertThat(ends).extracting(LocalExecutor.CellEnd::exitCode).containsExactly(0, 3, 0, 0);
        assertThat(ends.get(1).lastLine()).isEqualTo("hemamet: cell bad: boom");
        assertThat(ends.get(0).lastLine()).isEqualTo("threads 3");
        assertThat(started).containsExactlyInAnyOrder("a", "bad", "c", "d");
        assertThat(ended).containsExactlyInAnyOrder("a", "bad", "c", "d");
        assertThat(Files.readString(LocalExecutor.log(run, "c"))).isEqualTo("threads 3\n");
        List<Integer> seen = new ArrayList<>();
        for (String c : List.of("a", "bad", "c", "d")) {
            seen.add(Integer.parseInt(
                    Files.readString(marks.resolve("seen." + c)).strip()));
        }
        assertThat(seen).allMatch(n -> n <= 2).contains(2);
    }

    @Test
    void anInterruptedRunLeavesNoChild() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        String script = "eval run=\\${$(($# - 1))}; eval cell=\\${$#}; echo $$ > \"$run/pid.$cell\"; exec sleep 60";
        LocalExecutor e = new LocalExecutor(
                run,
                new ChildJvm("/bin/sh", List.of("-c", script, "sh"), "cp"),
                new LocalExecutor.Options(1, 1, List.of()));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                e.run(List.of("x", "y"), new LocalExecutor.Listener() {});
            } catch (RuntimeException ex) {
                thrown.set(ex);
            }
        });
        t.start();
        Path pidFile = run.resolve("pid.x");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!(Files.isRegularFile(pidFile) && !Files.readString(pidFile).isBlank())) {
            assertThat(System.nanoTime()).as("the child did not start").isLessThan(deadline);
            Thread.sleep(50);
        }
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        t.interrupt();
        t.join(20_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(thrown.get()).hasMessageContaining("interrupted");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        assertThat(run.resolve("pid.y")).doesNotExist();
    }
}
