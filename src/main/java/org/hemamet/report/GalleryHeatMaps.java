package org.hemamet.report;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.hemamet.model.TrainedCnn;
import org.hemamet.predict.HeatMaps;
import org.hemamet.study.CropLoader;

/**
 * Grad-CAM heat maps (Selvaraju et al. 2017) of gallery cases, from each cell's own model bundle and the
 * crop exactly as the network saw it. Models are loaded once per cell and closed with this object.
 */
public final class GalleryHeatMaps implements AutoCloseable {
    private final Path runDir;
    private final Map<String, Optional<TrainedCnn>> models = new HashMap<>();

    public GalleryHeatMaps(Path runDir) {
        this.runDir = runDir;
    }

    /**
     * PNG bytes ({@code size}²) of the Grad-CAM overlay for class {@code targetClass} (0 = hemangioma, 1 =
     * the positive group), or empty when the bundle or crop is missing.
     */
    public Optional<byte[]> of(String cellId, Path crop, int size, int targetClass) {
        Optional<TrainedCnn> model = models.computeIfAbsent(cellId, id -> {
            Path bundle = runDir.resolve("cells").resolve(id).resolve("model");
            if (!Files.isRegularFile(bundle.resolve(TrainedCnn.METADATA_FILE))) {
                return Optional.empty();
            }
            try {
                return Optional.of(TrainedCnn.load(bundle));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        });
        if (model.isEmpty() || crop == null || !Files.isRegularFile(crop)) {
            return Optional.empty();
        }
        try {
            float[] input = CropLoader.read(crop, model.get().inputSize());
            BufferedImage overlay = HeatMaps.overlay(model.get(), input, targetClass);
            return Optional.of(Thumbnails.scaledPng(
                    overlay, size, BufferedImage.TYPE_INT_RGB, RenderingHints.VALUE_INTERPOLATION_BILINEAR));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        models.values().forEach(m -> m.ifPresent(TrainedCnn::close));
    }
}
