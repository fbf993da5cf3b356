package org.hemamet.metrics;

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
import java.util.TreeSet;

/**
 * Reads the golden fixtures and expected values under src/test/resources/metrics/golden (made by
 * scripts/golden/make_fixtures.py, metrics_proc.R and metrics_sklearn.py).
 */
final class Golden {
    private Golden() {}

    static final String DIR = "/metrics/golden/";

    /** One fixture: labels and two score vectors on the same cases. */
    record Fixture(String name, int[] labels, double[] a, double[] b) {
        double[] scores(String which) {
            return which.equals("a") ? a : b;
        }
    }

    static List<String> lines(String resource) {
        InputStream in = Golden.class.getResourceAsStream(DIR + resource);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + DIR + resource);
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> out = new ArrayList<>();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    out.add(line);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Fixture fixture(String name) {
        List<String> rows = lines("fixtures/" + name + ".csv");
        int n = rows.size() - 1;
        int[] labels = new int[n];
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            String[] f = rows.get(i + 1).split(",");
            labels[i] = Integer.parseInt(f[1]);
            a[i] = Double.parseDouble(f[2]);
            b[i] = Double.parseDouble(f[3]);
        }
        return new Fixture(name, labels, a, b);
    }

    /** expected[fixture][quantity] = raw value text. */
    static Map<String, Map<String, String>> expected(String resource) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String line : lines(resource).subList(1, lines(resource).size())) {
            String[] f = line.split(",", 3);
            out.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).put(f[1], f[2]);
        }
        return out;
    }

    static TreeSet<String> fixtureNames() {
        return new TreeSet<>(
                List.of("ties", "tiny", "perfect", "inverted", "imbalanced", "moderate", "single_positive"));
    }

    static double value(String text) {
        return switch (text) {
            case "NA", "NaN", "nan" -> Double.NaN;
            case "Inf", "inf" -> Double.POSITIVE_INFINITY;
            case "-Inf", "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    static double[] values(String text) {
        String[] parts = text.split(";");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = value(parts[i]);
        }
        return out;
    }
}
