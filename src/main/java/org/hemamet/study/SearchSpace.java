package org.hemamet.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hemamet.model.HyperParams;

/**
 * The hyper-parameter trials of a search: the full grid in a fixed order, or {@code trials} random
 * draws (with replacement over the grid's axes) from a seeded generator; and the trainings that score
 * them ({@link #trainings}).
 */
public record SearchSpace(StudyConfig.Search search) {
    public static SearchSpace of(StudyConfig.Search search) {
        return new SearchSpace(search);
    }

    public List<HyperParams> trials(long seed) {
        List<HyperParams> grid = new ArrayList<>();
        for (double lr : search.learningRates()) {
            for (int bs : search.batchSizes()) {
                for (int ep : search.epochs()) {
                    for (double d : search.dropouts()) {
                        grid.add(new HyperParams(lr, bs, ep, d));
                    }
                }
            }
        }
        if ("grid".equals(search.strategy())) {
            return grid;
        }
        Random r = new Random(seed);
        List<HyperParams> out = new ArrayList<>();
        for (int i = 0; i < search.trials(); i++) {
            out.add(new HyperParams(
                    search.learningRates().get(r.nextInt(search.learningRates().size())),
                    search.batchSizes().get(r.nextInt(search.batchSizes().size())),
                    search.epochs().get(r.nextInt(search.epochs().size())),
                    search.dropouts().get(r.nextInt(search.dropouts().size()))));
        }
        return out;
    }

    /**
     * The trainings that score {@code trials} (as {@link #trials} returned them), in the order of their
     * first trial. In a grid search, trials that differ only in epochs (distinct values) share one training:
     * the trial with the most epochs is trained (with its own seed) and each shorter one is scored on its
     * checkpoint after that trial's epochs, which is the network a training of that many epochs with the same
     * seed returns ({@code CnnTrainer}'s checkpoints). Every other trial (a random search's, or a grid repeating
     * an epochs value) is trained alone. The choice among the trials is unchanged; the trials of one group are
     * compared on a common initialisation and shuffle (common random numbers), and the grid costs the
     * epochs of its longest trials only.
     */
    public List<Training> trainings(List<HyperParams> trials) {
        List<Training> out = new ArrayList<>();
        if (!"grid".equals(search.strategy())) {
            for (int t = 0; t < trials.size(); t++) {
                out.add(new Training(t, List.of()));
            }
            return out;
        }
        Map<List<Object>, List<Integer>> groups = new LinkedHashMap<>();
        for (int t = 0; t < trials.size(); t++) {
            HyperParams hp = trials.get(t);
            groups.computeIfAbsent(List.of(hp.learningRate(), hp.batchSize(), hp.dropout()), k -> new ArrayList<>())
                    .add(t);
        }
        for (List<Integer> group : groups.values()) {
            out.addAll(shared(group, trials));
        }
        out.sort(java.util.Comparator.comparingInt(Training::first));
        return out;
    }

    /** One training for a group with distinct epochs (the longest, the others its checkpoints), else one each. */
    private static List<Training> shared(List<Integer> group, List<HyperParams> trials) {
        List<Integer> byEpochs = new ArrayList<>(group);
        byEpochs.sort(java.util.Comparator.comparingInt(t -> trials.get(t).epochs()));
        boolean distinct =
                byEpochs.stream().map(t -> trials.get(t).epochs()).distinct().count() == group.size();
        if (!distinct) {
            return group.stream().map(t -> new Training(t, List.of())).toList();
        }
        int longest = byEpochs.get(byEpochs.size() - 1);
        return List.of(new Training(longest, List.copyOf(byEpochs.subList(0, byEpochs.size() - 1))));
    }

    /**
     * One training of a search.
     *
     * @param trial       the index of the trial that is trained (its hyper-parameters and seed)
     * @param checkpoints the indices of the trials scored on its checkpoints, fewest epochs first
     */
    public record Training(int trial, List<Integer> checkpoints) {
        public Training {
            checkpoints = List.copyOf(checkpoints);
        }

        /** The lowest trial index this training scores. */
        int first() {
            return Math.min(
                    trial,
                    checkpoints.stream().mapToInt(Integer::intValue).min().orElse(trial));
        }

        /** Every trial index it scores. */
        List<Integer> all() {
            List<Integer> a = new ArrayList<>(checkpoints);
            a.add(trial);
            return a;
        }
    }
}
