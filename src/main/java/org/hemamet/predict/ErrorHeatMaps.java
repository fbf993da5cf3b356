package org.hemamet.predict;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.contract.HeatMapIndex;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.Csv;
import org.hemamet.core.HemametException;
import org.hemamet.model.TrainedCnn;
import org.hemamet.study.CropLoader;
import org.hemamet.study.EarlyFusion;

/**
 * The explicit step that explains a run's errors before the report shows them: for every misclassified
 * test lesion of predictions.csv, a Grad-CAM heat map (Selvaraju et al. 2017) of the cell's own final
 * model for the class it wrongly predicted, over the crop as the network saw it
 * ({@link HeatMaps#overlay(TrainedCnn, float[], int)}), written to
 * {@code cells/<cell_id>/heatmaps/<sample_id>.png} with {@code heatmaps/index.json}
 * ({@link HeatMapIndex}) saying which were written and why any other was not. Each cell's model is
 * loaded once and closed. A cell whose index already lists a map of each of its errors is left as it is
 * (the study rewrites a cell's whole directory when it retrains it, so such maps are never stale).
 *
 * <p>An early-fused cell's error (one row per lesion, its crops one per fused sequence) gets one Grad-CAM map of
 * the cell's early-fused model over the crop grid its input channels share, drawn over each of the lesion's
 * crops side by side ({@link HeatMaps#panels}); a fused sequence the lesion lacks (its channel was masked) is
 * a panel that reads "not acquired", and the index entry names the fused sequences and the masked ones.
 */
public final class ErrorHeatMaps {
    /** How the maps are made, as the index records it. */
    public static final String METHOD = "Grad-CAM (Selvaraju et al. 2017) of the cell's final model on the last"
            + " convolution block, for the class the model predicted, over the crop as the network saw it";

    private static final Pattern FILE_SAFE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*");

    private ErrorHeatMaps() {}

    /**
     * What the step did.
     *
     * @param cells   cells with misclassified test lesions
     * @param maps    heat maps in place after the step (written now or kept)
     * @param missing misclassified lesions without a heat map (their index entry says why)
     */
    public record Summary(int cells, int maps, int missing) {}

    /** How an early-fused cell's maps are made, as its index records it. */
    public static final String METHOD_FUSED =
            "Grad-CAM (Selvaraju et al. 2017) of the cell's final early-fused model on"
                    + " the last convolution block, for the class the model predicted: one map over the crop grid the input"
                    + " channels share, drawn over the lesion's crop of each fused sequence as the network saw it (one panel"
                    + " per sequence; a sequence the lesion lacks, whose channel was masked, reads not acquired)";

    /** A misclassified test lesion of predictions.csv (of an early-fused cell: one row per lesion, no crop_path). */
    private record Error(String sampleId, int predicted, String cropPath, String patientKey, String lesionId) {}

    /**
     * Writes the heat maps of every misclassified test lesion of {@code runDir}.
     *
     * @param runDir     a study run directory (its predictions.csv; none = nothing to do)
     * @param datasetDir the dataset directory holding the crops, or null when unknown (each cell's index
     *                   then says so, unless the cell already has all its maps)
     */
    public static Summary write(Path runDir, Path datasetDir) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        Map<String, List<Error>> errors = errorsByCell(runDir);
        int maps = 0;
        for (Map.Entry<String, List<Error>> e : errors.entrySet()) {
            HeatMapIndex index = complete(runDir, e.getKey(), e.getValue())
                    .orElseGet(() -> writeCell(runDir, e.getKey(), e.getValue(), datasetDir));
            maps += (int) index.cases().stream().filter(c -> c.file() != null).count();
        }
        int total = errors.values().stream().mapToInt(List::size).sum();
        return new Summary(errors.size(), maps, total - maps);
    }

    // ------------------------------------------------------------------------------- one cell

    private static HeatMapIndex writeCell(Path runDir, String cellId, List<Error> errors, Path datasetDir) {
        HeatMapIndex[] index = new HeatMapIndex[1];
        AtomicFiles.writeDirectory(HeatMapIndex.dir(runDir, cellId), true, dir -> {
            index[0] = explainCell(RunFiles.cellDir(runDir, cellId), cellId, errors, datasetDir, dir);
            Files.writeString(dir.resolve(HeatMapIndex.FILE), index[0].toJson());
        });
        return index[0];
    }

    private static HeatMapIndex explainCell(Path cellDir, String cellId, List<Error> errors, Path datasetDir, Path out)
            throws IOException {
        if (fused(cellId)) {
            return explainFusedCell(cellDir, cellId, errors, datasetDir, out);
        }
        Path bundle = cellDir.toAbsolutePath().normalize().resolve(RunFiles.MODEL);
        if (!Files.isRegularFile(bundle.resolve(TrainedCnn.METADATA_FILE))) {
            return noMaps(cellId, "no model bundle in the cell (model/" + TrainedCnn.METADATA_FILE + " not found)");
        }
        if (datasetDir == null) {
            return noMaps(cellId, "no dataset directory was given, so the crops are unknown");
        }
        TrainedCnn model;
        try {
            model = TrainedCnn.load(bundle);
        } catch (HemametException e) {
            return noMaps(cellId, "the cell's model bundle cannot be loaded: " + withoutDir(e.getMessage(), bundle));
        }
        List<HeatMapIndex.Case> cases = new ArrayList<>();
        try (model) {
            for (Error e : errors) {
                cases.add(explain(model, e, datasetDir, out));
            }
        }
        return new HeatMapIndex(HeatMapIndex.FORMAT_VERSION, cellId, METHOD, null, cases);
    }

    private static HeatMapIndex noMaps(String cellId, String reason) {
        return new HeatMapIndex(
                HeatMapIndex.FORMAT_VERSION, cellId, fused(cellId) ? METHOD_FUSED : METHOD, reason, List.of());
    }

    /** Whether {@code cellId} names an early-fused cell ({@code fusion-early__<comparison>__r<k>}). */
    private static boolean fused(String cellId) {
        return cellId.startsWith(PredictionRow.EARLY_FUSED + "__");
    }

    // ------------------------------------------------------------------------- an early-fused cell

    /**
     * The maps of an early-fused cell's errors: the cell's bundle opened as predict opens it ({@link
     * EarlyFusedPredictor}, which knows the channel order), each lesion's crops found in dataset.csv as the study
     * found them ({@link EarlyFusion#channelsOf}) and read as it read them ({@link CropLoader}).
     */
    private static HeatMapIndex explainFusedCell(
            Path cellDir, String cellId, List<Error> errors, Path datasetDir, Path out) throws IOException {
        Path bundle = cellDir.toAbsolutePath().normalize().resolve(RunFiles.MODEL);
        if (!Files.isRegularFile(bundle.resolve(TrainedCnn.METADATA_FILE))) {
            return noMaps(cellId, "no model bundle in the cell (model/" + TrainedCnn.METADATA_FILE + " not found)");
        }
        if (datasetDir == null) {
            return noMaps(cellId, "no dataset directory was given, so the crops are unknown");
        }
        Map<String, List<DatasetSample>> byLesion = new LinkedHashMap<>();
        try {
            for (DatasetSample s : DatasetManifest.read(datasetDir)) {
                byLesion.computeIfAbsent(s.patientKey() + "/" + s.lesionId(), k -> new ArrayList<>())
                        .add(s);
            }
        } catch (HemametException e) {
            return noMaps(cellId, "the dataset's " + DatasetManifest.FILE_NAME + " cannot be read");
        }
        EarlyFusedPredictor model;
        try {
            model = EarlyFusedPredictor.open(bundle);
        } catch (HemametException e) {
            return noMaps(cellId, "the cell's model bundle cannot be loaded: " + withoutDir(e.getMessage(), bundle));
        }
        List<HeatMapIndex.Case> cases = new ArrayList<>();
        try (model) {
            CropLoader loader = new CropLoader(
                    datasetDir.toAbsolutePath().normalize(), model.info().inputSize());
            for (Error e : errors) {
                List<DatasetSample> channels = EarlyFusion.channelsOf(
                        model.sequences(), byLesion.getOrDefault(e.patientKey() + "/" + e.lesionId(), List.of()));
                cases.add(explainFused(model, loader, e, channels, datasetDir, out));
            }
        }
        return new HeatMapIndex(HeatMapIndex.FORMAT_VERSION, cellId, METHOD_FUSED, null, cases);
    }

    /** One early-fused lesion's panels, or the reason there are none. */
    private static HeatMapIndex.Case explainFused(
            EarlyFusedPredictor model,
            CropLoader loader,
            Error e,
            List<DatasetSample> channels,
            Path datasetDir,
            Path out)
            throws IOException {
        List<String> sequences = model.sequences().stream().map(Enum::name).toList();
        List<String> masked = new ArrayList<>();
        for (int j = 0; j < channels.size(); j++) {
            if (channels.get(j) == null) {
                masked.add(sequences.get(j));
            }
        }
        java.util.function.Function<String, HeatMapIndex.Case> none =
                reason -> new HeatMapIndex.Case(e.sampleId(), e.predicted(), null, reason, sequences, masked);
        if (!FILE_SAFE.matcher(e.sampleId()).matches()) {
            return none.apply("sample_id is not a safe file name");
        }
        if (masked.size() == channels.size()) {
            return none.apply(
                    "the lesion has no crop of " + String.join("+", sequences) + " in " + DatasetManifest.FILE_NAME);
        }
        float[][] crops = new float[channels.size()][];
        BufferedImage panels;
        try {
            for (int j = 0; j < crops.length; j++) {
                DatasetSample s = channels.get(j);
                if (s != null) {
                    Optional<String> problem = cropProblem(s.cropPath(), datasetDir);
                    if (problem.isPresent()) {
                        return none.apply(problem.get());
                    }
                    crops[j] = loader.load(s.cropPath());
                }
            }
            panels = model.heatMap(crops, HeatMaps.Method.GRADCAM, e.predicted(), "Grad-CAM");
        } catch (HemametException ex) {
            return none.apply("crop not readable: " + withoutDir(ex.getMessage(), datasetDir));
        } catch (RuntimeException ex) {
            // an explanation is an extra of the report: its failure is recorded as the case's reason
            return none.apply("Grad-CAM failed: " + ex.getClass().getSimpleName() + ": " + firstLine(ex.getMessage()));
        }
        String file = e.sampleId() + ".png";
        if (!ImageIO.write(panels, "png", out.resolve(file).toFile())) {
            throw new IOException("no PNG writer available");
        }
        return new HeatMapIndex.Case(e.sampleId(), e.predicted(), file, null, sequences, masked);
    }

    /** One heat map, or the reason there is none; a failed write of the PNG is not a reason but an error. */
    private static HeatMapIndex.Case explain(TrainedCnn model, Error e, Path datasetDir, Path out) throws IOException {
        Optional<String> problem = cropProblem(e, datasetDir);
        if (problem.isPresent()) {
            return new HeatMapIndex.Case(e.sampleId(), e.predicted(), null, problem.get());
        }
        BufferedImage overlay;
        try {
            float[] input = CropLoader.read(
                    datasetDir
                            .toAbsolutePath()
                            .normalize()
                            .resolve(e.cropPath())
                            .normalize(),
                    model.inputSize());
            overlay = HeatMaps.overlay(model, input, e.predicted());
        } catch (HemametException ex) {
            return new HeatMapIndex.Case(
                    e.sampleId(), e.predicted(), null, "crop not readable: " + withoutDir(ex.getMessage(), datasetDir));
        } catch (IllegalArgumentException ex) {
            return new HeatMapIndex.Case(
                    e.sampleId(), e.predicted(), null, "the model refused the crop: " + ex.getMessage());
        } catch (RuntimeException ex) {
            // an explanation is an extra of the report: its failure is recorded as the case's reason
            return new HeatMapIndex.Case(
                    e.sampleId(),
                    e.predicted(),
                    null,
                    "Grad-CAM failed: " + ex.getClass().getSimpleName() + ": " + firstLine(ex.getMessage()));
        }
        String file = e.sampleId() + ".png";
        if (!ImageIO.write(overlay, "png", out.resolve(file).toFile())) {
            throw new IOException("no PNG writer available");
        }
        return new HeatMapIndex.Case(e.sampleId(), e.predicted(), file, null);
    }

    /**
     * A message without the absolute location of {@code dir} (the index is shown in the report, which names no
     * path): a file under it is named relative to it.
     */
    private static String withoutDir(String message, Path dir) {
        if (message == null) {
            return "";
        }
        String abs = dir.toAbsolutePath().normalize().toString();
        return message.replace(abs + java.io.File.separator, "").replace(abs, ".");
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    private static Optional<String> cropProblem(Error e, Path datasetDir) {
        if (!FILE_SAFE.matcher(e.sampleId()).matches()) {
            return Optional.of("sample_id is not a safe file name");
        }
        if (e.cropPath().isBlank()) {
            return Optional.of("predictions.csv gives no crop_path");
        }
        return cropProblem(e.cropPath(), datasetDir);
    }

    /** Why the crop at {@code cropPath} (relative to the dataset) cannot be read, or empty. */
    private static Optional<String> cropProblem(String cropPath, Path datasetDir) {
        Path root = datasetDir.toAbsolutePath().normalize();
        Path crop = root.resolve(cropPath).normalize();
        if (!crop.startsWith(root)) {
            return Optional.of("crop_path " + cropPath + " leaves the dataset directory");
        }
        if (!Files.isRegularFile(crop)) {
            return Optional.of("crop " + cropPath + " not found in the dataset directory");
        }
        return Optional.empty();
    }

    /**
     * The cell's index when it lists a written map of each of {@code errors}, in the same order for the
     * same class. An index that cannot be read is not complete (it is rewritten).
     */
    private static Optional<HeatMapIndex> complete(Path runDir, String cellId, List<Error> errors) {
        Optional<HeatMapIndex> index;
        try {
            index = HeatMapIndex.read(runDir, cellId);
        } catch (HemametException e) {
            return Optional.empty();
        }
        Path dir = HeatMapIndex.dir(runDir, cellId);
        return index.filter(i -> i.reason() == null && i.cases().size() == errors.size())
                .filter(i -> {
                    for (int k = 0; k < errors.size(); k++) {
                        HeatMapIndex.Case c = i.cases().get(k);
                        if (!c.sampleId().equals(errors.get(k).sampleId())
                                || c.targetClass() != errors.get(k).predicted()
                                || c.file() == null
                                || !Files.isRegularFile(dir.resolve(c.file()))) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    // -------------------------------------------------------------------------- predictions.csv

    /** Misclassified test lesions by cell, both in predictions.csv order; no file = none. */
    private static Map<String, List<Error>> errorsByCell(Path runDir) {
        Path file = runDir.resolve(RunFiles.PREDICTIONS);
        List<PredictionRow> rows;
        try {
            rows = RunFiles.readAllPredictions(runDir).stream()
                    .filter(p -> p.fromCnn() || p.fromEarlyFused()) // a baseline or late fusion has no network
                    .toList();
        } catch (Csv.CsvException e) {
            throw HemametException.invalidInput((e.file() == null ? file + " " : "") + e.getMessage(), e);
        }
        Map<String, List<Error>> byCell = new LinkedHashMap<>();
        for (PredictionRow p : rows) {
            if ((p.label() == 0 || p.label() == 1)
                    && (p.predicted() == 0 || p.predicted() == 1)
                    && p.label() != p.predicted()) {
                byCell.computeIfAbsent(cellId(file, p), k -> new ArrayList<>())
                        .add(new Error(
                                p.sampleId() == null ? "" : p.sampleId(),
                                p.predicted(),
                                p.cropPath() == null ? "" : p.cropPath(),
                                p.patientKey() == null ? "" : p.patientKey(),
                                p.lesionId() == null ? "" : p.lesionId()));
            }
        }
        return byCell;
    }

    /** The row's cell id, which names a directory under cells/. */
    private static String cellId(Path predictions, PredictionRow p) {
        String id = p.cellId() == null ? "" : p.cellId();
        if (!FILE_SAFE.matcher(id).matches()) {
            throw HemametException.invalidInput(predictions + ": cell_id '" + id + "' is not a cell directory name");
        }
        return id;
    }
}
