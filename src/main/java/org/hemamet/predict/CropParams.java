package org.hemamet.predict;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hemamet.contract.BundleMetadata;
import org.hemamet.preprocess.IntensityReference;
import org.hemamet.preprocess.LesionCropper;

/**
 * The crop parameters of a dataset ({@link LesionCropper.Params}) as recorded in a model bundle's
 * {@code input.crop} and read back from it, or from the stable key ingest writes to
 * {@code ingest-report.json} ({@code params.key}, e.g.
 * {@code size=256;margin=0.1;aspect=keep;percentiles=0.5-99.5;resize=area/linear;v1}; an {@code intensity=slice}
 * or {@code intensity=reference} field before {@code resize}, absent for per-crop scaling).
 */
final class CropParams {
    /** The only crop-key version this hemamet reproduces. */
    static final String KEY_VERSION = "v1";

    /**
     * What a bundle without recorded crop parameters is taken to have used: the parameters of the version
     * before intensity references (scaled per crop), whatever today's default.
     */
    static final LesionCropper.Params UNRECORDED = LesionCropper.Params.DEFAULT.withIntensity(IntensityReference.CROP);

    private CropParams() {}

    /** The bundle's {@code input.crop} object. */
    static BundleMetadata.Crop toCrop(LesionCropper.Params p, String source) {
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
    static LesionCropper.Params parseKey(String key) {
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

    /** Reads the bundle's {@code input.crop}; throws IllegalArgumentException when it is malformed. */
    static LesionCropper.Params fromMap(Map<?, ?> m) {
        Object key = m.get("key");
        if (!(key instanceof String k)) {
            throw new IllegalArgumentException("input.crop.key missing");
        }
        LesionCropper.Params p = parseKey(k);
        if (!(m.get("size") instanceof Number s)
                || s.intValue() != p.size()
                || !(m.get("margin") instanceof Number mg)
                || mg.doubleValue() != p.margin()
                || !(p.keepAspect() == Boolean.TRUE.equals(m.get("keep_aspect")))
                || (m.get("intensity_reference") != null
                        && !p.intensity().word().equals(m.get("intensity_reference")))) {
            throw new IllegalArgumentException("input.crop fields disagree with input.crop.key " + k);
        }
        return p;
    }

    private static String require(Map<String, String> f, String name) {
        String v = f.get(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("no " + name);
        }
        return v;
    }
}
