package org.hemamet.radiomics;

/**
 * Intensity discretisation before texture analysis, as IBSI 1 defines it (reference manual,
 * arXiv:1612.07003, section 2.7; Zwanenburg et al., Radiology 2020;295:328-338). Both methods map the
 * ROI's intensities to grey levels {@code 1..N_g}; voxels outside the mask get 0.
 */
public sealed interface Discretisation {
    /** The grey levels of the ROI. */
    GreyLevels apply(RoiImage image);

    /** A stable text of the method and its parameter (for provenance). */
    String describe();

    /**
     * Fixed bin number (IBSI K15C), IBSI's advice for arbitrary intensity units such as MRI's:
     * {@code floor(N_g (x - min) / (max - min)) + 1}, the ROI maximum mapped to {@code N_g}, with min and
     * max over the ROI. A constant ROI (max = min) is all level 1.
     *
     * @param bins the number of grey levels N_g (≥ 1)
     */
    record FixedBinNumber(int bins) implements Discretisation {
        public FixedBinNumber {
            if (bins < 1) {
                throw new IllegalArgumentException("bins must be at least 1, got " + bins);
            }
        }

        @Override
        public GreyLevels apply(RoiImage image) {
            double[] inside = image.maskedValues();
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : inside) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            int[] levels = new int[image.values().length];
            for (int i = 0; i < levels.length; i++) {
                if (image.mask()[i]) {
                    levels[i] = level(image.values()[i], min, max);
                }
            }
            return new GreyLevels(image.width(), image.height(), image.depth(), levels, bins);
        }

        private int level(double x, double min, double max) {
            if (max == min) {
                return 1;
            }
            if (x >= max) {
                return bins;
            }
            // min(): rounding must not lift a value just below the maximum past the last bin
            return Math.min(bins, (int) Math.floor(bins * (x - min) / (max - min)) + 1);
        }

        @Override
        public String describe() {
            return "fixed bin number (IBSI K15C): " + bins + " bins";
        }
    }

    /**
     * Fixed bin size (IBSI Q3RU): {@code floor((x - lowerBound) / width) + 1}; N_g is the highest level in
     * the ROI. With the IBSI digital phantom's integer intensities, width 1 and lower bound 1 return its
     * grey levels unchanged (the configuration of its reference values).
     *
     * @param width      bin width w_b (&gt; 0)
     * @param lowerBound X_gl,min; NaN takes the ROI minimum. Intensities below it are an error.
     */
    record FixedBinSize(double width, double lowerBound) implements Discretisation {
        public FixedBinSize {
            if (!(width > 0) || Double.isInfinite(width)) {
                throw new IllegalArgumentException("bin width must be positive and finite, got " + width);
            }
        }

        @Override
        public GreyLevels apply(RoiImage image) {
            double min = lowerBound;
            if (Double.isNaN(min)) {
                min = Double.POSITIVE_INFINITY;
                for (double v : image.maskedValues()) {
                    min = Math.min(min, v);
                }
            }
            int[] levels = new int[image.values().length];
            int count = 1;
            for (int i = 0; i < levels.length; i++) {
                if (image.mask()[i]) {
                    double x = image.values()[i];
                    if (x < min) {
                        throw new IllegalArgumentException(
                                "intensity " + x + " at voxel " + i + " is below the lower bound " + min);
                    }
                    levels[i] = (int) Math.floor((x - min) / width) + 1;
                    count = Math.max(count, levels[i]);
                }
            }
            return new GreyLevels(image.width(), image.height(), image.depth(), levels, count);
        }

        @Override
        public String describe() {
            return "fixed bin size (IBSI Q3RU): width " + width + ", lower bound "
                    + (Double.isNaN(lowerBound) ? "ROI minimum" : Double.toString(lowerBound));
        }
    }
}
