package org.hemamet.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.Json;
import org.hemamet.core.TestTrees;
import org.hemamet.preprocess.FloatImage;
import org.hemamet.preprocess.LesionCropper;
import org.hemamet.preprocess.SavePng16;
import org.hemamet.synth.CohortSynthesizer;
import org.hemamet.synth.PhantomParameters;

/**
 * Ingest throughput on 512×512 sources. Three cohorts: the synthetic cohort of {@code hemamet synth --matrix
 * 512} (12-bit-in-16 DICOM, every region linked to its slice by SOPInstanceUID; several DICOM slices per
 * crop are indexed), the same cohort from its 8-bit PNG exports alone (no dicom/), and a cohort of
 * 16-bit noisy PNGs (one per crop). Reports crops per wall second and crops per CPU second, the CPU time
 * being that of the process (all threads: workers, GC, JIT), so it is not inflated by other processes on a
 * shared machine. Run: {@code java -cp target/classes:target/test-classes:$CP org.hemamet.ingest.IngestBenchmark
 * WORK_DIR [THREADS...]}, or through {@code IngestBenchmarkTest} (slow tag).
 */
public final class IngestBenchmark {
    private IngestBenchmark() {}

    /** One measurement. */
    public record Rate(String cohort, int threads, int crops, double wallSeconds, double cpuSeconds) {
        public double perWallSecond() {
            return crops / wallSeconds;
        }

        public double perCpuSecond() {
            return crops / cpuSeconds;
        }

        Rate withName(String name) {
            return new Rate(name, threads, crops, wallSeconds, cpuSeconds);
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%-10s threads=%d crops=%d: %.0f crops/s wall, %.0f crops per CPU-second"
                            + " (wall %.2f s, cpu %.2f s)",
                    cohort,
                    threads,
                    crops,
                    perWallSecond(),
                    perCpuSecond(),
                    wallSeconds,
                    cpuSeconds);
        }
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int[] threads = args.length > 1
                ? Stream.of(args).skip(1).mapToInt(Integer::parseInt).toArray()
                : new int[] {1};
        Path synth = synthCohort(work.resolve("synth"), 40);
        Path png8 = pngOnly(synth, work.resolve("png8"));
        Path png16 = png16Cohort(work.resolve("png16"), 300);
        measure(png16, work.resolve("out"), 1, 2); // warm-up
        for (int t : threads) {
            System.out.println(measure(synth, work.resolve("out"), t, 3).withName("dicom"));
            System.out.println(measure(png8, work.resolve("out"), t, 3).withName("png8"));
            System.out.println(measure(png16, work.resolve("out"), t, 1).withName("png16"));
        }
        System.out.println("png16 " + encodeCeiling(work.resolve("out")));
        measure(synth, work.resolve("out"), 1, 1);
        System.out.println("synth " + encodeCeiling(work.resolve("out")));
    }

    /**
     * The floor that byte-identical output sets: re-encodes the crops of a dataset ({@code SavePng16.encode},
     * whose zlib level fixes the bytes) and deflates their filtered rows alone, on this thread.
     */
    public static String encodeCeiling(Path dataset) throws IOException {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        java.util.List<FloatImage> crops = new java.util.ArrayList<>();
        try (Stream<Path> s = Files.list(dataset.resolve("crops"))) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                FloatImage raw = org.hemamet.preprocess.LoadImage.load(p);
                float[] v = raw.pixels().clone();
                for (int i = 0; i < v.length; i++) {
                    v[i] /= 65535f;
                }
                crops.add(new FloatImage(raw.width(), raw.height(), v));
            }
        }
        for (FloatImage c : crops) {
            SavePng16.encode(c); // warm-up
        }
        long c0 = mx.getCurrentThreadCpuTime();
        for (FloatImage c : crops) {
            SavePng16.encode(c);
        }
        double encode = (mx.getCurrentThreadCpuTime() - c0) / 1e9 / crops.size();
        byte[] raw = new byte[(1 + 2 * 256) * 256];
        byte[] buf = new byte[1 << 16];
        long deflateNanos = 0;
        for (FloatImage c : crops) {
            float[] px = c.pixels();
            for (int y = 0; y < c.height(); y++) {
                int o = y * (1 + 2 * c.width());
                raw[o] = 1;
                int prev = 0;
                for (int x = 0; x < c.width(); x++) {
                    int q = Math.round(px[y * c.width() + x] * 65535f);
                    raw[o + 1 + 2 * x] = (byte) ((q >>> 8) - (prev >>> 8));
                    raw[o + 2 + 2 * x] = (byte) ((q & 0xFF) - (prev & 0xFF));
                    prev = q;
                }
            }
            long d0 = mx.getCurrentThreadCpuTime();
            java.util.zip.Deflater d = new java.util.zip.Deflater(SavePng16.DEFLATE_LEVEL);
            d.setInput(raw, 0, (1 + 2 * c.width()) * c.height());
            d.finish();
            while (!d.finished()) {
                d.deflate(buf);
            }
            d.end();
            deflateNanos += mx.getCurrentThreadCpuTime() - d0;
        }
        double deflate = deflateNanos / 1e9 / crops.size();
        return String.format(
                Locale.ROOT,
                "crop PNG encode (%d real crops): %.2f ms CPU each, of which zlib level-"
                        + SavePng16.DEFLATE_LEVEL
                        + " deflate %.2f ms -> at most %.0f crops per CPU-second from the encode alone",
                crops.size(),
                encode * 1e3,
                deflate * 1e3,
                1 / encode);
    }

    /** The synthetic cohort ({@code synth --matrix 512}), generated once into {@code dir}. */
    public static Path synthCohort(Path dir, int patients) {
        Path cohort = dir.resolve("cohort");
        if (!Files.isDirectory(cohort)) {
            CohortSynthesizer.generate(
                    oneLesionPerPatient(),
                    new CohortSynthesizer.Options(
                            patients, 11, null, 512, Runtime.getRuntime().availableProcessors()),
                    dir,
                    () -> {});
        }
        return cohort;
    }

    /**
     * The default table with one annotated lesion per patient: the cohort the recorded crop hashes were made
     * on (synth draws the further lesions of multi-lesion patients last, so with their share at 0 every other
     * draw is as before).
     */
    private static PhantomParameters oneLesionPerPatient() {
        try {
            Path over = Files.createTempFile("one-lesion", ".json");
            over.toFile().deleteOnExit();
            Files.writeString(
                    over,
                    "{\"cohort\": {\"multi_lesion_fraction\": {\"hemangioma\": 0, \"breast\": 0, \"lung\": 0,"
                            + " \"prostate\": 0, \"rcc\": 0, \"myeloma\": 0}}}");
            return PhantomParameters.defaults().with(over);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A copy of a synthetic cohort without dicom/ and without sop_instance_uid links: crops from the PNGs. */
    public static Path pngOnly(Path synthCohort, Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path tmp = Files.createDirectories(dir.resolveSibling(dir.getFileName() + ".tmp"));
        Files.copy(synthCohort.resolve("cohort.csv"), tmp.resolve("cohort.csv"));
        TestTrees.copy(synthCohort.resolve("png"), tmp.resolve("png"));
        Files.createDirectories(tmp.resolve("annotations"));
        for (Path via : Files.list(synthCohort.resolve("annotations")).toList()) {
            JsonNode n = Json.mapper().readTree(via.toFile());
            for (Iterator<JsonNode> it = n.path("_via_img_metadata").elements(); it.hasNext(); ) {
                ((ObjectNode) it.next().path("file_attributes")).remove("sop_instance_uid");
            }
            Json.mapper()
                    .writeValue(
                            tmp.resolve("annotations")
                                    .resolve(via.getFileName())
                                    .toFile(),
                            n);
        }
        Files.move(tmp, dir);
        return dir;
    }

    /** {@code n} 512×512 16-bit noisy PNGs (one region each), as the first benchmark used. */
    public static Path png16Cohort(Path dir, int n) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path tmp = Files.createDirectories(dir.resolveSibling(dir.getFileName() + ".tmp"));
        SplittableRandom rnd = new SplittableRandom(7);
        StringBuilder csv = new StringBuilder("patient_id,lesion_id,diagnosis\n");
        StringBuilder via = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            float[] f = new float[512 * 512];
            for (int k = 0; k < f.length; k++) {
                f[k] = (200 + ((k % 512) * 3 + (k / 512) * 2) % 1500 + rnd.nextInt(300)) / 4095f;
            }
            String pid = "P" + i;
            Path p = tmp.resolve("png/" + pid + "/T1/im" + i + ".png");
            Files.createDirectories(p.getParent());
            Files.write(p, SavePng16.encode(new FloatImage(512, 512, f), 6)); // the inputs as before (level 6)
            csv.append(pid)
                    .append(",L1,")
                    .append(i % 2 == 0 ? "hemangioma" : "lung")
                    .append('\n');
            via.append(i > 0 ? "," : "")
                    .append("\"k")
                    .append(i)
                    .append("\":{\"filename\":\"png/")
                    .append(pid)
                    .append("/T1/im")
                    .append(i)
                    .append(".png\",\"size\":1,\"file_attributes\":{},\"regions\":[{"
                            + "\"shape_attributes\":{\"name\":\"rect\",\"x\":")
                    .append(100 + rnd.nextInt(250))
                    .append(",\"y\":")
                    .append(100 + rnd.nextInt(250))
                    .append(",\"width\":")
                    .append(20 + rnd.nextInt(90))
                    .append(",\"height\":")
                    .append(20 + rnd.nextInt(90))
                    .append("},\"region_attributes\":{\"lesion_id\":\"L1\"}}]}");
        }
        Files.writeString(tmp.resolve("cohort.csv"), csv);
        Files.createDirectories(tmp.resolve("annotations"));
        Files.writeString(tmp.resolve("annotations/via.json"), via + "}");
        Files.move(tmp, dir);
        return dir;
    }

    /** Best of {@code repeats} fresh ingests of {@code cohort} with {@code threads} workers. */
    public static Rate measure(Path cohort, Path out, int threads, int repeats) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Rate best = null;
        for (int r = 0; r < repeats; r++) {
            AtomicFiles.deleteRecursively(out);
            AtomicFiles.deleteRecursively(out.resolveSibling(out.getFileName() + ".key"));
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            Ingest.Summary s = Ingest.run(options(cohort, out, threads), Ingest.Listener.NONE);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - c0) / 1e9;
            Rate rate = new Rate(cohort.getFileName().toString(), threads, s.written(), wall, cpu);
            if (best == null || rate.cpuSeconds() < best.cpuSeconds()) {
                best = rate;
            }
        }
        return best;
    }

    static IngestOptions options(Path cohort, Path out, int threads) {
        return new IngestOptions(cohort, out, LesionCropper.Params.DEFAULT, null, null, threads);
    }
}
