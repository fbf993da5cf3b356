package org.hemamet.preprocess;

/**
 * Resizes to {@code width × height}, separably per axis: an axis that shrinks is resampled by exact area
 * averaging (each output pixel is the mean of the source area it covers, fractional pixels weighted by
 * their overlap — anti-aliased, like OpenCV's INTER_AREA and Java's
 * AreaAveragingScaleFilter); an axis that grows is linearly interpolated between pixel centres (area
 * averaging would only replicate pixels there). Weights are precomputed per axis, so the cost is
 * O(output pixels × taps).
 */
public final class ResizeTo {
    private final int width;
    private final int height;

    public ResizeTo(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("size must be positive: " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
    }

    public FloatImage apply(FloatImage img) {
        if (img.width() == width && img.height() == height) {
            return new FloatImage(width, height, img.pixels().clone());
        }
        Taps tx = taps(img.width(), width);
        Taps ty = taps(img.height(), height);
        int sw = img.width();
        float[] src = img.pixels();
        // horizontal pass: sh rows × width
        int sh = img.height();
        float[] mid = new float[sh * width];
        for (int y = 0; y < sh; y++) {
            int row = y * sw;
            for (int x = 0; x < width; x++) {
                int s = tx.start[x];
                int e = tx.start[x + 1];
                double acc = 0;
                for (int k = s; k < e; k++) {
                    acc += src[row + tx.index[k]] * tx.weight[k];
                }
                mid[y * width + x] = (float) acc;
            }
        }
        float[] out = new float[width * height];
        double[] acc = new double[width];
        for (int y = 0; y < height; y++) {
            java.util.Arrays.fill(acc, 0);
            for (int k = ty.start[y]; k < ty.start[y + 1]; k++) {
                int row = ty.index[k] * width;
                double wgt = ty.weight[k];
                for (int x = 0; x < width; x++) {
                    acc[x] += mid[row + x] * wgt;
                }
            }
            for (int x = 0; x < width; x++) {
                out[y * width + x] = (float) acc[x];
            }
        }
        return new FloatImage(width, height, out);
    }

    /** Sparse resampling matrix of one axis, CSR layout. */
    private record Taps(int[] start, int[] index, double[] weight) {}

    private static Taps taps(int n, int m) {
        int[] start = new int[m + 1];
        int[] index = new int[Math.max(m * 2, m * ((n + m - 1) / m + 2))];
        double[] weight = new double[index.length];
        int k = 0;
        double scale = (double) n / m;
        for (int o = 0; o < m; o++) {
            start[o] = k;
            if (m <= n) {
                double a = o * scale;
                double b = (o + 1) * scale;
                int i0 = (int) Math.floor(a);
                int i1 = Math.min(n, (int) Math.ceil(b));
                for (int i = i0; i < i1; i++) {
                    double ov = Math.min(b, i + 1) - Math.max(a, i);
                    if (ov > 1e-12) {
                        index[k] = i;
                        weight[k++] = ov / scale;
                    }
                }
            } else {
                double c = (o + 0.5) * scale - 0.5;
                int i0 = (int) Math.floor(c);
                double f = c - i0;
                int a = Math.max(0, Math.min(n - 1, i0));
                int b = Math.max(0, Math.min(n - 1, i0 + 1));
                if (a == b) {
                    index[k] = a;
                    weight[k++] = 1.0;
                } else {
                    index[k] = a;
                    weight[k++] = 1 - f;
                    index[k] = b;
                    weight[k++] = f;
                }
            }
        }
        start[m] = k;
        return new Taps(start, java.util.Arrays.copyOf(index, k), java.util.Arrays.copyOf(weight, k));
    }
}
