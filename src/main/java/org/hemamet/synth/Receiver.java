package org.hemamet.synth;

/**
 * The scanner's receiver: Rician noise (Gaussian in both channels, magnitude), a gain that maps the
 * middle slice's 99.5th percentile to the series' target, and 12-bit quantisation. The noise is drawn from
 * the series' own stream ({@link PatientScene.Series#noise()}): slice by slice, pixel by pixel, real then
 * imaginary part.
 */
final class Receiver {
    private Receiver() {}

    /**
     * The stored image of a series.
     *
     * @param stored stored values of each slice (0..4095)
     * @param sigma noise sigma (signal units)
     * @param gain receiver gain (stored value per signal unit)
     */
    record Digitised(short[][] stored, double sigma, double gain) {}

    /**
     * Digitises the noise-free slices {@code clean} (n x n each) of {@code series}; releases each clean
     * slice (sets it to null) once it is quantised.
     */
    static Digitised digitise(float[][] clean, PatientScene.Series series, int n) {
        int mid = clean.length / 2;
        double sum = 0;
        int cnt = 0;
        float max = 0;
        for (float v : clean[mid]) {
            max = Math.max(max, v);
        }
        for (float v : clean[mid]) {
            if (v > 0.05 * max) {
                sum += v;
                cnt++;
            }
        }
        double sigma = (sum / Math.max(1, cnt)) / series.snr();
        float[][] noisy = new float[clean.length][];
        for (int k = 0; k < clean.length; k++) {
            float[] c = clean[k];
            float[] o = new float[c.length];
            for (int i = 0; i < c.length; i++) {
                double re = c[i] + sigma * series.noise().nextGaussian();
                double im = sigma * series.noise().nextGaussian();
                o[i] = (float) Math.sqrt(re * re + im * im);
            }
            noisy[k] = o;
        }
        double gain = series.gainTarget() / percentile995(noisy[mid]);
        short[][] stored = new short[clean.length][];
        for (int k = 0; k < clean.length; k++) {
            short[] s = new short[n * n];
            for (int i = 0; i < s.length; i++) {
                s[i] = (short) Math.max(0, Math.min(4095, Math.round(noisy[k][i] * gain)));
            }
            stored[k] = s;
            clean[k] = null;
        }
        return new Digitised(stored, sigma, gain);
    }

    /** The 99.5th percentile of a slice, from a 4096-bin histogram up to its maximum. */
    private static double percentile995(float[] slice) {
        float nmax = 0;
        for (float v : slice) {
            nmax = Math.max(nmax, v);
        }
        int[] hist = new int[4096];
        for (float v : slice) {
            hist[Math.min(4095, (int) (v / nmax * 4095))]++;
        }
        int acc = 0;
        int bin = 4095;
        for (int b = 0; b < 4096; b++) {
            acc += hist[b];
            if (acc >= 0.995 * slice.length) {
                bin = b;
                break;
            }
        }
        return (bin + 0.5) / 4095 * nmax;
    }

    /** Window centre and width covering the 1st..99.5th percentile of a stored slice (modality units). */
    static double[] window(short[] stored, double slope) {
        int[] hist = new int[4096];
        for (short s : stored) {
            hist[s & 0xffff]++;
        }
        int total = stored.length;
        int lo = -1;
        int hi = 0;
        int acc = 0;
        for (int i = 0; i < 4096; i++) {
            acc += hist[i];
            if (lo < 0 && acc >= 0.01 * total) {
                lo = i;
            }
            if (acc >= 0.995 * total) {
                hi = i;
                break;
            }
        }
        double c = Math.round((lo + hi) / 2.0 * slope);
        double w = Math.max(1, Math.round((hi - lo) * slope));
        return new double[] {c, w};
    }
}
