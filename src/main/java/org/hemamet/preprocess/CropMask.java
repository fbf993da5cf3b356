package org.hemamet.preprocess;

import org.hemamet.annotation.BoundingBox;
import org.hemamet.annotation.RoiShape;

/**
 * The lesion mask in crop coordinates: the annotated region rasterised on the {@code size × size} grid of
 * the crop {@link LesionCropper} makes from the same lesion box (same window, margin and aspect rule, same
 * resize). Crop pixel (i, j) is inside when its centre — source point
 * {@code (wx + (i + ½) ww / size, wy + (j + ½) wh / size)} of the window {@code (wx, wy, ww, wh)} — lies in
 * the region ({@link RoiShape#contains}, boundary included); this is the centre both the area-averaging
 * and the linear resize assign to that pixel. A rectangle's mask is its whole lesion box.
 *
 * <p>Regions drawn on an export of another size than the source (PNG key image vs. DICOM matrix) are
 * mapped by {@code scaleX, scaleY}, the factors that took the region's box to {@code roi}.
 */
public final class CropMask {
    private CropMask() {}

    /**
     * The mask of {@code shape}, row-major {@code size × size}.
     *
     * @param shape  the VIA region, in the coordinates it was drawn in
     * @param scaleX source pixels per region unit along x (1 when drawn on the source itself)
     * @param scaleY source pixels per region unit along y
     * @param roi    the lesion box the crop was made from, in source pixels
     * @param params the crop parameters (size, margin, aspect)
     */
    public static boolean[] of(
            RoiShape shape, double scaleX, double scaleY, BoundingBox roi, LesionCropper.Params params) {
        if (!shape.hasArea()) {
            throw new IllegalArgumentException("a " + shape.name() + " has no area and gives no mask");
        }
        if (!(scaleX > 0) || !(scaleY > 0)) {
            throw new IllegalArgumentException("scales must be positive, got " + scaleX + ", " + scaleY);
        }
        BoundingBox window = CropToRoi.window(roi, params.margin(), params.keepAspect());
        int size = params.size();
        double stepX = (double) window.width() / size;
        double stepY = (double) window.height() / size;
        boolean[] mask = new boolean[size * size];
        double[] sxs = new double[size];
        double[] regionXs = new double[size];
        for (int i = 0; i < size; i++) {
            sxs[i] = window.x() + (i + 0.5) * stepX;
            regionXs[i] = sxs[i] / scaleX;
        }
        if (shape instanceof RoiShape.Rect) {
            for (int j = 0; j < size; j++) {
                double sy = window.y() + (j + 0.5) * stepY;
                for (int i = 0; i < size; i++) {
                    mask[j * size + i] = inBox(roi, sxs[i], sy);
                }
            }
            return mask;
        }
        // only the pixels near the shape's bounds (one region pixel of slack) can be inside: ask the shape
        // about those alone, the rest of the crop stays outside
        BoundingBox b = shape.bounds();
        double lo = b.x() - 1.0;
        double hi = b.x() + b.width() + 1.0;
        int i0 = 0;
        while (i0 < size && regionXs[i0] < lo) {
            i0++;
        }
        int i1 = size;
        while (i1 > i0 && regionXs[i1 - 1] > hi) {
            i1--;
        }
        if (i1 == i0) {
            return mask;
        }
        double[] xs = i0 == 0 && i1 == size ? regionXs : java.util.Arrays.copyOfRange(regionXs, i0, i1);
        for (int j = 0; j < size; j++) {
            double ry = (window.y() + (j + 0.5) * stepY) / scaleY;
            if (ry >= b.y() - 1.0 && ry <= b.y() + b.height() + 1.0) {
                shape.containsRow(ry, xs, mask, j * size + i0);
            }
        }
        return mask;
    }

    private static boolean inBox(BoundingBox b, double x, double y) {
        return x >= b.x() && x <= b.x() + b.width() && y >= b.y() && y <= b.y() + b.height();
    }
}
