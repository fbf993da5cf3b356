package org.hemamet.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Holm} against R's p.adjust(p, "holm") (scripts/golden/holm.R). */
class HolmTest {
    @Test
    void equalsRsPAdjust() {
        Map<String, List<double[]>> families = new LinkedHashMap<>();
        for (String line : Golden.lines("expected_holm.csv").subList(1, 23)) {
            String[] f = line.split(",");
            families.computeIfAbsent(f[0], k -> new ArrayList<>())
                    .add(new double[] {Golden.value(f[2]), Golden.value(f[3])});
        }
        assertThat(families).hasSize(6);
        for (var e : families.entrySet()) {
            double[] p = e.getValue().stream().mapToDouble(x -> x[0]).toArray();
            double[] adjusted = Holm.adjust(p);
            for (int i = 0; i < p.length; i++) {
                double expected = e.getValue().get(i)[1];
                if (Double.isNaN(expected)) {
                    assertThat(adjusted[i]).as(e.getKey() + " " + i).isNaN();
                } else {
                    assertThat(adjusted[i]).as(e.getKey() + " " + i).isCloseTo(expected, within(1e-15));
                }
            }
        }
    }

    @Test
    void anEmptyFamilyIsEmpty() {
        assertThat(Holm.adjust(new double[0])).isEmpty();
        assertThat(Holm.adjust(new double[] {Double.NaN})).containsExactly(Double.NaN);
    }
}
