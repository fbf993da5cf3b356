package org.hemamet.preprocess;

import org.hemamet.annotation.BoundingBox;

/**
 * Crops an image to a window given in pixel coordinates. The window may extend past the image: those
 * pixels repeat the nearest edge pixel (MONAI's "edge" padding), so a lesion at the border keeps its
 * square context without a black frame that the normaliser would read as signal.
 */
public final class CropToRoi {
    private final BoundingBox window;

    public CropToRoi(BoundingBox window) {
        if (window.width() <= 0 || window.height() <= 0) {
            throw new IllegalArgumentException("empty crop window " + window);
        }
        this.window = window;
    }

    /**
     * The crop window for a lesion box: grown by {@code margin} × its width (height) on each side, then,
     * when {@code square}, grown symmetrically along the shorter side to a square (aspect kept).
     */
    public static BoundingBox window(BoundingBox roi, double margin, boolean square) {
        double cx = roi.x() + roi.width() / 2.0;
        double cy = roi.y() + roi.height() / 2.0;
        double w = roi.width() * (1 + 2 * margin);
        double h = roi.height() * (1 + 2 * margin);
        if (square) {
            w = h = Math.max(w, h);
        }
        int iw = Math.max(1, (int) Math.round(w));
        int ih = Math.max(1, (int) Math.round(h));
        int x0 = (int) Math.floor(cx - iw / 2.0 + 0.5);
        int y0 = (int) Math.floor(cy - ih / 2.0 + 0.5);
        return new BoundingBox(x0, y0, iw, ih);
    }

    public FloatImage apply(FloatImage img) {
        int w = window.width();
        int h = window.height();
        float[] src = img.pixels();
        float[] out = new float[w * h];
        int iw = img.width();
        int ih = img.height();
        for (int j = 0; j < h; j++) {
            int sy = Math.min(ih - 1, Math.max(0, window.y() + j));
            int row = sy * iw;
            int x0 = window.x();
            if (x0 >= 0 && x0 + w <= iw) {
                System.arraycopy(src, row + x0, out, j * w, w);
            } else {
                for (int i = 0; i < w; i++) {
                    int sx = Math.min(iw - 1, Math.max(0, x0 + i));
                    out[j * w + i] = src[row + sx];
                }
            }
        }
        return new FloatImage(w, h, out);
    }
}
