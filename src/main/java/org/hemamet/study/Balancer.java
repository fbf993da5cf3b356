package org.hemamet.study;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Class balancing. Downsampling keeps, of the majority class, the lesions with the lowest seeded
 * priority; the priority depends on the lesion (patient and lesion id) and the seed only, not on the
 * sequence, so the same lesions are kept on every sequence where they exist and paired comparisons
 * between sequences (DeLong) see the same cases.
 */
public final class Balancer {
    private Balancer() {}

    /** Result of balancing: what is kept (in input order) and what was dropped. */
    public record Balanced<T>(List<T> kept, List<T> dropped) {}

    public static <T> Balanced<T> downsample(
            List<T> items, ToIntFunction<T> label, Function<T, String> lesionKey, long seed) {
        List<T> c0 = new ArrayList<>();
        List<T> c1 = new ArrayList<>();
        for (T t : items) {
            (label.applyAsInt(t) == 1 ? c1 : c0).add(t);
        }
        int k = Math.min(c0.size(), c1.size());
        List<T> major = c0.size() > c1.size() ? c0 : c1;
        List<T> byPriority = new ArrayList<>(major);
        byPriority.sort(Comparator.comparingLong((T t) -> Seeds.derive(seed, "keep", lesionKey.apply(t)))
                .thenComparing(lesionKey::apply));
        java.util.Set<T> drop = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        drop.addAll(byPriority.subList(k, byPriority.size()));
        List<T> kept = new ArrayList<>();
        List<T> dropped = new ArrayList<>();
        for (T t : items) {
            (drop.contains(t) ? dropped : kept).add(t);
        }
        return new Balanced<>(kept, dropped);
    }

    /** Repeats minority-class items (cycling in order) until both classes have the majority's count. */
    public static <T> List<T> oversample(List<T> items, ToIntFunction<T> label) {
        List<T> c0 = new ArrayList<>();
        List<T> c1 = new ArrayList<>();
        for (T t : items) {
            (label.applyAsInt(t) == 1 ? c1 : c0).add(t);
        }
        List<T> minor = c0.size() < c1.size() ? c0 : c1;
        int need = Math.abs(c0.size() - c1.size());
        List<T> out = new ArrayList<>(items);
        for (int i = 0; i < need && !minor.isEmpty(); i++) {
            out.add(minor.get(i % minor.size()));
        }
        return out;
    }
}
