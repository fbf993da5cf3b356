package org.hemamet.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One patient's thoracolumbar spine as an analytic 3-D model, sampled in sagittal planes. Coordinates in
 * mm: {@code x} patient left (+) / right (-) (the slice position), {@code u} anterior (-) to posterior (+),
 * {@code v} inferior (-) to superior (+), origin at the field-of-view centre. Vertebral bodies are
 * elliptic cylinders (cortical shell, endplates, marrow) stacked with discs (annulus, nucleus); behind them
 * the canal (CSF, cord ending at the conus), laminae and spinous processes, paraspinal muscle and
 * subcutaneous fat; in front, prevertebral fat, retroperitoneal soft tissue, aorta and IVC (flow voids).
 */
final class SpineAnatomy {
    static final String[] LEVEL_NAMES = {"T7", "T8", "T9", "T10", "T11", "T12", "L1", "L2", "L3", "L4", "L5"};

    /** A vertebral level: body v-range, AP depth, half width. */
    record Level(String name, double vTop, double vBot, double depth, double halfWidth, double discBelow) {}

    /** A lesion in a vertebral body (3-D: elliptic lateral extent, harmonic in-plane outline). */
    record Lesion(
            int level,
            double xc,
            double vc,
            double tc,
            double r0,
            double aspect,
            double[] amp,
            double[] phase,
            double rLat,
            int annotation) {
        /** Whether a reader annotates this lesion (as L{@code annotation}); the others are only rendered. */
        boolean annotated() {
            return annotation > 0;
        }

        /** In-plane radius scale at lateral position x (0 outside). */
        double lateralScale(double x) {
            double q = (x - xc) / rLat;
            return q >= 1 ? 0 : Math.sqrt(1 - q * q);
        }

        boolean contains(double x, double t, double v, double latScale) {
            if (latScale <= 0) {
                return false;
            }
            double du = t - tc;
            double dv = (v - vc) / aspect;
            double rr = Math.sqrt(du * du + dv * dv);
            double rmax = r0 * latScale * 1.4;
            if (rr > rmax) {
                return false;
            }
            double th = Math.atan2(dv, du);
            double f = 1;
            for (int k = 0; k < amp.length; k++) {
                f += amp[k] * Math.cos((k + 2) * th + phase[k]);
            }
            return rr < r0 * latScale * f;
        }
    }

    final double fov;
    final List<Level> levels = new ArrayList<>();
    final double wall0;
    final double curvature;
    final double tilt;
    final double canalAp;
    final double canalHalfWidth;
    final double cordAp;
    final double cordHalfWidth;
    final double conusV;
    final double spinousLength;
    final double muscleDepth;
    final double subcutFat;
    final double aortaX;
    final double aortaR;
    final double ivcX;
    final double ivcR;
    final List<Lesion> lesions = new ArrayList<>();

    SpineAnatomy(SplittableRandom rnd, double fovMm, int centreLevel) {
        this.fov = fovMm;
        this.wall0 = -5 + 10 * rnd.nextDouble();
        this.curvature = -6 + 12 * rnd.nextDouble();
        this.tilt = -0.08 + 0.16 * rnd.nextDouble();
        this.canalAp = 14 + 4 * rnd.nextDouble();
        this.canalHalfWidth = 9 + 2 * rnd.nextDouble();
        this.cordAp = 6.5 + 1.5 * rnd.nextDouble();
        this.cordHalfWidth = 4.5 + rnd.nextDouble();
        this.spinousLength = 28 + 12 * rnd.nextDouble();
        this.muscleDepth = 45 + 20 * rnd.nextDouble();
        this.subcutFat = 8 + 20 * rnd.nextDouble();
        this.aortaX = 12 + 8 * rnd.nextDouble();
        this.aortaR = 9 + 3 * rnd.nextDouble();
        this.ivcX = -(14 + 8 * rnd.nextDouble());
        this.ivcR = 8 + 3 * rnd.nextDouble();
        // stack levels so that the centre level's body is near v = 0
        double[] h = new double[LEVEL_NAMES.length];
        double[] d = new double[LEVEL_NAMES.length];
        for (int i = 0; i < LEVEL_NAMES.length; i++) {
            boolean lumbar = LEVEL_NAMES[i].startsWith("L");
            double k = (double) i / (LEVEL_NAMES.length - 1);
            h[i] = (lumbar ? 25.5 : 20.5 + 4 * k) + 2 * rnd.nextDouble();
            d[i] = (lumbar ? 8.5 + 2.5 * rnd.nextDouble() : 4.5 + 2 * k + rnd.nextDouble());
        }
        double scale = 0.95 + 0.12 * rnd.nextDouble();
        double v = 0.5 * h[centreLevel] * scale + (-4 + 8 * rnd.nextDouble());
        // go up from the centre level
        double top = v;
        for (int i = centreLevel - 1; i >= 0; i--) {
            top += (d[i] + h[i]) * scale;
        }
        double conus = Double.NaN;
        double cur = top;
        for (int i = 0; i < LEVEL_NAMES.length; i++) {
            double bot = cur - h[i] * scale;
            boolean lumbar = LEVEL_NAMES[i].startsWith("L");
            levels.add(new Level(
                    LEVEL_NAMES[i],
                    cur,
                    bot,
                    (lumbar ? 33 : 26 + 0.6 * i) + 4 * rnd.nextDouble(),
                    (lumbar ? 23 : 17 + 0.5 * i) + 3 * rnd.nextDouble(),
                    d[i] * scale));
            if (LEVEL_NAMES[i].equals("L1")) {
                conus = bot + (h[i] * scale) * (-0.3 + 0.8 * rnd.nextDouble());
            }
            cur = bot - d[i] * scale;
        }
        this.conusV = conus;
    }

    /** Posterior wall of the bodies (u) at height v: a gentle curve plus tilt. */
    double wall(double v) {
        double q = v / (fov / 2);
        return wall0 + curvature * q * q + tilt * v;
    }

    /** Index of the level whose body contains v (with cortex), or -1. */
    int bodyAt(double v) {
        for (int i = 0; i < levels.size(); i++) {
            Level l = levels.get(i);
            if (v <= l.vTop && v >= l.vBot) {
                return i;
            }
        }
        return -1;
    }

    /** Level whose disc below contains v, or -1. */
    int discAt(double v) {
        for (int i = 0; i < levels.size() - 1; i++) {
            Level l = levels.get(i);
            if (v < l.vBot && v > l.vBot - l.discBelow) {
                return i;
            }
        }
        return -1;
    }

    /** Levels whose bodies lie entirely inside the field of view (with a margin). */
    List<Integer> visibleLevels() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            Level l = levels.get(i);
            if (l.vTop < fov / 2 - 4 && l.vBot > -fov / 2 + 4) {
                out.add(i);
            }
        }
        return out;
    }

    /** The static label of a point (no lesion). */
    byte label(double x, double u, double v) {
        int b = bodyAt(v);
        return label(x, u, v, wall(v), b, b < 0 ? discAt(v) : -1);
    }

    /** The static label of a point, with the row's wall position, body and disc index precomputed. */
    byte label(double x, double u, double v, double w, int b, int dsc) {
        double t = u - w; // > 0 posterior of the posterior wall
        Level lv = b >= 0 ? levels.get(b) : dsc >= 0 ? levels.get(dsc) : nearest(v);
        double ax = Math.abs(x);
        double lat = ax < lv.halfWidth ? Math.sqrt(1 - (ax / lv.halfWidth) * (ax / lv.halfWidth)) : 0;
        double depth = lv.depth * lat;
        if (t < 0) {
            // anterior column
            if (b >= 0 && lat > 0) {
                double frac = (lv.vTop - v) / (lv.vTop - lv.vBot);
                double ant = -depth + 1.6 * Math.sin(Math.PI * frac);
                if (t >= ant) {
                    double edge = Math.min(Math.min(lv.vTop - v, v - lv.vBot), Math.min(t - ant, -t));
                    if (lat < 0.35) {
                        return CORTEX_OR(edge < 2.2);
                    }
                    return edge < 1.1 ? Label.CORTEX : Label.MARROW;
                }
            } else if (dsc >= 0 && lat > 0) {
                Level below = levels.get(dsc + 1);
                double dd = 0.5 * (lv.depth + below.depth) * lat;
                double vc = lv.vBot - lv.discBelow / 2;
                double bulge = 1.2 * Math.sqrt(Math.max(0, 1 - Math.pow((v - vc) / (lv.discBelow / 2), 2)));
                if (t >= -dd - bulge) {
                    double nu = (t + dd / 2) / (0.3 * dd);
                    double nv = (v - vc) / (0.32 * lv.discBelow);
                    return nu * nu + nv * nv < 1 ? Label.NUCLEUS : Label.ANNULUS;
                }
            }
            double front = -lv.depth * Math.max(lat, 0.0) - 3;
            double tFront = t - (lat > 0 ? front : -lv.depth - 3);
            if (tFront > -4) {
                return Label.FAT; // prevertebral fat
            }
            // great vessels in front of the spine
            double vesselT = -lv.depth - 4 - aortaR;
            double ax2 = x - aortaX;
            double at2 = (t - vesselT) * 0.9;
            double ix2 = x - ivcX;
            double it2 = t - vesselT;
            if (ax2 * ax2 + at2 * at2 < aortaR * aortaR || ix2 * ix2 + it2 * it2 < ivcR * ivcR) {
                return Label.VOID;
            }
            return Label.SOFT;
        }
        // posterior: ligament, canal, posterior elements, muscle, fat, air
        if (t < 1.0 && (b >= 0 || dsc >= 0) && ax < lv.halfWidth * 0.8) {
            return Label.CORTEX; // posterior longitudinal ligament / posterior wall
        }
        double canalBack = 1.0 + canalAp;
        if (t < canalBack) {
            if (ax < canalHalfWidth) {
                double ext = Math.sqrt(1 - (ax / canalHalfWidth) * (ax / canalHalfWidth));
                double mid = 1.0 + canalAp / 2;
                double half = (canalAp / 2 - 1.2) * ext;
                if (Math.abs(t - mid) < half) {
                    if (v > conusV && ax < cordHalfWidth) {
                        double cu = (t - mid) / (cordAp / 2);
                        double cx = x / cordHalfWidth;
                        double taper = v < conusV + 15 ? (v - conusV) / 15 : 1;
                        if (cu * cu + cx * cx < taper * taper) {
                            return Label.CORD;
                        }
                    }
                    return Label.CSF;
                }
                return Label.FAT; // epidural fat
            }
            // pedicles lateral to the canal
            if (b >= 0 && ax < lv.halfWidth + 2) {
                double frac = (lv.vTop - v) / (lv.vTop - lv.vBot);
                if (frac > 0.1 && frac < 0.7) {
                    return (frac < 0.16 || frac > 0.64) ? Label.CORTEX : Label.MARROW;
                }
            }
            return Label.FAT; // neural foramen
        }
        double post = t - canalBack;
        // laminae and spinous processes, sloping caudally
        int pl = posteriorElementLevel(v + 0.45 * post);
        if (pl >= 0) {
            Level pv = levels.get(pl);
            double sv = v + 0.45 * post;
            double hh = pv.vTop - pv.vBot;
            double top = pv.vTop - 0.15 * hh;
            double bot = pv.vBot - 0.25 * hh;
            boolean inV = sv < top && sv > bot;
            if (inV && ax < 5 && post < spinousLength) {
                double e = Math.min(Math.min(top - sv, sv - bot), spinousLength - post);
                return e < 1.3 ? Label.CORTEX : Label.MARROW;
            }
            if (inV && ax >= 5 && ax < canalHalfWidth + 12 && post < 9) {
                double e = Math.min(Math.min(top - sv, sv - bot), 9 - post);
                return e < 1.3 ? Label.CORTEX : Label.MARROW;
            }
        }
        if (post < 3 && ax < canalHalfWidth + 3) {
            return Label.FAT; // ligamentum flavum / interspinous fat
        }
        if (ax < 4 && post < spinousLength + 2) {
            return Label.FAT; // interspinous ligament and fat
        }
        if (post < muscleDepth) {
            return Label.MUSCLE;
        }
        if (post < muscleDepth + subcutFat) {
            return Label.FAT;
        }
        return Label.AIR;
    }

    private static byte CORTEX_OR(boolean cortex) {
        return cortex ? Label.CORTEX : Label.MARROW;
    }

    private int posteriorElementLevel(double v) {
        for (int i = 0; i < levels.size(); i++) {
            Level l = levels.get(i);
            double hh = l.vTop - l.vBot;
            if (v < l.vTop - 0.15 * hh && v > l.vBot - 0.25 * hh) {
                return i;
            }
        }
        return -1;
    }

    private Level nearest(double v) {
        Level best = levels.get(0);
        double bd = Double.MAX_VALUE;
        for (Level l : levels) {
            double dd = Math.min(Math.abs(v - l.vTop), Math.abs(v - l.vBot));
            if (dd < bd) {
                bd = dd;
                best = l;
            }
        }
        return best;
    }
}
