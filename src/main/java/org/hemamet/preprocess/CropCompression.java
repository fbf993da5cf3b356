package org.hemamet.preprocess;

import java.util.Locale;

/**
 * How ingest compresses its 16-bit PNG crops ({@link SavePng16}). Every choice is lossless and a standard PNG
 * (any PNG reader decodes the same pixel values from all three); it fixes the bytes and the disk size, never
 * the pixels, so it is no part of the crop parameters ({@code params.key}) and reused crops stay valid.
 *
 * <p>Measured on the 100-patient synthetic cohort (docs/performance.md, "Ingest"): {@code none} spends no CPU
 * on deflate at about 2.2× the disk of {@code fast}; {@code fast} (zlib level 1) costs about 2.6 ms of CPU per
 * 256×256 crop; {@code small} (zlib level 6, the format before the ingest-speed work) about twice that, for
 * files about 9 % smaller than {@code fast}.
 */
public enum CropCompression {
    /** zlib level 1, PNG "Sub" filter. */
    FAST("fast", 1, true),
    /** zlib level 6, PNG "Sub" filter (the crops of datasets ingested before level 1). */
    SMALL("small", 6, true),
    /** Stored (uncompressed) deflate blocks, PNG filter "None": no deflate work, the largest files. */
    NONE("none", 0, false);

    private final String word;
    private final int level;
    private final boolean subFilter;

    CropCompression(String word, int level, boolean subFilter) {
        this.word = word;
        this.level = level;
        this.subFilter = subFilter;
    }

    /** The word of the command line and the report. */
    public String word() {
        return word;
    }

    /** The zlib level (0 = stored blocks). */
    public int level() {
        return level;
    }

    /** Whether rows are written with the PNG "Sub" filter (else filter "None"). */
    public boolean subFilter() {
        return subFilter;
    }

    /** The crop storage in words, for the dataset's provenance ({@code ingest-report.json params.crop_format}). */
    public String format() {
        return this == NONE
                ? "16-bit grayscale PNG, filter None, stored (uncompressed) deflate blocks (lossless)"
                : "16-bit grayscale PNG, Sub filter, zlib level " + level
                        + " (lossless; the level fixes the bytes, not the pixel values)";
    }

    /** The choice named {@code word} (fast, small, none; any case). */
    public static CropCompression parse(String word) {
        for (CropCompression c : values()) {
            if (c.word.equals(word.trim().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("crop compression must be fast, small or none, got '" + word + "'");
    }
}
