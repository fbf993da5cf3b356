package org.hemamet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hemamet.cluster.ChildJvm;
import org.hemamet.cluster.LocalExecutor;
import org.hemamet.cohort.DatasetLock;
import org.hemamet.contract.RunFiles;
import org.hemamet.core.DirectoryLock;
import org.hemamet.core.HemametException;
import org.hemamet.model.EngineSetup;
import org.hemamet.study.CellId;
import org.hemamet.study.CellRunner;
import org.hemamet.study.RunLock;
import org.hemamet.study.StudyConfig;
import org.hemamet.study.StudyRunner;

/**
 * {@code study --jobs N} (and {@code demo --jobs N}) with N > 1: plans the run as a local run does, runs the
 * cells that are not done N at once, largest first ({@link StudyRunner.Plan#largestFirst}), each in its own JVM ({@link LocalExecutor}: {@code study-cell}, this
 * build, this JVM's options, the device options given, this process's PyTorch threads shared out among the
 * jobs), shows the cells done, and then merges and prints exactly as {@code study-merge} does. A cell whose
 * process fails is reported with its log's last line while the others go on; the run then ends without the
 * merge, with the exit code of the first failed cell's process (what a local run stopped by that cell gives),
 * and the same command runs the cells that are not done.
 */
final class LocalJobs {
    private LocalJobs() {}

    /** What a parallel run needs besides the study: the jobs and what every cell process is given. */
    record Settings(int jobs, DeviceOptions device, boolean verbose, Progress.Mode progress) {}

    /** --jobs must be a positive count. */
    static void validate(int jobs) {
        if (jobs < 1) {
            throw HemametException.invalidInput("--jobs: must be >= 1, got " + jobs);
        }
    }

    /** The arguments of every cell process's {@code study-cell}, before its pid, run dir and cell. */
    static List<String> cellArguments(DeviceOptions device, Path dataset, boolean verbose) {
        List<String> args = new ArrayList<>(device.asArguments());
        args.add("--dataset=" + dataset.toAbsolutePath().normalize());
        if (verbose) {
            args.add("--verbose");
        }
        return args;
    }

    /**
     * Runs the study's cells {@code s.jobs()} at once, the run directory held by this process ({@link RunLock})
     * and the dataset held for reading ({@link DatasetLock}).
     */
    static void run(StudyConfig config, Path dataset, Path out, PrintWriter stdout, boolean report, Settings s) {
        try (RunLock hold = RunLock.acquire(out, "study --jobs " + s.jobs());
                DirectoryLock reading = DatasetLock.forReading(dataset).orElse(null)) {
            runHeld(config, dataset, out, stdout, report, s);
        }
    }

    private static void runHeld(
            StudyConfig config, Path dataset, Path out, PrintWriter stdout, boolean report, Settings s) {
        Instant started = Instant.now();
        StudyRunner runner = new StudyRunner(config, dataset, out, null);
        StudyRunner.Plan plan = runner.plan();
        runner.removeStaleTemporaries();
        List<String> all = plan.cells().stream().map(CellId::id).toList();
        List<String> missing = plan
                .largestFirst(plan.cells().stream()
                        .filter(c -> !RunFiles.isDone(RunFiles.cellDir(out, c.id())))
                        .toList())
                .stream()
                .map(CellId::id)
                .toList();
        int threads = LocalExecutor.threadsPerCell(EngineSetup.threads(), s.jobs());
        LocalExecutor executor = new LocalExecutor(
                out,
                ChildJvm.current(),
                new LocalExecutor.Options(s.jobs(), threads, cellArguments(s.device(), dataset, s.verbose())));
        stdout.printf(
                "Running %d of %d cells (%d already done), %d at once, each in its own process with %d"
                        + " thread%s; logs in %s/%n",
                missing.size(),
                all.size(),
                all.size() - missing.size(),
                Math.min(s.jobs(), Math.max(1, missing.size())),
                threads,
                threads == 1 ? "" : "s",
                LocalExecutor.LOGS);
        stdout.flush();
        List<LocalExecutor.CellEnd> ends;
        try (CellsProgress progress = new CellsProgress(all.size(), all.size() - missing.size(), s.progress())) {
            ends = executor.run(missing, progress);
        }
        List<LocalExecutor.CellEnd> failed = ends.stream()
                .filter(e -> !e.ok())
                .sorted(java.util.Comparator.comparingInt(e -> all.indexOf(e.cellId())))
                .toList();
        for (LocalExecutor.CellEnd f : failed) {
            stdout.printf(
                    "cell %s: failed (exit %d): %s (log: %s/cell-%s.log)%n",
                    f.cellId(), f.exitCode(), f.lastLine(), LocalExecutor.LOGS, f.cellId());
        }
        stdout.flush();
        if (!failed.isEmpty()) {
            throw failure(out, failed, all.size());
        }
        List<CellRunner.CellOutcome> outcomes = runner.mergeCells(s.jobs(), started);
        StudyCommand.printResults(outcomes, dataset, out, stdout, report);
    }

    /** The run's error: the failed cells, with the exit code of the first one's process. */
    static HemametException failure(Path out, List<LocalExecutor.CellEnd> failed, int total) {
        LocalExecutor.CellEnd first = failed.get(0);
        String message = out + ": " + failed.size() + " of " + total + " cells failed ("
                + String.join(
                        ", ", failed.stream().map(LocalExecutor.CellEnd::cellId).toList())
                + "; first: " + first.lastLine().replaceFirst("^hemamet: ", "")
                + "); run the same command again to run the cells that are not done";
        return switch (first.exitCode()) {
            case HemametException.INVALID_INPUT -> HemametException.invalidInput(message);
            case HemametException.DATA_STATE -> HemametException.dataState(message);
            case HemametException.OUTPUT -> HemametException.outputError(out, message, null);
            default -> HemametException.internal(message, null);
        };
    }

    /**
     * The cells done of all cells on stderr ({@link Progress}): a bar in a terminal, a line per finished cell
     * elsewhere ({@code study 5/24 cells (16 %), 3:10 elapsed, ~9:00 left, 4 running, T1__...__r0 ok}).
     */
    static final class CellsProgress implements LocalExecutor.Listener, AutoCloseable {
        private final Progress progress;
        private final int total;
        private int done;
        private int failed;
        private int running;

        CellsProgress(int total, int alreadyDone, Progress.Mode mode) {
            this(
                    total,
                    alreadyDone,
                    Progress.start(mode, "study", total - alreadyDone, "cells", System.err, System::nanoTime));
        }

        CellsProgress(int total, int alreadyDone, Progress progress) {
            this.progress = progress;
            this.total = total;
            this.done = alreadyDone;
            progress.count(count());
            progress.detail(alreadyDone > 0 ? alreadyDone + " cells already done (resumed)" : "");
        }

        @Override
        public synchronized void cellStarted(String cellId) {
            running++;
            progress.detail(running + " running");
        }

        @Override
        public synchronized void cellEnded(LocalExecutor.CellEnd end) {
            running = Math.max(0, running - 1);
            done++;
            if (!end.ok()) {
                failed++;
            }
            progress.count(count());
            progress.detail(running + " running, " + end.cellId() + (end.ok() ? " done" : " FAILED"));
            progress.step();
            progress.milestone();
        }

        private String count() {
            return done + "/" + total + " cells" + (failed > 0 ? " (" + failed + " failed)" : "");
        }

        @Override
        public void close() {
            progress.close();
        }
    }
}
