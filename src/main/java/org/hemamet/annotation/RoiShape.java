package org.hemamet.annotation;

import java.util.Arrays;
import java.util.Locale;

/**
 * A VIA region shape in original-image pixel coordinates (VIA's convention: continuous coordinates, the
 * pixel (i, j) covers [i, i+1) × [j, j+1), so its centre is (i + 0.5, j + 0.5)). Each shape gives its
 * bounding box and an inside test; {@link #mask} rasterises it by pixel centres (used for crops and for
 * Grad-CAM mass-in-lesion tests). Points and polylines have no area and cannot define a crop.
 */
public sealed interface RoiShape {
    /** VIA shape name: rect, circle, ellipse, polygon, polyline, point. */
    String name();

    /** Smallest integer box covering the shape. */
    BoundingBox bounds();

    /** True when (x, y) lies inside the shape (boundary included); always false for point/polyline. */
    boolean contains(double x, double y);

    /** True for rect, circle, ellipse and polygon. */
    default boolean hasArea() {
        return true;
    }

    /**
     * {@code contains(xs[k], y)} for every k, into {@code out[offset + k]}: one row of a rasterisation. A shape
     * may answer a whole row at once (a polygon finds its edges' crossings of the row once); the answers are
     * those of {@link #contains}.
     */
    default void containsRow(double y, double[] xs, boolean[] out, int offset) {
        for (int k = 0; k < xs.length; k++) {
            out[offset + k] = contains(xs[k], y);
        }
    }

    /** Row-major mask of a width × height image: pixel (i, j) is inside when its centre is. */
    default boolean[] mask(int width, int height) {
        boolean[] m = new boolean[width * height];
        BoundingBox b = bounds();
        int x0 = Math.max(0, b.x());
        int y0 = Math.max(0, b.y());
        int x1 = Math.min(width, b.x() + b.width());
        int y1 = Math.min(height, b.y() + b.height());
        for (int j = y0; j < y1; j++) {
            for (int i = x0; i < x1; i++) {
                m[j * width + i] = contains(i + 0.5, j + 0.5);
            }
        }
        return m;
    }

    /** Compact, human-readable geometry (for tables). */
    String geometry();

    /** VIA rect. */
    record Rect(double x, double y, double width, double height) implements RoiShape {
        public String name() {
            return "rect";
        }

        public BoundingBox bounds() {
            return BoundingBox.covering(x, y, x + width, y + height);
        }

        public boolean contains(double px, double py) {
            return px >= x && px <= x + width && py >= y && py <= y + height;
        }

        public String geometry() {
            return f("x=%s y=%s w=%s h=%s", x, y, width, height);
        }
    }

    /** VIA circle. */
    record Circle(double cx, double cy, double r) implements RoiShape {
        public String name() {
            return "circle";
        }

        public BoundingBox bounds() {
            return BoundingBox.covering(cx - r, cy - r, cx + r, cy + r);
        }

        public boolean contains(double px, double py) {
            double dx = px - cx;
            double dy = py - cy;
            return dx * dx + dy * dy <= r * r;
        }

        public String geometry() {
            return f("cx=%s cy=%s r=%s", cx, cy, r);
        }
    }

    /** VIA ellipse; {@code theta} is the rotation in radians (0 when the file has none). */
    record Ellipse(double cx, double cy, double rx, double ry, double theta) implements RoiShape {
        public String name() {
            return "ellipse";
        }

        public BoundingBox bounds() {
            double c = Math.cos(theta);
            double s = Math.sin(theta);
            double hx = Math.sqrt(rx * rx * c * c + ry * ry * s * s);
            double hy = Math.sqrt(rx * rx * s * s + ry * ry * c * c);
            return BoundingBox.covering(cx - hx, cy - hy, cx + hx, cy + hy);
        }

        public boolean contains(double px, double py) {
            if (rx <= 0 || ry <= 0) {
                return false;
            }
            double dx = px - cx;
            double dy = py - cy;
            double c = Math.cos(theta);
            double s = Math.sin(theta);
            double u = dx * c + dy * s;
            double v = -dx * s + dy * c;
            return (u * u) / (rx * rx) + (v * v) / (ry * ry) <= 1.0;
        }

        public String geometry() {
            return f("cx=%s cy=%s rx=%s ry=%s theta=%s", cx, cy, rx, ry, theta);
        }
    }

    /** VIA polygon (closed). */
    record Polygon(double[] xs, double[] ys) implements RoiShape {
        public Polygon {
            checkPoints(xs, ys);
        }

        public String name() {
            return "polygon";
        }

        public BoundingBox bounds() {
            return boundsOf(xs, ys);
        }

        /** Even-odd ray casting, with points on an edge counted inside. */
        public boolean contains(double px, double py) {
            int n = xs.length;
            if (n < 3) {
                return false;
            }
            boolean in = false;
            for (int i = 0, j = n - 1; i < n; j = i++) {
                if (onSegment(px, py, xs[j], ys[j], xs[i], ys[i])) {
                    return true;
                }
                if ((ys[i] > py) != (ys[j] > py) && px < (xs[j] - xs[i]) * (py - ys[i]) / (ys[j] - ys[i]) + xs[i]) {
                    in = !in;
                }
            }
            return in;
        }

        /**
         * As {@link #contains} for every point of the row: the row's edge crossings (the same expression as
         * {@link #contains}) and the edges whose y-range holds the row are found once, so each point costs
         * a count of crossings to its right instead of a pass over every edge.
         */
        @Override
        public void containsRow(double py, double[] pxs, boolean[] out, int offset) {
            int n = xs.length;
            if (n < 3) {
                Arrays.fill(out, offset, offset + pxs.length, false);
                return;
            }
            double[] crossings = new double[n];
            int nc = 0;
            int[] near = new int[n]; // edges (j, i) with i = near[e], j = i - 1 (cyclic) onSegment may accept
            int nn = 0;
            for (int i = 0, j = n - 1; i < n; j = i++) {
                if (py >= Math.min(ys[j], ys[i]) - 1e-9 && py <= Math.max(ys[j], ys[i]) + 1e-9) {
                    near[nn++] = i;
                }
                if ((ys[i] > py) != (ys[j] > py)) {
                    crossings[nc++] = (xs[j] - xs[i]) * (py - ys[i]) / (ys[j] - ys[i]) + xs[i];
                }
            }
            for (int k = 0; k < pxs.length; k++) {
                out[offset + k] = onEdge(pxs[k], py, near, nn) || oddCrossingsRight(pxs[k], crossings, nc);
            }
        }

        private boolean onEdge(double px, double py, int[] near, int nn) {
            for (int e = 0; e < nn; e++) {
                int i = near[e];
                int j = i == 0 ? xs.length - 1 : i - 1;
                if (onSegment(px, py, xs[j], ys[j], xs[i], ys[i])) {
                    return true;
                }
            }
            return false;
        }

        private static boolean oddCrossingsRight(double px, double[] crossings, int nc) {
            boolean in = false;
            for (int c = 0; c < nc; c++) {
                if (px < crossings[c]) {
                    in = !in;
                }
            }
            return in;
        }

        public boolean hasArea() {
            return xs.length >= 3;
        }

        public String geometry() {
            return xs.length + " points";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Polygon p && Arrays.equals(xs, p.xs) && Arrays.equals(ys, p.ys);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(xs) + Arrays.hashCode(ys);
        }
    }

    /** VIA polyline (open): no area. */
    record Polyline(double[] xs, double[] ys) implements RoiShape {
        public Polyline {
            checkPoints(xs, ys);
        }

        public String name() {
            return "polyline";
        }

        public BoundingBox bounds() {
            return boundsOf(xs, ys);
        }

        public boolean contains(double px, double py) {
            return false;
        }

        public boolean hasArea() {
            return false;
        }

        public String geometry() {
            return xs.length + " points";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Polyline p && Arrays.equals(xs, p.xs) && Arrays.equals(ys, p.ys);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(xs) + Arrays.hashCode(ys);
        }
    }

    /** VIA point: no area. */
    record Point(double cx, double cy) implements RoiShape {
        public String name() {
            return "point";
        }

        public BoundingBox bounds() {
            return BoundingBox.covering(cx, cy, cx, cy);
        }

        public boolean contains(double px, double py) {
            return false;
        }

        public boolean hasArea() {
            return false;
        }

        public String geometry() {
            return f("cx=%s cy=%s", cx, cy);
        }
    }

    private static void checkPoints(double[] xs, double[] ys) {
        if (xs.length != ys.length) {
            throw new IllegalArgumentException(
                    "all_points_x has " + xs.length + " values but all_points_y has " + ys.length);
        }
        if (xs.length == 0) {
            throw new IllegalArgumentException("no points");
        }
    }

    private static BoundingBox boundsOf(double[] xs, double[] ys) {
        double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
        for (int i = 0; i < xs.length; i++) {
            x0 = Math.min(x0, xs[i]);
            x1 = Math.max(x1, xs[i]);
            y0 = Math.min(y0, ys[i]);
            y1 = Math.max(y1, ys[i]);
        }
        return BoundingBox.covering(x0, y0, x1, y1);
    }

    private static boolean onSegment(double px, double py, double ax, double ay, double bx, double by) {
        double cross = (bx - ax) * (py - ay) - (by - ay) * (px - ax);
        if (Math.abs(cross) > 1e-9) {
            return false;
        }
        return px >= Math.min(ax, bx) - 1e-9
                && px <= Math.max(ax, bx) + 1e-9
                && py >= Math.min(ay, by) - 1e-9
                && py <= Math.max(ay, by) + 1e-9;
    }

    private static String f(String fmt, double... v) {
        Object[] s = new Object[v.length];
        for (int i = 0; i < v.length; i++) {
            s[i] = v[i] == Math.rint(v[i]) ? Long.toString((long) v[i]) : String.format(Locale.ROOT, "%.3f", v[i]);
        }
        return String.format(Locale.ROOT, fmt, s);
    }
}
