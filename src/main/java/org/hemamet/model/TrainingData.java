package org.hemamet.model;

/**
 * Images and binary labels for the CNN.
 *
 * <p>{@code images[i]} is a row-major {@code channels x size x size} image (channel-major: channel c's
 * {@code size x size} pixels at offset {@code c * size * size}) with values in [0, 1] (contract B: crop PNG
 * value / 65535); a per-sequence cell's images have one channel. The first {@code imageChannels} channels
 * carry intensities; any after them are constant availability planes (an early-fused cell's, 1 where the
 * sequence is present, 0 where it is missing), which the augmentation's geometric transforms leave unchanged
 * and its intensity jitter skips; {@code labels[i]} is 1 for the positive class (metastasis
 * group) and 0 for hemangioma. The arrays are referenced, not copied: do not modify them while a
 * training run uses them.
 *
 * @param images one float array of length size*size per sample
 * @param labels 0/1 per sample
 * @param size image side length (&ge; 8: the network pools three times by 2)
 * @param channels input channels (&ge; 1)
 * @param imageChannels the leading channels that carry intensities (1..channels)
 */
public record TrainingData(float[][] images, int[] labels, int size, int channels, int imageChannels) {

    /** Single-channel images (a per-sequence cell). */
    public TrainingData(float[][] images, int[] labels, int size) {
        this(images, labels, size, 1, 1);
    }

    public TrainingData {
        if (channels < 1 || imageChannels < 1 || imageChannels > channels) {
            throw new IllegalArgumentException("channels must be >= 1 and image channels in 1..channels, got "
                    + channels + " and " + imageChannels);
        }
        if (images == null || labels == null) {
            throw new IllegalArgumentException("images and labels must not be null");
        }
        if (size < 8) {
            throw new IllegalArgumentException("size must be >= 8, got " + size);
        }
        if (images.length != labels.length) {
            throw new IllegalArgumentException(
                    "images (" + images.length + ") and labels (" + labels.length + ") differ in length");
        }
        if (images.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        int pixels = channels * size * size;
        for (int i = 0; i < images.length; i++) {
            float[] img = images[i];
            if (img == null || img.length != pixels) {
                throw new IllegalArgumentException("image " + i + " has "
                        + (img == null ? "no data" : img.length + " values") + ", expected " + pixels
                        + " (" + (channels == 1 ? "" : channels + "x") + size + "x" + size + ")");
            }
            for (int p = 0; p < pixels; p++) {
                if (!Float.isFinite(img[p])) {
                    throw new IllegalArgumentException("image " + i + " has a non-finite value at pixel " + p);
                }
            }
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("label " + i + " is " + labels[i] + ", expected 0 or 1");
            }
        }
    }

    /** Number of samples. */
    public int count() {
        return labels.length;
    }

    /** Number of samples with label 1. */
    public int positives() {
        int n = 0;
        for (int l : labels) {
            n += l;
        }
        return n;
    }
}
