package org.hemamet.synth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.hemamet.cohort.Sequence;

/**
 * Measures the lesion/marrow contrast of site A and site B ({@link ContrastMeasurement}) on two cohorts the
 * caller generated with {@code hemamet synth --site A|B}, and prints per lesion subtype and sequence the
 * median ratio at each site and the difference B - A (docs/phantom.md, "A second site"). Run:
 * {@code java -cp target/test-classes:target/classes:<deps> org.hemamet.synth.SiteContrast OUT_A OUT_B}.
 */
final class SiteContrast {
    private SiteContrast() {}

    public static void main(String[] args) throws Exception {
        Map<String, List<Double>> a = bySubtypeAndSequence(ContrastMeasurement.measure(Path.of(args[0])));
        Map<String, List<Double>> b = bySubtypeAndSequence(ContrastMeasurement.measure(Path.of(args[1])));
        StringBuilder sb = new StringBuilder(
                "| subtype | sequence | n A | median A (IQR) | n B | median B (IQR) | B - A |\n|---|---|---|---|---|---|---|\n");
        for (String k : a.keySet()) {
            if (!b.containsKey(k)) {
                continue;
            }
            double[] qa = quartiles(a.get(k));
            double[] qb = quartiles(b.get(k));
            String[] parts = k.split("/");
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %d | %.2f (%.2f-%.2f) | %d | %.2f (%.2f-%.2f) | %+.2f |%n",
                    parts[0],
                    parts[1].substring(1),
                    a.get(k).size(),
                    qa[1],
                    qa[0],
                    qa[2],
                    b.get(k).size(),
                    qb[1],
                    qb[0],
                    qb[2],
                    qb[1] - qa[1]));
        }
        System.out.print(sb);
        if (args.length > 2) {
            Files.writeString(Path.of(args[2]), sb.toString());
        }
    }

    private static Map<String, List<Double>> bySubtypeAndSequence(List<ContrastMeasurement.Row> rows) {
        Map<String, List<Double>> out = new TreeMap<>();
        for (ContrastMeasurement.Row r : rows) {
            Sequence q = r.sequence();
            out.computeIfAbsent(r.subtype().id() + "/" + q.ordinal() + q.name(), k -> new ArrayList<>())
                    .add(r.ratio());
        }
        return out;
    }

    /** Lower quartile, median, upper quartile (linear interpolation between order statistics). */
    private static double[] quartiles(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new double[] {at(s, 0.25), at(s, 0.5), at(s, 0.75)};
    }

    private static double at(double[] s, double q) {
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }
}
