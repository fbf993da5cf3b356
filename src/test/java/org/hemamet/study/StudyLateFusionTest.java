package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hemamet.contract.FusionRow;
import org.hemamet.contract.OutOfFoldRow;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.report.ReportWriter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny study with fusion: [late]: the fused cell is a row of its own, on the cells' patient split. */
@Tag("slow")
class StudyLateFusionTest {
    @TempDir
    Path tmp;

    @Test
    void theFusedCellIsARowOfItsOwnFittedOnTrainingPatientsOnlyAndComparedWithTheBestSequence() throws Exception {
        Path dataset = StudyFixtures.separable(tmp.resolve("ds"), 24, 24, 32, 1, false, 2);
        Path run = tmp.resolve("run");
        StudyConfig config = StudyFixtures.tinyConfig(7).withFusion(List.of(LateFusion.NAME));
        new StudyRunner(config, dataset, run, null).run();

        List<ResultRow> all = RunFiles.readAllResults(run);
        List<ResultRow> fused = all.stream()
                .filter(r -> LateFusion.NAME_MODEL.equals(r.model()))
                .toList();
        assertThat(fused).hasSize(1);
        ResultRow f = fused.get(0);
        assertThat(f.status()).isEqualTo(ResultRow.OK);
        assertThat(f.sequence()).isEqualTo("T1+T2");
        assertThat(f.auc()).isNotNull();
        assertThat(RunFiles.readResults(run)).noneMatch(r -> LateFusion.NAME_MODEL.equals(r.model()));

        // the fused test lesions are the cells' test lesions; none of their patients was fitted on
        List<PredictionRow> preds = RunFiles.readAllPredictions(run);
        Set<String> fusedTest = new HashSet<>();
        Set<String> cellTest = new HashSet<>();
        for (PredictionRow p : preds) {
            (LateFusion.NAME_MODEL.equals(p.model()) ? fusedTest : p.fromCnn() ? cellTest : new HashSet<String>())
                    .add(p.lesionKey());
        }
        assertThat(fusedTest).isEqualTo(cellTest);
        Set<String> trainPatients = new HashSet<>();
        for (String cell : List.of("T1__hemangioma-vs-metastases__r0", "T2__hemangioma-vs-metastases__r0")) {
            List<OutOfFoldRow> oof = OutOfFoldScores.read(run, cell);
            assertThat(oof).isNotEmpty();
            oof.forEach(o -> trainPatients.add(o.patientKey()));
        }
        preds.stream()
                .filter(p -> LateFusion.NAME_MODEL.equals(p.model()))
                .forEach(p -> assertThat(trainPatients).doesNotContain(p.patientKey()));
        assertThat(Files.readString(run.resolve(RunFiles.SUMMARY)))
                .contains("## Late fusion vs the best single sequence")
                .contains("| hemangioma-vs-metastases | 0 | T1+T2 |");
        List<FusionRow> vs = RunFiles.readFusion(run);
        assertThat(vs).hasSize(1);
        assertThat(vs.get(0).auc()).isEqualTo(f.auc());
        assertThat(vs.get(0).bestSequence()).isIn("T1", "T2");
        assertThat(vs.get(0).pValue()).isBetween(0.0, 1.0);
        // one fused comparison: a family of one, Holm leaves its p as it is
        assertThat(vs.get(0).pHolm()).isEqualTo(vs.get(0).pValue());
        Path html = tmp.resolve("report.html");
        ReportWriter.write(run, dataset, html);
        assertThat(Files.readString(html))
                .contains("id=\"fusion-table\"")
                .contains("T1+T2")
                .contains("<th>p (Holm)</th>");
    }
}
