package org.hemamet.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.metrics.ClusteredAuc;
import org.hemamet.metrics.DeLong;
import org.junit.jupiter.api.Test;

/**
 * The CNN-vs-baseline test is clustered by patient (Obuchowski 1997): with several lesions per patient it is
 * Obuchowski's paired test, not the lesion-level DeLong test; with one lesion per patient the two agree.
 */
class BaselineComparisonTest {
    static ResultRow row(String model) {
        return row(model, "T1");
    }

    /** Lesions of {@code patients} patients, {@code perPatient} each, scored by the CNN and the baseline. */
    static List<PredictionRow> predictions(int patients, int perPatient, long seed) {
        Random r = new Random(seed);
        List<PredictionRow> out = new ArrayList<>();
        for (int p = 0; p < patients; p++) {
            int label = p % 2;
            double patientEffect = r.nextGaussian();
            for (int l = 0; l < perPatient; l++) {
                String sid = "p" + p + "_L" + l;
                double a = label + patientEffect + r.nextGaussian();
                double b = label * 0.5 + patientEffect + r.nextGaussian();
                for (String model : List.of(ResultRow.CNN, ResultRow.RADIOMICS_LR)) {
                    out.add(new PredictionRow(
                            "T1__hemangioma-vs-metastases__r0",
                            "T1",
                            "hemangioma-vs-metastases",
                            0,
                            sid,
                            "p" + p,
                            "L" + l,
                            label == 1 ? "lung" : "hemangioma",
                            label,
                            model.equals(ResultRow.CNN) ? a : b,
                            0,
                            "",
                            null,
                            model));
                }
            }
        }
        return out;
    }

    static double[] scores(List<PredictionRow> rows, String model) {
        return rows.stream()
                .filter(p -> p.model().equals(model))
                .mapToDouble(PredictionRow::score)
                .toArray();
    }

    static int[] labels(List<PredictionRow> rows) {
        return rows.stream()
                .filter(p -> p.model().equals(ResultRow.CNN))
                .mapToInt(PredictionRow::label)
                .toArray();
    }

    static String[] patients(List<PredictionRow> rows) {
        return rows.stream()
                .filter(p -> p.model().equals(ResultRow.CNN))
                .map(PredictionRow::patientKey)
                .toArray(String[]::new);
    }

    @Test
    void severalLesionsPerPatientAreTestedClusteredByPatient() {
        List<PredictionRow> preds = predictions(30, 3, 1);
        List<BaselineComparison.Pair> pairs =
                BaselineComparison.pairs(List.of(row(ResultRow.CNN), row(ResultRow.RADIOMICS_LR)), preds);
        assertThat(pairs).singleElement().satisfies(p -> {
            assertThat(p.nCommon()).isEqualTo(90);
            DeLong.Comparison clustered = ClusteredAuc.pairedTest(
                    labels(preds),
                    scores(preds, ResultRow.CNN),
                    scores(preds, ResultRow.RADIOMICS_LR),
                    patients(preds),
                    0.95);
            DeLong.Comparison lesionLevel = DeLong.pairedTest(
                    labels(preds), scores(preds, ResultRow.CNN), scores(preds, ResultRow.RADIOMICS_LR));
            assertThat(p.test().pValue()).isEqualTo(clustered.pValue());
            assertThat(p.test().pValue())
                    .isNotCloseTo(lesionLevel.pValue(), org.assertj.core.api.Assertions.within(1e-6));
        });
    }

    /** The rows of {@code rows} moved to the cell of sequence {@code seq}. */
    private static List<PredictionRow> inCell(List<PredictionRow> rows, String seq) {
        return rows.stream()
                .map(p -> new PredictionRow(
                        seq + "__hemangioma-vs-metastases__r0",
                        seq,
                        p.comparison(),
                        p.repeat(),
                        p.sampleId(),
                        p.patientKey(),
                        p.lesionId(),
                        p.diagnosis(),
                        p.label(),
                        p.score(),
                        p.predicted(),
                        p.cropPath(),
                        p.calibrated(),
                        p.model()))
                .toList();
    }

    private static ResultRow row(String model, String seq) {
        return ResultRow.of(
                new ResultRow.Cell(
                        seq + "__hemangioma-vs-metastases__r0",
                        seq,
                        "hemangioma-vs-metastases",
                        0,
                        1,
                        1,
                        1,
                        1,
                        0,
                        0,
                        0,
                        false),
                ResultRow.OK,
                "",
                null,
                0.5,
                "fixed",
                Map.of(),
                1.0,
                model);
    }

    @Test
    void eachBaselinesTestsOverTheCellsAreHolmAdjustedAsOneFamily() {
        List<ResultRow> rows = new ArrayList<>();
        List<PredictionRow> preds = new ArrayList<>();
        String[] sequences = {"T1", "T2", "STIR"};
        for (int k = 0; k < sequences.length; k++) {
            rows.add(row(ResultRow.CNN, sequences[k]));
            rows.add(row(ResultRow.RADIOMICS_LR, sequences[k]));
            preds.addAll(inCell(predictions(40, 2, 10 + k), sequences[k]));
        }
        List<BaselineComparison.Pair> pairs = BaselineComparison.pairs(rows, preds);
        assertThat(pairs).hasSize(3);
        double[] adjusted = org.hemamet.metrics.Holm.adjust(
                pairs.stream().mapToDouble(BaselineComparison.Pair::p).toArray());
        for (int k = 0; k < 3; k++) {
            assertThat(pairs.get(k).pHolm())
                    .isEqualTo(adjusted[k])
                    .isGreaterThanOrEqualTo(pairs.get(k).p());
        }
        BaselineComparison.Pair smallest = pairs.stream()
                .min(java.util.Comparator.comparingDouble(BaselineComparison.Pair::p))
                .orElseThrow();
        assertThat(smallest.pHolm()).isEqualTo(Math.min(1, 3 * smallest.p()));
    }

    @Test
    void oneLesionPerPatientGivesDeLongsTest() {
        List<PredictionRow> preds = predictions(60, 1, 2);
        BaselineComparison.Pair p = BaselineComparison.pairs(
                        List.of(row(ResultRow.CNN), row(ResultRow.RADIOMICS_LR)), preds)
                .get(0);
        DeLong.Comparison lesionLevel =
                DeLong.pairedTest(labels(preds), scores(preds, ResultRow.CNN), scores(preds, ResultRow.RADIOMICS_LR));
        assertThat(p.test().pValue()).isCloseTo(lesionLevel.pValue(), org.assertj.core.api.Assertions.within(1e-9));
    }
}
