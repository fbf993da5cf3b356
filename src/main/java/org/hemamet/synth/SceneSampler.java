package org.hemamet.synth;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hemamet.cohort.Sequence;

/**
 * Samples a patient's {@link PatientScene} from the parameter table. The patient's stream is split into
 * five children (anatomy, tissues, lesion, texture, acquisition), each drawn in a fixed order, so that the
 * same plan always gives the same scene and a missing series does not shift the draws of the others.
 */
final class SceneSampler {
    private final PhantomParameters p;
    private final int matrix;

    SceneSampler(PhantomParameters p, int matrix) {
        this.p = p;
        this.matrix = matrix;
    }

    /** Where the primary lesion sits: its level and the slice exported as the key image. */
    private record Placement(int level, int keySlice) {}

    /** The sagittal slab: slice thickness, spacing and lateral positions. */
    private record Slab(double thickness, double spacing, double[] sliceX) {}

    PatientScene sample(PatientPlan plan) {
        SplittableRandom rnd = plan.rnd();
        SplittableRandom anatRnd = rnd.split();
        SplittableRandom tissueRnd = rnd.split();
        SplittableRandom lesionRnd = rnd.split();
        SplittableRandom textureRnd = rnd.split();
        SplittableRandom acqRnd = rnd.split();

        double fov = p.range("image.fov_mm").sample(acqRnd);
        int centreLevel = 4 + anatRnd.nextInt(5); // T11..L3
        SpineAnatomy anat = new SpineAnatomy(anatRnd, fov, centreLevel);
        Slab slab = slab(acqRnd);
        PatientScene.Tissues tissues = tissues(plan, tissueRnd);
        Placement placement = placeLesions(plan, anat, slab, lesionRnd);
        PatientScene.LesionLook look = look(plan.subtype(), lesionRnd);
        int[] lesionLevels = annotateMore(plan, anat, slab, placement, lesionRnd);
        double texAmp = p.range("image.texture_amplitude").sample(textureRnd);

        double slope = PatientSynthesizer.round4(plan.scanner().rescaleSlope().sample(acqRnd));
        int margin = (int) Math.ceil(p.num("image.motion_shift_mm") / (fov / (2.0 * matrix))) + 1;
        String agent = List.of("GADOVIST", "DOTAREM", "MAGNEVIST").get(acqRnd.nextInt(3));
        Map<Sequence, PatientScene.Series> series = new EnumMap<>(Sequence.class);
        for (Sequence q : Sequence.values()) {
            SplittableRandom sr = acqRnd.split(); // drawn for every sequence, so a missing one does not shift others
            if (plan.sequences().contains(q)) {
                series.put(q, series(q, plan.scanner(), margin, sr));
            }
        }
        PatientScene.Geometry geometry = new PatientScene.Geometry(
                fov,
                matrix,
                margin,
                slab.thickness(),
                slab.spacing(),
                slab.sliceX(),
                placement.keySlice(),
                lesionLevels);
        PatientScene.Texture texture = new PatientScene.Texture(texAmp, sliceTextures(slab, fov, textureRnd));
        return new PatientScene(plan, geometry, anat, tissues, look, texture, slope, agent, series);
    }

    private Slab slab(SplittableRandom acqRnd) {
        int nSlices = p.range("cohort.slices").sampleInt(acqRnd);
        double thick =
                PatientSynthesizer.round1(p.range("image.slice_thickness_mm").sample(acqRnd));
        double spacing =
                PatientSynthesizer.round1(thick + p.range("image.slice_gap_mm").sample(acqRnd));
        double xOff = PatientSynthesizer.round1(-2 + 4 * acqRnd.nextDouble());
        double[] sliceX = new double[nSlices];
        for (int k = 0; k < nSlices; k++) {
            sliceX[k] = (k - (nSlices - 1) / 2.0) * spacing + xOff;
        }
        return new Slab(thick, spacing, sliceX);
    }

    private PatientScene.Tissues tissues(PatientPlan plan, SplittableRandom tissueRnd) {
        Map<String, Tissue.Sample> tissues = new LinkedHashMap<>();
        for (String t : Label.TISSUE) {
            if (t != null) {
                tissues.put(t, p.tissue(t).sample(tissueRnd));
            }
        }
        double ff20 = p.num("marrow_fat_fraction_age.ff_at_20");
        double ff80 = p.num("marrow_fat_fraction_age.ff_at_80");
        Range ffClip = p.range("marrow_fat_fraction_age.range");
        double marrowFf = ff20
                + (ff80 - ff20) * (plan.age() - 20) / 60.0
                + p.num("marrow_fat_fraction_age.sd") * tissueRnd.nextGaussian();
        marrowFf = Math.max(ffClip.lo(), Math.min(ffClip.hi(), marrowFf));
        Tissue.Sample marrow = tissues.get("marrow").withFf(marrowFf);
        tissues.put("marrow", marrow);
        LesionSubtype subtype = plan.subtype();
        Tissue.Sample lesA = p.tissue(subtype.tissue()).sample(tissueRnd);
        Tissue.Sample lesB = subtype.secondaryTissue() == null
                ? null
                : p.tissue(subtype.secondaryTissue()).sample(tissueRnd);
        return new PatientScene.Tissues(tissues, marrow, lesA, lesB);
    }

    /** Adds the primary lesion L1 (and sometimes an unannotated one at another level) to the anatomy. */
    private Placement placeLesions(PatientPlan plan, SpineAnatomy anat, Slab slab, SplittableRandom lesionRnd) {
        double[] sliceX = slab.sliceX();
        double spacing = slab.spacing();
        int nSlices = sliceX.length;
        List<Integer> visible = anat.visibleLevels();
        List<Integer> inner = visible.size() > 2 ? visible.subList(1, visible.size() - 1) : visible;
        int lvlIdx = inner.get(lesionRnd.nextInt(inner.size()));
        SpineAnatomy.Level lvl = anat.levels.get(lvlIdx);
        List<Integer> keyCandidates = new ArrayList<>();
        for (int k = 0; k < nSlices; k++) {
            if (Math.abs(sliceX[k]) < 0.55 * lvl.halfWidth() && Math.abs(k - (nSlices - 1) / 2.0) <= 1.5) {
                keyCandidates.add(k);
            }
        }
        if (keyCandidates.isEmpty()) {
            keyCandidates.add(nSlices / 2);
        }
        int key = keyCandidates.get(lesionRnd.nextInt(keyCandidates.size()));
        int span = 1 + lesionRnd.nextInt(3);
        SpineAnatomy.Lesion lesion = makeLesion(
                lesionRnd,
                lvlIdx,
                lvl,
                sliceX[key] + (lesionRnd.nextDouble() - 0.5) * 0.5 * spacing,
                spacing * (0.55 + 0.5 * (span - 1)),
                1,
                p.range("lesion.diameter_mm"));
        anat.lesions.add(lesion);
        if (lesionRnd.nextDouble()
                < p.num("cohort.extra_lesion_probability." + plan.diagnosis().id())) {
            List<Integer> others = new ArrayList<>(visible);
            others.remove(Integer.valueOf(lvlIdx));
            if (!others.isEmpty()) {
                int o = others.get(lesionRnd.nextInt(others.size()));
                SpineAnatomy.Level ol = anat.levels.get(o);
                anat.lesions.add(makeLesion(
                        lesionRnd,
                        o,
                        ol,
                        -0.4 * ol.halfWidth() + 0.8 * ol.halfWidth() * lesionRnd.nextDouble(),
                        spacing * (0.6 + lesionRnd.nextDouble()),
                        0,
                        new Range(5, 15)));
            }
        }
        return new Placement(lvlIdx, key);
    }

    /**
     * With the diagnosis' {@code cohort.multi_lesion_fraction}, gives the patient 1 to
     * {@code cohort.max_lesions_per_patient - 1} further annotated lesions (L2, L3, ...), each at a vertebral
     * level of its own that no other lesion occupies and visible on the key slice; the same subtype and
     * tissue draw as L1 (one primary tumour, one patient). Drawn after every other draw of the lesion stream,
     * so that a fraction of 0 gives exactly the single-lesion scene.
     *
     * @return the level index of every annotated lesion, L1 first
     */
    private int[] annotateMore(
            PatientPlan plan, SpineAnatomy anat, Slab slab, Placement placement, SplittableRandom lesionRnd) {
        List<Integer> levels = new ArrayList<>(List.of(placement.level()));
        int max = p.maxLesionsPerPatient();
        if (lesionRnd.nextDouble() >= p.multiLesionFraction(plan.diagnosis()) || max < 2) {
            return new int[] {placement.level()};
        }
        int extra = 1 + lesionRnd.nextInt(max - 1);
        List<Integer> visible = anat.visibleLevels();
        List<Integer> free = new ArrayList<>(visible);
        for (SpineAnatomy.Lesion l : anat.lesions) {
            free.remove(Integer.valueOf(l.level()));
        }
        double[] sliceX = slab.sliceX();
        double spacing = slab.spacing();
        for (int k = 2; k <= extra + 1 && !free.isEmpty(); k++) {
            int lvlIdx = free.remove(lesionRnd.nextInt(free.size()));
            int span = 1 + lesionRnd.nextInt(3);
            anat.lesions.add(makeLesion(
                    lesionRnd,
                    lvlIdx,
                    anat.levels.get(lvlIdx),
                    sliceX[placement.keySlice()] + (lesionRnd.nextDouble() - 0.5) * 0.5 * spacing,
                    spacing * (0.55 + 0.5 * (span - 1)),
                    k,
                    p.range("lesion.diameter_mm")));
            levels.add(lvlIdx);
        }
        return levels.stream().mapToInt(Integer::intValue).toArray();
    }

    private static SpineAnatomy.Lesion makeLesion(
            SplittableRandom r,
            int level,
            SpineAnatomy.Level lvl,
            double xc,
            double rLat,
            int annotation,
            Range diameter) {
        double h = lvl.vTop() - lvl.vBot();
        double depth = lvl.depth() * Math.sqrt(Math.max(0.2, 1 - Math.pow(xc / lvl.halfWidth(), 2)));
        double r0 = Math.min(diameter.sample(r) / 2, 0.42 * Math.min(h, depth));
        double aspect = 0.8 + 0.4 * r.nextDouble();
        double vc = 0.5 * (lvl.vTop() + lvl.vBot()) + (r.nextDouble() - 0.5) * Math.max(0, h - 2 * r0 * aspect - 3);
        double tc = -depth / 2 + (r.nextDouble() - 0.5) * Math.max(0, depth - 2 * r0 - 3);
        double[] amp = new double[3];
        double[] ph = new double[3];
        for (int k = 0; k < 3; k++) {
            amp[k] = 0.03 + 0.09 * r.nextDouble() / (k + 1);
            ph[k] = 2 * Math.PI * r.nextDouble();
        }
        return new SpineAnatomy.Lesion(level, xc, vc, tc, r0, aspect, amp, ph, Math.max(rLat, 1.0), annotation);
    }

    /** The lesion's texture; the subtype-specific draws happen only for their subtypes. */
    private PatientScene.LesionLook look(LesionSubtype subtype, SplittableRandom lesionRnd) {
        double het = p.range("lesion.heterogeneity").sample(lesionRnd);
        double corduroyW = p.range("lesion.corduroy_bone_weight").sample(lesionRnd)
                * (subtype == LesionSubtype.HEMANGIOMA_ATYPICAL ? 0.5 : 1);
        double corduroyPeriod = p.range("lesion.corduroy_period_mm").sample(lesionRnd);
        double corduroyPhase = 2 * Math.PI * lesionRnd.nextDouble();
        double mixedW = p.range("lesion.mixed_secondary_weight").sample(lesionRnd);
        boolean rcc = subtype == LesionSubtype.RCC;
        boolean haemorrhage = rcc && lesionRnd.nextDouble() < p.num("lesion.rcc_haemorrhage_probability");
        boolean flowVoids = rcc && lesionRnd.nextDouble() < p.num("lesion.rcc_flow_void_probability");
        double diffuseDensity = subtype == LesionSubtype.MYELOMA_DIFFUSE
                ? p.range("lesion.myeloma_diffuse_density").sample(lesionRnd)
                : 0;
        return new PatientScene.LesionLook(
                subtype, het, corduroyW, corduroyPeriod, corduroyPhase, mixedW, haemorrhage, flowVoids, diffuseDensity);
    }

    private PatientScene.Series series(Sequence q, PhantomParameters.Scanner sc, int margin, SplittableRandom sr) {
        String base = "sequences." + q.name() + ".";
        double tr = Math.round(p.range(base + "tr").sample(sr));
        double te = PatientSynthesizer.round1(p.range(base + "te").sample(sr));
        double ti = q == Sequence.STIR ? Math.round(p.range(base + "ti").sample(sr)) : Double.NaN;
        double eta = q == Sequence.T1C ? p.range(base + "fat_sat_efficiency").sample(sr) : 0;
        SignalEquations.Acquisition a =
                new SignalEquations.Acquisition(q, tr, te, ti, eta, p.num("gadolinium_r1"), sc.t1ScaleWater());
        double etaVar = q == Sequence.T1C ? p.num(base + "fat_sat_variation") : 0;
        double[] etaPhase = {2 * Math.PI * sr.nextDouble(), 2 * Math.PI * sr.nextDouble()};
        double snr = p.range("image.snr").sample(sr) * sc.snrScale();
        double bias = p.range("image.coil_bias").sample(sr);
        double biasPhase = 2 * Math.PI * sr.nextDouble();
        double gainTarget = p.range("image.gain_target").sample(sr);
        int ox = sr.nextInt(2 * margin + 1) - margin;
        int oy = sr.nextInt(2 * margin + 1) - margin;
        int echoTrain = p.range(base + "echo_train").sampleInt(sr);
        int seriesNumber =
                switch (q) {
                    case T2 -> 2;
                    case T1 -> 3;
                    case STIR -> 4;
                    case T1C -> 7;
                };
        return new PatientScene.Series(
                q, a, etaVar, etaPhase, snr, bias, biasPhase, gainTarget, ox, oy, echoTrain, seriesNumber, sr);
    }

    /** One set of noise fields per slice, each slice from its own child of the texture stream. */
    private static List<PatientScene.SliceTexture> sliceTextures(Slab slab, double fov, SplittableRandom textureRnd) {
        List<PatientScene.SliceTexture> out = new ArrayList<>();
        for (int k = 0; k < slab.sliceX().length; k++) {
            SplittableRandom sliceRnd = textureRnd.split();
            ValueNoise fine = new ValueNoise(sliceRnd, 1.1, fov + 20);
            ValueNoise coarse = new ValueNoise(sliceRnd, 3.0, fov + 20);
            ValueNoise blob = new ValueNoise(sliceRnd, 2.5 + 2 * sliceRnd.nextDouble(), fov + 20);
            ValueNoise speck = new ValueNoise(sliceRnd, 1.6, fov + 20);
            out.add(new PatientScene.SliceTexture(fine, coarse, blob, speck));
        }
        return out;
    }
}
