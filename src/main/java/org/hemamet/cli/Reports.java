package org.hemamet.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.hemamet.predict.ErrorHeatMaps;
import org.hemamet.report.ReportWriter;
import org.hemamet.report.StudyAbout;

/**
 * The report's two steps, shared by {@code report}, {@code study} and {@code demo}: the heat maps of the
 * misclassified test lesions are written into the run ({@link ErrorHeatMaps}), then the report, which
 * only reads them, is rendered ({@link ReportWriter}).
 */
final class Reports {
    private Reports() {}

    /** Writes RUN_DIR/report.html at the end of {@code study} and {@code demo} and prints where. */
    static Path write(Path runDir, Path datasetDir, PrintWriter out) {
        ReportWriter.ReportSummary s = render(runDir, datasetDir, runDir.resolve("report.html"), out);
        out.println("Report: " + s.html().toAbsolutePath().normalize());
        return s.html();
    }

    /**
     * Writes the heat maps, then the report to {@code html}.
     *
     * @param datasetDirOrNull null = the dataset directory provenance.json records, when it exists
     * @param out              where a heat-map step that could not write into the run says so
     */
    static ReportWriter.ReportSummary render(Path runDir, Path datasetDirOrNull, Path html, PrintWriter out) {
        return render(runDir, datasetDirOrNull, html, null, out);
    }

    /** As {@link #render(Path, Path, Path, PrintWriter)}, with the authors' about file (null: RUN_DIR/about.yaml if any). */
    static ReportWriter.ReportSummary render(
            Path runDir, Path datasetDirOrNull, Path html, StudyAbout aboutOrNull, PrintWriter out) {
        ReportWriter.DatasetChoice dataset = ReportWriter.dataset(runDir, datasetDirOrNull);
        try {
            ErrorHeatMaps.write(runDir, dataset.dir());
        } catch (UncheckedIOException e) {
            // e.g. a read-only run directory: the report still renders and says per case that no map was written
            out.println("note: heat maps not written into the run (" + e.getMessage() + ")");
        }
        return ReportWriter.write(runDir, dataset, html, aboutOrNull);
    }
}
