package org.hemamet.synth;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hemamet.cohort.Sequence;
import org.hemamet.dicom.MrSeriesWriter;

/**
 * Writes a rendered patient as a PACS export and its ground truth: per series the DICOM slices, the
 * windowed key-image PNG, the region a reader draws around the lesion (from the series' stream, after its
 * noise) for each annotated lesion, the true lesion and marrow masks and one ground-truth row per lesion.
 */
final class PatientFiles {
    private final long seed;
    private final Path cohortDir;
    private final Path truthDir;

    PatientFiles(long seed, Path cohortDir, Path truthDir) {
        this.seed = seed;
        this.cohortDir = cohortDir;
        this.truthDir = truthDir;
    }

    /** Writes every series of the patient, in sequence order. */
    PatientSynthesizer.Result write(PatientScene scene, Map<Sequence, SceneRenderer.RenderedSeries> rendered)
            throws IOException {
        List<PatientSynthesizer.KeyImage> keys = new ArrayList<>();
        List<Map<String, Object>> truth = new ArrayList<>();
        int key = scene.geometry().keySlice();
        int matrix = scene.geometry().matrix();
        List<PatientSynthesizer.AnnotatedLesion> lesions = annotatedLesions(scene);
        for (SceneRenderer.RenderedSeries s : rendered.values()) {
            Sequence q = s.series().sequence();
            double[] window = Receiver.window(s.stored()[key], scene.rescaleSlope());
            String keySop = writeDicom(scene, s, window);
            // key image export (8-bit, windowed as a viewer shows it) and the drawn region
            String png = "png/" + scene.plan().patientId() + "/" + q.name() + "/" + keySop + ".png";
            byte[] pngBytes = windowedPng(s.stored()[key], matrix, scene.rescaleSlope(), window[0], window[1]);
            Path pf = cohortDir.resolve(png);
            Files.createDirectories(pf.getParent());
            Files.write(pf, pngBytes);
            List<PatientSynthesizer.Region> regions = new ArrayList<>();
            String marrowPath = "masks/" + scene.plan().patientId() + "/marrow_" + q.name() + ".png";
            writeMask(truthDir.resolve(marrowPath), s.marrowMask(), matrix);
            for (int a = 0; a < lesions.size(); a++) {
                boolean[] mask = s.lesionMasks().get(a);
                String lesionId = lesions.get(a).lesionId();
                if (a > 0 && area(mask) == 0) {
                    continue; // a further lesion hidden on this series' key slice (flow voids): not drawn
                }
                // drawn in lesion order from the series' stream, so L1's region is the same with or without L2
                regions.add(new PatientSynthesizer.Region(
                        lesionId, Annotator.draw(mask, matrix, s.series().noise())));
                String maskPath = "masks/" + scene.plan().patientId() + "/" + lesionId + "_" + q.name() + ".png";
                writeMask(truthDir.resolve(maskPath), mask, matrix);
                truth.add(truthRow(scene, s, lesions.get(a), mask, keySop, maskPath, marrowPath));
            }
            // the normal-marrow reference region a reader draws beside L1, clear of every lesion (no random draw)
            Map<String, Object> reference = ReferenceAnnotator.draw(s.marrowMask(), s.lesionMasks(), matrix);
            keys.add(new PatientSynthesizer.KeyImage(q, keySop, png, pngBytes.length, regions, reference));
        }
        return new PatientSynthesizer.Result(scene.plan(), lesions, keys, truth);
    }

    /** The annotated lesions of the scene, L1 first. */
    private static List<PatientSynthesizer.AnnotatedLesion> annotatedLesions(PatientScene scene) {
        List<PatientSynthesizer.AnnotatedLesion> out = new ArrayList<>();
        List<SpineAnatomy.Level> levels = scene.lesionLevels();
        for (int a = 0; a < levels.size(); a++) {
            out.add(new PatientSynthesizer.AnnotatedLesion(
                    "L" + (a + 1), levels.get(a).name()));
        }
        return out;
    }

    private static int area(boolean[] mask) {
        int area = 0;
        for (boolean b : mask) {
            area += b ? 1 : 0;
        }
        return area;
    }

    /** Writes the series' DICOM slices; returns the key slice's SOP instance UID. */
    private String writeDicom(PatientScene scene, SceneRenderer.RenderedSeries s, double[] window) throws IOException {
        PatientPlan plan = scene.plan();
        PatientScene.Geometry g = scene.geometry();
        PhantomParameters.Scanner sc = plan.scanner();
        PatientScene.Series series = s.series();
        SignalEquations.Acquisition acq = series.acquisition();
        Sequence q = series.sequence();
        String pid = plan.patientId();
        String desc = sc.descriptions().get(q);
        int matrix = g.matrix();
        double fov = g.fov();
        MrSeriesWriter.Series hdr = new MrSeriesWriter.Series(
                plan.patientName(),
                pid,
                plan.birthDate(),
                plan.sex(),
                plan.age(),
                Uids.of(seed, pid, "study"),
                plan.studyDate(),
                plan.studyTime(),
                plan.accessionNumber(),
                "1",
                "MRI SPINE THORACOLUMBAR",
                Uids.of(seed, pid, "series", q.name()),
                series.seriesNumber(),
                Uids.of(seed, pid, "for"),
                sc.manufacturer(),
                sc.model(),
                sc.institution(),
                sc.fieldStrength(),
                desc,
                desc,
                sc.scanningSequence().get(q),
                q == Sequence.STIR ? "SK\\SP\\MP" : "SK\\SP",
                q == Sequence.T1C ? "FS" : q == Sequence.STIR ? "IR" : "",
                acq.tr(),
                acq.te(),
                q == Sequence.STIR ? acq.ti() : null,
                series.echoTrain(),
                q == Sequence.T1C ? scene.contrastAgent() : null,
                matrix,
                matrix,
                PatientSynthesizer.round4(fov / matrix),
                PatientSynthesizer.round4(fov / matrix),
                g.thickness(),
                g.spacing(),
                new double[] {0, 1, 0, 0, 0, -1},
                scene.rescaleSlope(),
                0,
                window[0],
                window[1]);
        String dir = "dicom/" + pid + "/" + plan.studyDate() + "/" + series.seriesNumber() + "_"
                + desc.replaceAll("[^A-Za-z0-9]+", "_");
        boolean noExt = sc.manufacturer().startsWith("GE");
        String keySop = null;
        double[] sliceX = g.sliceX();
        for (int k = 0; k < g.slices(); k++) {
            String sop = Uids.of(seed, pid, "sop", q.name(), k);
            double[] pos = {sliceX[k], -fov / 2 + fov / matrix / 2, fov / 2 - fov / matrix / 2};
            MrSeriesWriter.Slice sl = new MrSeriesWriter.Slice(sop, k + 1, pos, sliceX[k], s.stored()[k]);
            Path f = cohortDir.resolve(dir).resolve(String.format(Locale.ROOT, "IM%05d%s", k + 1, noExt ? "" : ".dcm"));
            Files.createDirectories(f.getParent());
            Files.write(f, MrSeriesWriter.encode(hdr, sl));
            if (k == g.keySlice()) {
                keySop = sop;
            }
        }
        return keySop;
    }

    /** One row of ground-truth {@code lesions.csv}: the lesion, the series' acquisition, the true tissues. */
    private static Map<String, Object> truthRow(
            PatientScene scene,
            SceneRenderer.RenderedSeries s,
            PatientSynthesizer.AnnotatedLesion lesion,
            boolean[] mask,
            String keySop,
            String maskPath,
            String marrowPath) {
        PatientPlan plan = scene.plan();
        PatientScene.Series series = s.series();
        SignalEquations.Acquisition acq = series.acquisition();
        Sequence q = series.sequence();
        Tissue.Sample marrow = scene.tissues().marrow();
        Tissue.Sample lesA = scene.tissues().lesion();
        Tissue.Sample lesB = scene.tissues().secondary();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("patient_id", plan.patientId());
        row.put("lesion_id", lesion.lesionId());
        row.put("diagnosis", plan.diagnosis().id());
        row.put("subtype", plan.subtype().id());
        row.put("atypical", plan.atypical());
        row.put("level", lesion.level());
        row.put("sequence", q.name());
        row.put("sop_instance_uid", keySop);
        row.put("key_slice", scene.geometry().keySlice() + 1);
        row.put("mask", maskPath);
        row.put("marrow_mask", marrowPath);
        row.put("lesion_pixels", area(mask));
        row.put("scanner", plan.scanner().name());
        row.put("field_strength", plan.scanner().fieldStrength());
        row.put("tr", acq.tr());
        row.put("te", acq.te());
        row.put("ti", Double.isNaN(acq.ti()) ? "" : acq.ti());
        row.put("fat_sat_efficiency", q == Sequence.T1C ? PatientSynthesizer.round4(acq.fatSatEfficiency()) : "");
        row.put("snr", PatientSynthesizer.round4(series.snr()));
        row.put("noise_sigma", PatientSynthesizer.round4(s.noiseSigma()));
        row.put("gain", PatientSynthesizer.round4(s.gain()));
        row.put("rescale_slope", scene.rescaleSlope());
        row.put("marrow_ff", PatientSynthesizer.round4(marrow.ff()));
        row.put("lesion_tissue", lesA.name());
        row.put("lesion_ff", PatientSynthesizer.round4(lesA.ff()));
        row.put("lesion_pd", PatientSynthesizer.round4(lesA.pd()));
        row.put("lesion_t1_water", PatientSynthesizer.round4(lesA.t1Water()));
        row.put("lesion_t2_water", PatientSynthesizer.round4(lesA.t2Water()));
        row.put("lesion_uptake", PatientSynthesizer.round4(lesA.uptake()));
        row.put("secondary_tissue", lesB == null ? "" : lesB.name());
        row.put(
                "expected_ratio",
                PatientSynthesizer.round4(SignalEquations.signal(lesA, acq) / SignalEquations.signal(marrow, acq)));
        return row;
    }

    static byte[] windowedPng(short[] stored, int n, double slope, double centre, double width) {
        BufferedImage img = new BufferedImage(n, n, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = img.getRaster();
        double lo = centre - width / 2;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double val = (stored[i * n + j] & 0xffff) * slope;
                int g = (int) Math.round(255 * (val - lo) / width);
                r.setSample(j, i, 0, Math.max(0, Math.min(255, g)));
            }
        }
        return PatientSynthesizer.png(img);
    }

    private static void writeMask(Path f, boolean[] mask, int n) throws IOException {
        BufferedImage img = new BufferedImage(n, n, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = img.getRaster();
        for (int i = 0; i < n * n; i++) {
            r.setSample(i % n, i / n, 0, mask[i] ? 255 : 0);
        }
        Files.createDirectories(f.getParent());
        Files.write(f, PatientSynthesizer.png(img));
    }
}
