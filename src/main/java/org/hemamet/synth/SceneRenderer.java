package org.hemamet.synth;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hemamet.cohort.Sequence;

/**
 * Forms a sampled patient's images. Each slice's label map (with texture and the lesion's secondary-tissue
 * weight) is rendered once at twice the matrix and shared by every series; each series then applies the
 * signal equations, downsamples 2x2 (partial volume) and applies its coil bias. Up to here the result is
 * a function of the scene alone. The scanner's receiver then adds Rician noise from the series' own stream,
 * sets the gain and quantises to 12 bits ({@link Receiver}).
 */
final class SceneRenderer {
    private SceneRenderer() {}

    /**
     * One series as the scanner stores it, with the true masks at its key slice.
     *
     * @param series the series' acquisition
     * @param stored stored values of each slice (row-major, matrix x matrix)
     * @param noiseSigma the Gaussian sigma of the receiver noise
     * @param gain the receiver gain
     * @param lesionMasks each annotated lesion at the key slice, L1 first
     * @param marrowMask pure normal marrow at the key slice
     */
    record RenderedSeries(
            PatientScene.Series series,
            short[][] stored,
            double noiseSigma,
            double gain,
            List<boolean[]> lesionMasks,
            boolean[] marrowMask) {}

    /**
     * A slice's label map at twice the matrix plus a margin, with texture and secondary-tissue weight;
     * {@code annotation} holds, per sub-pixel, the number k of the annotated lesion L k that covers it (0: none).
     */
    record SliceLabels(byte[] labels, byte[] annotation, float[] texture, float[] mix, int width, int margin) {}

    /** Renders every series of the scene, in sequence order. */
    static Map<Sequence, RenderedSeries> render(PatientScene scene) {
        Map<Sequence, SeriesSignal> signals = new LinkedHashMap<>();
        for (PatientScene.Series s : scene.series().values()) {
            signals.put(
                    s.sequence(),
                    new SeriesSignal(s, scene.tissues(), scene.geometry().matrix()));
        }
        PatientScene.Geometry g = scene.geometry();
        int slices = g.slices();
        Map<Sequence, float[][]> clean = new EnumMap<>(Sequence.class);
        Map<Sequence, List<boolean[]>> lesionMasks = new EnumMap<>(Sequence.class);
        int annotated = g.lesionLevels().length;
        Map<Sequence, boolean[]> marrowMasks = new EnumMap<>(Sequence.class);
        signals.keySet().forEach(q -> clean.put(q, new float[slices][]));
        for (int k = 0; k < slices; k++) {
            SliceLabels labels = labels(scene, k);
            for (SeriesSignal s : signals.values()) {
                Sequence q = s.sequence();
                clean.get(q)[k] = s.slice(
                        labels, scene.texture().amplitude(), scene.lesion().heterogeneity());
                if (k == g.keySlice()) {
                    List<boolean[]> masks = new ArrayList<>();
                    for (int a = 1; a <= annotated; a++) {
                        masks.add(s.lesionMask(labels, a));
                    }
                    lesionMasks.put(q, masks);
                    marrowMasks.put(q, s.marrowMask(labels));
                }
            }
        }
        Map<Sequence, RenderedSeries> out = new EnumMap<>(Sequence.class);
        for (PatientScene.Series s : scene.series().values()) {
            Sequence q = s.sequence();
            Receiver.Digitised d = Receiver.digitise(clean.get(q), s, g.matrix());
            out.put(q, new RenderedSeries(s, d.stored(), d.sigma(), d.gain(), lesionMasks.get(q), marrowMasks.get(q)));
        }
        return out;
    }

    /** The label map of slice {@code k} (pure: a function of the scene). */
    static SliceLabels labels(PatientScene scene, int k) {
        PatientScene.Geometry g = scene.geometry();
        SpineAnatomy anat = scene.anatomy();
        PatientScene.LesionLook look = scene.lesion();
        PatientScene.SliceTexture t = scene.texture().slices().get(k);
        double fov = g.fov();
        double n2mm = g.subPixel();
        int margin = g.margin();
        int cw = 2 * g.matrix() + 2 * margin;
        byte[] lab = new byte[cw * cw];
        float[] tex = new float[cw * cw];
        float[] mix = new float[cw * cw];
        byte[] own = new byte[cw * cw];
        double[] cu = new double[cw];
        double[] cv = new double[cw];
        for (int j = 0; j < cw; j++) {
            cu[j] = (j - margin + 0.5) * n2mm - fov / 2;
            cv[j] = fov / 2 - (j - margin + 0.5) * n2mm;
        }
        double x = g.sliceX()[k];
        double[] lat = new double[anat.lesions.size()];
        for (int li = 0; li < lat.length; li++) {
            lat[li] = anat.lesions.get(li).lateralScale(x);
        }
        for (int i = 0; i < cw; i++) {
            double v = cv[i];
            double wall = anat.wall(v);
            int body = anat.bodyAt(v);
            int disc = body < 0 ? anat.discAt(v) : -1;
            for (int j = 0; j < cw; j++) {
                double u = cu[j];
                int idx = i * cw + j;
                byte l = anat.label(x, u, v, wall, body, disc);
                float tx = 0;
                float mx = 0;
                if (l == Label.MUSCLE || l == Label.SOFT || l == Label.FAT) {
                    tx = (float) t.coarse().at(u, v);
                } else if (l == Label.MARROW) {
                    tx = (float) (0.7 * t.fine().at(u, v) + 0.3 * t.coarse().at(u, v));
                    for (int li = 0; li < lat.length; li++) {
                        SpineAnatomy.Lesion les = anat.lesions.get(li);
                        if (lat[li] > 0 && les.contains(x, u - wall, v, lat[li])) {
                            l = les.annotated() ? Label.LESION : Label.LESION_OTHER;
                            own[idx] = (byte) les.annotation();
                            tx = (float) t.blob().at(u, v);
                            mx = (float) secondaryWeight(look, u, v, t);
                            if (look.flowVoids() && t.speck().at(u * 1.7, v * 1.7) > 0.82) {
                                l = Label.VOID;
                            }
                            break;
                        }
                    }
                    if (l == Label.MARROW
                            && look.diffuseDensity() > 0
                            && t.speck().at(u, v) > 1 - 2 * look.diffuseDensity()) {
                        l = Label.DIFFUSE;
                    }
                }
                lab[idx] = l;
                tex[idx] = tx;
                mix[idx] = mx;
            }
        }
        return new SliceLabels(lab, own, tex, mix, cw, margin);
    }

    /** Weight (0..1) of the secondary tissue at (u, v) inside the lesion. */
    private static double secondaryWeight(
            PatientScene.LesionLook look, double u, double v, PatientScene.SliceTexture t) {
        return switch (look.subtype().mix()) {
            case TRABECULAE -> {
                // thickened vertical trabeculae: stripes of bone along v ("corduroy"), slightly wavy
                double c = Math.cos(2 * Math.PI * (u + 0.6 * t.blob().at(u, v * 0.3)) / look.trabecularPeriod()
                        + look.trabecularPhase());
                yield look.trabecularWeight() * Math.pow(Math.max(0, c), 3);
            }
            case PATCHES ->
                Math.max(0, Math.min(1, look.mixedWeight() + 0.8 * t.blob().at(u * 0.8, v * 0.8)));
            case HAEMORRHAGE -> look.haemorrhage() && t.speck().at(u * 0.6 + 40, v * 0.6) > 0.45 ? 1 : 0;
            case NONE -> 0;
        };
    }
}
