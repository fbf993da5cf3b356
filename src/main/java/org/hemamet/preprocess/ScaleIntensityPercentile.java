package org.hemamet.preprocess;

import java.util.Arrays;

/**
 * Robust per-image min–max scaling: the {@code lower} and {@code upper} percentiles (linear
 * interpolation between order statistics, numpy's default "linear" method, Hyndman &amp; Fan 1996
 * definition 7) are mapped to 0 and 1, values outside are clipped. A constant image maps to 0.
 * Percentiles are found in O(n) (a radix pass), not by sorting the image.
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
        int n = px.length;
        int lo = rank(lower, n);
        int hi = rank(upper, n);
        float[] v = orderStatistics(px, lo, Math.min(lo + 1, n - 1), hi, Math.min(hi + 1, n - 1));
        return new double[] {interpolate(lower, n, v[0], v[1]), interpolate(upper, n, v[2], v[3])};
    }

    private static int rank(double p, int n) {
        return (int) Math.floor(p / 100.0 * (n - 1));
    }

    /** The percentile from its two order statistics {@code a(i)} and {@code a(i+1)}, as {@link #percentile}. */
    private static double interpolate(double p, int n, float vi, float next) {
        double pos = p / 100.0 * (n - 1);
        double f = pos - Math.floor(pos);
        return f == 0 || (int) Math.floor(pos) + 1 >= n ? vi : vi + f * (next - (double) vi);
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
     * The order statistics of {@code a} at 0-based {@code ranks} (in any order), exactly, without touching {@code a}:
     * a histogram of the top 16 bits of each value's order-preserving integer key (a most-significant-digit radix
     * pass, Knuth TAOCP vol. 3, section 5.2.5), then only the values in the buckets that hold the ranks are sorted.
     * Two passes over {@code a}, whatever the ranks. -0.0 counts as 0.0.
     */
    static float[] orderStatistics(float[] a, int... ranks) {
        int[] count = new int[1 << 16];
        int lowest = count.length;
        int highest = -1;
        for (float v : a) {
            int b = bucket(v);
            count[b]++;
            lowest = Math.min(lowest, b);
            highest = Math.max(highest, b);
        }
        int n = a.length;
        int[] bucketOf = new int[ranks.length];
        int[] within = new int[ranks.length];
        int first = Integer.MAX_VALUE;
        int last = -1;
        for (int k = 0; k < ranks.length; k++) {
            int b;
            if (ranks[k] < n / 2) { // from the smallest value up
                int below = 0;
                b = lowest;
                while (ranks[k] >= below + count[b]) {
                    below += count[b++];
                }
                within[k] = ranks[k] - below;
            } else { // from the largest down
                int fromTop = n - 1 - ranks[k];
                int above = 0;
                b = highest;
                while (fromTop >= above + count[b]) {
                    above += count[b--];
                }
                within[k] = count[b] - 1 - (fromTop - above);
            }
            bucketOf[k] = b;
            first = Math.min(first, b);
            last = Math.max(last, b);
        }
        float[][] values = {new float[count[first]], new float[first == last ? 0 : count[last]]};
        int[] filled = new int[2];
        for (float v : a) {
            int b = bucket(v);
            if (b == first) {
                values[0][filled[0]++] = v == 0 ? 0f : v;
            } else if (b == last) {
                values[1][filled[1]++] = v == 0 ? 0f : v;
            }
        }
        Arrays.sort(values[0]);
        Arrays.sort(values[1]);
        float[] out = new float[ranks.length];
        for (int k = 0; k < ranks.length; k++) {
            int b = bucketOf[k];
            // a rank in a bucket between the first and the last (rare): that bucket sorted on its own
            float[] bucket = b == first ? values[0] : b == last ? values[1] : bucketValues(a, b);
            out[k] = bucket[within[k]];
        }
        return out;
    }

    /** The values of {@code a} in bucket {@code b}, sorted. */
    private static float[] bucketValues(float[] a, int b) {
        float[] v = new float[a.length];
        int n = 0;
        for (float x : a) {
            if (bucket(x) == b) {
                v[n++] = x == 0 ? 0f : x;
            }
        }
        float[] out = Arrays.copyOf(v, n);
        Arrays.sort(out);
        return out;
    }

    /**
     * The top 16 bits of the value's key, ordered as the values are: IEEE 754 bits with the other bits flipped for
     * negative values, then the sign bit flipped so the integers order unsigned.
     */
    private static int bucket(float v) {
        int bits = Float.floatToRawIntBits(v == 0 ? 0f : v);
        int key = bits ^ ((bits >> 31) & 0x7FFFFFFF);
        return (key >>> 16) ^ 0x8000;
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
