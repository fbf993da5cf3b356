package org.hemamet.baseline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The logistic-regression golden fixture under src/test/resources/baseline/golden (made by
 * scripts/golden/logistic_l2.R with base R: Newton's method on the penalised objective, checked by optim,
 * and glm for the unpenalised limit).
 */
final class GoldenData {
    private GoldenData() {}

    /** Rows of one part: features and classes. */
    record Part(double[][] x, boolean[] y) {}

    static Part part(String name) {
        List<double[]> xs = new ArrayList<>();
        List<Boolean> ys = new ArrayList<>();
        for (String line : lines("data.csv").subList(1, lines("data.csv").size())) {
            String[] f = line.split(",");
            if (f[0].equals(name)) {
                ys.add(f[1].equals("1"));
                xs.add(new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])});
            }
        }
        boolean[] y = new boolean[ys.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = ys.get(i);
        }
        return new Part(xs.toArray(double[][]::new), y);
    }

    /** expected[c][quantity] = value; c is the R text of C ("0.001" ... "100") or "glm". */
    static Map<String, Map<String, Double>> expected() {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (String line :
                lines("expected.csv").subList(1, lines("expected.csv").size())) {
            String[] f = line.split(",");
            out.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).put(f[1], Double.parseDouble(f[2]));
        }
        return out;
    }

    private static List<String> lines(String name) {
        InputStream in = GoldenData.class.getResourceAsStream("/baseline/golden/" + name);
        if (in == null) {
            throw new IllegalStateException("missing test resource /baseline/golden/" + name);
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return r.lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
