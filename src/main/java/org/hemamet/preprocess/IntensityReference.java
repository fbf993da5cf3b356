package org.hemamet.preprocess;

import java.util.Locale;

/**
 * What a crop's intensities are scaled against (ingest's {@code --intensity-reference}, recorded in the
 * dataset's crop key and the model bundle).
 *
 * <ul>
 *   <li>{@link #CROP}: the crop's own 0.5–99.5 percentiles → 0–1 (the paper's per-image min–max; a uniformly
 *       bright and a uniformly dark lesion come out alike);</li>
 *   <li>{@link #SLICE}: the same percentiles of the whole source image (the exported slice), so the lesion
 *       keeps its brightness relative to the rest of the spine on that slice;</li>
 *   <li>{@link #REFERENCE}: a normal-marrow region the reader drew on the same image (VIA region attribute
 *       {@code roi = reference}): 0 → 0 and the region's median → {@value LesionCropper#REFERENCE_LEVEL},
 *       linear, clipped at 1 — the signal-intensity ratio to marrow that radiologists read (e.g. Schmeel
 *       et al., Eur Radiol 2018, 28:4655–4662: lesion/marrow signal ratios on T1).</li>
 * </ul>
 */
public enum IntensityReference {
    CROP,
    SLICE,
    REFERENCE;

    /** The word used on the command line and in the crop key. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The reference of a word ({@code crop}, {@code slice}, {@code reference}); IllegalArgumentException otherwise. */
    public static IntensityReference parse(String word) {
        for (IntensityReference r : values()) {
            if (r.word().equalsIgnoreCase(word == null ? "" : word.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("intensity reference '" + word + "' (crop, slice or reference)");
    }
}
