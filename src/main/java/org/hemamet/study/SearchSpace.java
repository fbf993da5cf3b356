package org.hemamet.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hemamet.model.HyperParams;

/**
 * The hyper-parameter trials of a search: the full grid in a fixed order, or {@code trials} random
 * draws (with replacement over the grid's axes) from a seeded generator.
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
}
