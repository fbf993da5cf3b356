package org.hemamet.ingest;

import java.nio.file.Path;
import org.hemamet.preprocess.CropCompression;
import org.hemamet.preprocess.LesionCropper;

/**
 * What {@link Ingest} needs.
 *
 * @param cohortDir     the cohort directory (contracts section A)
 * @param outDir        the dataset directory to write (section B)
 * @param crop          crop parameters (size, margin, aspect, percentiles)
 * @param keyFile       the pseudonymisation secret, outside {@code outDir}; null → {@code <outDir>.key}
 * @param sequenceRules a user sequence-rules file; null → the defaults
 * @param threads       worker threads reading and cropping sources (≥ 1); the output does not depend on it
 * @param masks         also write each lesion's mask on the crop grid ({@code masks/<sample_id>.png}, 8-bit
 *                      0/255) and a {@code mask_path} column; off: the dataset is exactly as before masks
 * @param allowShrink   replace a previous dataset even when the new one has fewer than half its samples
 *                      (without it such an ingest refuses, exit 3, and leaves the old dataset)
 * @param cropCompression how the crop PNGs are compressed ({@link CropCompression}; lossless, the same pixel
 *                      values whatever it is; null → {@link #DEFAULT_CROP_COMPRESSION})
 */
public record IngestOptions(
        Path cohortDir,
        Path outDir,
        LesionCropper.Params crop,
        Path keyFile,
        Path sequenceRules,
        int threads,
        boolean masks,
        boolean allowShrink,
        CropCompression cropCompression) {
    /** The crop compression unless told otherwise (docs/performance.md, "Ingest", says why). */
    public static final CropCompression DEFAULT_CROP_COMPRESSION = CropCompression.FAST;

    public IngestOptions {
        if (cropCompression == null) {
            cropCompression = DEFAULT_CROP_COMPRESSION;
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    /** Options with the default crop compression. */
    public IngestOptions(
            Path cohortDir,
            Path outDir,
            LesionCropper.Params crop,
            Path keyFile,
            Path sequenceRules,
            int threads,
            boolean masks,
            boolean allowShrink) {
        this(cohortDir, outDir, crop, keyFile, sequenceRules, threads, masks, allowShrink, null);
    }

    /** Options that refuse to shrink a previous dataset by more than half. */
    public IngestOptions(
            Path cohortDir,
            Path outDir,
            LesionCropper.Params crop,
            Path keyFile,
            Path sequenceRules,
            int threads,
            boolean masks) {
        this(cohortDir, outDir, crop, keyFile, sequenceRules, threads, masks, false, null);
    }

    /** Options without masks. */
    public IngestOptions(
            Path cohortDir, Path outDir, LesionCropper.Params crop, Path keyFile, Path sequenceRules, int threads) {
        this(cohortDir, outDir, crop, keyFile, sequenceRules, threads, false);
    }

    /** Options with one worker thread per available processor, without masks. */
    public IngestOptions(Path cohortDir, Path outDir, LesionCropper.Params crop, Path keyFile, Path sequenceRules) {
        this(
                cohortDir,
                outDir,
                crop,
                keyFile,
                sequenceRules,
                Runtime.getRuntime().availableProcessors());
    }

    /** These options with masks on or off. */
    public IngestOptions withMasks(boolean on) {
        return new IngestOptions(
                cohortDir, outDir, crop, keyFile, sequenceRules, threads, on, allowShrink, cropCompression);
    }

    /** These options allowing (or not) a new dataset with fewer than half the previous one's samples. */
    public IngestOptions withAllowShrink(boolean on) {
        return new IngestOptions(cohortDir, outDir, crop, keyFile, sequenceRules, threads, masks, on, cropCompression);
    }

    /** These options with the crops stored as {@code c} says (the same pixel values). */
    public IngestOptions withCropCompression(CropCompression c) {
        return new IngestOptions(cohortDir, outDir, crop, keyFile, sequenceRules, threads, masks, allowShrink, c);
    }

    public Path resolvedKeyFile() {
        if (keyFile != null) {
            return keyFile;
        }
        Path abs = outDir.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + ".key");
    }
}
