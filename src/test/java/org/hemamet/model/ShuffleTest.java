package org.hemamet.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShuffleTest {
    @Test
    void drawsTheOrderTheTrainerAndTheBenchAlwaysDrew() {
        // values of the Fisher-Yates loop that CnnTrainer and CnnBenchmark each carried before they
        // shared this one: a seed's epoch orders, and so every trained network, stay as they were
        int[] order = Shuffle.identity(10);
        assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        SplittableRandom rng = new SplittableRandom(42);
        Shuffle.inPlace(order, rng);
        assertThat(order).containsExactly(3, 4, 7, 0, 8, 5, 9, 2, 6, 1);
        Shuffle.inPlace(order, rng);
        assertThat(order).containsExactly(2, 5, 6, 8, 0, 7, 4, 1, 3, 9);
    }

    @Test
    void emptyAndSingletonArraysDrawNothing() {
        SplittableRandom rng = new SplittableRandom(1);
        long next = new SplittableRandom(1).nextLong();
        Shuffle.inPlace(new int[0], rng);
        int[] one = Shuffle.identity(1);
        Shuffle.inPlace(one, rng);
        assertThat(one).containsExactly(0);
        assertThat(rng.nextLong()).isEqualTo(next);
    }
}
