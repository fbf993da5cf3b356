package org.hemamet.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Locale;

/**
 * One row of {@code decision_curves.csv}: a model's net benefit on one cell's test lesions at one threshold
 * probability (decision curve analysis, Vickers &amp; Elkin 2006; {@code metrics.DecisionCurve}), acting on
 * (calling metastasis) every lesion whose probability of the metastasis group is at least the threshold.
 *
 * @param cellId                the cell (as results.csv's; {@code fusion-late__<comparison>__r<repeat>} for the
 *                              late-fused model)
 * @param sequence              its sequence (or the fused sequences)
 * @param comparison            its comparison
 * @param repeat                its repeat (or fold)
 * @param model                 the model, as results.csv's {@code model}
 * @param probability           {@value #RAW} (the model's P(positive), as predictions.csv's {@code score}) or
 *                              {@value #CALIBRATED} (predictions.csv's {@code calibrated}, moved to the prevalence
 *                              {@code probability_prevalence})
 * @param probabilityPrevalence for {@value #CALIBRATED}: the prevalence of the metastasis group the probabilities
 *                              were moved to (the cell's training part before balancing); null for {@value #RAW}
 * @param threshold             the threshold probability
 * @param netBenefit            the model's net benefit: TP/N - FP/N * t/(1 - t)
 * @param netBenefitLo          its lower 95 % limit (pointwise, patient bootstrap)
 * @param netBenefitHi          its upper 95 % limit
 * @param treatAll              the net benefit of calling every test lesion positive
 * @param versusAll             net_benefit - treat_all
 * @param versusAllLo           its lower 95 % limit (same resamples)
 * @param versusAllHi           its upper 95 % limit
 * @param prevalence            share of the metastasis group among the test lesions
 * @param nTest                 test lesions
 * @param nTestPatients         their patients (the bootstrap's clusters)
 * @param resamples             bootstrap resamples
 * @param cnnAdvantage          for a baseline's row: the CNN's net benefit minus this model's, on the same test
 *                              lesions with the same kind of probabilities (null for the CNN's and fused models'
 *                              rows)
 * @param cnnAdvantageLo        its lower 95 % limit (paired patient bootstrap: both models on the same resamples)
 * @param cnnAdvantageHi        its upper 95 % limit
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DecisionCurveRow(
        String cellId,
        String sequence,
        String comparison,
        int repeat,
        String model,
        String probability,
        Double probabilityPrevalence,
        double threshold,
        double netBenefit,
        double netBenefitLo,
        double netBenefitHi,
        double treatAll,
        double versusAll,
        double versusAllLo,
        double versusAllHi,
        double prevalence,
        int nTest,
        int nTestPatients,
        int resamples,
        Double cnnAdvantage,
        Double cnnAdvantageLo,
        Double cnnAdvantageHi) {

    /** The model's own probabilities. */
    public static final String RAW = "raw";

    /** The calibrated probabilities at the training part's prevalence. */
    public static final String CALIBRATED = "calibrated";

    /** The thresholds of the summary's table: a work-up accepted at 10 %, 20 % and 30 % risk of metastasis. */
    public static final double[] SUMMARY_THRESHOLDS = {0.10, 0.20, 0.30};

    /**
     * The rows a reader is shown of each cell of {@code model}: its calibrated curve where it has one, else its
     * raw one, in the order of {@code rows}.
     */
    public static List<DecisionCurveRow> shown(List<DecisionCurveRow> rows, String model) {
        return shown(rows.stream().filter(r -> model.equals(r.model())).toList());
    }

    /** As {@link #shown(List, String)}, for every model of {@code rows}. */
    public static List<DecisionCurveRow> shown(List<DecisionCurveRow> rows) {
        java.util.Set<String> calibrated = new java.util.HashSet<>();
        rows.stream().filter(r -> CALIBRATED.equals(r.probability())).forEach(r -> calibrated.add(r.curveKey()));
        return rows.stream()
                .filter(r -> calibrated.contains(r.curveKey()) == CALIBRATED.equals(r.probability()))
                .toList();
    }

    private String curveKey() {
        return cellId + "\u0000" + model;
    }

    /** "raw", or "calibrated (at 0.457)": the probabilities and the prevalence they were moved to. */
    public String probabilityWords() {
        return probabilityPrevalence == null
                ? probability
                : String.format(Locale.ROOT, "%s (at %.3f)", probability, probabilityPrevalence);
    }

    /** The shown curves ({@link #shown(List)}) of the models compared with the CNN: the baselines'. */
    public static List<DecisionCurveRow> againstCnn(List<DecisionCurveRow> rows) {
        return shown(rows).stream().filter(r -> r.cnnAdvantage() != null).toList();
    }

    /** What the CNN-vs-baseline table shows, for summary.md and the report. */
    public static final String ADVANTAGE_CAPTION = "CNN − baseline: the CNN's net benefit minus the baseline's on"
            + " the same test lesions, each with the same kind of probabilities (calibrated, moved to the training"
            + " prevalence, where both have them), with a pointwise 95 % CI from paired patient-bootstrap resamples"
            + " (both models on the same resampled patients); above 0: the CNN would spare more unnecessary work-ups"
            + " at the same metastases found. Pointwise and not adjusted for the number of cells and thresholds:"
            + " descriptive, not a test.";

    /** What the curves are, for summary.md and the report. */
    public static final String METHODS = "Net benefit (decision curve analysis, Vickers & Elkin 2006): acting on"
            + " (working up as a metastasis) every test lesion whose probability of the metastasis group is at least"
            + " the threshold t gains TP/N - FP/N × t/(1 − t), i.e. one unnecessary work-up is worth t/(1 − t) of a"
            + " metastasis found; 'treat all' works up every lesion, 'treat none' scores 0. At the test set's"
            + " prevalence of the metastasis group. Probabilities: the cell's calibrated ones moved from the"
            + " balanced training prevalence to the training part's prevalence before balancing (prior correction,"
            + " Saerens et al. 2002; no test-set information), and late fusion's stacking probabilities (fitted on"
            + " the balanced training part) moved the same way; the raw ones where a cell has no calibration."
            + " 95 % CIs: pointwise percentile bootstrap over patients (as many resamples as the run's bootstrap"
            + " setting); Δ all = net benefit − treat all, in the same resamples.";

    /** The row of {@code cell} at threshold {@code t}, or null. */
    public static DecisionCurveRow at(List<DecisionCurveRow> cell, double t) {
        return cell.stream()
                .filter(r -> Math.abs(r.threshold() - t) < 1e-9)
                .findFirst()
                .orElse(null);
    }

    /** "0.512 (0.440–0.580)"; a negative number with a minus sign ("−0.002"), so the dash stays a range. */
    public static String withCi(double v, double lo, double hi) {
        return Double.isNaN(lo) ? number(v) : number(v) + " (" + number(lo) + "–" + number(hi) + ")";
    }

    /** "0.512", "−0.002" (a minus sign, so that a dash between two numbers stays a range). */
    public static String number(double v) {
        String s = String.format(Locale.ROOT, "%.3f", v);
        return s.startsWith("-") ? (s.equals("-0.000") ? "0.000" : "−" + s.substring(1)) : s;
    }

    /** "10 %". */
    public static String percent(double t) {
        return String.format(Locale.ROOT, "%.0f %%", 100 * t);
    }
}
