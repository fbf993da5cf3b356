package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hemamet.contract.DeLongRow;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.contract.SplitRow;
import org.hemamet.metrics.BinaryEvaluation;
import org.hemamet.metrics.Bootstrap;
import org.hemamet.metrics.ClusteredWilson;
import org.hemamet.metrics.NewcombeAuc;
import org.hemamet.metrics.ThresholdRule;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study on patients with 1-3 lesions each: no patient crosses a partition (train/test, inner
 * train/validation) in any cell, and the CIs, the results row and the sequence comparison are at the
 * patient level.
 */
@Tag("slow")
class StudyClusteredTest {
    @TempDir
    Path tmp;

    @Test
    void patientsWithSeveralLesionsStayInOnePartitionAndTheCisArePerPatient() throws Exception {
        Path ds = StudyFixtures.separable(tmp.resolve("ds"), 12, 18, 32, 5, false, 3);
        Path run = tmp.resolve("run");
        List<CellRunner.CellOutcome> outcomes = new StudyRunner(StudyFixtures.tinyConfig(3), ds, run, null).run();
        assertThat(outcomes).extracting(CellRunner.CellOutcome::status).containsOnly(ResultRow.OK);

        for (ResultRow r : RunFiles.readResults(run)) {
            List<SplitRow> split = RunFiles.readSplit(RunFiles.cellDir(run, r.cellId()));
            assertThat(split).isNotEmpty();
            Map<String, Set<String>> partitionsOf = new HashMap<>();
            Map<String, Set<String>> innerOf = new HashMap<>();
            for (SplitRow s : split) {
                if (!SplitRow.DROPPED.equals(s.partition())) {
                    partitionsOf
                            .computeIfAbsent(s.patientKey(), k -> new HashSet<>())
                            .add(s.partition());
                }
                if (SplitRow.TRAIN.equals(s.partition())) {
                    innerOf.computeIfAbsent(s.patientKey(), k -> new HashSet<>())
                            .add(s.inner());
                }
            }
            assertThat(partitionsOf.values())
                    .as(r.cellId() + ": train/test by patient")
                    .allMatch(p -> p.size() == 1);
            assertThat(innerOf.values())
                    .as(r.cellId() + ": inner split by patient")
                    .allMatch(p -> p.size() == 1);
            Set<String> testPatients = new HashSet<>();
            split.stream()
                    .filter(s -> SplitRow.TEST.equals(s.partition()))
                    .forEach(s -> testPatients.add(s.patientKey()));
            long testLesions = split.stream()
                    .filter(s -> SplitRow.TEST.equals(s.partition()))
                    .count();
            assertThat(testLesions).as("some test patient has several lesions").isGreaterThan(testPatients.size());
            // the report says patients of every size are spread over both parts in proportion: each size (1, 2 or 3
            // lesions in the comparison) has about 40 % of its patients in the test part (the split of versions up
            // to 2026-11-28 held the largest patients out first: no one-lesion patient was in the test part)
            Map<String, Integer> lesionsOf = new HashMap<>();
            split.forEach(x -> lesionsOf.merge(x.patientKey(), 1, Integer::sum));
            for (int size = 1; size <= 3; size++) {
                int finalSize = size;
                Set<String> ofSize = new HashSet<>();
                lesionsOf.forEach((p, n) -> {
                    if (n == finalSize) {
                        ofSize.add(p);
                    }
                });
                long tested = ofSize.stream().filter(testPatients::contains).count();
                assertThat(tested / (double) ofSize.size())
                        .as(r.cellId() + ": share of the " + size + "-lesion patients in the test part")
                        .isBetween(0.15, 0.65);
            }

            assertThat(r.ciLevel()).isEqualTo(ResultRow.CI_PATIENT);
            assertThat(r.nTestPatients()).isEqualTo(testPatients.size());
            // results.csv's AUC interval is Newcombe's at the design effect of the test predictions' patients
            List<PredictionRow> preds = RunFiles.readPredictions(run).stream()
                    .filter(p -> p.cellId().equals(r.cellId()))
                    .toList();
            int[] y = preds.stream().mapToInt(PredictionRow::label).toArray();
            double[] s = preds.stream().mapToDouble(PredictionRow::score).toArray();
            String[] c = preds.stream().map(PredictionRow::patientKey).toArray(String[]::new);
            var auc = NewcombeAuc.auc(y, s, c, 0.95);
            assertThat(auc.method()).isEqualTo(NewcombeAuc.CLUSTERED_METHOD);
            assertThat(r.aucMethod()).isEqualTo(NewcombeAuc.CLUSTERED_METHOD);
            assertThat(r.auc()).isEqualTo(auc.value());
            assertThat(r.aucLo()).isEqualTo(auc.lower());
            assertThat(r.aucHi()).isEqualTo(auc.upper());
            BinaryEvaluation ev = BinaryEvaluation.evaluate(y, s, c, ThresholdRule.FIXED_0_5, 1, 10, 0.95);
            // the proportions' intervals: Wilson at the patients' design effect, as results.csv records them
            assertThat(ev.accuracy().method()).isEqualTo(ClusteredWilson.METHOD);
            assertThat(r.sensitivityLo()).isEqualTo(ev.sensitivity().lower());
            assertThat(r.sensitivityHi()).isEqualTo(ev.sensitivity().upper());
            assertThat(r.accuracyLo()).isEqualTo(ev.accuracy().lower());
            assertThat(ev.f1().method()).isEqualTo(Bootstrap.CLUSTER_PERCENTILE);
        }
        assertThat(RunFiles.readDeLong(run)).extracting(DeLongRow::method).containsOnly("obuchowski-paired");
        assertThat(java.nio.file.Files.readString(run.resolve(RunFiles.SUMMARY)))
                .contains("CI level: patient")
                .contains("in the cells at the patient level (below), both at the patients' design effect.")
                .contains("Newcombe's score interval at the patients' design effect (Newcombe 2006; Obuchowski's"
                        + " clustered variance over DeLong's) for the AUC");
    }
}
