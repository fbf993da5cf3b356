package org.hemamet.synth;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.hemamet.cohort.Sequence;
import org.hemamet.dicom.MrSeriesWriter;

/**
 * Renders one patient: samples anatomy, tissues, lesion and acquisition from the parameter table, forms the
 * images through the signal equations (2x render, partial-volume downsampling, coil bias, Rician noise,
 * receiver gain, 12-bit quantisation) and writes the patient's DICOM series, key-image PNGs and true masks.
 */
final class PatientSynthesizer {
    /** The annotated key image of one series and its drawn VIA region. */
    record KeyImage(
            Sequence sequence,
            String sopInstanceUid,
            String pngPath,
            long pngSize,
            Map<String, Object> shapeAttributes) {}

    /** What a rendered patient contributes to the cohort table, the VIA project and the ground truth. */
    record Result(PatientPlan plan, String level, List<KeyImage> keyImages, List<Map<String, Object>> truth) {}

    private final PhantomParameters p;
    private final int matrix;
    private final long seed;
    private final Path cohortDir;
    private final Path truthDir;

    PatientSynthesizer(PhantomParameters p, int matrix, long seed, Path cohortDir, Path truthDir) {
        this.p = p;
        this.matrix = matrix;
        this.seed = seed;
        this.cohortDir = cohortDir;
        this.truthDir = truthDir;
    }

    /** Tissue names of the lesion's primary and secondary components. */
    private static String[] lesionTissues(String subtype) {
        return switch (subtype) {
            case "hemangioma_typical" -> new String[] {"hemangioma_typical", "cortical_bone"};
            case "hemangioma_atypical" -> new String[] {"hemangioma_atypical", "cortical_bone"};
            case "lytic" -> new String[] {"metastasis_lytic", null};
            case "sclerotic" -> new String[] {"metastasis_sclerotic", null};
            case "mixed" -> new String[] {"metastasis_lytic", "metastasis_sclerotic"};
            case "rcc" -> new String[] {"metastasis_rcc", "haemorrhage"};
            case "myeloma_focal", "myeloma_diffuse" -> new String[] {"myeloma", null};
            default -> throw new IllegalArgumentException("unknown lesion subtype '" + subtype + "'");
        };
    }

    Result render(PatientPlan plan) throws IOException {
        SplittableRandom rnd = plan.rnd();
        SplittableRandom anatRnd = rnd.split();
        SplittableRandom tissueRnd = rnd.split();
        SplittableRandom lesionRnd = rnd.split();
        SplittableRandom textureRnd = rnd.split();
        SplittableRandom acqRnd = rnd.split();

        double fov = p.range("image.fov_mm").sample(acqRnd);
        int centreLevel = 4 + anatRnd.nextInt(5); // T11..L3
        SpineAnatomy anat = new SpineAnatomy(anatRnd, fov, centreLevel);
        int nSlices = p.range("cohort.slices").sampleInt(acqRnd);
        double thick = round1(p.range("image.slice_thickness_mm").sample(acqRnd));
        double spacing = round1(thick + p.range("image.slice_gap_mm").sample(acqRnd));
        double xOff = round1(-2 + 4 * acqRnd.nextDouble());
        double[] sliceX = new double[nSlices];
        for (int k = 0; k < nSlices; k++) {
            sliceX[k] = (k - (nSlices - 1) / 2.0) * spacing + xOff;
        }

        // tissues
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
        String[] lt = lesionTissues(plan.subtype());
        Tissue.Sample lesA = p.tissue(lt[0]).sample(tissueRnd);
        Tissue.Sample lesB = lt[1] == null ? null : p.tissue(lt[1]).sample(tissueRnd);

        // lesion geometry
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
                true,
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
                        false,
                        new Range(5, 15)));
            }
        }
        double het = p.range("lesion.heterogeneity").sample(lesionRnd);
        double corduroyW = p.range("lesion.corduroy_bone_weight").sample(lesionRnd)
                * (plan.subtype().equals("hemangioma_atypical") ? 0.5 : 1);
        double corduroyPeriod = p.range("lesion.corduroy_period_mm").sample(lesionRnd);
        double corduroyPhase = 2 * Math.PI * lesionRnd.nextDouble();
        double mixedW = p.range("lesion.mixed_secondary_weight").sample(lesionRnd);
        boolean haemorrhage =
                plan.subtype().equals("rcc") && lesionRnd.nextDouble() < p.num("lesion.rcc_haemorrhage_probability");
        boolean flowVoids =
                plan.subtype().equals("rcc") && lesionRnd.nextDouble() < p.num("lesion.rcc_flow_void_probability");
        double diffuseDensity = plan.subtype().equals("myeloma_diffuse")
                ? p.range("lesion.myeloma_diffuse_density").sample(lesionRnd)
                : 0;
        double texAmp = p.range("image.texture_amplitude").sample(textureRnd);

        // acquisitions
        PhantomParameters.Scanner sc = plan.scanner();
        double slope = round4(sc.rescaleSlope().sample(acqRnd));
        double n2mm = fov / (2.0 * matrix);
        int margin = (int) Math.ceil(p.num("image.motion_shift_mm") / n2mm) + 1;
        Map<Sequence, SeriesState> series = new EnumMap<>(Sequence.class);
        int seriesNo = 2;
        String agent = List.of("GADOVIST", "DOTAREM", "MAGNEVIST").get(acqRnd.nextInt(3));
        for (Sequence q : Sequence.values()) {
            SplittableRandom sr = acqRnd.split(); // drawn for every sequence, so a missing one does not shift others
            if (!plan.sequences().contains(q)) {
                continue;
            }
            String base = "sequences." + q.name() + ".";
            double tr = Math.round(p.range(base + "tr").sample(sr));
            double te = round1(p.range(base + "te").sample(sr));
            double ti = q == Sequence.STIR ? Math.round(p.range(base + "ti").sample(sr)) : Double.NaN;
            double eta =
                    q == Sequence.T1C ? p.range(base + "fat_sat_efficiency").sample(sr) : 0;
            SignalEquations.Acquisition a =
                    new SignalEquations.Acquisition(q, tr, te, ti, eta, p.num("gadolinium_r1"), sc.t1ScaleWater());
            SeriesState s = new SeriesState(q, a, sr, nSlices, matrix);
            s.etaVar = q == Sequence.T1C ? p.num(base + "fat_sat_variation") : 0;
            s.etaPhase = new double[] {2 * Math.PI * sr.nextDouble(), 2 * Math.PI * sr.nextDouble()};
            s.snr = p.range("image.snr").sample(sr) * sc.snrScale();
            s.bias = p.range("image.coil_bias").sample(sr);
            s.biasPhase = 2 * Math.PI * sr.nextDouble();
            s.gainTarget = p.range("image.gain_target").sample(sr);
            s.ox = sr.nextInt(2 * margin + 1) - margin;
            s.oy = sr.nextInt(2 * margin + 1) - margin;
            s.echoTrain = p.range(base + "echo_train").sampleInt(sr);
            s.seriesNumber = switch (q) {
                case T2 -> 2;
                case T1 -> 3;
                case STIR -> 4;
                case T1C -> 7;
            };
            s.prepare(tissues, marrow, lesA, lesB);
            series.put(q, s);
            seriesNo++;
        }

        // render each slice once (labels + textures), then every series from it
        int n2 = 2 * matrix;
        int cw = n2 + 2 * margin;
        byte[] lab = new byte[cw * cw];
        float[] tex = new float[cw * cw];
        float[] mix = new float[cw * cw];
        double[] cu = new double[cw];
        double[] cv = new double[cw];
        for (int j = 0; j < cw; j++) {
            cu[j] = (j - margin + 0.5) * n2mm - fov / 2;
            cv[j] = fov / 2 - (j - margin + 0.5) * n2mm;
        }
        boolean[][] masksAtKey = new boolean[Sequence.values().length][];
        boolean[][] marrowAtKey = new boolean[Sequence.values().length][];
        for (int k = 0; k < nSlices; k++) {
            SplittableRandom sliceRnd = textureRnd.split();
            ValueNoise fine = new ValueNoise(sliceRnd, 1.1, fov + 20);
            ValueNoise coarse = new ValueNoise(sliceRnd, 3.0, fov + 20);
            ValueNoise blob = new ValueNoise(sliceRnd, 2.5 + 2 * sliceRnd.nextDouble(), fov + 20);
            ValueNoise speck = new ValueNoise(sliceRnd, 1.6, fov + 20);
            double x = sliceX[k];
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
                        tx = (float) coarse.at(u, v);
                    } else if (l == Label.MARROW) {
                        tx = (float) (0.7 * fine.at(u, v) + 0.3 * coarse.at(u, v));
                        for (int li = 0; li < lat.length; li++) {
                            SpineAnatomy.Lesion les = anat.lesions.get(li);
                            if (lat[li] > 0 && les.contains(x, u - wall, v, lat[li])) {
                                l = les.primary() ? Label.LESION : Label.LESION_OTHER;
                                tx = (float) blob.at(u, v);
                                mx = (float) lesionMix(
                                        plan.subtype(),
                                        u,
                                        v,
                                        blob,
                                        speck,
                                        corduroyW,
                                        corduroyPeriod,
                                        corduroyPhase,
                                        mixedW,
                                        haemorrhage);
                                if (flowVoids && speck.at(u * 1.7, v * 1.7) > 0.82) {
                                    l = Label.VOID;
                                }
                                break;
                            }
                        }
                        if (l == Label.MARROW && diffuseDensity > 0 && speck.at(u, v) > 1 - 2 * diffuseDensity) {
                            l = Label.DIFFUSE;
                        }
                    }
                    lab[idx] = l;
                    tex[idx] = tx;
                    mix[idx] = mx;
                }
            }
            for (SeriesState s : series.values()) {
                s.renderSlice(k, lab, tex, mix, cw, margin, texAmp, het, fov);
                if (k == key) {
                    masksAtKey[s.seq.ordinal()] = s.mask(lab, cw, margin, Label.LESION);
                    marrowAtKey[s.seq.ordinal()] = s.marrowMask(lab, cw, margin);
                }
            }
        }

        // noise, gain, quantisation, files
        String pid = plan.patientId();
        String studyUid = Uids.of(seed, pid, "study");
        String forUid = Uids.of(seed, pid, "for");
        List<KeyImage> keys = new ArrayList<>();
        List<Map<String, Object>> truth = new ArrayList<>();
        boolean noExt = sc.manufacturer().startsWith("GE");
        for (SeriesState s : series.values()) {
            s.finish();
            Sequence q = s.seq;
            String seriesUid = Uids.of(seed, pid, "series", q.name());
            String desc = sc.descriptions().get(q);
            double[] window = s.window(key, slope);
            MrSeriesWriter.Series hdr = new MrSeriesWriter.Series(
                    plan.patientName(),
                    pid,
                    plan.birthDate(),
                    plan.sex(),
                    plan.age(),
                    studyUid,
                    plan.studyDate(),
                    plan.studyTime(),
                    plan.accessionNumber(),
                    "1",
                    "MRI SPINE THORACOLUMBAR",
                    seriesUid,
                    s.seriesNumber,
                    forUid,
                    sc.manufacturer(),
                    sc.model(),
                    sc.institution(),
                    sc.fieldStrength(),
                    desc,
                    desc,
                    sc.scanningSequence().get(q),
                    q == Sequence.STIR ? "SK\\SP\\MP" : "SK\\SP",
                    q == Sequence.T1C ? "FS" : q == Sequence.STIR ? "IR" : "",
                    s.acq.tr(),
                    s.acq.te(),
                    q == Sequence.STIR ? s.acq.ti() : null,
                    s.echoTrain,
                    q == Sequence.T1C ? agent : null,
                    matrix,
                    matrix,
                    round4(fov / matrix),
                    round4(fov / matrix),
                    thick,
                    spacing,
                    new double[] {0, 1, 0, 0, 0, -1},
                    slope,
                    0,
                    window[0],
                    window[1]);
            String dir = "dicom/" + pid + "/" + plan.studyDate() + "/" + s.seriesNumber + "_"
                    + desc.replaceAll("[^A-Za-z0-9]+", "_");
            String keySop = null;
            for (int k = 0; k < nSlices; k++) {
                String sop = Uids.of(seed, pid, "sop", q.name(), k);
                double[] pos = {sliceX[k], -fov / 2 + fov / matrix / 2, fov / 2 - fov / matrix / 2};
                MrSeriesWriter.Slice sl = new MrSeriesWriter.Slice(sop, k + 1, pos, sliceX[k], s.stored[k]);
                Path f = cohortDir
                        .resolve(dir)
                        .resolve(String.format(Locale.ROOT, "IM%05d%s", k + 1, noExt ? "" : ".dcm"));
                Files.createDirectories(f.getParent());
                Files.write(f, MrSeriesWriter.encode(hdr, sl));
                if (k == key) {
                    keySop = sop;
                }
            }
            // key image export (8-bit, windowed as a viewer shows it) and the drawn region
            String png = "png/" + pid + "/" + q.name() + "/" + keySop + ".png";
            byte[] pngBytes = windowedPng(s.stored[key], matrix, slope, window[0], window[1]);
            Path pf = cohortDir.resolve(png);
            Files.createDirectories(pf.getParent());
            Files.write(pf, pngBytes);
            boolean[] mask = masksAtKey[q.ordinal()];
            Map<String, Object> shape = Annotator.draw(mask, matrix, s.rnd);
            keys.add(new KeyImage(q, keySop, png, pngBytes.length, shape));
            String maskPath = "masks/" + pid + "/L1_" + q.name() + ".png";
            String marrowPath = "masks/" + pid + "/marrow_" + q.name() + ".png";
            writeMask(truthDir.resolve(maskPath), mask, matrix);
            writeMask(truthDir.resolve(marrowPath), marrowAtKey[q.ordinal()], matrix);
            int area = 0;
            for (boolean b : mask) {
                area += b ? 1 : 0;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("patient_id", pid);
            row.put("lesion_id", "L1");
            row.put("diagnosis", plan.diagnosis().id());
            row.put("subtype", plan.subtype());
            row.put("atypical", plan.atypical());
            row.put("level", lvl.name());
            row.put("sequence", q.name());
            row.put("sop_instance_uid", keySop);
            row.put("key_slice", key + 1);
            row.put("mask", maskPath);
            row.put("marrow_mask", marrowPath);
            row.put("lesion_pixels", area);
            row.put("scanner", sc.name());
            row.put("field_strength", sc.fieldStrength());
            row.put("tr", s.acq.tr());
            row.put("te", s.acq.te());
            row.put("ti", Double.isNaN(s.acq.ti()) ? "" : s.acq.ti());
            row.put("fat_sat_efficiency", q == Sequence.T1C ? round4(s.acq.fatSatEfficiency()) : "");
            row.put("snr", round4(s.snr));
            row.put("noise_sigma", round4(s.sigma));
            row.put("gain", round4(s.gain));
            row.put("rescale_slope", slope);
            row.put("marrow_ff", round4(marrow.ff()));
            row.put("lesion_tissue", lesA.name());
            row.put("lesion_ff", round4(lesA.ff()));
            row.put("lesion_pd", round4(lesA.pd()));
            row.put("lesion_t1_water", round4(lesA.t1Water()));
            row.put("lesion_t2_water", round4(lesA.t2Water()));
            row.put("lesion_uptake", round4(lesA.uptake()));
            row.put("secondary_tissue", lesB == null ? "" : lesB.name());
            row.put(
                    "expected_ratio",
                    round4(SignalEquations.signal(lesA, s.acq) / SignalEquations.signal(marrow, s.acq)));
            truth.add(row);
        }
        return new Result(plan, lvl.name(), keys, truth);
    }

    private static double lesionMix(
            String subtype,
            double u,
            double v,
            ValueNoise blob,
            ValueNoise speck,
            double corduroyW,
            double period,
            double phase,
            double mixedW,
            boolean haemorrhage) {
        switch (subtype) {
            case "hemangioma_typical", "hemangioma_atypical" -> {
                // thickened vertical trabeculae: stripes of bone along v ("corduroy"), slightly wavy
                double c = Math.cos(2 * Math.PI * (u + 0.6 * blob.at(u, v * 0.3)) / period + phase);
                return corduroyW * Math.pow(Math.max(0, c), 3);
            }
            case "mixed" -> {
                return Math.max(0, Math.min(1, mixedW + 0.8 * blob.at(u * 0.8, v * 0.8)));
            }
            case "rcc" -> {
                return haemorrhage && speck.at(u * 0.6 + 40, v * 0.6) > 0.45 ? 1 : 0;
            }
            default -> {
                return 0;
            }
        }
    }

    private static SpineAnatomy.Lesion makeLesion(
            SplittableRandom r,
            int level,
            SpineAnatomy.Level lvl,
            double xc,
            double rLat,
            boolean primary,
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
        return new SpineAnatomy.Lesion(level, xc, vc, tc, r0, aspect, amp, ph, Math.max(rLat, 1.0), primary);
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
        return png(img);
    }

    static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            ImageIO.write(img, "png", bos);
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeMask(Path f, boolean[] mask, int n) throws IOException {
        BufferedImage img = new BufferedImage(n, n, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = img.getRaster();
        for (int i = 0; i < n * n; i++) {
            r.setSample(i % n, i / n, 0, mask[i] ? 255 : 0);
        }
        Files.createDirectories(f.getParent());
        Files.write(f, png(img));
    }

    static double round1(double d) {
        return Math.round(d * 10) / 10.0;
    }

    static double round4(double d) {
        return Math.round(d * 1e4) / 1e4;
    }

    /** Per-series rendering state. */
    private static final class SeriesState {
        final Sequence seq;
        final SignalEquations.Acquisition acq;
        final SplittableRandom rnd;
        final int n;
        final float[][] clean;
        short[][] stored;
        double etaVar;
        double[] etaPhase;
        double snr;
        double bias;
        double biasPhase;
        double gainTarget;
        double sigma;
        double gain;
        int ox;
        int oy;
        int echoTrain;
        int seriesNumber;
        final double[] sw = new double[Label.COUNT];
        final double[] sf = new double[Label.COUNT];
        final double[] pd = new double[Label.COUNT];
        final double[] ff = new double[Label.COUNT];
        final double[] sWat = new double[Label.COUNT];
        final double[] sFat = new double[Label.COUNT];
        double sWatB;
        double sFatB;
        double swB;
        double sfB;
        double pdB;
        double ffB;

        SeriesState(Sequence seq, SignalEquations.Acquisition acq, SplittableRandom rnd, int nSlices, int n) {
            this.seq = seq;
            this.acq = acq;
            this.rnd = rnd;
            this.n = n;
            this.clean = new float[nSlices][];
        }

        void set(int label, Tissue.Sample t) {
            sw[label] = SignalEquations.water(t, acq);
            sf[label] = SignalEquations.fat(t, acq);
            pd[label] = t.pd();
            ff[label] = t.ff();
        }

        void prepare(Map<String, Tissue.Sample> tissues, Tissue.Sample marrow, Tissue.Sample a, Tissue.Sample b) {
            for (int l = 0; l < Label.COUNT; l++) {
                if (Label.TISSUE[l] != null) {
                    set(l, tissues.get(Label.TISSUE[l]));
                }
            }
            set(Label.MARROW, marrow);
            set(Label.LESION, a);
            set(Label.LESION_OTHER, a);
            set(Label.DIFFUSE, a);
            if (b != null) {
                swB = SignalEquations.water(b, acq);
                sfB = SignalEquations.fat(b, acq);
                pdB = b.pd();
                ffB = b.ff();
            }
        }

        float[] fatMap;

        void renderSlice(
                int k,
                byte[] lab,
                float[] tex,
                float[] mix,
                int cw,
                int margin,
                double texAmp,
                double het,
                double fov) {
            int n2 = 2 * n;
            float[] out = new float[n * n];
            if (fatMap == null) {
                // fat-compartment factor: 1 - eta(u, v) for the fat-saturated T1C (smooth spatial variation), else 1
                fatMap = new float[n2 * n2];
                boolean fs = seq == Sequence.T1C;
                double eta0 = acq.fatSatEfficiency();
                for (int i = 0; i < n2; i++) {
                    double er = Math.cos(2 * Math.PI * 0.7 * (i + 0.5) / n2 + etaPhase[0]);
                    for (int j = 0; j < n2; j++) {
                        double ec = Math.sin(2 * Math.PI * 0.6 * (j + 0.5) / n2 + etaPhase[1]);
                        fatMap[i * n2 + j] =
                                fs ? (float) (1 - Math.min(0.99, Math.max(0, eta0 + etaVar * er * ec))) : 1f;
                    }
                }
                for (int l = 0; l < Label.COUNT; l++) {
                    sWat[l] = pd[l] * (1 - ff[l]) * sw[l];
                    sFat[l] = pd[l] * ff[l] * sf[l];
                }
                sWatB = pdB * (1 - ffB) * swB;
                sFatB = pdB * ffB * sfB;
            }
            for (int i = 0; i < n2; i++) {
                int ci = i + margin + oy;
                int r = (i >> 1) * n;
                int base = ci * cw + margin + ox;
                int fbase = i * n2;
                for (int j = 0; j < n2; j++) {
                    int idx = base + j;
                    int l = lab[idx];
                    double fatF = fatMap[fbase + j];
                    double s;
                    switch (l) {
                        case Label.AIR, Label.VOID -> s = 0;
                        case Label.MARROW -> {
                            double t = tex[idx];
                            double f = Math.max(0, Math.min(1, ff[l] + 0.06 * t));
                            s = pd[l] * (1 + texAmp * t) * ((1 - f) * sw[l] + f * sf[l] * fatF);
                        }
                        case Label.LESION, Label.LESION_OTHER, Label.DIFFUSE -> {
                            double w = mix[idx];
                            double sa = sWat[l] + sFat[l] * fatF;
                            double sb = w > 0 ? sWatB + sFatB * fatF : 0;
                            s = (1 + het * tex[idx]) * ((1 - w) * sa + w * sb);
                        }
                        case Label.MUSCLE, Label.SOFT, Label.FAT ->
                            s = (1 + 0.05 * tex[idx]) * (sWat[l] + sFat[l] * fatF);
                        default -> s = sWat[l] + sFat[l] * fatF;
                    }
                    out[r + (j >> 1)] += (float) (0.25 * s);
                }
            }
            // smooth multiplicative coil bias, highest posteriorly (spine array coil)
            for (int r = 0; r < n; r++) {
                double vn = 2.0 * r / (n - 1) - 1;
                for (int c = 0; c < n; c++) {
                    double un = 2.0 * c / (n - 1) - 1;
                    out[r * n + c] *= (float) (1 + bias * (0.75 * un + 0.25 * Math.sin(Math.PI * vn + biasPhase)));
                }
            }
            clean[k] = out;
        }

        boolean[] mask(byte[] lab, int cw, int margin, byte which) {
            boolean[] m = new boolean[n * n];
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    int cnt = 0;
                    for (int di = 0; di < 2; di++) {
                        for (int dj = 0; dj < 2; dj++) {
                            if (lab[(2 * r + di + margin + oy) * cw + 2 * c + dj + margin + ox] == which) {
                                cnt++;
                            }
                        }
                    }
                    m[r * n + c] = cnt >= 2;
                }
            }
            return m;
        }

        /** Pure normal marrow (all sub-pixels marrow, eroded by one pixel). */
        boolean[] marrowMask(byte[] lab, int cw, int margin) {
            boolean[] pure = new boolean[n * n];
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    boolean all = true;
                    for (int di = 0; di < 2 && all; di++) {
                        for (int dj = 0; dj < 2 && all; dj++) {
                            all = lab[(2 * r + di + margin + oy) * cw + 2 * c + dj + margin + ox] == Label.MARROW;
                        }
                    }
                    pure[r * n + c] = all;
                }
            }
            boolean[] m = new boolean[n * n];
            for (int r = 1; r < n - 1; r++) {
                for (int c = 1; c < n - 1; c++) {
                    int i = r * n + c;
                    m[i] = pure[i] && pure[i - 1] && pure[i + 1] && pure[i - n] && pure[i + n];
                }
            }
            return m;
        }

        /** Rician noise, receiver gain and 12-bit quantisation. */
        void finish() {
            int mid = clean.length / 2;
            double sum = 0;
            int cnt = 0;
            float max = 0;
            for (float v : clean[mid]) {
                max = Math.max(max, v);
            }
            for (float v : clean[mid]) {
                if (v > 0.05 * max) {
                    sum += v;
                    cnt++;
                }
            }
            sigma = (sum / Math.max(1, cnt)) / snr;
            float[][] noisy = new float[clean.length][];
            for (int k = 0; k < clean.length; k++) {
                float[] c = clean[k];
                float[] o = new float[c.length];
                for (int i = 0; i < c.length; i++) {
                    double re = c[i] + sigma * rnd.nextGaussian();
                    double im = sigma * rnd.nextGaussian();
                    o[i] = (float) Math.sqrt(re * re + im * im);
                }
                noisy[k] = o;
            }
            float nmax = 0;
            for (float v : noisy[mid]) {
                nmax = Math.max(nmax, v);
            }
            int[] hist = new int[4096];
            for (float v : noisy[mid]) {
                hist[Math.min(4095, (int) (v / nmax * 4095))]++;
            }
            int acc = 0;
            int bin = 4095;
            for (int b = 0; b < 4096; b++) {
                acc += hist[b];
                if (acc >= 0.995 * noisy[mid].length) {
                    bin = b;
                    break;
                }
            }
            double p995 = (bin + 0.5) / 4095 * nmax;
            gain = gainTarget / p995;
            stored = new short[clean.length][];
            for (int k = 0; k < clean.length; k++) {
                short[] s = new short[n * n];
                for (int i = 0; i < s.length; i++) {
                    s[i] = (short) Math.max(0, Math.min(4095, Math.round(noisy[k][i] * gain)));
                }
                stored[k] = s;
                clean[k] = null;
            }
        }

        /** Window centre/width covering the 1st..99.5th percentile of the key slice (modality units). */
        double[] window(int key, double slope) {
            int[] hist = new int[4096];
            for (short s : stored[key]) {
                hist[s & 0xffff]++;
            }
            int total = stored[key].length;
            int lo = -1;
            int hi = 0;
            int acc = 0;
            for (int i = 0; i < 4096; i++) {
                acc += hist[i];
                if (lo < 0 && acc >= 0.01 * total) {
                    lo = i;
                }
                if (acc >= 0.995 * total) {
                    hi = i;
                    break;
                }
            }
            double c = Math.round((lo + hi) / 2.0 * slope);
            double w = Math.max(1, Math.round((hi - lo) * slope));
            return new double[] {c, w};
        }
    }
}
