package org.hemamet.study;

import org.hemamet.cohort.Sequence;

/**
 * One cell of the study: a sequence × a comparison × a repeat. Its id names its directory:
 * {@code <SEQ>__<comparison>__r<repeat>}.
 */
public record CellId(Sequence sequence, Comparison comparison, int repeat) {
    public String id() {
        return sequence.name() + "__" + comparison.name() + "__r" + repeat;
    }

    @Override
    public String toString() {
        return id();
    }
}
