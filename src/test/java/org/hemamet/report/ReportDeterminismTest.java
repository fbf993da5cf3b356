package org.hemamet.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same run directory gives the same report bytes: page, PNG and SVG figures. */
class ReportDeterminismTest {
    @TempDir
    Path tmp;

    @Test
    void theSameRunGivesByteIdenticalReportAndFigures() throws Exception {
        Path ds = RunDirFixture.writeDataset(tmp.resolve("dataset"));
        Path run = RunDirFixture.writeRun(tmp.resolve("run"), ds);
        ReportWriter.ReportSummary a = ReportWriter.write(run, null, tmp.resolve("a/report.html"));
        ReportWriter.ReportSummary b = ReportWriter.write(run, null, tmp.resolve("b/report.html"));

        assertThat(Files.readAllBytes(b.html())).isEqualTo(Files.readAllBytes(a.html()));
        List<String> files = names(a.figuresDir());
        assertThat(files).hasSize(2 * a.figures()).isEqualTo(names(b.figuresDir()));
        for (String f : files) {
            assertThat(Files.readAllBytes(b.figuresDir().resolve(f)))
                    .as(f)
                    .isEqualTo(Files.readAllBytes(a.figuresDir().resolve(f)));
        }
        // the time shown is the run's own (provenance.json "finished"), not the time of writing
        assertThat(Files.readString(a.html())).contains(" · finished 2025-05-01 10:03 UTC · report by hemamet ");
        // SVG definition ids carry a hash of the figure id, not a clock
        assertThat(Files.readString(a.figuresDir().resolve("roc-T1.svg")))
                .contains("id='" + String.format(java.util.Locale.ROOT, "f%08x", "roc-T1".hashCode()) + "-clip-0'");
    }

    @Test
    void aRunWithoutProvenanceSaysItsTimeIsNotRecorded() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("bare"));
        Files.writeString(
                run.resolve("results.csv"),
                "cell_id,sequence,comparison\nT1__hemangioma-vs-lung__r0,T1,hemangioma-vs-lung\n");
        ReportWriter.ReportSummary s = ReportWriter.write(run, null, run.resolve("report.html"));
        assertThat(Files.readString(s.html())).contains(" · seed not recorded · run time not recorded · ");
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
