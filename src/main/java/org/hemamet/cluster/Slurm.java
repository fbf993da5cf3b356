package org.hemamet.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hemamet.core.HemametException;

/** Slurm's command-line clients ({@code sbatch}, {@code squeue}), as the one way this package talks to it. */
final class Slurm {
    private Slurm() {}

    /** What a command printed and how it ended. */
    record Result(int exitCode, String out, String err) {}

    /** Whether {@code command} is on the PATH. */
    static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Submits a batch script and returns its job id ({@code sbatch --parsable}).
     *
     * @throws HemametException (exit 3) naming what sbatch said when it refuses
     */
    static String sbatch(List<String> options, Path script) {
        if (!onPath("sbatch")) {
            throw HemametException.dataState("sbatch not found on the PATH: run the study where Slurm's"
                    + " clients are installed (a login node), or use --executor local");
        }
        List<String> cmd = new ArrayList<>(List.of("sbatch", "--parsable"));
        cmd.addAll(options);
        cmd.add(script.toString());
        Result r = run(cmd);
        String id = r.out().strip();
        if (r.exitCode() != 0 || id.isEmpty()) {
            throw HemametException.dataState("sbatch refused the job (exit " + r.exitCode() + "): "
                    + firstLine(r.err().isBlank() ? r.out() : r.err()));
        }
        int semicolon = id.indexOf(';'); // "<id>;<cluster>" on a multi-cluster site
        return semicolon < 0 ? id : id.substring(0, semicolon);
    }

    /**
     * The queue's state of the given jobs' tasks: {@code <job>} or {@code <array job>_<index>} -> Slurm's
     * state ({@code PENDING}, {@code RUNNING}, {@code COMPLETING}, ...). Jobs no longer in the queue are
     * absent. Null when {@code squeue} is not available or does not answer.
     */
    static Map<String, String> queue(Collection<String> jobs) {
        if (!onPath("squeue")) {
            return null;
        }
        Map<String, String> states = new LinkedHashMap<>();
        for (String job : jobs) {
            Result r = run(List.of("squeue", "-h", "-r", "-j", job, "-o", "%i|%T"));
            if (r.exitCode() != 0) {
                if (r.err().contains("Invalid job id")) {
                    continue; // purged from the controller's memory: not queued
                }
                return null;
            }
            for (String line : r.out().split("\n")) {
                String[] f = line.strip().split("\\|");
                if (f.length == 2) {
                    states.put(f[0], f[1]);
                }
            }
        }
        return states;
    }

    static Result run(List<String> cmd) {
        try {
            Path err = Files.createTempFile("hemamet-slurm", ".err");
            try {
                Process p = new ProcessBuilder(cmd)
                        .redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw HemametException.dataState(cmd.get(0) + " did not answer within 120 s");
                }
                return new Result(p.exitValue(), out, Files.readString(err));
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw HemametException.dataState("cannot run " + cmd.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw HemametException.dataState(cmd.get(0) + " interrupted");
        }
    }

    private static String firstLine(String s) {
        return s.strip().lines().findFirst().orElse("(no message)");
    }
}
