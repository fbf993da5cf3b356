package org.hemamet.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("slow")
class TrainingBenchmarkTest {
    @Test
    void paperCnnAt256Batch16TwoThreads() {
        TrainingBenchmark.Result r = TrainingBenchmark.measure(256, 16, 2, 64, 3, 42);
        System.out.println(r);
        assertThat(r.imagesPerSecond()).isPositive();
    }
}
