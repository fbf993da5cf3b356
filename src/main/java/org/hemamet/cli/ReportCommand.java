package org.hemamet.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hemamet.contract.RunFiles;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.HemametException;
import org.hemamet.report.ReportWriter;
import org.hemamet.report.StudyAbout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hemamet report RUN_DIR}: writes the heat maps of the misclassified test lesions into the run
 * (when not there yet), then the self-contained HTML study report and its figures.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Write the study report of a run directory: one self-contained HTML file that opens offline"
                    + " in any browser, plus its figures as PNG and SVG in a figures/ folder beside it.",
            "First writes Grad-CAM heat maps of the misclassified test lesions into"
                    + " RUN_DIR/cells/<cell>/heatmaps/ (kept when already complete).",
            "What only the authors know (title, objectives, eligibility, reference standard, ethics, funding, ...)"
                    + " comes from a study about file: --about FILE, else RUN_DIR/about.yaml when it exists;"
                    + " --template FILE writes a commented one to fill in."
        })
public final class ReportCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "RUN_DIR",
            description = "Study run directory (holds results.csv); not needed with --template.")
    Path runDir;

    @Option(
            names = "--about",
            paramLabel = "FILE",
            description = "Study about file (YAML): what only the authors know, mapped to CLAIM 2024 / TRIPOD+AI items"
                    + " (default: RUN_DIR/about.yaml when it exists). The report names it by its SHA-256 only.")
    Path about;

    @Option(
            names = "--template",
            paramLabel = "FILE",
            description = "Write a commented about-file template to FILE (every field, what it fills) and exit.")
    Path template;

    @Option(names = "--out", paramLabel = "FILE", description = "HTML file to write (default: RUN_DIR/report.html).")
    Path out;

    @Option(
            names = "--dataset",
            paramLabel = "DATASET_DIR",
            description =
                    "Dataset directory for crops, counts and exclusions (default: dataset_dir of provenance.json).")
    Path dataset;

    @Override
    public Integer call() {
        var w = spec.commandLine().getOut();
        if (template != null) {
            StudyAbout.writeTemplate(template);
            w.println("about template: " + template + " (fill it in, then: hemamet report RUN_DIR --about " + template
                    + ")");
            w.flush();
            return 0;
        }
        if (runDir == null) {
            throw HemametException.invalidInput("report: give RUN_DIR (or --template FILE)");
        }
        if (org.hemamet.study.UnfinishedRun.is(runDir)) {
            throw org.hemamet.study.UnfinishedRun.refusal(runDir, "the report needs its " + RunFiles.RESULTS);
        }
        StudyAbout a = about == null ? null : StudyAbout.read(about);
        Path html = out != null ? out : runDir.resolve("report.html");
        AtomicFiles.checkWritableFile(html); // before any figure is written beside it
        ReportWriter.ReportSummary s = Reports.render(runDir, dataset, html, a, w);
        w.println("report: " + s.html() + " (" + s.cells() + " cells, " + s.figures() + " figures in " + s.figuresDir()
                + ")");
        if (!s.notAvailable().isEmpty()) {
            w.println("not available: " + String.join(", ", s.notAvailable()));
        }
        w.flush();
        return 0;
    }
}
