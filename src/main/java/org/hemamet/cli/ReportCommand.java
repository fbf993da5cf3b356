package org.hemamet.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hemamet.report.ReportWriter;
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
                    + " RUN_DIR/cells/<cell>/heatmaps/ (kept when already complete)."
        })
public final class ReportCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "Study run directory (holds results.csv).")
    Path runDir;

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
        Path html = out != null ? out : runDir.resolve("report.html");
        var w = spec.commandLine().getOut();
        ReportWriter.ReportSummary s = Reports.render(runDir, dataset, html, w);
        w.println("report: " + s.html() + " (" + s.cells() + " cells, " + s.figures() + " figures in " + s.figuresDir()
                + ")");
        if (!s.notAvailable().isEmpty()) {
            w.println("not available: " + String.join(", ", s.notAvailable()));
        }
        w.flush();
        return 0;
    }
}
