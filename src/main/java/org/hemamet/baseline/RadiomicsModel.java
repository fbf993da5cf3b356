package org.hemamet.baseline;

import java.nio.file.Path;
import java.util.List;
import org.hemamet.contract.BaselineModel;
import org.hemamet.core.HemametException;
import org.hemamet.radiomics.Discretisation;
import org.hemamet.radiomics.IbsiFeature;
import org.hemamet.radiomics.RadiomicsExtractor;
import org.hemamet.radiomics.RoiImage;

/**
 * The radiomics baseline as a model one keeps and applies: the features of a lesion's crop inside its mask
 * ({@link RadiomicsExtractor}: the 18 IBSI intensity statistics and 25 GLCM features "2D, averaged" at a
 * fixed number of grey levels), standardised with the training part's statistics and scored by the fitted
 * logistic regression ({@link LogisticBaseline}). The study computes its features with {@link
 * #cropFeatures} and its scores with {@link LogisticBaseline#predictPositive}; a kept model ({@link
 * BaselineModel}) applied here goes through the very same arithmetic, so it gives the study's scores bit
 * for bit.
 *
 * @param kept       the kept model as read
 * @param regression the standardiser, weights and intercept
 * @param extractor  the feature extractor at the kept model's grey levels
 */
public record RadiomicsModel(BaselineModel kept, LogisticBaseline regression, RadiomicsExtractor extractor) {

    /** The IBSI codes of this version's features, in column order. */
    public static List<String> featureCodes() {
        return RadiomicsExtractor.features().stream().map(IbsiFeature::ibsiCode).toList();
    }

    /** The discretisation this version applies with {@code bins} grey levels. */
    public static Discretisation discretisation(int bins) {
        return new Discretisation.FixedBinNumber(bins);
    }

    /**
     * A kept model this version can apply; refuses (one line naming {@code file}, {@link
     * HemametException#invalidInput}) one whose features are not this version's (codes and order) or whose
     * grey-level settings this version does not reproduce.
     */
    public static RadiomicsModel of(Path file, BaselineModel m) {
        if (!featureCodes().equals(m.features())) {
            throw HemametException.invalidInput(file + ": its features " + m.features()
                    + " are not this hemamet's radiomics features ("
                    + featureCodes().size()
                    + " IBSI features, in order); refit the model with this version");
        }
        if (m.bins() == null || m.bins() < 1) {
            throw HemametException.invalidInput(
                    file + ": bins must be a positive number of grey levels, got " + m.bins());
        }
        Discretisation d = discretisation(m.bins());
        if (!d.describe().equals(m.discretisation())) {
            throw HemametException.invalidInput(file + ": discretisation \"" + m.discretisation()
                    + "\" is not what this hemamet applies (\"" + d.describe() + "\")");
        }
        LogisticBaseline lr = new LogisticBaseline(
                new Standardiser(m.standardiserMean(), m.standardiserSd()),
                m.weights(),
                m.intercept(),
                m.c() == null ? Double.NaN : m.c());
        return new RadiomicsModel(m, lr, new RadiomicsExtractor(d));
    }

    /**
     * The features of one crop as the study computes them: the crop's values (in [0, 1], as the study's
     * loader reads the 16-bit PNG) back on the 16-bit scale, inside the lesion mask on the same grid.
     *
     * @throws IllegalArgumentException when the mask is empty or of another size
     */
    public static double[] cropFeatures(RadiomicsExtractor extractor, float[] crop, int width, boolean[] mask) {
        if (crop.length % width != 0) {
            throw new IllegalArgumentException("a crop of " + crop.length + " pixels is not " + width + " wide");
        }
        double[] values = new double[crop.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = crop[i] * 65535.0;
        }
        return extractor
                .extract(RoiImage.of2d(width, crop.length / width, values, mask))
                .values();
    }

    /** P(positive) of one crop ({@code width} wide, values in [0, 1]) inside {@code mask}. */
    public double predictPositive(float[] crop, int width, boolean[] mask) {
        return regression.predictPositive(new double[][] {cropFeatures(extractor, crop, width, mask)})[0];
    }
}
