package org.hemamet.study;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hemamet.cohort.DatasetSample;

/**
 * How much training a cell needs, for scheduling only: its class-balanced training set grows with the smaller
 * class of its comparison among the lesion images it trains on (per-sequence: the sequence's images; early-fused:
 * one stack per lesion), so {@code 2 min(hemangiomas, positives)} ranks the cells by work. Cells started largest
 * first finish together when several run at once (a longest-processing-time-first order, Graham, SIAM J Appl Math
 * 1969); the order of the run's files does not depend on it.
 */
final class CellWork {
    private CellWork() {}

    /** The cells largest first; equal cells keep their run order. */
    static List<CellId> largestFirst(List<CellId> cells, List<DatasetSample> samples) {
        return cells.stream()
                .sorted(Comparator.comparingLong((CellId c) -> estimate(c, samples))
                        .reversed())
                .toList();
    }

    /** {@code 2 min(negatives, positives)} over the cell's training units (images, or lesions when fused). */
    static long estimate(CellId cell, List<DatasetSample> samples) {
        Set<String> neg = new HashSet<>();
        Set<String> pos = new HashSet<>();
        for (DatasetSample s : samples) {
            if (!uses(cell, s)) {
                continue;
            }
            int label = cell.comparison().label(s.diagnosis());
            String unit = cell.isFused() ? s.patientKey() + "\u0000" + s.lesionId() : s.sampleId();
            if (label == 0) {
                neg.add(unit);
            } else if (label == 1) {
                pos.add(unit);
            }
        }
        return 2L * Math.min(neg.size(), pos.size());
    }

    private static boolean uses(CellId cell, DatasetSample s) {
        return cell.isFused() ? cell.fused().contains(s.sequence()) : cell.sequence() == s.sequence();
    }
}
