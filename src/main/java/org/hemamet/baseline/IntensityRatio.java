package org.hemamet.baseline;

/**
 * The simplest baseline's one feature: the mean intensity inside the lesion over the mean intensity inside
 * a reference region (e.g. normal marrow on the same slice). On T1 a typical hemangioma is about as
 * bright as fatty marrow (ratio near 1), a lytic metastasis much darker — the signal-intensity-ratio
 * reading radiologists use.
 */
public final class IntensityRatio {
    private IntensityRatio() {}

    /**
     * {@code mean(values[lesion]) / mean(values[reference])}, the masks on the same grid as the values
     * (row-major for an image). NaN when the reference mean is 0.
     *
     * @throws IllegalArgumentException when a mask is empty or its size differs from the image's
     */
    public static double of(float[] values, boolean[] lesion, boolean[] reference) {
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i];
        }
        return of(v, lesion, reference);
    }

    /** As {@link #of(float[], boolean[], boolean[])} for double intensities. */
    public static double of(double[] values, boolean[] lesion, boolean[] reference) {
        double r = mean(values, reference, "reference");
        return r == 0 ? Double.NaN : mean(values, lesion, "lesion") / r;
    }

    /** The mean of {@code values} inside {@code mask}. */
    public static double mean(double[] values, boolean[] mask, String what) {
        if (mask.length != values.length) {
            throw new IllegalArgumentException(
                    what + " mask has " + mask.length + " entries for " + values.length + " pixels");
        }
        double sum = 0;
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if (mask[i]) {
                sum += values[i];
                n++;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException(what + " mask is empty");
        }
        return sum / n;
    }
}
