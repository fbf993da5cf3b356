package org.hemamet.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.dicom.TestDicom;
import org.hemamet.preprocess.FloatImage;
import org.hemamet.preprocess.LesionCropper;
import org.hemamet.preprocess.SavePng16;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest throughput on 512×512 sources, from DICOM (PNG export linked by SOPInstanceUID, DICOM values
 * cropped) and from PNG alone (16-bit exports, no DICOM). Prints crops/s; single-threaded, so the number
 * is per core. Run: {@code mvn -B -o test -Pslow -Dtest=IngestBenchmarkTest}.
 */
@Tag("slow")
class IngestBenchmarkTest {
    static final int N = 300;

    @TempDir
    Path tmp;

    @Test
    void throughputOn512Sources() throws Exception {
        SplittableRandom rnd = new SplittableRandom(7);
        Path dicomCohort = tmp.resolve("c-dicom");
        Path pngCohort = tmp.resolve("c-png");
        StringBuilder cohortCsv = new StringBuilder("patient_id,lesion_id,diagnosis\n");
        StringBuilder viaD = new StringBuilder("{");
        StringBuilder viaP = new StringBuilder("{");
        for (int i = 0; i < N; i++) {
            short[] raster = new short[512 * 512];
            float[] f = new float[512 * 512];
            for (int k = 0; k < raster.length; k++) {
                int v = 200 + ((k % 512) * 3 + (k / 512) * 2) % 1500 + rnd.nextInt(300);
                raster[k] = (short) v;
                f[k] = v / 4095f;
            }
            String pid = "P" + i;
            String sop = "1.2.826.0.1.3680043.10.543.9." + i;
            TestDicom.write(dicomCohort.resolve("dicom/" + pid + "/im" + i), new TestDicom.Header(pid, "N^" + i,
                    "19500101", sop, "SAG T1 SE", "SE", 550, 12, 0, null), 512, 512, raster);
            byte[] png = SavePng16.encode(new FloatImage(512, 512, f));
            for (Path c : new Path[] {dicomCohort, pngCohort}) {
                Path p = c.resolve("png/" + pid + "/T1/" + sop + ".png");
                Files.createDirectories(p.getParent());
                Files.write(p, png);
            }
            cohortCsv.append(pid).append(",L1,").append(i % 2 == 0 ? "hemangioma" : "lung").append('\n');
            int x = 100 + rnd.nextInt(250);
            int y = 100 + rnd.nextInt(250);
            int w = 20 + rnd.nextInt(90);
            int h = 20 + rnd.nextInt(90);
            String entry = (i > 0 ? "," : "") + "\"k" + i + "\":{\"filename\":\"png/" + pid + "/T1/" + sop
                    + ".png\",\"size\":1,\"file_attributes\":{},\"regions\":[{\"shape_attributes\":{\"name\":\"rect\","
                    + "\"x\":" + x + ",\"y\":" + y + ",\"width\":" + w + ",\"height\":" + h + "},"
                    + "\"region_attributes\":{\"lesion_id\":\"L1\"}}]}";
            viaD.append(entry);
            viaP.append(entry);
        }
        for (Path c : new Path[] {dicomCohort, pngCohort}) {
            Files.writeString(c.resolve("cohort.csv"), cohortCsv);
            Files.createDirectories(c.resolve("annotations"));
            Files.writeString(c.resolve("annotations/via.json"), (c == dicomCohort ? viaD : viaP) + "}");
        }
        // warm-up on the PNG cohort, then measure each
        run(pngCohort, tmp.resolve("warm"));
        double[] dicomRate = run(dicomCohort, tmp.resolve("d-dicom"));
        double[] pngRate = run(pngCohort, tmp.resolve("d-png"));
        System.out.printf(Locale.ROOT, "INGEST BENCHMARK (512x512 sources, %d crops, 1 thread): from DICOM %.0f crops/s"
                + " wall, %.0f crops/s per CPU-second; from 16-bit PNG %.0f wall, %.0f per CPU-second%n", N,
                dicomRate[0], dicomRate[1], pngRate[0], pngRate[1]);
        // the core crop path alone
        FloatImage img = new FloatImage(512, 512, new float[512 * 512]);
        LesionCropper cropper = new LesionCropper(LesionCropper.Params.DEFAULT);
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        int m = 2000;
        for (int i = 0; i < m; i++) {
            SavePng16.encode(cropper.crop(img, new org.hemamet.annotation.BoundingBox(100 + i % 100, 120, 60, 45)).image());
        }
        System.out.printf(Locale.ROOT, "crop+resize+normalise+encode alone: %.0f crops per CPU-second%n",
                m / ((mx.getCurrentThreadCpuTime() - c0) / 1e9));
    }

    /** {crops per wall second, crops per CPU second of this (the only working) thread}. */
    static double[] run(Path cohort, Path out) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        Ingest.Summary s = Ingest.run(new IngestOptions(cohort, out, LesionCropper.Params.DEFAULT, null, null),
                Ingest.Listener.NONE);
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
        assertThat(s.samples()).isEqualTo(N);
        assertThat(DatasetManifest.read(out)).hasSize(N);
        return new double[] {N / secs, N / cpu};
    }
}
