package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.cohort.Sequence;
import org.hemamet.contract.BundleFiles;
import org.hemamet.contract.FusionRow;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.contract.SplitRow;
import org.hemamet.report.ReportWriter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny study with fusion: [late, early] (T1 and T2; every fifth patient without T2): the early-fused cell is
 * a cell and a row of its own, on the sequence cells' patient split, compared with the best single sequence.
 */
@Tag("slow")
class StudyEarlyFusionTest {
    static final String CMP = "hemangioma-vs-metastases";

    @TempDir
    Path tmp;

    @Test
    void theEarlyFusedCellRunsOnTheSequenceCellsSplitAndIsComparedWithTheBestSequence() throws Exception {
        Path dataset = StudyFixtures.separable(tmp.resolve("ds"), 24, 24, 32, 1, false, 2);
        List<DatasetSample> kept = new ArrayList<>();
        for (DatasetSample s : DatasetManifest.read(dataset)) {
            int patient = Integer.parseInt(s.patientKey().substring(1));
            if (!(s.sequence() == Sequence.T2 && patient % 5 == 0)) {
                kept.add(s);
            }
        }
        DatasetManifest.write(dataset, kept);
        Files.writeString(
                dataset.resolve("ingest-report.json"),
                "{\"params\":{\"key\":\"" + org.hemamet.preprocess.LesionCropper.Params.DEFAULT.key() + "\"}}\n");
        Path run = tmp.resolve("run");
        StudyConfig config = StudyFixtures.tinyConfig(7).withFusion(List.of(LateFusion.NAME, EarlyFusion.NAME));
        new StudyRunner(config, dataset, run, null).run();

        String early = EarlyFusion.NAME_MODEL + "__" + CMP + "__r0";
        List<ResultRow> all = RunFiles.readAllResults(run);
        ResultRow f = all.stream()
                .filter(r -> EarlyFusion.NAME_MODEL.equals(r.model()))
                .findFirst()
                .orElseThrow();
        assertThat(f.cellId()).isEqualTo(early);
        assertThat(f.status()).as(f.message()).isEqualTo(ResultRow.OK);
        assertThat(f.sequence()).isEqualTo("T1+T2");
        assertThat(f.aucLo()).isLessThanOrEqualTo(f.auc());
        assertThat(RunFiles.readResults(run)).noneMatch(r -> EarlyFusion.NAME_MODEL.equals(r.model()));

        // the same patient split as the sequence cells: same training and test patients
        assertThat(parts(run, early, SplitRow.TEST)).isEqualTo(parts(run, "T1__" + CMP + "__r0", SplitRow.TEST));
        Set<String> trainT1 = parts(run, "T1__" + CMP + "__r0", SplitRow.TRAIN);
        trainT1.addAll(parts(run, "T2__" + CMP + "__r0", SplitRow.TRAIN));
        assertThat(trainT1).containsAll(parts(run, early, SplitRow.TRAIN));
        // every test lesion of any sequence is an early-fused test lesion, the T1-only ones included
        Set<String> fusedTest = new HashSet<>();
        Set<String> cellTest = new HashSet<>();
        for (PredictionRow p : RunFiles.readAllPredictions(run)) {
            if (EarlyFusion.NAME_MODEL.equals(p.model())) {
                fusedTest.add(p.lesionKey());
            } else if (p.fromCnn()) {
                cellTest.add(p.lesionKey());
            }
        }
        assertThat(fusedTest).isEqualTo(cellTest);

        // the bundle holds the 2C-channel network
        var meta = BundleFiles.readMetadata(
                RunFiles.cellDir(run, early).resolve(RunFiles.MODEL).resolve(BundleFiles.METADATA));
        assertThat(((java.util.Map<?, ?>) meta.get("architecture")).get("channels"))
                .isEqualTo(4);

        List<FusionRow> vs = RunFiles.readFusion(run);
        assertThat(vs).extracting(FusionRow::model).containsExactly(LateFusion.NAME_MODEL, EarlyFusion.NAME_MODEL);
        FusionRow e = vs.get(1);
        assertThat(e.auc()).isEqualTo(f.auc());
        assertThat(e.bestSequence()).isIn("T1", "T2");
        assertThat(e.pValue()).isBetween(0.0, 1.0);
        assertThat(Files.readString(run.resolve(RunFiles.SUMMARY)))
                .contains("## Early fusion vs the best single sequence")
                .contains("| hemangioma-vs-metastases | 0 | T1+T2 |");
        Path html = tmp.resolve("report.html");
        ReportWriter.write(run, dataset, html);
        assertThat(Files.readString(html)).contains("id=\"fusion-table\"").contains(EarlyFusion.NAME_MODEL);

        // export --fusion early, then predict over the dataset: the study's early-fused test scores come back
        Path bundle = tmp.resolve("early");
        var exported = org.hemamet.cli.CliRun.run(
                "export", run.toString(), "--fusion", "early", "--comparison", CMP, "--out", bundle.toString());
        assertThat(exported.exit()).as(exported.both()).isZero();
        Path out = tmp.resolve("early.csv");
        var p = org.hemamet.cli.CliRun.run(
                "predict", "--model", bundle.toString(), "--dataset", dataset.toString(), "--out", out.toString());
        assertThat(p.exit()).as(p.both()).isZero();
        java.util.Map<String, Double> predicted = new java.util.HashMap<>();
        java.util.Map<String, String> missing = new java.util.HashMap<>();
        for (var r : org.hemamet.core.Csv.readTable(out).records()) {
            predicted.put(
                    r.values().get("patient_key") + "/" + r.values().get("lesion_id"),
                    Double.parseDouble(r.values().get("probability")));
            missing.put(
                    r.values().get("patient_key") + "/" + r.values().get("lesion_id"),
                    r.values().get("missing"));
        }
        List<PredictionRow> studied = RunFiles.readAllPredictions(run).stream()
                .filter(r -> EarlyFusion.NAME_MODEL.equals(r.model()))
                .toList();
        assertThat(studied).isNotEmpty();
        for (PredictionRow r : studied) {
            assertThat(predicted.get(r.lesionKey()))
                    .as(r.lesionKey())
                    .isCloseTo(r.score(), org.assertj.core.api.Assertions.within(1e-6));
        }
        assertThat(missing).containsValue("T2"); // every fifth patient lacks T2: a masked channel
    }

    private static Set<String> parts(Path run, String cell, String partition) {
        Set<String> s = new HashSet<>();
        RunFiles.readSplit(RunFiles.cellDir(run, cell)).stream()
                .filter(r -> r.partition().equals(partition))
                .forEach(r -> s.add(r.patientKey()));
        return s;
    }
}
