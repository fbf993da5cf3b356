package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hemamet.model.HyperParams;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {
    private static StudyConfig.Search grid(List<Integer> epochs) {
        return new StudyConfig.Search("grid", 0, 0.25, List.of(1e-3, 1e-4), List.of(16, 32), epochs, List.of(0.5, 0.3));
    }

    @Test
    void thePapersGridTrainsEachLongestTrialOnceAndScoresTheShorterOnItsCheckpoint() {
        SearchSpace space = SearchSpace.of(grid(List.of(20, 40)));
        List<HyperParams> trials = space.trials(1);
        List<SearchSpace.Training> trainings = space.trainings(trials);
        assertThat(trials).hasSize(16);
        assertThat(trainings).hasSize(8);
        for (SearchSpace.Training t : trainings) {
            HyperParams longest = trials.get(t.trial());
            assertThat(longest.epochs()).isEqualTo(40);
            assertThat(t.checkpoints()).hasSize(1);
            HyperParams shorter = trials.get(t.checkpoints().get(0));
            assertThat(shorter)
                    .isEqualTo(new HyperParams(longest.learningRate(), longest.batchSize(), 20, longest.dropout()));
        }
        // every trial scored exactly once, trainings in the order of their first trial
        assertThat(trainings.stream().flatMap(t -> t.all().stream()).sorted().toList())
                .containsExactlyElementsOf(
                        java.util.stream.IntStream.range(0, 16).boxed().toList());
        assertThat(trainings).extracting(SearchSpace.Training::first).isSorted();
        // the grid's order is lr, batch, epochs, dropout: trial 0 (20 epochs) shares trial 2's training
        assertThat(trainings.get(0)).isEqualTo(new SearchSpace.Training(2, List.of(0)));
    }

    @Test
    void aGridOfOneEpochsValueARepeatedValueAndARandomSearchTrainEveryTrialAlone() {
        SearchSpace one = SearchSpace.of(grid(List.of(15)));
        assertThat(one.trainings(one.trials(1)))
                .hasSize(8)
                .allSatisfy(t -> assertThat(t.checkpoints()).isEmpty());
        SearchSpace repeated = SearchSpace.of(grid(List.of(10, 10)));
        assertThat(repeated.trainings(repeated.trials(1))).hasSize(16);
        SearchSpace random = SearchSpace.of(
                new StudyConfig.Search("random", 6, 0.25, List.of(1e-3), List.of(16), List.of(20, 40), List.of(0.5)));
        List<HyperParams> drawn = random.trials(3);
        assertThat(random.trainings(drawn))
                .extracting(SearchSpace.Training::trial)
                .containsExactly(0, 1, 2, 3, 4, 5);
    }
}
