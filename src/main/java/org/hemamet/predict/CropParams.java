package org.hemamet.predict;

import java.util.Map;
import org.hemamet.contract.BundleMetadata;
import org.hemamet.preprocess.CropKey;
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
    /**
     * What a bundle without recorded crop parameters is taken to have used: the parameters of the version
     * before intensity references (scaled per crop), whatever today's default.
     */
    static final LesionCropper.Params UNRECORDED = LesionCropper.Params.DEFAULT.withIntensity(IntensityReference.CROP);

    private CropParams() {}

    /** The bundle's {@code input.crop} object ({@link CropKey#toCrop}). */
    static BundleMetadata.Crop toCrop(LesionCropper.Params p, String source) {
        return CropKey.toCrop(p, source);
    }

    /** Parses an ingest params key ({@link CropKey#parse}). */
    static LesionCropper.Params parseKey(String key) {
        return CropKey.parse(key);
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
}
