package org.hemamet.annotation;

import java.util.Map;

/**
 * One annotated region.
 *
 * @param index      0-based region index within its image entry (as VIA numbers them)
 * @param shape      the region's shape
 * @param attributes region attributes, flattened to text (checkbox → comma-joined selected option ids)
 */
public record ViaRegion(int index, RoiShape shape, Map<String, String> attributes) {
    public ViaRegion {
        attributes = Map.copyOf(attributes);
    }

    /** Largest side of an ROI in pixels (an MR slice is at most 1024 wide). */
    public static final int MAX_SIDE = 16384;

    /**
     * The bounding box this region gives a crop; points and polylines (no area) are an error naming the
     * VIA file, the image and the region index.
     */
    public BoundingBox cropBounds(java.nio.file.Path viaFile, String image) {
        String where = viaFile + ": image '" + image + "' region " + index + ": a " + shape.name() + " (";
        if (shape instanceof RoiShape.Rect r && !(r.width() > 0 && r.height() > 0)) {
            throw org.hemamet.core.HemametException.invalidInput(
                    where + shape.geometry() + ") needs a width and a height > 0");
        }
        BoundingBox b = shape.bounds();
        if (shape.hasArea() && (b.width() > MAX_SIDE || b.height() > MAX_SIDE)) {
            throw org.hemamet.core.HemametException.invalidInput(where + shape.geometry() + ") is larger than "
                    + MAX_SIDE + " pixels on a side (the limit of an ROI)");
        }
        if (!shape.hasArea() || b.width() == 0 || b.height() == 0) {
            throw org.hemamet.core.HemametException.invalidInput(viaFile + ": image '" + image + "' region " + index
                    + ": a " + shape.name() + " cannot define a crop (draw a rect, circle, ellipse or polygon"
                    + " around the lesion)");
        }
        return b;
    }
}
