package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PatientSplitTest {
    static List<PatientSplit.Item> cohort() {
        List<PatientSplit.Item> items = new ArrayList<>();
        for (int p = 0; p < 60; p++) {
            int label = p < 20 ? 0 : 1;
            int lesions = p % 7 == 0 ? 3 : 1; // some patients with several lesions
            for (int l = 0; l < lesions; l++) {
                items.add(new PatientSplit.Item("P" + p, label));
            }
        }
        return items;
    }

    @Test
    void patientsAreDisjointAndEveryPatientIsAssigned() {
        List<PatientSplit.Item> items = cohort();
        PatientSplit s = PatientSplit.stratifiedGrouped(items, 0.4, 7);
        Set<String> all = new HashSet<>(s.train());
        all.addAll(s.heldOut());
        assertThat(all).hasSize(60);
        assertThat(s.train()).doesNotContainAnyElementsOf(s.heldOut());
    }

    @Test
    void eachClassIsHeldOutAtAboutTheRequestedFraction() {
        List<PatientSplit.Item> items = cohort();
        PatientSplit s = PatientSplit.stratifiedGrouped(items, 0.4, 11);
        var held = PatientSplit.labelCounts(items, s.heldOut());
        long total0 = items.stream().filter(i -> i.label() == 0).count();
        long total1 = items.stream().filter(i -> i.label() == 1).count();
        assertThat(held.get(0) / (double) total0).isBetween(0.3, 0.5);
        assertThat(held.get(1) / (double) total1).isBetween(0.35, 0.45);
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        List<PatientSplit.Item> items = cohort();
        assertThat(PatientSplit.stratifiedGrouped(items, 0.4, 3))
                .isEqualTo(PatientSplit.stratifiedGrouped(items, 0.4, 3));
        assertThat(PatientSplit.stratifiedGrouped(items, 0.4, 3).heldOut())
                .isNotEqualTo(PatientSplit.stratifiedGrouped(items, 0.4, 4).heldOut());
    }

    /**
     * A cohort shaped like the synthetic demo's: 109 hemangioma patients, 13 of them with 2-3 lesions, and 243
     * metastasis patients, 73 of them with 2-4 lesions.
     */
    static List<PatientSplit.Item> multiLesionCohort() {
        List<PatientSplit.Item> items = new ArrayList<>();
        for (int p = 0; p < 352; p++) {
            int label = p < 109 ? 0 : 1;
            boolean multi = label == 0 ? p % 8 == 0 && p < 104 : p % 10 < 3;
            int lesions = multi ? 2 + p % 3 : 1;
            for (int l = 0; l < lesions; l++) {
                items.add(new PatientSplit.Item("P" + p, label));
            }
        }
        return items;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 42, 7, 20240611})
    void multiLesionPatientsAreHeldOutInProportionNotFirst(long seed) {
        List<PatientSplit.Item> items = multiLesionCohort();
        Map<String, Integer> lesions = new HashMap<>();
        items.forEach(i -> lesions.merge(i.patientKey(), 1, Integer::sum));
        PatientSplit s = PatientSplit.stratifiedGrouped(items, 0.4, seed);
        for (int label = 0; label <= 1; label++) {
            for (boolean multi : new boolean[] {true, false}) {
                int finalLabel = label;
                List<PatientSplit.Item> group = items.stream()
                        .filter(i -> i.label() == finalLabel && lesions.get(i.patientKey()) > 1 == multi)
                        .toList();
                long held = group.stream()
                        .filter(i -> s.heldOut().contains(i.patientKey()))
                        .count();
                // before the fix the held-out side took the multi-lesion patients first: all of them
                assertThat(held / (double) group.size())
                        .as(
                                "held-out share of class %d lesions of %s-lesion patients",
                                label, multi ? "multi" : "single")
                        .isBetween(multi ? 0.25 : 0.33, multi ? 0.55 : 0.47);
            }
        }
        var held = PatientSplit.labelCounts(items, s.heldOut());
        assertThat(held.get(0)
                        / (double) items.stream().filter(i -> i.label() == 0).count())
                .isCloseTo(0.4, within(0.01));
        assertThat(held.get(1)
                        / (double) items.stream().filter(i -> i.label() == 1).count())
                .isCloseTo(0.4, within(0.01));
    }

    @Test
    void eachFoldGetsItsShareOfMultiLesionPatients() {
        List<PatientSplit.Item> items = multiLesionCohort();
        Map<String, Integer> lesions = new HashMap<>();
        items.forEach(i -> lesions.merge(i.patientKey(), 1, Integer::sum));
        long multiLesions =
                items.stream().filter(i -> lesions.get(i.patientKey()) > 1).count();
        for (Set<String> fold : PatientSplit.stratifiedGroupedFolds(items, 3, 5)) {
            long inFold = items.stream()
                    .filter(i -> fold.contains(i.patientKey()) && lesions.get(i.patientKey()) > 1)
                    .count();
            assertThat(inFold / (double) multiLesions).isBetween(0.25, 0.42);
        }
    }

    @Test
    void kFoldPutsEveryPatientInExactlyOneStratifiedFold() {
        List<PatientSplit.Item> items = cohort();
        List<Set<String>> folds = PatientSplit.stratifiedGroupedFolds(items, 5, 3);
        assertThat(folds).hasSize(5);
        Set<String> all = new HashSet<>();
        for (Set<String> f : folds) {
            for (String p : f) {
                assertThat(all.add(p)).as("patient %s in two folds", p).isTrue();
            }
            var c = PatientSplit.labelCounts(items, f);
            assertThat(c.get(0)).isBetween(3, 6); // ~24 hemangioma lesions / 5
            assertThat(c.get(1)).isBetween(8, 11); // ~48 / 5
        }
        assertThat(all).hasSize(60);
        PatientSplit third = PatientSplit.ofFold(folds, 2);
        assertThat(third.heldOut()).isEqualTo(folds.get(2));
        assertThat(third.train()).hasSize(60 - folds.get(2).size());
        assertThat(PatientSplit.stratifiedGroupedFolds(items, 5, 3)).isEqualTo(folds);
    }

    @Test
    void overlappingSidesAreRejected() {
        assertThatThrownBy(() -> new PatientSplit(Set.of("A", "B"), Set.of("B")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("patient-level split violated: 1 patient(s) on both sides");
    }
}
