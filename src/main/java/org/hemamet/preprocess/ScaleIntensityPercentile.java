package org.hemamet.preprocess;

/**
 * Robust per-image min–max scaling: the {@code lower} and {@code upper} percentiles (linear
 * interpolation between order statistics, numpy's default "linear" method, Hyndman &amp; Fan 1996
 * definition 7) are mapped to 0 and 1, values outside are clipped. A constant image maps to 0.
 * Percentiles are found by selection (O(n)), not by sorting.
 */
public final class ScaleIntensityPercentile {
    /** The scaled image and the source range that was mapped to [0, 1]. */
    public record Result(FloatImage image, double low, double high) {}

    private final double lower;
    private final double upper;

    public ScaleIntensityPercentile(double lowerPercent, double upperPercent) {
        if (!(lowerPercent >= 0 && lowerPercent < upperPercent && upperPercent <= 100)) {
            throw new IllegalArgumentException(
                    "need 0 <= lower < upper <= 100, got " + lowerPercent + ", " + upperPercent);
        }
        this.lower = lowerPercent;
        this.upper = upperPercent;
    }

    public Result apply(FloatImage img) {
        double[] r = range(img);
        return map(img, r[0], r[1]);
    }

    /** The {@code lower} and {@code upper} percentiles of {@code img}: {@code {low, high}}. */
    public double[] range(FloatImage img) {
        float[] px = img.pixels();
        return new double[] {fastPercentile(px, lower), fastPercentile(px, upper)};
    }

    /** {@code low} → 0 and {@code high} → 1, linear, clipped; everything 0 when {@code high <= low}. */
    public static Result map(FloatImage img, double lo, double hi) {
        float[] px = img.pixels();
        float[] out = new float[px.length];
        if (hi > lo) {
            double inv = 1.0 / (hi - lo);
            for (int i = 0; i < px.length; i++) {
                double v = (px[i] - lo) * inv;
                out[i] = (float) (v < 0 ? 0 : v > 1 ? 1 : v);
            }
        }
        return new Result(new FloatImage(img.width(), img.height(), out), lo, hi);
    }

    /**
     * {@link #percentile} without touching {@code a}: percentiles within the outer {@code 1/16} of the order
     * (such as 0.5 and 99.5) keep only the few order statistics they need in a bounded heap (one comparison
     * for most elements); others select on a copy. The value is the same either way (an order statistic does
     * not depend on how it is found).
     */
    static double fastPercentile(float[] a, double p) {
        int n = a.length;
        double pos = p / 100.0 * (n - 1);
        int i = (int) Math.floor(pos);
        double f = pos - i;
        boolean needNext = f != 0 && i + 1 < n;
        int fromTop = n - i; // a(i) is the fromTop-th largest
        if (i + 2 <= n / 16) {
            // max-heap of the i + 2 smallest: root a(i+1), largest child a(i)
            float[] heap = smallest(a, Math.min(n, i + 2));
            if (heap.length == i + 1) {
                return heap[0];
            }
            double vi = heap.length > 2 ? Math.max(heap[1], heap[2]) : heap[1];
            return !needNext ? vi : vi + f * (heap[0] - vi);
        }
        if (fromTop <= n / 16) {
            // min-heap of the n - i largest (negated max-heap): root a(i), smallest child a(i+1)
            float[] heap = largest(a, fromTop);
            double vi = -heap[0];
            if (!needNext) {
                return vi;
            }
            double next = -(heap.length > 2 ? Math.max(heap[1], heap[2]) : heap[1]);
            return vi + f * (next - vi);
        }
        return percentile(a.clone(), p);
    }

    /** A max-heap of the {@code k} smallest values of {@code a}. */
    private static float[] smallest(float[] a, int k) {
        float[] h = new float[k];
        for (int j = 0; j < k; j++) {
            h[j] = a[j];
            siftUp(h, j);
        }
        float root = h[0];
        for (int j = k; j < a.length; j++) {
            float v = a[j];
            if (v < root) {
                h[0] = v;
                siftDown(h, k);
                root = h[0];
            }
        }
        return h;
    }

    /** A max-heap of the negated {@code k} largest values of {@code a}. */
    private static float[] largest(float[] a, int k) {
        float[] h = new float[k];
        for (int j = 0; j < k; j++) {
            h[j] = -a[j];
            siftUp(h, j);
        }
        float root = -h[0]; // the k-th largest so far: only a larger value enters
        for (int j = k; j < a.length; j++) {
            float v = a[j];
            if (v > root) {
                h[0] = -v;
                siftDown(h, k);
                root = -h[0];
            }
        }
        return h;
    }

    private static void siftUp(float[] h, int j) {
        float v = h[j];
        while (j > 0) {
            int parent = (j - 1) >>> 1;
            if (h[parent] >= v) {
                break;
            }
            h[j] = h[parent];
            j = parent;
        }
        h[j] = v;
    }

    private static void siftDown(float[] h, int size) {
        float v = h[0];
        int j = 0;
        while (true) {
            int c = 2 * j + 1;
            if (c >= size) {
                break;
            }
            if (c + 1 < size && h[c + 1] > h[c]) {
                c++;
            }
            if (h[c] <= v) {
                break;
            }
            h[j] = h[c];
            j = c;
        }
        h[j] = v;
    }

    /** The p-th percentile (0..100) of {@code a}, linear interpolation; reorders {@code a}. */
    public static double percentile(float[] a, double p) {
        int n = a.length;
        double pos = p / 100.0 * (n - 1);
        int i = (int) Math.floor(pos);
        double f = pos - i;
        double vi = select(a, i);
        if (f == 0 || i + 1 >= n) {
            return vi;
        }
        // the (i+1)-th order statistic is the minimum of the part right of i after selection
        float next = Float.POSITIVE_INFINITY;
        for (int k = i + 1; k < n; k++) {
            if (a[k] < next) {
                next = a[k];
            }
        }
        return vi + f * (next - vi);
    }

    /** Hoare quickselect (median-of-three pivot): puts the k-th smallest at a[k], smaller left, larger right. */
    static float select(float[] a, int k) {
        int lo = 0;
        int hi = a.length - 1;
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < a[lo]) swap(a, mid, lo);
            if (a[hi] < a[lo]) swap(a, hi, lo);
            if (a[hi] < a[mid]) swap(a, hi, mid);
            float pivot = a[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) {
                    swap(a, i, j);
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static void swap(float[] a, int i, int j) {
        float t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
