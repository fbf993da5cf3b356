package org.hemamet.study;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A split of patients into two disjoint groups ("train" and "held out"), stratified by class and
 * grouped by patient: every lesion of a patient lands on the same side, and each class's share of
 * lesions on the held-out side is as close as possible to the requested fraction (greedy assignment
 * over a seeded random patient order, minimising the squared relative deviation from the targets;
 * cf. scikit-learn's StratifiedGroupKFold).
 *
 * @param train   patient keys on the training side
 * @param heldOut patient keys on the held-out (test or validation) side
 */
public record PatientSplit(Set<String> train, Set<String> heldOut) {
    public PatientSplit {
        train = Set.copyOf(train);
        heldOut = Set.copyOf(heldOut);
        assertDisjoint(train, heldOut);
    }

    /** A labelled lesion for splitting purposes. */
    public record Item(String patientKey, int label) {}

    /** Throws if a patient is on both sides (the split is asserted, never assumed). */
    public static void assertDisjoint(Collection<String> a, Collection<String> b) {
        Set<String> both = new HashSet<>(a);
        both.retainAll(new HashSet<>(b));
        if (!both.isEmpty()) {
            throw new IllegalStateException(
                    "patient-level split violated: " + both.size() + " patient(s) on both sides");
        }
    }

    /**
     * Splits the patients of {@code items} with about {@code fraction} of each class's lesions held out.
     */
    public static PatientSplit stratifiedGrouped(Collection<Item> items, double fraction, long seed) {
        Patients ps = Patients.of(items, seed);
        Map<String, int[]> counts = ps.counts();
        List<String> patients = ps.order();
        double t0 = fraction * ps.total0();
        double t1 = fraction * ps.total1();
        int h0 = 0;
        int h1 = 0;
        Set<String> held = new HashSet<>();
        Set<String> train = new HashSet<>();
        for (String p : patients) {
            int[] c = counts.get(p);
            double without = dev(h0, t0) + dev(h1, t1);
            double with = dev(h0 + c[0], t0) + dev(h1 + c[1], t1);
            if (with < without) {
                held.add(p);
                h0 += c[0];
                h1 += c[1];
            } else {
                train.add(p);
            }
        }
        return new PatientSplit(train, held);
    }

    /**
     * Assigns the patients of {@code items} to {@code k} folds, stratified by class and grouped by patient
     * (cf. scikit-learn's StratifiedGroupKFold): patients in a seeded random order, larger ones first, each
     * to the fold where it brings the class counts closest to total / k (ties: the smaller fold, then the
     * lower index). Every patient is in exactly one fold.
     */
    public static List<Set<String>> stratifiedGroupedFolds(Collection<Item> items, int k, long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("k-fold needs k >= 2, got " + k);
        }
        Patients ps = Patients.of(items, seed);
        Map<String, int[]> counts = ps.counts();
        List<String> patients = ps.order();
        double t0 = (double) ps.total0() / k;
        double t1 = (double) ps.total1() / k;
        int[][] have = new int[k][2];
        List<Set<String>> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            folds.add(new HashSet<>());
        }
        for (String p : patients) {
            int[] c = counts.get(p);
            int best = -1;
            double bestGain = Double.POSITIVE_INFINITY;
            for (int f = 0; f < k; f++) {
                double gain = dev(have[f][0] + c[0], t0)
                        + dev(have[f][1] + c[1], t1)
                        - dev(have[f][0], t0)
                        - dev(have[f][1], t1);
                if (gain < bestGain - 1e-12
                        || (Math.abs(gain - bestGain) <= 1e-12 && total(have[f]) < total(have[best]))) {
                    best = f;
                    bestGain = gain;
                }
            }
            folds.get(best).add(p);
            have[best][0] += c[0];
            have[best][1] += c[1];
        }
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                assertDisjoint(folds.get(a), folds.get(b));
            }
        }
        return folds;
    }

    /** The split with fold {@code fold} held out and the other folds as training patients. */
    public static PatientSplit ofFold(List<Set<String>> folds, int fold) {
        Set<String> train = new HashSet<>();
        for (int f = 0; f < folds.size(); f++) {
            if (f != fold) {
                train.addAll(folds.get(f));
            }
        }
        return new PatientSplit(train, folds.get(fold));
    }

    /**
     * Lesion counts per patient and label, and the greedy assignment order: a seeded shuffle (of a
     * sorted base order), then larger patients first (stable) so the greedy fit ends with fine steps.
     */
    private record Patients(Map<String, int[]> counts, List<String> order, int total0, int total1) {
        static Patients of(Collection<Item> items, long seed) {
            Map<String, int[]> counts = new TreeMap<>();
            for (Item it : items) {
                counts.computeIfAbsent(it.patientKey(), k -> new int[2])[it.label()]++;
            }
            List<String> order = new ArrayList<>(counts.keySet());
            java.util.Collections.shuffle(order, new Random(seed));
            order.sort((p, q) -> Integer.compare(total(counts.get(q)), total(counts.get(p))));
            int total0 = 0;
            int total1 = 0;
            for (int[] c : counts.values()) {
                total0 += c[0];
                total1 += c[1];
            }
            return new Patients(counts, order, total0, total1);
        }
    }

    private static int total(int[] c) {
        return c[0] + c[1];
    }

    private static double dev(int have, double target) {
        double d = (have - target) / Math.max(target, 1.0);
        return d * d;
    }

    /** Convenience: label counts of the items whose patient is in {@code side}. */
    public static Map<Integer, Integer> labelCounts(Collection<Item> items, Set<String> side) {
        Map<Integer, Integer> m = new LinkedHashMap<>();
        m.put(0, 0);
        m.put(1, 0);
        for (Item it : items) {
            if (side.contains(it.patientKey())) {
                m.merge(it.label(), 1, Integer::sum);
            }
        }
        return m;
    }
}
