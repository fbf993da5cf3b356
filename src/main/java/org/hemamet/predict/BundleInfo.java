package org.hemamet.predict;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hemamet.cohort.Sequence;
import org.hemamet.contract.BaselineModel;
import org.hemamet.contract.BundleFiles;
import org.hemamet.contract.BundleMetadata;
import org.hemamet.contract.OodStatistics;
import org.hemamet.core.HemametException;
import org.hemamet.core.Json;
import org.hemamet.metrics.LogisticCalibration;
import org.hemamet.model.TrainedCnn;
import org.hemamet.preprocess.LesionCropper;

/**
 * What predict needs from a model bundle's {@code metadata.json} (contracts.md D), checked.
 *
 * @param sequence      the MRI sequence the model was trained on ({@code input.sequence})
 * @param inputSize     network input side ({@code input.size} = {@code architecture.input_size})
 * @param classes       {@code [negative, positive]} class names
 * @param positiveClass the class whose probability the network outputs
 * @param threshold     decision threshold on P(positive) ({@code >=} is positive, as in the study)
 * @param thresholdRule how the threshold was chosen
 * @param crop          the dataset's crop parameters
 * @param cropSource    where they came from (the dataset's ingest report, or the defaults), or "FILE: records no
 *                      crop parameters (input.crop)" ({@link #recordsCrop})
 * @param cellId        the study cell the model comes from ("" if unknown)
 * @param calibration   the bundle's probability calibration, or null (bundles of older studies have none)
 * @param anatomy       what the training images are (bundles of older versions: {@link
 *                      BundleMetadata.Anatomy#STUDIED}, what every hemamet study trains on)
 * @param ood           the training feature distribution of the out-of-distribution flag, or null
 *                      (bundles of older versions have none)
 */
public record BundleInfo(
        Sequence sequence,
        int inputSize,
        List<String> classes,
        String positiveClass,
        double threshold,
        String thresholdRule,
        LesionCropper.Params crop,
        String cropSource,
        String cellId,
        Calibration calibration,
        BundleMetadata.Anatomy anatomy,
        OodStatistics ood) {

    /**
     * Platt scaling of P(positive) recorded by the study ({@code calibration} in metadata.json).
     *
     * @param method        {@code platt} or {@code temperature} (contract.Calibration)
     * @param fit           slope and intercept on logit(p)
     * @param fitPrevalence share of positives in the set it was fitted on (the prevalence its probabilities
     *                      assume)
     * @param fittedOn      what it was fitted on, in words
     * @param testBrierRaw  the study's test-set Brier score of the raw probabilities (NaN if not recorded)
     * @param testBrierCalibrated the same after calibration: whether calibration helped this model
     * @param developmentPrevalence the development cell's prevalence before class balancing (contract
     *                      Calibration.DevelopmentPrevalence); NaN where the bundle records none (older versions)
     */
    public record Calibration(
            String method,
            LogisticCalibration fit,
            double fitPrevalence,
            String fittedOn,
            double testBrierRaw,
            double testBrierCalibrated,
            double developmentPrevalence) {
        /** A calibration whose bundle records no development prevalence. */
        public Calibration(
                String method,
                LogisticCalibration fit,
                double fitPrevalence,
                String fittedOn,
                double testBrierRaw,
                double testBrierCalibrated) {
            this(method, fit, fitPrevalence, fittedOn, testBrierRaw, testBrierCalibrated, Double.NaN);
        }

        /** What {@link #defaultPrevalence} is, in words (predict's output names it). */
        public static final String AT_DEVELOPMENT = "development cohort";

        /** What {@link #defaultPrevalence} is for a bundle of an older version, in words. */
        public static final String AT_FIT = "calibration fit set";

        /** Calibrated P(positive) of raw {@code p}, for a population with prevalence {@code prevalence}. */
        public double apply(double p, double prevalence) {
            return (prevalence == fitPrevalence ? fit : fit.atPrevalence(fitPrevalence, prevalence)).apply(p);
        }

        /**
         * The prevalence predict's calibrated probabilities assume unless told another: the development cohort's
         * (the training part before class balancing) where the bundle records it, else the fit set's.
         */
        public double defaultPrevalence() {
            return hasDevelopmentPrevalence() ? developmentPrevalence : fitPrevalence;
        }

        /** {@link #AT_DEVELOPMENT} or {@link #AT_FIT}: where {@link #defaultPrevalence} comes from. */
        public String defaultPrevalenceSource() {
            return hasDevelopmentPrevalence() ? AT_DEVELOPMENT : AT_FIT;
        }

        /** Whether the bundle records the development cohort's prevalence. */
        public boolean hasDevelopmentPrevalence() {
            return developmentPrevalence > 0 && developmentPrevalence < 1;
        }
    }

    /**
     * The end of the crop source of a bundle that records no crop parameters (a cell's own bundle of a run made
     * before 2026-11-28; the source is "FILE: records no ..."): its crops cannot be made from raw images ({@link
     * #recordsCrop}); crops a dataset made (validate, the report's heat maps) are used as they are.
     */
    private static final String NO_CROP = ": records no crop parameters (input.crop)";

    /** Whether the bundle records the crop parameters of its training crops (else predict cannot crop images). */
    public boolean recordsCrop() {
        return !cropSource.endsWith(NO_CROP);
    }

    /**
     * Reads and checks the metadata of a loaded bundle ({@link BundleFiles#checkPredictable}); errors name
     * {@code bundleDir/metadata.json}.
     */
    public static BundleInfo of(TrainedCnn model, Path bundleDir) {
        Path file = bundleDir.resolve(BundleFiles.METADATA);
        BundleMetadata m = BundleFiles.checkPredictable(file, model.metadata(), model.inputSize(), CropParams::fromMap);
        BundleMetadata.Crop c = m.input().crop();
        return new BundleInfo(
                Sequence.parse(m.input().sequence().split("\\+")[0]), // early-fused: its first channel's
                model.inputSize(),
                m.classes(),
                m.positiveClass(),
                m.threshold(),
                m.thresholdRule() == null ? "" : m.thresholdRule(),
                c == null ? CropParams.UNRECORDED : CropParams.parseKey(c.key()),
                c == null ? file + NO_CROP : String.valueOf(c.source()),
                m.cellId() == null ? "" : m.cellId(),
                m.calibration() == null ? null : calibration(m.calibration()),
                m.anatomy() == null ? BundleMetadata.Anatomy.STUDIED : m.anatomy(),
                BundleFiles.readOod(bundleDir, m.paramsSha256()).orElse(null));
    }

    /**
     * What predict needs from a kept radiomics model ({@link BaselineModel}, already checked by {@link
     * org.hemamet.contract.BaselineFiles#read}); refuses one without crop parameters or with ones this
     * version does not reproduce, naming {@code file}. The "input size" is the crop size (the features are
     * computed on the crop as ingest wrote it).
     */
    public static BundleInfo ofRadiomics(BaselineModel m, Path file) {
        BundleMetadata.Crop c = m.crop();
        if (c == null) {
            throw HemametException.invalidInput(file + ": records no crop parameters (the study's dataset had no"
                    + " ingest-report.json); predict cannot make its crops the same way");
        }
        LesionCropper.Params crop;
        try {
            crop = CropParams.fromMap(Json.mapper().convertValue(c, Map.class));
        } catch (IllegalArgumentException e) {
            throw HemametException.invalidInput(file + ": unsupported crop (" + e.getMessage() + ")");
        }
        return new BundleInfo(
                Sequence.parse(m.sequence()),
                crop.size(),
                m.classes(),
                m.positiveClass(),
                m.threshold(),
                m.thresholdRule() == null ? "" : m.thresholdRule(),
                crop,
                String.valueOf(c.source()),
                m.cellId() == null ? "" : m.cellId(),
                m.calibration() == null ? null : calibration(m.calibration()),
                BundleMetadata.Anatomy.STUDIED,
                null);
    }

    private static Calibration calibration(org.hemamet.contract.Calibration cal) {
        var test = cal.test();
        return new Calibration(
                cal.method(),
                new LogisticCalibration(cal.intercept(), cal.slope(), 0, 0, "", Double.NaN, Double.NaN),
                cal.fitPrevalence(),
                String.valueOf(cal.fittedOn()),
                test == null || test.brierRaw() == null ? Double.NaN : test.brierRaw(),
                test == null || test.brierCalibrated() == null ? Double.NaN : test.brierCalibrated(),
                cal.developmentPrevalence() == null
                                || !cal.developmentPrevalence().usable()
                        ? Double.NaN
                        : cal.developmentPrevalence().value());
    }
}
