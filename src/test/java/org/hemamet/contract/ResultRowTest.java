package org.hemamet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.hemamet.contract.ResultRow.Metric;
import org.junit.jupiter.api.Test;

/** What results.csv says about the prevalence of its calibrated probabilities, in the words the outputs use. */
class ResultRowTest {

    private static ResultRow row(boolean testBalanced, Double calibratedPrevalence, boolean calibrated) {
        ResultRow.Cell cell = new ResultRow.Cell(
                "T1__hemangioma-vs-metastases__r0",
                "T1",
                "hemangioma-vs-metastases",
                0,
                20,
                20,
                10,
                30,
                40,
                40,
                0,
                testBalanced);
        Map<Metric, Interval> metrics = calibrated
                ? Map.of(
                        Metric.AUC, new Interval(0.8, 0.7, 0.9), Metric.CALIBRATED_BRIER, new Interval(0.1, 0.05, 0.15))
                : Map.of(Metric.AUC, new Interval(0.8, 0.7, 0.9));
        return ResultRow.of(cell, ResultRow.OK, "", null, 0.5, "fixed", metrics, 1.0)
                .withCiLevel(ResultRow.CI_LESION, 40, "newcombe")
                .withCalibratedPrevalence(calibratedPrevalence);
    }

    @Test
    void theCalibratedPrevalenceSurvivesEveryCopyAndNaNReadsAsNone() {
        ResultRow r = row(false, 0.75, true);
        assertThat(r.calibratedPrevalence()).isEqualTo(0.75);
        assertThat(r.withCiLevel(ResultRow.CI_PATIENT, 12, "newcombe-design-effect")
                        .calibratedPrevalence())
                .isEqualTo(0.75);
        assertThat(r.withMetrics(Map.of()).calibratedPrevalence()).isEqualTo(0.75);
        assertThat(r.withCalibratedPrevalence(Double.NaN).calibratedPrevalence())
                .isNull();
        assertThat(r.calibratedAtDevelopmentPrevalence()).isTrue();
        // a balanced test part keeps the fit prevalence, recorded but not a move
        assertThat(row(true, 0.5, true).calibratedAtDevelopmentPrevalence()).isFalse();
        assertThat(row(false, null, true).calibratedAtDevelopmentPrevalence()).isFalse();
    }

    @Test
    void theWordsSayWhichPrevalenceTheCalibratedProbabilitiesAssume() {
        String moved = ResultRow.calibratedPrevalenceWords(List.of(row(false, 0.75, true), row(false, 0.4, true)));
        assertThat(moved)
                .startsWith("then moved by the prior odds from the prevalence the calibration was fitted at")
                .contains("to the training part's before balancing")
                .contains("Saerens et al. 2002; Dal Pozzolo et al. 2015")
                .doesNotContain("older version");
        // runs of older versions recorded no calibrated_prevalence: their probabilities stayed at the fit prevalence
        assertThat(ResultRow.calibratedPrevalenceWords(List.of(row(false, null, true))))
                .isEqualTo("at the prevalence the calibration was fitted at (the balanced training set's)");
        assertThat(ResultRow.calibratedPrevalenceWords(List.of(row(true, 0.5, true))))
                .isEqualTo("at the prevalence the calibration was fitted at (the balanced training set's)");
        // a mixed run says both, with the count; uncalibrated rows do not count
        assertThat(ResultRow.calibratedPrevalenceWords(
                        List.of(row(false, 0.75, true), row(false, null, true), row(false, null, false))))
                .startsWith(moved.substring(0, 40))
                .endsWith("; in 1 of 2 models left at the prevalence the calibration was fitted at (the balanced"
                        + " training set's) (cells of an older version, or a balanced test part)");
        assertThat(ResultRow.calibratedPrevalenceWords(List.of(row(false, 0.75, false))))
                .isEmpty();
    }
}
