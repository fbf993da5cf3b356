package org.hemamet.contract;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.hemamet.cohort.Sequence;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.HemametException;
import org.hemamet.core.Json;

/**
 * The one place that writes, reads and checks a kept baseline model ({@link BaselineModel}: a study's
 * {@code baselines/<cell_id>/radiomics-lr.json}, or a radiomics bundle directory holding that file). Every
 * refusal is {@link HemametException#invalidInput} naming the file. What this version of the features is
 * (IBSI codes, grey levels) is checked by the code that computes them ({@code baseline.RadiomicsModel}).
 */
public final class BaselineFiles {
    /** The radiomics baseline's file, in a run's baselines directory and in a radiomics bundle. */
    public static final String RADIOMICS_LR = "radiomics-lr.json";

    /** The ratio baseline's file, in a run's baselines directory. */
    public static final String INTENSITY_RATIO = "intensity-ratio.json";

    private static final ObjectMapper LENIENT =
            Json.mapper().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private BaselineFiles() {}

    /** The model as written: JSON with sorted keys, absent fields left out, trailing newline. */
    public static String json(BaselineModel model) {
        try {
            return Json.mapper().writeValueAsString(model) + "\n";
        } catch (IOException e) {
            throw HemametException.internal("cannot serialise a baseline model: " + e.getMessage(), e);
        }
    }

    /** Writes {@code file} atomically. */
    public static void write(Path file, BaselineModel model) {
        AtomicFiles.writeString(file, json(model));
    }

    /** Whether {@code dir} is a radiomics bundle (or a run's baselines directory of a cell): it holds the file. */
    public static boolean isRadiomicsBundle(Path dir) {
        return Files.isRegularFile(dir.resolve(RADIOMICS_LR));
    }

    /**
     * Reads and checks a kept model: refuses a missing file, invalid JSON, another {@code format_version},
     * a model other than {@code expectedModel}, a sequence that is not T1/T2/STIR/T1C, classes that are
     * not two with the positive one second, a threshold outside [0, 1], standardiser, weights and features
     * of different lengths, and any non-finite number among them.
     */
    public static BaselineModel read(Path file, String expectedModel) {
        BaselineModel m;
        try {
            m = LENIENT.readValue(Files.readAllBytes(file), BaselineModel.class);
        } catch (NoSuchFileException e) {
            throw HemametException.invalidInput(file + ": not found");
        } catch (IOException e) {
            throw HemametException.invalidInput(file + ": not valid (" + org.hemamet.core.IoErrors.what(e) + ")", e);
        }
        if (m == null) {
            throw HemametException.invalidInput(file + ": empty");
        }
        check(file, m, expectedModel);
        return m;
    }

    private static void check(Path file, BaselineModel m, String expectedModel) {
        if (m.formatVersion() == null) {
            throw refuse(
                    file,
                    "no format_version: kept by an older hemamet, which recorded neither the threshold nor"
                            + " the crop parameters; rerun the study to keep a model predict can apply");
        }
        if (m.formatVersion() != BaselineModel.FORMAT_VERSION) {
            throw refuse(
                    file,
                    "unsupported format_version " + m.formatVersion() + " (this hemamet reads "
                            + BaselineModel.FORMAT_VERSION + ")");
        }
        if (!expectedModel.equals(m.model())) {
            throw refuse(file, "model is " + m.model() + ", expected " + expectedModel);
        }
        try {
            Sequence.parse(String.valueOf(m.sequence()));
        } catch (HemametException e) {
            throw refuse(file, "sequence " + m.sequence() + " is not T1, T2, STIR or T1C");
        }
        List<String> cls = m.classes();
        if (cls == null || cls.size() != 2 || !cls.get(1).equals(m.positiveClass())) {
            throw refuse(
                    file,
                    "classes must be [negative, positive] with positive_class the second, got " + cls + " and "
                            + m.positiveClass());
        }
        if (m.threshold() == null || !(m.threshold() >= 0 && m.threshold() <= 1)) {
            throw refuse(file, "threshold must be a number in [0, 1], got " + m.threshold());
        }
        int p = m.features() == null ? 0 : m.features().size();
        if (p == 0
                || length(m.weights()) != p
                || length(m.standardiserMean()) != p
                || length(m.standardiserSd()) != p) {
            throw refuse(
                    file,
                    "features, standardiser_mean, standardiser_sd and weights must have one entry per"
                            + " feature (" + p + " features, " + length(m.standardiserMean()) + " means, "
                            + length(m.standardiserSd()) + " SDs, " + length(m.weights()) + " weights)");
        }
        if (m.intercept() == null
                || !Double.isFinite(m.intercept())
                || !finite(m.weights())
                || !finite(m.standardiserMean())
                || !finite(m.standardiserSd())) {
            throw refuse(file, "intercept, weights and standardiser must be finite numbers");
        }
        Calibration cal = m.calibration();
        if (cal != null
                && (!Calibration.known(cal.method())
                        || cal.slope() == null
                        || cal.intercept() == null
                        || cal.fitPrevalence() == null
                        || !Double.isFinite(cal.slope())
                        || !Double.isFinite(cal.intercept())
                        || !(cal.fitPrevalence() > 0 && cal.fitPrevalence() < 1))) {
            throw refuse(
                    file,
                    "calibration must be method platt or temperature with finite slope and intercept"
                            + " and a fit_prevalence in (0, 1)");
        }
        if (cal != null
                && cal.developmentPrevalence() != null
                && !cal.developmentPrevalence().usable()) {
            throw refuse(file, "calibration.development_prevalence must have a value in (0, 1)");
        }
    }

    private static int length(double[] a) {
        return a == null ? 0 : a.length;
    }

    private static boolean finite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static HemametException refuse(Path file, String why) {
        return HemametException.invalidInput(file + ": " + why);
    }
}
