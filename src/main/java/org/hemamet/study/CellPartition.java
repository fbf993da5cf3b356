package org.hemamet.study;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.SplitRow;

/**
 * Where a cell's lesions go: the test part and the training part of the comparison's patient split, and the
 * training part's inner split into inner-train and validation (for the search; patient-grouped and
 * stratified). Patients never cross parts. Downsampling ({@link StudyConfig.Balancing#DOWNSAMPLE}) balances
 * the training part only: the test part keeps every lesion of its patients at the natural prevalence,
 * unless the study sets {@code balance_test}, which downsamples the test part too (the paper's protocol,
 * as "split by patient, then downsample each part", so the patient split stays shared by all sequences).
 *
 * @param train        the training part (after balancing)
 * @param test         the test part (balanced only with balance_test)
 * @param dropped      lesions dropped by balancing: those of the training part, then those of the test part
 * @param droppedTest  how many of {@code dropped} (its last ones) came from the test part
 * @param testBalanced whether the test part was downsampled (balance_test with downsampling)
 * @param innerTrain   the training part minus the validation split
 * @param validation   the inner validation split of the training part
 * @param insufficient why the cell cannot be trained (too few lesions), or null
 */
record CellPartition(
        List<Case> train,
        List<Case> test,
        List<Case> dropped,
        int droppedTest,
        boolean testBalanced,
        List<Case> innerTrain,
        List<Case> validation,
        String insufficient) {

    /**
     * A lesion of the cell with its label (1 = positive group, 0 = hemangioma).
     *
     * @param sample   the lesion's sample; of an early-fused cell, its first available fused sequence's
     * @param label    1 = positive group, 0 = hemangioma
     * @param channels of an early-fused cell, the lesion's sample per fused sequence in channel order (null
     *                 where the lesion lacks the sequence); empty for a per-sequence cell
     */
    record Case(DatasetSample sample, int label, List<DatasetSample> channels) {
        Case(DatasetSample sample, int label) {
            this(sample, label, List.of());
        }

        String lesionKey() {
            return sample.patientKey() + "/" + sample.lesionId();
        }

        /** The sample id, or of an early-fused lesion {@code <patientKey>_<lesionId>_fusion-early}. */
        String sampleId() {
            return channels.isEmpty()
                    ? sample.sampleId()
                    : sample.patientKey() + "_" + sample.lesionId() + "_" + EarlyFusion.NAME_MODEL;
        }

        /** The crop path, or "" for an early-fused lesion (it has one per sequence). */
        String cropPath() {
            return channels.isEmpty() ? sample.cropPath() : "";
        }
    }

    /**
     * Partitions the lesions of {@code cell} (its sequence, its comparison's classes, ordered by sample id)
     * by the comparison's patient split {@code split}.
     */
    static CellPartition of(CellId cell, List<DatasetSample> samples, PatientSplit split, StudyConfig config) {
        List<Case> cases = select(cell, samples);
        List<Case> train = new ArrayList<>();
        List<Case> test = new ArrayList<>();
        for (Case c : cases) {
            (split.heldOut().contains(c.sample().patientKey()) ? test : train).add(c);
        }
        List<Case> dropped = new ArrayList<>();
        int droppedTest = 0;
        boolean testBalanced = config.balancing() == StudyConfig.Balancing.DOWNSAMPLE && config.balanceTest();
        if (config.balancing() == StudyConfig.Balancing.DOWNSAMPLE) {
            long seed = Seeds.derive(config.seed(), "balance", cell.comparison().name(), cell.repeat());
            var bt = Balancer.downsample(train, Case::label, Case::lesionKey, seed);
            train = bt.kept();
            dropped.addAll(bt.dropped());
            if (testBalanced) {
                var bs = Balancer.downsample(test, Case::label, Case::lesionKey, seed);
                test = bs.kept();
                dropped.addAll(bs.dropped());
                droppedTest = bs.dropped().size();
            }
        }
        PatientSplit inner = PatientSplit.stratifiedGrouped(
                train.stream()
                        .map(c -> new PatientSplit.Item(c.sample().patientKey(), c.label()))
                        .toList(),
                config.search().validationFraction(),
                Seeds.derive(config.seed(), "inner", cell.id()));
        List<Case> innerTrain = new ArrayList<>();
        List<Case> validation = new ArrayList<>();
        for (Case c : train) {
            (inner.heldOut().contains(c.sample().patientKey()) ? validation : innerTrain).add(c);
        }
        PatientSplit.assertDisjoint(patients(train), patients(test));
        PatientSplit.assertDisjoint(patients(innerTrain), patients(validation));
        PatientSplit.assertDisjoint(patients(validation), patients(test));
        return new CellPartition(
                train,
                test,
                dropped,
                droppedTest,
                testBalanced,
                innerTrain,
                validation,
                insufficient(cell, innerTrain, validation, test));
    }

    /** The cell's lesions (its sequence, its comparison's classes), ordered by sample id. */
    static List<Case> lesionsOf(CellId cell, List<DatasetSample> samples) {
        return select(cell, samples);
    }

    /**
     * Asserts that the folds' test parts ({@code testedPerFold}) hold each of the cell's {@code lesions}
     * exactly once: k-fold cross-validation tests every lesion once.
     */
    static void assertTestedOnce(CellId cell, List<Case> lesions, List<List<Case>> testedPerFold) {
        java.util.Map<String, Integer> times = new java.util.HashMap<>();
        lesions.forEach(c -> times.put(c.sampleId(), 0));
        int foreign = 0;
        for (List<Case> fold : testedPerFold) {
            for (Case c : fold) {
                Integer n = times.get(c.sampleId());
                if (n == null) {
                    foreign++;
                } else {
                    times.put(c.sampleId(), n + 1);
                }
            }
        }
        long never = times.values().stream().filter(n -> n == 0).count();
        long twice = times.values().stream().filter(n -> n > 1).count();
        if (never > 0 || twice > 0 || foreign > 0) {
            throw new IllegalStateException(String.format(
                    Locale.ROOT,
                    "k-fold violated for %s over %d folds: of %d lesions %d never tested, %d tested more than once,"
                            + " %d tested lesions not of the cell",
                    cell.sequenceName() + "/" + cell.comparison().name(),
                    testedPerFold.size(),
                    lesions.size(),
                    never,
                    twice,
                    foreign));
        }
    }

    private static List<Case> select(CellId cell, List<DatasetSample> samples) {
        if (cell.isFused()) {
            return EarlyFusion.lesions(cell, samples);
        }
        List<Case> cases = new ArrayList<>();
        for (DatasetSample s : samples) {
            int label = cell.comparison().label(s.diagnosis());
            if (label >= 0 && s.sequence() == cell.sequence()) {
                cases.add(new Case(s, label));
            }
        }
        cases.sort(Comparator.comparing((Case c) -> c.sample().sampleId()));
        return cases;
    }

    /** Null when each class has >= 2 inner-train lesions and >= 1 validation and test lesion; else why not. */
    private static String insufficient(CellId cell, List<Case> innerTrain, List<Case> validation, List<Case> test) {
        int[] itc = counts(innerTrain);
        int[] vc = counts(validation);
        int[] tec = counts(test);
        if (tec[0] >= 1 && tec[1] >= 1 && itc[0] >= 2 && itc[1] >= 2 && vc[0] >= 1 && vc[1] >= 1) {
            return null;
        }
        return String.format(
                Locale.ROOT,
                "cell %s: too few lesions to split and balance (hemangioma/%s: inner-train %d/%d, validation %d/%d,"
                        + " test %d/%d; need >= 2 per class to train and >= 1 per class to validate and test)",
                cell.id(),
                cell.comparison().positiveName(),
                itc[0],
                itc[1],
                vc[0],
                vc[1],
                tec[0],
                tec[1]);
    }

    /** The cell's identity and part sizes, as results.csv records them. */
    ResultRow.Cell rowCell(CellId cell) {
        int[] trc = counts(train);
        int[] tec = counts(test);
        return new ResultRow.Cell(
                cell.id(),
                cell.sequenceName(),
                cell.comparison().name(),
                cell.repeat(),
                trc[0],
                trc[1],
                tec[0],
                tec[1],
                dropped.size(),
                dropped.size() - droppedTest,
                droppedTest,
                testBalanced);
    }

    /** split.csv: the training part (inner train or validation), then the test part, then the dropped. */
    List<SplitRow> splitRows() {
        Set<Case> valSet = Collections.newSetFromMap(new IdentityHashMap<>());
        valSet.addAll(validation);
        List<SplitRow> rows = new ArrayList<>();
        train.forEach(
                c -> rows.add(splitRow(c, SplitRow.TRAIN, valSet.contains(c) ? SplitRow.VALIDATION : SplitRow.TRAIN)));
        test.forEach(c -> rows.add(splitRow(c, SplitRow.TEST, "", "")));
        int fromTrain = dropped.size() - droppedTest;
        for (int i = 0; i < dropped.size(); i++) {
            rows.add(splitRow(dropped.get(i), SplitRow.DROPPED, "", i < fromTrain ? SplitRow.TRAIN : SplitRow.TEST));
        }
        return rows;
    }

    private static SplitRow splitRow(Case c, String partition, String inner) {
        return splitRow(c, partition, inner, "");
    }

    private static SplitRow splitRow(Case c, String partition, String inner, String droppedFrom) {
        DatasetSample s = c.sample();
        return new SplitRow(c.sampleId(), s.patientKey(), s.diagnosis().id(), c.label(), partition, inner, droppedFrom);
    }

    /** The lesions dropped from the test part (balance_test only). */
    List<Case> droppedFromTest() {
        return dropped.subList(dropped.size() - droppedTest, dropped.size());
    }

    static int[] counts(List<Case> cases) {
        int[] c = new int[2];
        for (Case x : cases) {
            c[x.label()]++;
        }
        return c;
    }

    private static Set<String> patients(List<Case> cases) {
        Set<String> s = new HashSet<>();
        for (Case c : cases) {
            s.add(c.sample().patientKey());
        }
        return s;
    }
}
