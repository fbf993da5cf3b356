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
            "An interrupted run resumes: finished cells are skipped."
        })
public final class StudyCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

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
            required = true,
            paramLabel = "RUN_DIR",
            description = "Run directory (created; resumed if it exists).")
    Path out;

    @Option(names = "--seed", description = "Override the config's root seed.")
    Long seed;

    @Option(names = "--no-report", description = "Do not write report.html at the end.")
    boolean noReport;

    @Override
    public Integer call() {
        StudyConfig config = load(source);
        if (seed != null) {
            config = config.withSeed(seed);
        }
        if (!Files.isDirectory(dataset)) {
            throw HemametException.invalidInput(dataset + ": dataset directory not found");
        }
        run(config, dataset, out, spec.commandLine().getOut(), !noReport);
        return 0;
    }

    static StudyConfig load(Source source) {
        if (source != null && source.config != null) {
            return StudyConfig.read(source.config);
        }
        return StudyConfig.profile(source != null && source.profile != null ? source.profile : "quick");
    }

    /** Runs the study with progress bars and prints the summary table (shared with {@code demo}). */
    static void run(StudyConfig config, Path dataset, Path out, java.io.PrintWriter stdout, boolean report) {
        List<org.hemamet.study.CellRunner.CellOutcome> outcomes;
        try (StudyProgress progress = new StudyProgress(config)) {
            outcomes = new StudyRunner(config, dataset, out, progress).run();
        }
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
