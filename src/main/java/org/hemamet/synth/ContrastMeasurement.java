package org.hemamet.synth;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hemamet.cohort.Sequence;
import org.hemamet.core.HemametException;
import org.hemamet.dicom.MrSeriesWriter;

/**
 * Measures, on a generated cohort, the lesion signal relative to the same patient's normal marrow: mean of
 * the DICOM values (modality LUT applied) inside the true lesion mask (eroded by one pixel when enough
 * remains) over the mean inside the true normal-marrow mask of the same slice. The phantom's claims
 * (docs/phantom.md, "What must be measurable") are checked against these ratios.
 */
public final class ContrastMeasurement {
    private ContrastMeasurement() {}

    /** One lesion x sequence: ground-truth facts, the acquisition read from the DICOM header, the measured ratio. */
    public record Row(
            String patientId,
            String diagnosis,
            LesionSubtype subtype,
            boolean atypical,
            Sequence sequence,
            String scanner,
            double tr,
            double te,
            double ti,
            double fatSatEfficiency,
            double marrowFf,
            double lesionFf,
            double lesionPd,
            double lesionT1Water,
            double lesionT2Water,
            double lesionUptake,
            int lesionPixels,
            double ratio) {}

    /** Measures every lesion x sequence of {@code outDir} (holding {@code cohort/} and {@code ground-truth/}). */
    public static List<Row> measure(Path outDir) {
        Path cohort = outDir.resolve("cohort");
        Path truth = outDir.resolve("ground-truth");
        Map<String, Path> bySop = new HashMap<>();
        try (Stream<Path> s = Files.walk(cohort.resolve("dicom"))) {
            for (Path f : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                // file names are IM<instance>[.dcm]; the SOP UID is in the header
                bySop.put(MrSeriesWriter.read(f).sopInstanceUid(), f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Row> rows = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(truth.resolve("lesions.csv"));
            String[] head = lines.get(0).split(",", -1);
            Map<String, Integer> col = new HashMap<>();
            for (int i = 0; i < head.length; i++) {
                col.put(head[i], i);
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] v = line.split(",", -1);
                Path dcm = bySop.get(v[col.get("sop_instance_uid")]);
                if (dcm == null) {
                    throw HemametException.dataState(truth + ": no DICOM for " + v[col.get("sop_instance_uid")]);
                }
                MrSeriesWriter.ReadBack rb = MrSeriesWriter.read(dcm);
                boolean[] lesion = readMask(truth.resolve(v[col.get("mask")]));
                boolean[] marrow = readMask(truth.resolve(v[col.get("marrow_mask")]));
                boolean[] core = erode(lesion, rb.columns());
                int nCore = count(core);
                double ratio = mean(rb.values(), nCore >= 12 ? core : lesion) / mean(rb.values(), marrow);
                String fs = v[col.get("fat_sat_efficiency")];
                rows.add(new Row(
                        v[col.get("patient_id")],
                        v[col.get("diagnosis")],
                        LesionSubtype.parse(v[col.get("subtype")]),
                        Boolean.parseBoolean(v[col.get("atypical")]),
                        Sequence.parse(v[col.get("sequence")]),
                        v[col.get("scanner")],
                        rb.repetitionTime(),
                        rb.echoTime(),
                        rb.inversionTime(),
                        fs.isEmpty() ? 0 : Double.parseDouble(fs),
                        Double.parseDouble(v[col.get("marrow_ff")]),
                        d(v, col, "lesion_ff"),
                        d(v, col, "lesion_pd"),
                        d(v, col, "lesion_t1_water"),
                        d(v, col, "lesion_t2_water"),
                        d(v, col, "lesion_uptake"),
                        count(lesion),
                        ratio));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static double d(String[] v, Map<String, Integer> col, String name) {
        return Double.parseDouble(v[col.get(name)]);
    }

    static boolean[] readMask(Path png) throws IOException {
        BufferedImage img = ContactSheet.readPng(png);
        int w = img.getWidth();
        int h = img.getHeight();
        boolean[] m = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                m[y * w + x] = img.getRaster().getSample(x, y, 0) > 127;
            }
        }
        return m;
    }

    static boolean[] erode(boolean[] m, int n) {
        boolean[] o = new boolean[m.length];
        for (int i = n; i < m.length - n; i++) {
            int c = i % n;
            o[i] = m[i] && c > 0 && c < n - 1 && m[i - 1] && m[i + 1] && m[i - n] && m[i + n];
        }
        return o;
    }

    static int count(boolean[] m) {
        int c = 0;
        for (boolean b : m) {
            c += b ? 1 : 0;
        }
        return c;
    }

    static double mean(double[] v, boolean[] m) {
        double s = 0;
        int c = 0;
        for (int i = 0; i < v.length; i++) {
            if (m[i]) {
                s += v[i];
                c++;
            }
        }
        return c == 0 ? Double.NaN : s / c;
    }
}
