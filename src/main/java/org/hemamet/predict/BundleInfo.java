package org.hemamet.predict;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hemamet.cohort.Sequence;
import org.hemamet.core.HemametException;
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
 * @param cropSource    where they came from (the dataset's ingest report, or the defaults)
 * @param cellId        the study cell the model comes from ("" if unknown)
 * @param calibration   the bundle's probability calibration, or null (bundles of older studies have none)
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
        Calibration calibration) {

    /**
     * Platt scaling of P(positive) recorded by the study ({@code calibration} in metadata.json).
     *
     * @param fit           slope and intercept on logit(p)
     * @param fitPrevalence share of positives in the set it was fitted on (the prevalence its probabilities
     *                      assume)
     * @param fittedOn      what it was fitted on, in words
     * @param testBrierRaw  the study's test-set Brier score of the raw probabilities (NaN if not recorded)
     * @param testBrierCalibrated the same after calibration: whether calibration helped this model
     */
    public record Calibration(
            LogisticCalibration fit,
            double fitPrevalence,
            String fittedOn,
            double testBrierRaw,
            double testBrierCalibrated) {
        /** Calibrated P(positive) of raw {@code p}, for a population with prevalence {@code prevalence}. */
        public double apply(double p, double prevalence) {
            return (prevalence == fitPrevalence ? fit : fit.atPrevalence(fitPrevalence, prevalence)).apply(p);
        }
    }

    /** Reads and checks the metadata of a loaded bundle; errors name {@code bundleDir/metadata.json}. */
    public static BundleInfo of(TrainedCnn model, Path bundleDir) {
        Path file = bundleDir.resolve(TrainedCnn.METADATA_FILE);
        Map<String, Object> m = model.metadata();
        if (!(m.get("input") instanceof Map<?, ?> input)) {
            throw HemametException.invalidInput(
                    file + ": missing \"input\" (not a model bundle written by hemamet study)");
        }
        Sequence seq;
        try {
            seq = Sequence.parse(String.valueOf(input.get("sequence")));
        } catch (HemametException e) {
            throw HemametException.invalidInput(
                    file + ": input.sequence " + input.get("sequence") + " is not T1, T2, STIR or T1C");
        }
        if (!(input.get("size") instanceof Integer size) || size != model.inputSize()) {
            throw HemametException.invalidInput(file + ": input.size " + input.get("size")
                    + " differs from architecture.input_size " + model.inputSize());
        }
        if (!(m.get("classes") instanceof List<?> cls) || cls.size() != 2) {
            throw HemametException.invalidInput(file + ": \"classes\" must list 2 classes [negative, positive]");
        }
        List<String> classes = cls.stream().map(String::valueOf).toList();
        String positive = String.valueOf(m.get("positive_class"));
        if (!positive.equals(classes.get(1))) {
            throw HemametException.invalidInput(
                    file + ": positive_class " + positive + " is not the second class of " + classes);
        }
        if (!(m.get("threshold") instanceof Number t) || !(t.doubleValue() >= 0 && t.doubleValue() <= 1)) {
            throw HemametException.invalidInput(
                    file + ": threshold must be a number in [0, 1], got " + m.get("threshold"));
        }
        LesionCropper.Params crop = LesionCropper.Params.DEFAULT;
        String cropSource = "defaults (the bundle records no crop parameters; export it with 'hemamet export' to"
                + " record the dataset's)";
        if (input.get("crop") instanceof Map<?, ?> c) {
            try {
                crop = CropParams.fromMap(c);
            } catch (IllegalArgumentException e) {
                throw HemametException.invalidInput(file + ": unsupported input.crop (" + e.getMessage() + ")");
            }
            cropSource = String.valueOf(c.get("source"));
        }
        Calibration calibration = null;
        if (m.get("calibration") instanceof Map<?, ?> cal) {
            if (!"platt".equals(cal.get("method"))
                    || !(cal.get("slope") instanceof Number slope)
                    || !(cal.get("intercept") instanceof Number intercept)
                    || !(cal.get("fit_prevalence") instanceof Number prev)
                    || !Double.isFinite(slope.doubleValue())
                    || !Double.isFinite(intercept.doubleValue())
                    || !(prev.doubleValue() > 0 && prev.doubleValue() < 1)) {
                throw HemametException.invalidInput(file + ": calibration must be method platt with finite slope and"
                        + " intercept and a fit_prevalence in (0, 1), got " + cal);
            }
            Map<?, ?> test = cal.get("test") instanceof Map<?, ?> tm ? tm : Map.of();
            calibration = new Calibration(
                    new LogisticCalibration(
                            intercept.doubleValue(), slope.doubleValue(), 0, 0, "", Double.NaN, Double.NaN),
                    prev.doubleValue(),
                    String.valueOf(cal.get("fitted_on")),
                    test.get("brier_raw") instanceof Number br ? br.doubleValue() : Double.NaN,
                    test.get("brier_calibrated") instanceof Number bc ? bc.doubleValue() : Double.NaN);
        }
        return new BundleInfo(
                seq,
                model.inputSize(),
                classes,
                positive,
                t.doubleValue(),
                String.valueOf(m.getOrDefault("threshold_rule", "")),
                crop,
                cropSource,
                String.valueOf(m.getOrDefault("cell_id", "")),
                calibration);
    }
}
