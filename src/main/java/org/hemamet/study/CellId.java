package org.hemamet.study;

import java.util.List;
import java.util.stream.Collectors;
import org.hemamet.cohort.Sequence;

/**
 * One cell of the study: a sequence × a comparison × a repeat, or an early-fused cell (a CNN over the
 * sequences {@code fused} as input channels, {@link EarlyFusion}) × a comparison × a repeat. Its id names its
 * directory: {@code <SEQ>__<comparison>__r<repeat>}, or {@code fusion-early__<comparison>__r<repeat>}.
 *
 * @param sequence   the sequence; for an early-fused cell the first fused one (its lesions are not this
 *                   sequence's only: {@link #fused()} says which)
 * @param comparison the comparison
 * @param repeat     the repeat (or fold)
 * @param fused      the early-fused cell's sequences in channel order, or empty for a per-sequence cell
 */
public record CellId(Sequence sequence, Comparison comparison, int repeat, List<Sequence> fused) {
    public CellId {
        fused = fused == null ? List.of() : List.copyOf(fused);
    }

    /** A per-sequence cell. */
    public CellId(Sequence sequence, Comparison comparison, int repeat) {
        this(sequence, comparison, repeat, List.of());
    }

    /** The early-fused cell of {@code sequences} (at least two). */
    public static CellId earlyFused(List<Sequence> sequences, Comparison comparison, int repeat) {
        if (sequences.size() < 2) {
            throw new IllegalArgumentException("early fusion needs >= 2 sequences, got " + sequences);
        }
        return new CellId(sequences.get(0), comparison, repeat, sequences);
    }

    /** True for an early-fused cell. */
    public boolean isFused() {
        return !fused.isEmpty();
    }

    /** The sequence column of the cell's rows: the sequence, or the fused ones joined by '+'. */
    public String sequenceName() {
        return isFused() ? fused.stream().map(Sequence::name).collect(Collectors.joining("+")) : sequence.name();
    }

    /** The same cell (per-sequence or fused) on another repeat or fold. */
    public CellId withRepeat(int r) {
        return new CellId(sequence, comparison, r, fused);
    }

    public String id() {
        return (isFused() ? EarlyFusion.NAME_MODEL : sequence.name()) + "__" + comparison.name() + "__r" + repeat;
    }

    @Override
    public String toString() {
        return id();
    }
}
