package org.hemamet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.hemamet.core.HemametException;
import org.hemamet.study.StudyConfig;
import org.hemamet.study.StudyRunner;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hemamet study DATASET (--config FILE | --profile NAME) --out RUN_DIR}. */
@Command(
        name = "study",
        mixinStandardHelpOptions = true,
        description = {
            "Run the study protocol on an ingested dataset: per sequence x comparison x repeat, a patient-level"
                    + " stratified split, balancing, a hyper-parameter search on an inner validation split, a final"
                    + " model and its test metrics with 95%% CIs.",
            "An interrupted run resumes: finished cells are skipped.",
            "With --jobs N the cells run N at once on this machine, each in its own process (one GPU or many"
                    + " cores kept busy); the merge follows as with --executor slurm.",
            "With --executor slurm the cells run as a Slurm job array and a merge job writes the run-level files;"
                    + " the command returns once they are submitted (see 'hemamet status RUN_DIR'), unless --wait."
        })
public final class StudyCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    DeviceOptions device;

    @Parameters(index = "0", paramLabel = "DATASET", description = "Dataset directory made by 'hemamet ingest'.")
    Path dataset;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source;

    static final class Source {
        @Option(names = "--config", paramLabel = "FILE", description = "Study file (JSON or YAML).")
        Path config;

        @Option(
                names = "--profile",
                paramLabel = "NAME",
                description = "Built-in profile: paper or quick (default: quick).")
        String profile;
    }

    @Option(
            names = "--out",
            paramLabel = "RUN_DIR",
            description = "Run directory (created; resumed if it exists). Required unless --plan.")
    Path out;

    @Option(
            names = "--plan",
            description = "Print what the study would train, cell by cell (lesions and patients per part, the cells"
                    + " too small to train, trainings, training image passes), and its training time estimated from"
                    + " a short training measured here on --device; then stop: nothing is trained or written.")
    boolean plan;

    @Option(names = "--seed", description = "Override the config's root seed.")
    Long seed;

    @Option(names = "--no-report", description = "Do not write report.html at the end.")
    boolean noReport;

    /** Where the cells run. */
    enum Executor {
        local,
        slurm
    }

    @Option(
            names = "--executor",
            paramLabel = "local|slurm",
            description =
                    "local: the cells run here (default), one after the other or --jobs at once; slurm: one job array task per"
                            + " cell and a dependent merge job (run dir, dataset and build on a shared filesystem).")
    Executor executor = Executor.local;

    @Option(
            names = "--jobs",
            paramLabel = "N",
            description = "Cells at once (local executor; default: ${DEFAULT-VALUE}: one after the other in this"
                    + " process). N > 1: each cell in its own process with this process's PyTorch threads shared out"
                    + " (OMP_NUM_THREADS / N, at least 1), its output in RUN_DIR/logs/cell-<cell_id>.log;"
                    + " results equal a --jobs 1 run with that thread count.")
    int jobs = 1;

    @ArgGroup(exclusive = false, heading = "Slurm (with --executor slurm):%n", validate = false)
    SlurmOptions slurm = new SlurmOptions();

    static final class SlurmOptions {
        @Option(names = "--wait", description = "Wait until the jobs have ended and print the summary.")
        boolean await;

        @Option(
                names = "--cpus-per-task",
                paramLabel = "N",
                description = "CPUs per cell task, also its training threads (default: ${DEFAULT-VALUE}).")
        int cpusPerTask = 2;

        @Option(names = "--mem", paramLabel = "SIZE", description = "Memory per cell task (sbatch --mem, e.g. 8G).")
        String mem;

        @Option(names = "--gres", paramLabel = "SPEC", description = "Generic resources per task (e.g. gpu:1).")
        String gres;

        @Option(names = "--partition", paramLabel = "NAME", description = "Slurm partition.")
        String partition;

        @Option(names = "--time", paramLabel = "LIMIT", description = "Time limit per cell task (e.g. 02:00:00).")
        String time;

        @Option(
                names = "--sbatch",
                paramLabel = "ARG",
                description = "A further sbatch option for the cell tasks (repeatable, e.g. --sbatch=--account=rad).")
        List<String> sbatchArgs = new java.util.ArrayList<>();

        @Option(
                names = "--launcher",
                paramLabel = "PATH",
                description = "The hemamet launcher the tasks run (default: the one running this command).")
        Path launcher;
    }

    @Override
    public Integer call() {
        LocalJobs.validate(jobs);
        if (executor == Executor.slurm && spec.commandLine().getParseResult().hasMatchedOption("--jobs")) {
            throw HemametException.invalidInput(
                    "--jobs: only with the local executor (with --executor slurm every cell is its own task)");
        }
        var chosen = device.apply();
        StudyConfig config = load(source);
        if (seed != null) {
            config = config.withSeed(seed);
        }
        if (!Files.isDirectory(dataset)) {
            throw HemametException.invalidInput(dataset + ": dataset directory not found");
        }
        if (plan) {
            StudyPlanReport.print(
                    config,
                    dataset,
                    chosen,
                    device.precision,
                    spec.commandLine().getOut());
            return 0;
        }
        if (out == null) {
            throw HemametException.invalidInput("Missing required option: '--out=RUN_DIR' (or --plan)");
        }
        if (executor == Executor.local) {
            refuseSlurmOptions();
        }
        if (executor == Executor.slurm) {
            SlurmSubmit.submit(
                    config,
                    dataset,
                    out,
                    slurm,
                    device,
                    !noReport,
                    spec.commandLine().getOut());
        } else {
            run(config, dataset, out, spec.commandLine().getOut(), !noReport, jobs(jobs, device, common));
        }
        return 0;
    }

    /** The Slurm options mean nothing to a local run: given without --executor slurm, they are an error. */
    private void refuseSlurmOptions() {
        for (String o : List.of(
                "--wait", "--cpus-per-task", "--mem", "--gres", "--partition", "--time", "--sbatch", "--launcher")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                throw HemametException.invalidInput(o + ": only with --executor slurm");
            }
        }
    }

    static StudyConfig load(Source source) {
        if (source != null && source.config != null) {
            return StudyConfig.read(source.config);
        }
        return StudyConfig.profile(source != null && source.profile != null ? source.profile : "quick");
    }

    /** The --jobs settings of a command. */
    static LocalJobs.Settings jobs(int jobs, DeviceOptions device, CommonOptions common) {
        return new LocalJobs.Settings(jobs, device, common != null && common.verbose, CommonOptions.progress(common));
    }

    /**
     * Runs the study (--jobs 1: in this process, with progress bars; more: {@link LocalJobs}) and prints the
     * summary table (shared with {@code demo}).
     */
    static void run(
            StudyConfig config,
            Path dataset,
            Path out,
            java.io.PrintWriter stdout,
            boolean report,
            LocalJobs.Settings jobs) {
        if (jobs.jobs() > 1) {
            LocalJobs.run(config, dataset, out, stdout, report, jobs);
            return;
        }
        List<org.hemamet.study.CellRunner.CellOutcome> outcomes;
        try (StudyProgress progress = new StudyProgress(config, jobs.progress())) {
            outcomes = new StudyRunner(config, dataset, out, progress).run();
        }
        printResults(outcomes, dataset, out, stdout, report);
    }

    /**
     * What a finished run prints (a local run, the Slurm merge job): the summary table, a note per cell that
     * is not ok, the report when asked, the count of ok cells; no ok cell is an error (exit 3).
     */
    static void printResults(
            List<org.hemamet.study.CellRunner.CellOutcome> outcomes,
            Path dataset,
            Path out,
            java.io.PrintWriter stdout,
            boolean report) {
        long ok = outcomes.stream().filter(o -> "ok".equals(o.status())).count();
        try {
            stdout.println(Files.readString(out.resolve("summary.md")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (var o : outcomes) {
            if (!"ok".equals(o.status())) {
                stdout.println("note: " + o.cellId() + ": " + o.status() + ": "
                        + o.row().message());
            }
        }
        if (report) {
            Reports.write(out, dataset, stdout);
        }
        stdout.printf(
                "%d of %d cells ok. Outputs in %s (results.csv, predictions.csv, summary.md, cells/)%n",
                ok, outcomes.size(), out.toAbsolutePath().normalize());
        if (ok == 0) {
            throw HemametException.dataState(out + ": no cell could be trained (see results.csv messages)");
        }
    }
}
