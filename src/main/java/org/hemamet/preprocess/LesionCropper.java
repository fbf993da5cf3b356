package org.hemamet.preprocess;

import org.hemamet.annotation.BoundingBox;
import org.hemamet.annotation.RoiShape;

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
 *   <li>intensity scaling against {@link Params#intensity} ({@link IntensityReference}): the crop's
 *       ({@code crop}) or the whole image's ({@code slice}) {@code lowerPercentile}–{@code upperPercentile}
 *       (default 0.5–99.5, {@link ScaleIntensityPercentile}) mapped to 0–1, or ({@code reference}) 0 → 0 and
 *       the reference region's median → {@value #REFERENCE_LEVEL}; clipped. The mapped source range is
 *       returned for the record.</li>
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
     * @param intensity       what the intensities are scaled against (crop, slice or reference region)
     */
    public record Params(
            int size,
            double margin,
            boolean keepAspect,
            double lowerPercentile,
            double upperPercentile,
            IntensityReference intensity) {
        /** The parameters of the version before intensity references (scaled per crop). */
        public static final Params DEFAULT = new Params(256, 0.1, true, 0.5, 99.5, IntensityReference.CROP);

        /**
         * What {@code hemamet ingest} and {@code demo} use unless told otherwise: scaled per slice. On the
         * demo-like T1/T2 study (README, "Intensity reference") per-slice and per-reference-region crops both
         * beat per-crop ones, per slice needs no extra drawing on real exports, and the CNN was not below
         * any baseline with it.
         */
        public static final Params RECOMMENDED = DEFAULT.withIntensity(IntensityReference.SLICE);

        /** Parameters scaled per crop (the scaling before intensity references existed). */
        public Params(int size, double margin, boolean keepAspect, double lowerPercentile, double upperPercentile) {
            this(size, margin, keepAspect, lowerPercentile, upperPercentile, IntensityReference.CROP);
        }

        public Params {
            if (intensity == null) {
                throw new IllegalArgumentException("no intensity reference");
            }
            if (size < 8 || size > 4096) {
                throw new IllegalArgumentException("size must be 8..4096, got " + size);
            }
            if (!(margin >= 0 && margin <= 5)) {
                throw new IllegalArgumentException("margin must be 0..5, got " + margin);
            }
        }

        /**
         * A stable text of the parameters (part of ingest's reuse key). The intensity reference is named
         * only when it is not {@code crop}, so a per-crop key reads as before references existed.
         */
        public String key() {
            return "size=" + size + ";margin=" + margin + ";aspect=" + (keepAspect ? "keep" : "stretch")
                    + ";percentiles=" + lowerPercentile + "-" + upperPercentile
                    + (intensity == IntensityReference.CROP ? "" : ";intensity=" + intensity.word())
                    + ";resize=area/linear;v1";
        }

        /** These parameters with another intensity reference. */
        public Params withIntensity(IntensityReference reference) {
            return new Params(size, margin, keepAspect, lowerPercentile, upperPercentile, reference);
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

    /** Where the reference region's median lands on the 0–1 scale (so lesions up to 4x marrow stay unclipped). */
    public static final double REFERENCE_LEVEL = 0.25;

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

    /**
     * The crop of a lesion scaled per crop or per slice.
     *
     * @throws IllegalArgumentException for an empty box, a box outside the image, or parameters scaled
     *                                  against a reference region (use {@link #crop(FloatImage, BoundingBox,
     *                                  double)})
     */
    public Crop crop(FloatImage image, BoundingBox roi) {
        if (params.intensity() == IntensityReference.REFERENCE) {
            throw new IllegalArgumentException(
                    "the intensity reference is a reference region (roi = reference), and none was given");
        }
        return crop(image, roi, Double.NaN);
    }

    /**
     * The crop of a lesion; {@code referenceMedian} (source units, see {@link #referenceMedian}) is used, and
     * needed, only when the parameters scale against a reference region.
     */
    public Crop crop(FloatImage image, BoundingBox roi, double referenceMedian) {
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
        ScaleIntensityPercentile.Result r =
                switch (params.intensity()) {
                    case CROP -> scale.apply(resized);
                    case SLICE -> {
                        double[] range = scale.range(image);
                        yield ScaleIntensityPercentile.map(resized, range[0], range[1]);
                    }
                    case REFERENCE -> {
                        if (!(referenceMedian > 0) || Double.isInfinite(referenceMedian)) {
                            throw new IllegalArgumentException("the reference region's median is " + referenceMedian
                                    + " (a normal-marrow region needs a positive signal)");
                        }
                        yield ScaleIntensityPercentile.map(resized, 0, referenceMedian / REFERENCE_LEVEL);
                    }
                };
        return new Crop(r.image(), window, r.low(), r.high());
    }

    /**
     * The median of {@code image} over a reference region: the pixels whose centres lie in {@code shape}
     * (drawn in coordinates {@code scaleX, scaleY} times smaller than the image's; 1 when drawn on the image
     * itself). NaN when no pixel centre lies inside.
     */
    public static double referenceMedian(FloatImage image, RoiShape shape, double scaleX, double scaleY) {
        BoundingBox b = shape.bounds().scale(scaleX, scaleY);
        int x0 = Math.max(0, b.x());
        int y0 = Math.max(0, b.y());
        int x1 = Math.min(image.width(), b.x() + b.width() + 1);
        int y1 = Math.min(image.height(), b.y() + b.height() + 1);
        float[] px = image.pixels();
        float[] inside = new float[Math.max(0, (x1 - x0) * (y1 - y0))];
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if (shape.contains((x + 0.5) / scaleX, (y + 0.5) / scaleY)) {
                    inside[n++] = px[y * image.width() + x];
                }
            }
        }
        return n == 0 ? Double.NaN : ScaleIntensityPercentile.percentile(java.util.Arrays.copyOf(inside, n), 50);
    }
}
