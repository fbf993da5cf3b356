package org.hemamet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.hemamet.report.ReportWriter;

/** Writes the HTML report at the end of {@code study} and {@code demo}. */
final class Reports {
    private Reports() {}

    static Path write(Path runDir, Path datasetDir, PrintWriter out) {
        Path html = runDir.resolve("report.html");
        ReportWriter.ReportSummary s = ReportWriter.write(runDir, datasetDir, html);
        out.println("Report: " + s.html().toAbsolutePath().normalize());
        return s.html();
    }
}
