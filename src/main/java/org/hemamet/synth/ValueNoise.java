package org.hemamet.synth;

import java.util.SplittableRandom;

/**
 * Smooth random field in [-1, 1]: uniform values on a square grid of cell size {@code cellMm},
 * interpolated bilinearly with a smoothstep (value noise). Sums of two scales give band-pass texture.
 */
final class ValueNoise {
    private final float[] grid;
    private final int nu;
    private final int nv;
    private final double cell;
    private final double u0;
    private final double v0;

    ValueNoise(SplittableRandom rnd, double cellMm, double extentMm) {
        this.cell = cellMm;
        this.nu = (int) Math.ceil(extentMm / cellMm) + 3;
        this.nv = nu;
        this.u0 = -extentMm / 2 - cellMm;
        this.v0 = -extentMm / 2 - cellMm;
        grid = new float[nu * nv];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = (float) (2 * rnd.nextDouble() - 1);
        }
    }

    double at(double u, double v) {
        double fu = (u - u0) / cell;
        double fv = (v - v0) / cell;
        int iu = Math.max(0, Math.min(nu - 2, (int) Math.floor(fu)));
        int iv = Math.max(0, Math.min(nv - 2, (int) Math.floor(fv)));
        double a = fu - iu;
        double b = fv - iv;
        a = a * a * (3 - 2 * a);
        b = b * b * (3 - 2 * b);
        int k = iv * nu + iu;
        double top = grid[k] + a * (grid[k + 1] - grid[k]);
        double bot = grid[k + nu] + a * (grid[k + nu + 1] - grid[k + nu]);
        return top + b * (bot - top);
    }
}
