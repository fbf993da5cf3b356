package org.hemamet.annotation;

/**
 * An axis-aligned box in integer pixel coordinates: covers columns {@code x .. x+width-1} and rows
 * {@code y .. y+height-1}. Made from a shape's real-valued extent by flooring the minimum and ceiling the
 * maximum, so a VIA rect {x, y, width, height} with integer fields maps to itself.
 */
public record BoundingBox(int x, int y, int width, int height) {
    public BoundingBox {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("negative box size " + width + "x" + height);
        }
    }

    /** The smallest integer box covering the real interval [minX, maxX] × [minY, maxY]. */
    public static BoundingBox covering(double minX, double minY, double maxX, double maxY) {
        int x0 = (int) Math.floor(minX);
        int y0 = (int) Math.floor(minY);
        int x1 = (int) Math.ceil(maxX);
        int y1 = (int) Math.ceil(maxY);
        return new BoundingBox(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
    }

    public long area() {
        return (long) width * height;
    }

    /** This box scaled by (sx, sy) (e.g. PNG export → DICOM pixel coordinates), covering the scaled extent. */
    public BoundingBox scale(double sx, double sy) {
        return covering(x * sx, y * sy, (x + width) * sx, (y + height) * sy);
    }

    @Override
    public String toString() {
        return x + "," + y + "," + width + "x" + height;
    }
}
