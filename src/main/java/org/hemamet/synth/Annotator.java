package org.hemamet.synth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws a VIA region around a true lesion mask the way a reader does: a polygon of 10-18 clicks, an
 * ellipse or a rectangle, a little outside and a few pixels off the true outline.
 */
final class Annotator {
    private Annotator() {}

    /** VIA 2 {@code shape_attributes} for the mask (n x n, row-major); the mask must not be empty. */
    static Map<String, Object> draw(boolean[] mask, int n, SplittableRandom rnd) {
        double sx = 0;
        double sy = 0;
        int cnt = 0;
        int minX = n;
        int minY = n;
        int maxX = -1;
        int maxY = -1;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                int x = i % n;
                int y = i / n;
                sx += x;
                sy += y;
                cnt++;
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
            }
        }
        if (cnt == 0) {
            throw new IllegalStateException("empty lesion mask");
        }
        double cx = sx / cnt;
        double cy = sy / cnt;
        double p = rnd.nextDouble();
        Map<String, Object> s = new LinkedHashMap<>();
        if (p < 0.45) {
            int k = 10 + rnd.nextInt(9);
            List<Integer> xs = new ArrayList<>();
            List<Integer> ys = new ArrayList<>();
            double ph = 2 * Math.PI * rnd.nextDouble();
            for (int a = 0; a < k; a++) {
                double th = ph + 2 * Math.PI * a / k;
                double dx = Math.cos(th);
                double dy = Math.sin(th);
                double r = 0;
                for (double t = 0; t < n; t += 0.5) {
                    int x = (int) Math.round(cx + t * dx);
                    int y = (int) Math.round(cy + t * dy);
                    if (x < 0 || y < 0 || x >= n || y >= n) {
                        break;
                    }
                    if (mask[y * n + x]) {
                        r = t;
                    }
                }
                r += 0.8 + 0.9 * rnd.nextGaussian();
                r = Math.max(1, r);
                xs.add(clamp((int) Math.round(cx + r * dx), n));
                ys.add(clamp((int) Math.round(cy + r * dy), n));
            }
            s.put("name", "polygon");
            s.put("all_points_x", xs);
            s.put("all_points_y", ys);
        } else if (p < 0.75) {
            double sxx = 0;
            double syy = 0;
            double sxy = 0;
            for (int i = 0; i < mask.length; i++) {
                if (mask[i]) {
                    double dx = i % n - cx;
                    double dy = i / n - cy;
                    sxx += dx * dx;
                    syy += dy * dy;
                    sxy += dx * dy;
                }
            }
            sxx /= cnt;
            syy /= cnt;
            sxy /= cnt;
            double tr = sxx + syy;
            double det = sxx * syy - sxy * sxy;
            double l1 = tr / 2 + Math.sqrt(Math.max(0, tr * tr / 4 - det));
            double l2 = tr / 2 - Math.sqrt(Math.max(0, tr * tr / 4 - det));
            double theta = 0.5 * Math.atan2(2 * sxy, sxx - syy);
            double grow = 1.05 + 0.06 * rnd.nextGaussian();
            s.put("name", "ellipse");
            s.put("cx", clamp((int) Math.round(cx + rnd.nextGaussian()), n));
            s.put("cy", clamp((int) Math.round(cy + rnd.nextGaussian()), n));
            s.put("rx", Math.max(1, (int) Math.round(2 * Math.sqrt(l1) * grow)));
            s.put("ry", Math.max(1, (int) Math.round(2 * Math.sqrt(Math.max(l2, 0.25)) * grow)));
            s.put("theta", Math.round((theta + 0.05 * rnd.nextGaussian()) * 1e4) / 1e4);
        } else {
            int x0 = clamp(minX - 1 - rnd.nextInt(3), n);
            int y0 = clamp(minY - 1 - rnd.nextInt(3), n);
            int x1 = clamp(maxX + 1 + rnd.nextInt(3), n);
            int y1 = clamp(maxY + 1 + rnd.nextInt(3), n);
            s.put("name", "rect");
            s.put("x", x0);
            s.put("y", y0);
            s.put("width", x1 - x0 + 1);
            s.put("height", y1 - y0 + 1);
        }
        return s;
    }

    private static int clamp(int v, int n) {
        return Math.max(0, Math.min(n - 1, v));
    }
}
