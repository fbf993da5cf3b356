package org.hemamet.synth;

import java.util.Map;
import org.hemamet.cohort.Sequence;

/**
 * The noise-free image formation of one series: the signal of every label under the series' acquisition
 * (signal equations per compartment, fat saturation varying smoothly over the field for T1C), 2x2
 * partial-volume downsampling, the motion shift and the coil's multiplicative bias. Immutable after
 * construction; {@link #slice} is a function of its input.
 */
final class SeriesSignal {
    private final PatientScene.Series series;
    private final SignalEquations.Acquisition acq;
    private final int n;
    private final double[] sw = new double[Label.COUNT];
    private final double[] sf = new double[Label.COUNT];
    private final double[] pd = new double[Label.COUNT];
    private final double[] ff = new double[Label.COUNT];
    private final double[] sWat = new double[Label.COUNT];
    private final double[] sFat = new double[Label.COUNT];
    private final double sWatB;
    private final double sFatB;
    /** Fat-compartment factor at each sub-pixel: 1 - eta(u, v) for the fat-saturated T1C, else 1. */
    private final float[] fatMap;

    SeriesSignal(PatientScene.Series series, PatientScene.Tissues tissues, int matrix) {
        this.series = series;
        this.acq = series.acquisition();
        this.n = matrix;
        Map<String, Tissue.Sample> byName = tissues.byName();
        for (int l = 0; l < Label.COUNT; l++) {
            if (Label.TISSUE[l] != null) {
                set(l, byName.get(Label.TISSUE[l]));
            }
        }
        set(Label.MARROW, tissues.marrow());
        set(Label.LESION, tissues.lesion());
        set(Label.LESION_OTHER, tissues.lesion());
        set(Label.DIFFUSE, tissues.lesion());
        Tissue.Sample b = tissues.secondary();
        double swB = 0;
        double sfB = 0;
        double pdB = 0;
        double ffB = 0;
        if (b != null) {
            swB = SignalEquations.water(b, acq);
            sfB = SignalEquations.fat(b, acq);
            pdB = b.pd();
            ffB = b.ff();
        }
        this.fatMap = fatMap();
        for (int l = 0; l < Label.COUNT; l++) {
            sWat[l] = pd[l] * (1 - ff[l]) * sw[l];
            sFat[l] = pd[l] * ff[l] * sf[l];
        }
        this.sWatB = pdB * (1 - ffB) * swB;
        this.sFatB = pdB * ffB * sfB;
    }

    Sequence sequence() {
        return series.sequence();
    }

    private void set(int label, Tissue.Sample t) {
        sw[label] = SignalEquations.water(t, acq);
        sf[label] = SignalEquations.fat(t, acq);
        pd[label] = t.pd();
        ff[label] = t.ff();
    }

    private float[] fatMap() {
        int n2 = 2 * n;
        float[] map = new float[n2 * n2];
        boolean fs = series.sequence() == Sequence.T1C;
        double eta0 = acq.fatSatEfficiency();
        double etaVar = series.fatSatVariation();
        double[] etaPhase = series.fatSatPhase();
        for (int i = 0; i < n2; i++) {
            double er = Math.cos(2 * Math.PI * 0.7 * (i + 0.5) / n2 + etaPhase[0]);
            for (int j = 0; j < n2; j++) {
                double ec = Math.sin(2 * Math.PI * 0.6 * (j + 0.5) / n2 + etaPhase[1]);
                map[i * n2 + j] = fs ? (float) (1 - Math.min(0.99, Math.max(0, eta0 + etaVar * er * ec))) : 1f;
            }
        }
        return map;
    }

    /** The noise-free slice (n x n) of a label map, with partial volume and coil bias. */
    float[] slice(SceneRenderer.SliceLabels labels, double texAmp, double het) {
        byte[] lab = labels.labels();
        float[] tex = labels.texture();
        float[] mix = labels.mix();
        int cw = labels.width();
        int margin = labels.margin();
        int n2 = 2 * n;
        float[] out = new float[n * n];
        for (int i = 0; i < n2; i++) {
            int ci = i + margin + series.shiftY();
            int r = (i >> 1) * n;
            int base = ci * cw + margin + series.shiftX();
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
                    case Label.MUSCLE, Label.SOFT, Label.FAT -> s = (1 + 0.05 * tex[idx]) * (sWat[l] + sFat[l] * fatF);
                    default -> s = sWat[l] + sFat[l] * fatF;
                }
                out[r + (j >> 1)] += (float) (0.25 * s);
            }
        }
        // smooth multiplicative coil bias, highest posteriorly (spine array coil)
        double bias = series.coilBias();
        double biasPhase = series.coilBiasPhase();
        for (int r = 0; r < n; r++) {
            double vn = 2.0 * r / (n - 1) - 1;
            for (int c = 0; c < n; c++) {
                double un = 2.0 * c / (n - 1) - 1;
                out[r * n + c] *= (float) (1 + bias * (0.75 * un + 0.25 * Math.sin(Math.PI * vn + biasPhase)));
            }
        }
        return out;
    }

    /** Pixels (n x n) where at least two of the four sub-pixels show the annotated lesion L {@code annotation}. */
    boolean[] lesionMask(SceneRenderer.SliceLabels labels, int annotation) {
        byte[] lab = labels.labels();
        byte[] own = labels.annotation();
        int cw = labels.width();
        int margin = labels.margin();
        int ox = series.shiftX();
        int oy = series.shiftY();
        boolean[] m = new boolean[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                int cnt = 0;
                for (int di = 0; di < 2; di++) {
                    for (int dj = 0; dj < 2; dj++) {
                        int i = (2 * r + di + margin + oy) * cw + 2 * c + dj + margin + ox;
                        if (lab[i] == Label.LESION && own[i] == annotation) {
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
    boolean[] marrowMask(SceneRenderer.SliceLabels labels) {
        byte[] lab = labels.labels();
        int cw = labels.width();
        int margin = labels.margin();
        int ox = series.shiftX();
        int oy = series.shiftY();
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
}
