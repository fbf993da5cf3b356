package org.hemamet.study;

import java.util.ArrayList;
import java.util.List;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.SearchTrial;
import org.hemamet.model.HyperParams;

/**
 * The hyper-parameter search of a cell: every trial (search.csv) and the chosen one, the trial with the
 * highest validation AUC (NaN counts as lowest), ties broken by the lower validation loss of the trained
 * model (cross-entropy of its P(positive) after batch-norm re-estimation, {@link #crossEntropy}), the first
 * of equals. With {@code calibration_folds: 0} the chosen trial's validation scores are what the cell's
 * calibration is fitted on.
 *
 * @param trials           one row per trial, {@code chosen} set when a trial was chosen
 * @param chosen           the chosen trial's hyper-parameters, null when every trial diverged
 * @param validationScores the chosen trial's P(positive) on the validation split (null when none chosen)
 * @param validationLabels the validation split's labels
 */
record SearchOutcome(List<SearchTrial> trials, HyperParams chosen, double[] validationScores, int[] validationLabels) {

    /** No search (the cell could not be trained). */
    static final SearchOutcome NONE = new SearchOutcome(List.of(), null, null, new int[0]);

    /**
     * One trial's result.
     *
     * @param hyper            its hyper-parameters
     * @param trainedEpochs    the epochs of the training its network comes from (more than its own when it
     *                         was scored on a longer training's checkpoint, {@link SearchSpace#trainings})
     * @param validationScores P(positive) on the validation split, null when the training diverged
     * @param auc              validation AUC (NaN when diverged or undefined)
     * @param valLoss          last epoch's validation loss, as the training logged it (NaN when diverged)
     * @param valAccuracy      last epoch's validation accuracy (NaN when diverged)
     * @param valLossFinal     the trained model's validation cross-entropy (NaN when diverged)
     * @param note             "" or "diverged: ..."
     */
    record Trial(
            HyperParams hyper,
            int trainedEpochs,
            double[] validationScores,
            double auc,
            double valLoss,
            double valAccuracy,
            double valLossFinal,
            String note) {
        static Trial scored(
                HyperParams hp,
                int trainedEpochs,
                double[] scores,
                int[] labels,
                double auc,
                double valLoss,
                double valAccuracy) {
            return new Trial(hp, trainedEpochs, scores, auc, valLoss, valAccuracy, crossEntropy(labels, scores), "");
        }

        static Trial diverged(HyperParams hp, int trainedEpochs, String why) {
            return new Trial(
                    hp, trainedEpochs, null, Double.NaN, Double.NaN, Double.NaN, Double.NaN, "diverged: " + why);
        }

        boolean isDiverged() {
            return validationScores == null;
        }
    }

    /** Chooses among the trials (in trial order) and records them. */
    static SearchOutcome choose(List<Trial> results, int[] validationLabels) {
        int best = -1;
        double bestAuc = Double.NEGATIVE_INFINITY;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int t = 0; t < results.size(); t++) {
            Trial r = results.get(t);
            if (r.isDiverged()) {
                continue;
            }
            double a = Double.isNaN(r.auc()) ? Double.NEGATIVE_INFINITY : r.auc();
            if (a > bestAuc || (a == bestAuc && r.valLossFinal() < bestLoss)) {
                best = t;
                bestAuc = a;
                bestLoss = r.valLossFinal();
            }
        }
        List<SearchTrial> rows = new ArrayList<>();
        for (int t = 0; t < results.size(); t++) {
            Trial r = results.get(t);
            HyperParams hp = r.hyper();
            rows.add(new SearchTrial(
                    t + 1,
                    hp.learningRate(),
                    hp.batchSize(),
                    hp.epochs(),
                    r.trainedEpochs(),
                    hp.dropout(),
                    r.auc(),
                    r.valLoss(),
                    r.valAccuracy(),
                    r.valLossFinal(),
                    best < 0 ? null : t == best,
                    r.note()));
        }
        return best < 0
                ? new SearchOutcome(rows, null, null, validationLabels)
                : new SearchOutcome(
                        rows, results.get(best).hyper(), results.get(best).validationScores(), validationLabels);
    }

    /**
     * Mean binary cross-entropy (log loss) of P(positive) {@code scores} against {@code labels}, with p
     * clipped to [1e-7, 1 - 1e-7] (as the training loss is computed from softmax outputs; Bishop 2006,
     * eq. 4.90).
     */
    static double crossEntropy(int[] labels, double[] scores) {
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            double p = Math.min(1 - 1e-7, Math.max(1e-7, scores[i]));
            sum -= labels[i] == 1 ? Math.log(p) : Math.log(1 - p);
        }
        return scores.length == 0 ? Double.NaN : sum / scores.length;
    }

    /** Whether no trial could be trained. */
    boolean allDiverged() {
        return chosen == null;
    }

    /** Why there is no chosen trial: every trial diverged, the first's reason. */
    String divergence() {
        String first = trials.isEmpty() ? "no trials" : trials.get(0).note();
        return "every search trial diverged (first: " + first.replaceFirst("^diverged: ", "") + ")";
    }

    /** The chosen hyper-parameters as results.csv records them, or null. */
    ResultRow.Hyper hyper() {
        return chosen == null
                ? null
                : new ResultRow.Hyper(chosen.learningRate(), chosen.batchSize(), chosen.epochs(), chosen.dropout());
    }
}
