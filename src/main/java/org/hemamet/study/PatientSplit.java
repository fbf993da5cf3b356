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
 * lesions on the held-out side is as close as possible to the requested fraction. Both the split and the
 * k folds are one greedy assignment (cf. scikit-learn's StratifiedGroupKFold): patients in a seeded random
 * order, larger ones first, each to the side (fold) where it adds least to Pearson's chi-square of all
 * sides' class counts against their targets, {@code Σ (count - target)² / target}: the side filled least
 * relative to its target takes the patient, so patients of every size, the multi-lesion ones included, are
 * spread over the sides in proportion to their targets. (Versions up to 2026-11-28 filled the
 * held-out side alone, largest patients first, which put nearly every multi-lesion patient into the test
 * part; {@code StudyRunner} refuses to resume a run split that way.)
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
     * Splits the patients of {@code items} with about {@code fraction} of each class's lesions held out and
     * the rest for training, patients of every size in proportion ({@link #assign}).
     */
    public static PatientSplit stratifiedGrouped(Collection<Item> items, double fraction, long seed) {
        Patients ps = Patients.of(items, seed);
        double[][] targets = {
            {(1 - fraction) * ps.total0(), (1 - fraction) * ps.total1()},
            {fraction * ps.total0(), fraction * ps.total1()}
        };
        List<Set<String>> sides = assign(ps, targets);
        return new PatientSplit(sides.get(0), sides.get(1));
    }

    /**
     * Assigns the patients of {@code items} to {@code k} folds, stratified by class and grouped by patient
     * ({@link #assign}, every fold's target 1/k of each class). Every patient is in exactly one fold.
     */
    public static List<Set<String>> stratifiedGroupedFolds(Collection<Item> items, int k, long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("k-fold needs k >= 2, got " + k);
        }
        Patients ps = Patients.of(items, seed);
        double[][] targets = new double[k][];
        for (int f = 0; f < k; f++) {
            targets[f] = new double[] {(double) ps.total0() / k, (double) ps.total1() / k};
        }
        List<Set<String>> folds = assign(ps, targets);
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                assertDisjoint(folds.get(a), folds.get(b));
            }
        }
        return folds;
    }

    /**
     * The greedy assignment: each patient, in {@link Patients#order}, to the side where it adds least to the
     * chi-square of the class counts (per class {0, 1}) against {@code targets[side]} (only that side's terms
     * change; to first order the side filled least relative to its target wins, whatever the targets' sizes);
     * ties go to the side filled least, then the lower index.
     */
    private static List<Set<String>> assign(Patients ps, double[][] targets) {
        int k = targets.length;
        int[][] have = new int[k][2];
        List<Set<String>> sides = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            sides.add(new HashSet<>());
        }
        for (String p : ps.order()) {
            int[] c = ps.counts().get(p);
            int best = -1;
            double bestGain = Double.POSITIVE_INFINITY;
            for (int f = 0; f < k; f++) {
                double gain = dev(have[f][0] + c[0], targets[f][0])
                        + dev(have[f][1] + c[1], targets[f][1])
                        - dev(have[f][0], targets[f][0])
                        - dev(have[f][1], targets[f][1]);
                if (gain < bestGain - 1e-12
                        || (Math.abs(gain - bestGain) <= 1e-12
                                && fill(have[f], targets[f]) < fill(have[best], targets[best]))) {
                    best = f;
                    bestGain = gain;
                }
            }
            sides.get(best).add(p);
            have[best][0] += c[0];
            have[best][1] += c[1];
        }
        return sides;
    }

    /** How full a side is relative to its target (lesions over target lesions). */
    private static double fill(int[] have, double[] target) {
        return total(have) / Math.max(target[0] + target[1], 1.0);
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

    /** One term of Pearson's chi-square, {@code (have - target)² / target} (target at least 1). */
    private static double dev(int have, double target) {
        double d = have - target;
        return d * d / Math.max(target, 1.0);
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
