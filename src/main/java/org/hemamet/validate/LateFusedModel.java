package org.hemamet.validate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hemamet.cohort.Sequence;
import org.hemamet.contract.BundleFiles;
import org.hemamet.contract.BundleMetadata;
import org.hemamet.contract.FusionBundle;
import org.hemamet.contract.FusionBundleFiles;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.predict.FusedPredictor;
import org.hemamet.study.LateFusion;

/**
 * A late-fused model as {@code validate} applies it: through {@link FusedPredictor}, exactly as {@code predict}
 * applies a fused bundle (each member scores the lesion's crop of its sequence; the stacking model of the
 * lesion's pattern of available sequences combines them, {@link LateFusion#apply}).
 *
 * <p>From a fused bundle ({@code export --fusion late}) its {@code fusion.json} and member bundles; from a run's
 * late-fused cell ({@code fusion-late__<comparison>__r<repeat>}) the same model {@code export --fusion late}
 * would export (missing {@value FusionBundle#FALLBACK}, the study's rule): its sequence cells' final models and
 * the stacking models refitted from their training-part out-of-fold scores ({@link LateFusion#stackingModels},
 * as the study fitted them). Nothing is fitted on the external set.
 *
 * @param file        what refusals name as the fused model: the bundle's fusion.json, or the run's results.csv
 * @param bundle      the fused model
 * @param memberDirs  each member's bundle directory, by sequence (in the fused model's order)
 * @param memberMetas each member's metadata, by sequence
 */
record LateFusedModel(
        Path file, FusionBundle bundle, Map<String, Path> memberDirs, Map<String, BundleMetadata> memberMetas) {

    /** A fused bundle's model (read and checked by {@link FusionBundleFiles#read}). */
    static LateFusedModel ofBundle(Path dir) {
        FusionBundle b = FusionBundleFiles.read(dir);
        Map<String, Path> dirs = new LinkedHashMap<>();
        Map<String, BundleMetadata> metas = new LinkedHashMap<>();
        for (FusionBundle.Member m : b.members()) {
            Path d = dir.resolve(m.dir());
            dirs.put(m.sequence(), d);
            metas.put(m.sequence(), metadata(d));
        }
        return new LateFusedModel(dir.resolve(FusionBundleFiles.FILE), b, dirs, metas);
    }

    /**
     * A run's late-fused cell, as {@code export --fusion late} would export it; null when a sequence cell kept
     * no model bundle or no out-of-fold scores (the study then made no such row either).
     */
    static LateFusedModel ofRun(Path runDir, ResultRow row) {
        List<String> sequences = List.of(row.sequence().split("\\+"));
        List<String> cellIds = LateFusion.memberCells(row);
        Map<String, Path> dirs = new LinkedHashMap<>();
        Map<String, BundleMetadata> metas = new LinkedHashMap<>();
        for (int j = 0; j < sequences.size(); j++) {
            Path d = RunFiles.cellDir(runDir, cellIds.get(j)).resolve(RunFiles.MODEL);
            if (!Files.isRegularFile(d.resolve(BundleFiles.METADATA))) {
                return null;
            }
            dirs.put(sequences.get(j), d);
            metas.put(sequences.get(j), metadata(d));
        }
        FusionBundle b = LateFusion.fusedModel(
                runDir,
                row,
                new ArrayList<>(metas.values()),
                (sequence, cell) -> RunFiles.CELLS + "/" + cell + "/" + RunFiles.MODEL,
                FusionBundle.FALLBACK,
                null);
        if (b == null) {
            return null;
        }
        return new LateFusedModel(runDir.resolve(RunFiles.RESULTS), b, dirs, metas);
    }

    /** Opens its predictor (members checked against the parameters the fused model records). */
    FusedPredictor open() {
        return FusedPredictor.open(file, bundle, memberDirs);
    }

    /** The fused sequences, in the model's order. */
    List<Sequence> sequences() {
        return bundle.sequences().stream().map(Sequence::parse).toList();
    }

    /** The first member's metadata (the development dataset and the overlap hashes it records). */
    BundleMetadata first() {
        return memberMetas.values().iterator().next();
    }

    /** The members' {@code params_sha256}, joined by '+' in the model's sequence order. */
    String paramsSha256() {
        return bundle.members().stream().map(FusionBundle.Member::paramsSha256).collect(Collectors.joining("+"));
    }

    private static BundleMetadata metadata(Path bundle) {
        Path f = bundle.resolve(BundleFiles.METADATA);
        return BundleFiles.typed(f, BundleFiles.readMetadata(f));
    }
}
