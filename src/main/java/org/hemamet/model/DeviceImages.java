package org.hemamet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;

/**
 * Host images and labels copied once into native arrays on a manager's device, so that training and
 * prediction take their batches as slices there instead of copying every batch from the host (on a GPU,
 * one host-to-device copy per data set instead of one per step).
 */
final class DeviceImages {
    /** Floats per host-to-device copy (64 MB): bounds the host staging buffer. */
    static final int CHUNK_FLOATS = 1 << 24;

    private DeviceImages() {}

    /** {@code images} (row-major S x S each) as one (n, 1, S, S) float32 array on {@code manager}. */
    static NDArray images(NDManager manager, float[][] images, int size) {
        return images(manager, images, 1, size);
    }

    /** {@code images} (channel-major C x S x S each) as one (n, C, S, S) float32 array on {@code manager}. */
    static NDArray images(NDManager manager, float[][] images, int channels, int size) {
        int pixels = channels * size * size;
        int perChunk = Math.max(1, CHUNK_FLOATS / pixels);
        if (images.length <= perChunk) {
            return chunk(manager, images, 0, images.length, channels, size);
        }
        NDList chunks = new NDList();
        try (NDManager staging = manager.newSubManager()) {
            for (int from = 0; from < images.length; from += perChunk) {
                chunks.add(chunk(staging, images, from, Math.min(images.length, from + perChunk), channels, size));
            }
            NDArray all = NDArrays.concat(chunks);
            all.attach(manager);
            return all;
        }
    }

    private static NDArray chunk(NDManager manager, float[][] images, int from, int to, int channels, int size) {
        int pixels = channels * size * size;
        float[] buf = new float[(to - from) * pixels];
        for (int i = from; i < to; i++) {
            System.arraycopy(images[i], 0, buf, (i - from) * pixels, pixels);
        }
        return manager.create(FloatBuffer.wrap(buf), PaperCnn.inputShape(to - from, channels, size));
    }

    /** Labels 0/1 as an int64 vector on {@code manager}. */
    static NDArray labels(NDManager manager, int[] labels) {
        long[] l = new long[labels.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = labels[i];
        }
        return manager.create(l);
    }

    /** One-hot rows (n x 2) whose 1 is the label's class weight: loss = mean(w_c * -log p_c). */
    static NDArray weightedOneHot(NDManager manager, int[] labels, double[] classWeights) {
        float[] oneHot = new float[labels.length * PaperCnn.CLASSES];
        for (int i = 0; i < labels.length; i++) {
            oneHot[i * PaperCnn.CLASSES + labels[i]] = (float) classWeights[labels[i]];
        }
        return manager.create(oneHot, new Shape(labels.length, PaperCnn.CLASSES));
    }
}
