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
import org.hemamet.contract.HeatMapIndex;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.Csv;
import org.hemamet.core.HemametException;
import org.hemamet.model.TrainedCnn;
import org.hemamet.study.CropLoader;

/**
 * The explicit step that explains a run's errors before the report shows them: for every misclassified
 * test lesion of predictions.csv, a Grad-CAM heat map (Selvaraju et al. 2017) of the cell's own final
 * model for the class it wrongly predicted, over the crop as the network saw it
 * ({@link HeatMaps#overlay(TrainedCnn, float[], int)}), written to
 * {@code cells/<cell_id>/heatmaps/<sample_id>.png} with {@code heatmaps/index.json}
 * ({@link HeatMapIndex}) saying which were written and why any other was not. Each cell's model is
 * loaded once and closed. A cell whose index already lists a map of each of its errors is left as it is
 * (the study rewrites a cell's whole directory when it retrains it, so such maps are never stale).
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

    /** A misclassified test lesion of predictions.csv. */
    private record Error(String sampleId, int predicted, String cropPath) {}

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
        Path bundle = cellDir.resolve(RunFiles.MODEL);
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
            return noMaps(cellId, "the cell's model bundle cannot be loaded: " + e.getMessage());
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
        return new HeatMapIndex(HeatMapIndex.FORMAT_VERSION, cellId, METHOD, reason, List.of());
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
            return new HeatMapIndex.Case(e.sampleId(), e.predicted(), null, "crop not readable: " + ex.getMessage());
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
        Path root = datasetDir.toAbsolutePath().normalize();
        Path crop = root.resolve(e.cropPath()).normalize();
        if (!crop.startsWith(root)) {
            return Optional.of("crop_path " + e.cropPath() + " leaves the dataset directory");
        }
        if (!Files.isRegularFile(crop)) {
            return Optional.of("crop " + e.cropPath() + " not found in the dataset directory");
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
            rows = RunFiles.readPredictions(runDir);
        } catch (Csv.CsvException e) {
            throw HemametException.invalidInput((e.file() == null ? file + " " : "") + e.getMessage(), e);
        }
        Map<String, List<Error>> byCell = new LinkedHashMap<>();
        for (PredictionRow p : rows) {
            if ((p.label() == 0 || p.label() == 1)
                    && !org.hemamet.study.EarlyFusion.NAME_MODEL.equals(p.model()) // a channel stack, no one crop
                    && (p.predicted() == 0 || p.predicted() == 1)
                    && p.label() != p.predicted()) {
                byCell.computeIfAbsent(cellId(file, p), k -> new ArrayList<>())
                        .add(new Error(
                                p.sampleId() == null ? "" : p.sampleId(),
                                p.predicted(),
                                p.cropPath() == null ? "" : p.cropPath()));
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
