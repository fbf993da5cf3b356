package org.hemamet.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hemamet.core.HemametException;

/**
 * {@code study --jobs N}: runs up to N cells of a planned run at once on this machine, each in its own JVM
 * ({@link ChildJvm}) running {@code hemamet study-cell --dataset DIR RUN_DIR CELL_ID}, i.e. the same code as
 * a Slurm task and as a local in-process run. Each child gets {@code threadsPerCell} PyTorch intra-op threads
 * ({@code OMP_NUM_THREADS} and DJL's thread property) and writes its stdout and stderr to {@code
 * RUN_DIR/logs/cell-<cell_id>.log}. A child that fails does not stop the others; its end carries its exit code
 * and its log's last line. The children do not outlive this process: a shutdown hook (Ctrl-C, SIGTERM) stops
 * them, and each child ends itself when this process is gone ({@code study-cell --parent-pid}).
 */
public final class LocalExecutor {
    /** The children's logs, under the run directory. */
    public static final String LOGS = "logs";

    private final Path runDir;
    private final ChildJvm jvm;
    private final Options options;

    /**
     * How to run the cells.
     *
     * @param jobs           cells at once (>= 1)
     * @param threadsPerCell each child's PyTorch intra-op threads (>= 1)
     * @param cellArguments  further arguments of every child's {@code study-cell} (e.g. {@code --device=gpu})
     */
    public record Options(int jobs, int threadsPerCell, List<String> cellArguments) {
        public Options {
            if (jobs < 1 || threadsPerCell < 1) {
                throw new IllegalArgumentException("jobs and threads must be >= 1: " + jobs + ", " + threadsPerCell);
            }
            cellArguments = List.copyOf(cellArguments);
        }
    }

    /**
     * How a cell's process ended.
     *
     * @param cellId   the cell
     * @param exitCode the child's exit code (0: the cell is done)
     * @param lastLine the log's last {@code hemamet:} line (its error), else its last line; "" for an empty log
     * @param log      the child's log
     */
    public record CellEnd(String cellId, int exitCode, String lastLine, Path log) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** Hooks for the progress display; called from the threads that wait for the children. */
    public interface Listener {
        default void cellStarted(String cellId) {}

        default void cellEnded(CellEnd end) {}
    }

    public LocalExecutor(Path runDir, ChildJvm jvm, Options options) {
        this.runDir = runDir.toAbsolutePath().normalize();
        this.jvm = jvm;
        this.options = options;
    }

    /** Each child's threads: the parent's threads shared out among the jobs, at least one. */
    public static int threadsPerCell(int parentThreads, int jobs) {
        return Math.max(1, parentThreads / Math.max(1, jobs));
    }

    /** A cell's log: {@code RUN_DIR/logs/cell-<cell_id>.log}. */
    public static Path log(Path runDir, String cellId) {
        return runDir.resolve(LOGS).resolve("cell-" + cellId + ".log");
    }

    /** The child command line that runs one cell. */
    public List<String> command(String cellId) {
        List<String> args = new ArrayList<>();
        args.add("study-cell");
        args.addAll(options.cellArguments());
        args.add("--parent-pid=" + ProcessHandle.current().pid());
        args.add(runDir.toString());
        args.add(cellId);
        return jvm.command(options.threadsPerCell(), args);
    }

    /**
     * Runs the cells (none of them done), up to {@code jobs} at once, and waits for them all.
     *
     * @return how each cell's process ended, in the order of {@code cells}
     */
    public List<CellEnd> run(List<String> cells, Listener listener) {
        try {
            Files.createDirectories(runDir.resolve(LOGS));
        } catch (IOException e) {
            throw HemametException.outputError(runDir.resolve(LOGS), e);
        }
        Children live = new Children();
        Thread hook = new Thread(live::stopAll, "hemamet-stop-cells");
        Runtime.getRuntime().addShutdownHook(hook);
        ExecutorService pool = Executors.newFixedThreadPool(options.jobs(), r -> {
            Thread t = new Thread(r, "hemamet-cell-waiter");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<CellEnd>> ends = new ArrayList<>();
            for (String c : cells) {
                ends.add(pool.submit(() -> runCell(c, live, listener)));
            }
            List<CellEnd> result = new ArrayList<>();
            for (Future<CellEnd> f : ends) {
                result.add(f.get());
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw HemametException.dataState(runDir + ": interrupted while the cells ran");
        } catch (ExecutionException e) {
            throw HemametException.internal("a cell's process could not be watched", e.getCause());
        } finally {
            pool.shutdownNow();
            live.stopAll();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook stops the children
            }
        }
    }

    private CellEnd runCell(String cellId, Children live, Listener listener) throws InterruptedException {
        Path log = log(runDir, cellId);
        ProcessBuilder pb = new ProcessBuilder(command(cellId))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(options.threadsPerCell()));
        Process p;
        try {
            p = live.start(pb);
        } catch (IOException e) {
            CellEnd end = new CellEnd(
                    cellId, HemametException.INTERNAL, "could not start the cell's JVM: " + e.getMessage(), log);
            listener.cellEnded(end);
            return end;
        }
        if (p == null) {
            return new CellEnd(cellId, HemametException.DATA_STATE, "not started: the run was stopped", log);
        }
        listener.cellStarted(cellId);
        int code;
        try {
            code = p.waitFor();
        } catch (InterruptedException e) {
            Children.stop(List.of(p));
            throw e;
        } finally {
            live.remove(p);
        }
        CellEnd end = new CellEnd(cellId, code, lastLine(log), log);
        if (!live.stopping()) { // a child stopped with the run is no news
            listener.cellEnded(end);
        }
        return end;
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** The log's last {@code hemamet:} line (the CLI's one-line error), else its last non-blank line. */
    static String lastLine(Path log) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            return "";
        }
        String last = "";
        for (int i = lines.size() - 1; i >= 0; i--) {
            String l = lines.get(i).strip();
            if (l.startsWith("hemamet:")) {
                return l;
            }
            if (last.isEmpty() && !l.isEmpty()) {
                last = l;
            }
        }
        return last;
    }

    /** The running children; once stopping, no further child starts. */
    private static final class Children {
        private final Set<Process> live = ConcurrentHashMap.newKeySet();
        private boolean stopping;

        /** Starts a child, or returns null once the run is stopping. */
        synchronized Process start(ProcessBuilder pb) throws IOException {
            if (stopping) {
                return null;
            }
            Process p = pb.start();
            live.add(p);
            return p;
        }

        synchronized boolean stopping() {
            return stopping;
        }

        void remove(Process p) {
            live.remove(p);
        }

        /** Asks every child to stop (SIGTERM: its shutdown hooks run), then kills those still there after 5 s. */
        void stopAll() {
            List<Process> ps;
            synchronized (this) {
                stopping = true;
                ps = List.copyOf(live);
            }
            stop(ps);
        }

        /**
         * SIGTERM to each process (and what it started), SIGKILL to those still there after 5 s; returns once
         * they have ended (also on an interrupted thread, whose interrupt is kept).
         */
        static void stop(List<Process> ps) {
            boolean interrupted = Thread.interrupted();
            for (Process p : ps) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            for (Process p : ps) {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!awaitExit(p, left)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    awaitExit(p, TimeUnit.SECONDS.toNanos(5));
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        private static boolean awaitExit(Process p, long nanos) {
            try {
                return p.waitFor(nanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !p.isAlive();
            }
        }
    }
}
