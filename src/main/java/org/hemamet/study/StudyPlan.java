package org.hemamet.study;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.model.HyperParams;

/**
 * What a study would train, cell by cell, worked out before anything is trained or written ({@code hemamet study
 * --plan}): each cell's partition as the run makes it ({@link CellPartition}: the same patient split, balancing
 * and inner validation split), the cells too small to train, and the trainings and training image passes (one
 * image through one training step) the protocol asks of each: every search training (a grid's shorter trials are
 * checkpoints of its longer ones, {@link SearchSpace#trainings}) on the balanced inner training part, each
 * calibration fold on the training part less that fold, and the final fit on the whole training part. The final
 * fit and the calibration folds train for the epochs the search chooses, so their passes are counted at the most
 * epochs of the search: an upper bound. A fold's share of the training part is taken as (k − 1)/k of it.
 *
 * @param cells every cell of the study, in run order
 */
public record StudyPlan(List<CellPlan> cells) {
    /**
     * One cell.
     *
     * @param trainLesions  training part (after balancing, as trained: oversampled when the study oversamples)
     * @param testLesions   test part
     * @param trainPatients patients of the training part
     * @param testPatients  patients of the test part
     * @param insufficient  why the cell will not train (too few lesions or patients), or null
     * @param trainings     CNN trainings: search, calibration folds, final fit
     * @param imagePasses   training image passes of those trainings (an upper bound, see {@link StudyPlan})
     */
    public record CellPlan(
            CellId cell,
            int trainLesions,
            int testLesions,
            int trainPatients,
            int testPatients,
            String insufficient,
            int trainings,
            long imagePasses) {}

    /** The plan of {@code config} on {@code samples}. */
    public static StudyPlan of(StudyConfig config, List<DatasetSample> samples) {
        List<CellPlan> cells = new ArrayList<>();
        for (CellId cell : StudyRunner.cells(config)) {
            cells.add(cell(config, samples, cell));
        }
        return new StudyPlan(List.copyOf(cells));
    }

    /** Training image passes of the whole study. */
    public long imagePasses() {
        return cells.stream().mapToLong(CellPlan::imagePasses).sum();
    }

    /** CNN trainings of the whole study. */
    public int trainings() {
        return cells.stream().mapToInt(CellPlan::trainings).sum();
    }

    /** Cells that will train (not too small). */
    public int cellsToTrain() {
        return (int) cells.stream().filter(c -> c.insufficient() == null).count();
    }

    private static CellPlan cell(StudyConfig config, List<DatasetSample> samples, CellId cell) {
        PatientSplit split = CellRunner.patientSplit(samples, config, cell.comparison(), cell.repeat());
        CellPartition p = CellPartition.of(cell, samples, split, config);
        int train = trained(config, p.train());
        int test = p.test().size();
        if (p.insufficient() != null) {
            return new CellPlan(cell, train, test, patients(p.train()), patients(p.test()), p.insufficient(), 0, 0);
        }
        SearchSpace space = SearchSpace.of(config.search());
        List<HyperParams> trials = space.trials(Seeds.derive(config.seed(), "search", cell.id()));
        int inner = trained(config, p.innerTrain());
        long passes = 0;
        int trainings = 0;
        int maxEpochs = 0;
        for (SearchSpace.Training t : space.trainings(trials)) {
            int epochs = trials.get(t.trial()).epochs();
            passes += (long) epochs * inner;
            maxEpochs = Math.max(maxEpochs, epochs);
            trainings++;
        }
        int folds = config.calibrationFolds() >= 2 ? config.calibrationFolds() : 0;
        passes += (long) folds * maxEpochs * Math.round(train * (folds - 1) / (double) Math.max(1, folds));
        passes += (long) maxEpochs * train;
        trainings += folds + 1;
        return new CellPlan(cell, train, test, patients(p.train()), patients(p.test()), null, trainings, passes);
    }

    /** How many lesions a training on {@code part} sees per epoch: oversampled when the study oversamples. */
    private static int trained(StudyConfig config, List<CellPartition.Case> part) {
        if (config.balancing() != StudyConfig.Balancing.OVERSAMPLE) {
            return part.size();
        }
        return Balancer.oversample(part, CellPartition.Case::label).size();
    }

    private static int patients(List<CellPartition.Case> cases) {
        Set<String> p = new HashSet<>();
        cases.forEach(c -> p.add(c.sample().patientKey()));
        return p.size();
    }
}
