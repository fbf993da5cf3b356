package org.hemamet.study;

import java.nio.file.Path;
import java.util.List;
import org.hemamet.contract.Calibration.DevelopmentPrevalence;
import org.hemamet.contract.RunFiles;
import org.hemamet.contract.SplitRow;

/**
 * A cell's prevalence before class balancing ({@link DevelopmentPrevalence}), from its {@code split.csv}: the
 * training lesions and those the balancing dropped from the training part; never a test lesion. Probabilities of
 * a model trained and calibrated on the downsampled (balanced) training set are moved to it by the prior odds: M.
 * Saerens, P. Latinne and C. Decaestecker, "Adjusting the outputs of a classifier to new a priori probabilities",
 * Neural Computation 14(1), 2002; for undersampling in particular A. Dal Pozzolo, O. Caelen, R. A. Johnson and G.
 * Bontempi, "Calibrating probability with undersampling for unbalanced classification", IEEE SSCI 2015.
 */
public final class DevelopmentPrevalences {
    private DevelopmentPrevalences() {}

    /**
     * The prevalence of the training part before balancing that {@code split} records; null when it has no
     * training lesion or (a split of an older version) does not say which part a dropped lesion came from.
     */
    public static DevelopmentPrevalence of(List<SplitRow> split) {
        int n = 0;
        int positives = 0;
        for (SplitRow s : split) {
            boolean dropped = SplitRow.DROPPED.equals(s.partition());
            if (dropped && (s.droppedFrom() == null || s.droppedFrom().isEmpty())) {
                return null;
            }
            if (SplitRow.TRAIN.equals(s.partition()) || (dropped && SplitRow.TRAIN.equals(s.droppedFrom()))) {
                n++;
                positives += s.label();
            }
        }
        return DevelopmentPrevalence.of(n, positives);
    }

    /** {@code c} recording the prevalence of {@code partition}'s training part before balancing; null stays null. */
    static org.hemamet.contract.Calibration recorded(org.hemamet.contract.Calibration c, CellPartition partition) {
        return c == null ? null : c.withDevelopmentPrevalence(of(partition.splitRows()));
    }

    /**
     * The prevalence a cell's calibrated test probabilities are moved to ({@link CellEvaluation}): the training
     * part's before balancing, which the stratified split gives the test part too; NaN (left at the fit set's) when
     * the study balanced the test part ({@code balance_test}) or the split does not say.
     */
    static double evaluationTarget(CellPartition partition, boolean balanceTest) {
        DevelopmentPrevalence d = balanceTest ? null : of(partition.splitRows());
        return d == null ? Double.NaN : d.value();
    }

    /** {@link #of(List)} of cell {@code cellId} of {@code runDir}; null when the cell has no split.csv. */
    public static DevelopmentPrevalence ofCell(Path runDir, String cellId) {
        return of(RunFiles.readSplit(RunFiles.cellDir(runDir, cellId)));
    }

    /**
     * The pooled prevalence before balancing of several cells' training parts (a late-fused model's sequences'
     * cells: every train and dropped-from-train row of each, a lesion counted once per sequence it has); NaN when
     * one of them does not say.
     */
    public static double valueOfCells(Path runDir, List<String> cellIds) {
        int n = 0;
        int positive = 0;
        for (String id : cellIds) {
            DevelopmentPrevalence d = ofCell(runDir, id);
            if (d == null) {
                return Double.NaN;
            }
            n += d.lesions();
            positive += d.positive();
        }
        return n == 0 ? Double.NaN : positive / (double) n;
    }

    /** The value of {@link #ofCell}; NaN where it is null. */
    public static double valueOf(Path runDir, String cellId) {
        DevelopmentPrevalence d = ofCell(runDir, cellId);
        return d == null ? Double.NaN : d.value();
    }
}
