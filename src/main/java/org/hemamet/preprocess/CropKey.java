package org.hemamet.preprocess;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hemamet.contract.BundleMetadata;

/**
 * The stable key of a dataset's crop parameters ({@link LesionCropper.Params#key()}, ingest-report.json
 * {@code params.key}) read back, and the parameters as a model bundle records them ({@code input.crop};
 * shared by the CNN bundle and the kept radiomics model).
 */
public final class CropKey {
    /** The only crop-key version this hemamet reproduces. */
    public static final String KEY_VERSION = "v1";

    private CropKey() {}

    /** The bundle's {@code input.crop} object. */
    public static BundleMetadata.Crop toCrop(LesionCropper.Params p, String source) {
        return new BundleMetadata.Crop(
                p.size(),
                p.margin(),
                p.keepAspect(),
                p.lowerPercentile(),
                p.upperPercentile(),
                p.intensity().word(),
                p.key(),
                source,
                "lesion box + margin (square window when keep_aspect), edge-repeat crop, area-average"
                        + " resize to size, intensity scaling to [0,1] against intensity_reference (crop: the"
                        + " crop's percentiles; slice: the whole image's; reference: 0 -> 0 and the median of"
                        + " the image's roi=reference region -> " + LesionCropper.REFERENCE_LEVEL + "), 16-bit"
                        + " PNG (round(v*65535)); network input = png / 65535 area-averaged to input.size");
    }

    /**
     * Parses an ingest params key; throws IllegalArgumentException naming what is wrong (unknown version,
     * missing or malformed field).
     */
    public static LesionCropper.Params parse(String key) {
        Map<String, String> f = new LinkedHashMap<>();
        String version = null;
        for (String part : key.split(";")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                version = part.trim();
            } else {
                f.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        if (!KEY_VERSION.equals(version)) {
            throw new IllegalArgumentException(
                    "crop key version " + version + " (this hemamet reproduces " + KEY_VERSION + ")");
        }
        if (!"area/linear".equals(f.get("resize"))) {
            throw new IllegalArgumentException("resize " + f.get("resize") + " (this hemamet resizes area/linear)");
        }
        String[] pct = require(f, "percentiles").split("-");
        if (pct.length != 2) {
            throw new IllegalArgumentException("percentiles " + f.get("percentiles"));
        }
        String aspect = require(f, "aspect");
        if (!aspect.equals("keep") && !aspect.equals("stretch")) {
            throw new IllegalArgumentException("aspect " + aspect);
        }
        return new LesionCropper.Params(
                Integer.parseInt(require(f, "size")),
                Double.parseDouble(require(f, "margin")),
                aspect.equals("keep"),
                Double.parseDouble(pct[0]),
                Double.parseDouble(pct[1]),
                f.containsKey("intensity") ? IntensityReference.parse(f.get("intensity")) : IntensityReference.CROP);
    }

    private static String require(Map<String, String> f, String name) {
        String v = f.get(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("no " + name);
        }
        return v;
    }
}
