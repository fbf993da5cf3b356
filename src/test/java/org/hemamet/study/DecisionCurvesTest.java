package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hemamet.contract.DecisionCurveRow;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.contract.SplitRow;
import org.hemamet.metrics.DecisionCurve;
import org.hemamet.metrics.LogisticCalibration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** decision_curves.csv: which curves, at which prevalence, and the summary's table. */
class DecisionCurvesTest {
    private static final String CELL = "T1__hemangioma-vs-lung__r0";

    @TempDir
    Path run;

    /** 40 test lesions of 30 patients; the CNN has calibrated probabilities, the baseline none. */
    private static List<PredictionRow> predictions() {
        SplittableRandom rng = new SplittableRandom(3);
        List<PredictionRow> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int label = i % 3 == 0 ? 1 : 0;
            double score = Math.min(0.99, Math.max(0.01, (label == 1 ? 0.7 : 0.35) + 0.5 * (rng.nextDouble() - 0.5)));
            String patient = "p" + (i % 30);
            out.add(prediction(patient, "L" + i, label, score, 0.8 * score + 0.1, ResultRow.CNN));
            out.add(prediction(patient, "L" + i, label, 1 - score, null, ResultRow.RADIOMICS_LR));
        }
        return out;
    }

    private static PredictionRow prediction(
            String patient, String lesion, int label, double score, Double calibrated, String model) {
        return prediction(CELL, "T1", patient, lesion, label, score, calibrated, model);
    }

    private static PredictionRow prediction(
            String cellId,
            String sequence,
            String patient,
            String lesion,
            int label,
            double score,
            Double calibrated,
            String model) {
        return new PredictionRow(
                cellId,
                sequence,
                "hemangioma-vs-lung",
                0,
                patient + lesion,
                patient,
                lesion,
                "x",
                label,
                score,
                0,
                "",
                calibrated,
                model);
    }

    /** Trained on 10 + 10 (balanced); before balancing 10 positives and 30 negatives: 0.25. */
    private void writeSplit() {
        List<SplitRow> split = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            boolean positive = i < 10;
            String partition = positive || i < 20 ? SplitRow.TRAIN : SplitRow.DROPPED;
            split.add(new SplitRow(
                    "s" + i,
                    "q" + i,
                    "x",
                    positive ? 1 : 0,
                    partition,
                    "",
                    partition.equals(SplitRow.DROPPED) ? SplitRow.TRAIN : ""));
        }
        split.add(new SplitRow("t1", "r1", "x", 1, SplitRow.TEST, "", "")); // the test part does not count
        split.add(new SplitRow("t2", "r2", "x", 1, SplitRow.DROPPED, "", SplitRow.TEST)); // nor its drops
        java.nio.file.Path dir = RunFiles.cellDir(run, CELL);
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        RunFiles.writeSplit(dir, split);
    }

    private static List<ResultRow> rows() {
        var cell = new ResultRow.Cell(CELL, "T1", "hemangioma-vs-lung", 0, 10, 10, 27, 13, 20, 20, 0, false);
        return List.of(
                ResultRow.of(cell, "ok", "", null, 0.5, "fixed", Map.of(), 1),
                ResultRow.of(cell, "ok", "", null, 0.5, "fixed", Map.of(), 1, ResultRow.RADIOMICS_LR));
    }

    @Test
    void everyModelGetsItsRawCurveAndCalibratedOnesAreMovedToTheTrainingPrevalence() {
        writeSplit();
        List<PredictionRow> preds = predictions();
        List<DecisionCurveRow> curves = DecisionCurves.of(run, StudyFixtures.tinyConfig(1), rows(), preds);
        assertThat(curves).hasSize(3 * 99);
        assertThat(curves.stream().map(r -> r.model() + "/" + r.probability()).distinct())
                .containsExactly("cnn/raw", "cnn/calibrated", "radiomics-lr/raw");
        assertThat(DecisionCurves.prevalenceBeforeBalancing(run, CELL)).isEqualTo(0.25);

        List<PredictionRow> cnn = preds.stream().filter(PredictionRow::fromCnn).toList();
        int[] labels = cnn.stream().mapToInt(PredictionRow::label).toArray();
        double[] moved = cnn.stream()
                .mapToDouble(p -> LogisticCalibration.movedByPriorOdds(p.calibrated(), 0.5, 0.25))
                .toArray();
        DecisionCurveRow at20 = curves.stream()
                .filter(r ->
                        r.probability().equals(DecisionCurveRow.CALIBRATED) && Math.abs(r.threshold() - 0.2) < 1e-9)
                .findFirst()
                .orElseThrow();
        assertThat(at20.probabilityPrevalence()).isEqualTo(0.25);
        assertThat(at20.netBenefit()).isCloseTo(DecisionCurve.netBenefit(labels, moved, 0.2), within(1e-15));
        assertThat(at20.prevalence()).isCloseTo(14 / 40.0, within(1e-15));
        assertThat(at20.nTest()).isEqualTo(40);
        assertThat(at20.nTestPatients()).isEqualTo(30);
        assertThat(at20.netBenefitLo()).isLessThanOrEqualTo(at20.netBenefit());
        assertThat(at20.netBenefitHi()).isGreaterThanOrEqualTo(at20.netBenefit());
        assertThat(DecisionCurves.of(run, StudyFixtures.tinyConfig(1), rows(), preds))
                .as("the same seed gives the same file")
                .isEqualTo(curves);

        // the baseline's rows carry the CNN's advantage on the same lesions and probabilities (raw: the baseline has
        // no calibration); the CNN's rows none
        double[] cnnRaw = cnn.stream().mapToDouble(PredictionRow::score).toArray();
        double[] baseline = preds.stream()
                .filter(p -> p.model().equals(ResultRow.RADIOMICS_LR))
                .mapToDouble(PredictionRow::score)
                .toArray();
        DecisionCurveRow base20 = curves.stream()
                .filter(r -> r.model().equals(ResultRow.RADIOMICS_LR) && Math.abs(r.threshold() - 0.2) < 1e-9)
                .findFirst()
                .orElseThrow();
        assertThat(base20.cnnAdvantage())
                .isCloseTo(
                        DecisionCurve.netBenefit(labels, cnnRaw, 0.2) - DecisionCurve.netBenefit(labels, baseline, 0.2),
                        within(1e-15))
                .isPositive(); // the baseline's scores are the CNN's reversed
        assertThat(base20.cnnAdvantageLo()).isLessThanOrEqualTo(base20.cnnAdvantage());
        assertThat(base20.cnnAdvantageHi()).isGreaterThanOrEqualTo(base20.cnnAdvantage());
        assertThat(curves.stream().filter(r -> r.model().equals(ResultRow.CNN)))
                .allSatisfy(r -> assertThat(r.cnnAdvantage()).isNull());
        assertThat(DecisionCurves.markdown(curves))
                .contains(DecisionCurveRow.ADVANTAGE_CAPTION)
                .contains("| T1 | hemangioma-vs-lung | 0 | radiomics-lr | raw | "
                        + DecisionCurveRow.withCi(
                                DecisionCurveRow.at(DecisionCurveRow.againstCnn(curves), 0.1)
                                        .cnnAdvantage(),
                                DecisionCurveRow.at(DecisionCurveRow.againstCnn(curves), 0.1)
                                        .cnnAdvantageLo(),
                                DecisionCurveRow.at(DecisionCurveRow.againstCnn(curves), 0.1)
                                        .cnnAdvantageHi()));
    }

    /**
     * A late-fused model has no calibration, but its stacking model is fitted on the balanced training part: its
     * probabilities are moved from that set's prevalence (its row's n_train) to its sequences' cells' pooled one.
     */
    @Test
    void lateFusionsStackingProbabilitiesAreMovedToItsSequencesPooledTrainingPrevalence() throws Exception {
        writeSplit(); // T1: 10 of 40
        List<SplitRow> t2 = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            t2.add(new SplitRow("u" + i, "q" + i, "x", i < 10 ? 1 : 0, SplitRow.TRAIN, "", ""));
        }
        java.nio.file.Path t2Dir = RunFiles.cellDir(run, "T2__hemangioma-vs-lung__r0");
        java.nio.file.Files.createDirectories(t2Dir);
        RunFiles.writeSplit(t2Dir, t2); // T2: 10 of 20
        String fusedId = LateFusion.NAME_MODEL + "__hemangioma-vs-lung__r0";
        var cell = new ResultRow.Cell(fusedId, "T1+T2", "hemangioma-vs-lung", 0, 12, 12, 27, 13, 0, 0, 0, false);
        List<ResultRow> rows =
                List.of(ResultRow.of(cell, "ok", "", null, 0.5, "fixed", Map.of(), 1, LateFusion.NAME_MODEL));
        List<PredictionRow> fused = predictions().stream()
                .filter(PredictionRow::fromCnn)
                .map(p -> prediction(
                        fusedId,
                        "T1+T2",
                        p.patientKey(),
                        p.lesionId(),
                        p.label(),
                        p.score(),
                        null,
                        LateFusion.NAME_MODEL))
                .toList();
        List<DecisionCurveRow> curves = DecisionCurves.of(run, StudyFixtures.tinyConfig(1), rows, fused);
        assertThat(curves.stream().map(r -> r.model() + "/" + r.probability()).distinct())
                .containsExactly("fusion-late/raw", "fusion-late/calibrated");
        double pooled = 20 / 60.0;
        DecisionCurveRow at20 = curves.stream()
                .filter(r ->
                        r.probability().equals(DecisionCurveRow.CALIBRATED) && Math.abs(r.threshold() - 0.2) < 1e-9)
                .findFirst()
                .orElseThrow();
        assertThat(at20.probabilityPrevalence()).isCloseTo(pooled, within(1e-15));
        int[] labels = fused.stream().mapToInt(PredictionRow::label).toArray();
        double[] moved = fused.stream()
                .mapToDouble(p -> LogisticCalibration.movedByPriorOdds(p.score(), 0.5, pooled))
                .toArray();
        assertThat(at20.netBenefit()).isCloseTo(DecisionCurve.netBenefit(labels, moved, 0.2), within(1e-15));

        // a sequence cell without its split: no moved curve
        java.nio.file.Files.delete(t2Dir.resolve(RunFiles.SPLIT));
        assertThat(DecisionCurves.of(run, StudyFixtures.tinyConfig(1), rows, fused).stream()
                        .map(DecisionCurveRow::probability)
                        .distinct())
                .containsExactly("raw");
    }

    @Test
    void withoutASplitNoCalibratedCurveIsMade() {
        List<DecisionCurveRow> curves =
                DecisionCurves.of(run, StudyFixtures.tinyConfig(1), rows(), predictions()); // no split.csv
        assertThat(curves.stream().map(DecisionCurveRow::probability).distinct())
                .containsExactly("raw");
    }

    @Test
    void theSummaryShowsTheCnnsCalibratedCurveAtTenTwentyAndThirtyPercent() {
        writeSplit();
        List<DecisionCurveRow> curves = DecisionCurves.of(run, StudyFixtures.tinyConfig(1), rows(), predictions());
        String md = DecisionCurves.markdown(curves);
        assertThat(md)
                .contains("## Clinical utility (decision curves)")
                .contains("Vickers & Elkin 2006")
                .contains("Saerens et al. 2002")
                .contains("| NB at 10 % | Δ all at 10 % | NB at 20 % | Δ all at 20 % | NB at 30 % | Δ all at 30 % |")
                .contains("| T1 | hemangioma-vs-lung | 0 | 0.350 | calibrated (at 0.250) |")
                .contains(DecisionCurveRow.ADVANTAGE_CAPTION);
        assertThat(md.substring(0, md.indexOf(DecisionCurveRow.ADVANTAGE_CAPTION)))
                .as("the CNN's table shows the CNN only")
                .doesNotContain("radiomics-lr");
        DecisionCurveRow at30 = DecisionCurveRow.at(DecisionCurveRow.shown(curves, ResultRow.CNN), 0.3);
        assertThat(md).contains(DecisionCurveRow.withCi(at30.netBenefit(), at30.netBenefitLo(), at30.netBenefitHi()));
        assertThat(DecisionCurves.markdown(List.of())).isEmpty();
        assertThat(DecisionCurveRow.withCi(-0.0021, -0.01, 0.2)).isEqualTo("−0.002 (−0.010–0.200)");
    }
}
