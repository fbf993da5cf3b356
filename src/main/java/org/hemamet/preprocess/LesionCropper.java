package org.hemamet.preprocess;

import org.hemamet.annotation.BoundingBox;

/**
 * The one lesion-crop path shared by ingest and predict: (image in source units, lesion box) →
 * {@code size × size} image in [0, 1].
 *
 * <ol>
 *   <li>{@link CropToRoi#window}: the lesion box grown by {@code margin} × its size on each side; with
 *       {@code keepAspect} grown further along its shorter side to a square (otherwise the rectangle is
 *       stretched to the square output, as the paper did);</li>
 *   <li>{@link CropToRoi}: crop, edge pixels repeated outside the image;</li>
 *   <li>{@link ResizeTo}: area averaging when shrinking, linear when enlarging;</li>
 *   <li>{@link ScaleIntensityPercentile}: the crop's {@code lowerPercentile}–{@code upperPercentile}
 *       (default 0.5–99.5) mapped to 0–1, clipped. The mapped source range is returned for the record.</li>
 * </ol>
 * Stored as 16-bit PNG ({@link SavePng16}), the model input is PNG value / 65535.
 */
public final class LesionCropper {
    /**
     * Crop parameters.
     *
     * @param size            output side in pixels (256)
     * @param margin          fraction of the lesion box added on each side (0.1)
     * @param keepAspect      square window (true) or stretch the rectangle (false)
     * @param lowerPercentile percentile mapped to 0
     * @param upperPercentile percentile mapped to 1
     */
    public record Params(int size, double margin, boolean keepAspect, double lowerPercentile, double upperPercentile) {
        public static final Params DEFAULT = new Params(256, 0.1, true, 0.5, 99.5);

        public Params {
            if (size < 8 || size > 4096) {
                throw new IllegalArgumentException("size must be 8..4096, got " + size);
            }
            if (!(margin >= 0 && margin <= 5)) {
                throw new IllegalArgumentException("margin must be 0..5, got " + margin);
            }
        }

        /** A stable text of the parameters (part of ingest's reuse key). */
        public String key() {
            return "size=" + size + ";margin=" + margin + ";aspect=" + (keepAspect ? "keep" : "stretch")
                    + ";percentiles=" + lowerPercentile + "-" + upperPercentile + ";resize=area/linear;v1";
        }
    }

    /**
     * A crop.
     *
     * @param image  size × size, values in [0, 1]
     * @param window the crop window in source pixel coordinates
     * @param low    source value mapped to 0
     * @param high   source value mapped to 1
     */
    public record Crop(FloatImage image, BoundingBox window, double low, double high) {}

    private final Params params;
    private final ResizeTo resize;
    private final ScaleIntensityPercentile scale;

    public LesionCropper(Params params) {
        this.params = params;
        this.resize = new ResizeTo(params.size(), params.size());
        this.scale = new ScaleIntensityPercentile(params.lowerPercentile(), params.upperPercentile());
    }

    public Params params() {
        return params;
    }

    public Crop crop(FloatImage image, BoundingBox roi) {
        if (roi.width() <= 0 || roi.height() <= 0) {
            throw new IllegalArgumentException("empty lesion box " + roi);
        }
        if (roi.x() >= image.width()
                || roi.y() >= image.height()
                || roi.x() + roi.width() <= 0
                || roi.y() + roi.height() <= 0) {
            throw new IllegalArgumentException(
                    "lesion box " + roi + " lies outside the " + image.width() + "x" + image.height() + " image");
        }
        BoundingBox window = CropToRoi.window(roi, params.margin(), params.keepAspect());
        FloatImage cropped = new CropToRoi(window).apply(image);
        FloatImage resized = resize.apply(cropped);
        ScaleIntensityPercentile.Result r = scale.apply(resized);
        return new Crop(r.image(), window, r.low(), r.high());
    }
}
