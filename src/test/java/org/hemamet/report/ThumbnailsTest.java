package org.hemamet.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ThumbnailsTest {
    @Test
    void orderStatisticIsTheSortedValueAtThatRank() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int[] v : new int[][] {
            rng.ints(4096, 0, 65536).toArray(),
            rng.ints(1000, 0, 256).toArray(),
            rng.ints(500, -3, 70000).toArray(),
            {5},
            {9, 9, 9, 2}
        }) {
            int[] sorted = v.clone();
            Arrays.sort(sorted);
            for (int k : new int[] {0, v.length / 200, v.length / 2, v.length - 1}) {
                assertThat(Thumbnails.orderStatistic(v, k))
                        .as("rank %d of %d", k, v.length)
                        .isEqualTo(sorted[k]);
            }
        }
    }
}
