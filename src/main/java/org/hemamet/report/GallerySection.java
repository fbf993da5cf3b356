package org.hemamet.report;

import java.util.Base64;
import org.hemamet.contract.HeatMapIndex;
import org.hemamet.contract.PredictionRow;
import org.hemamet.report.ReportModel.Gallery;
import org.hemamet.report.ReportModel.GalleryCase;

/**
 * The misclassified test lesions: the crop, the heat map the heat-map step wrote for it (or why there is
 * none), and what the model said.
 */
final class GallerySection {
    private static final String SIDE = Integer.toString(ReportModel.THUMB);

    private GallerySection() {}

    static void write(ReportModel m, Html h, Figures figures) {
        Gallery g = m.gallery();
        if (g == null) {
            Fmt.notAvailable(h, "predictions.csv: not available.");
            return;
        }
        h.el(
                "p",
                g.wrong() + " of " + g.predictions() + " test predictions are wrong"
                        + (g.wrong() > ReportModel.GALLERY_LIMIT
                                ? "; the " + ReportModel.GALLERY_LIMIT
                                        + " shown are the most confident errors per cell order"
                                : "")
                        + ". Crops are windowed for display (0.5–99.5th percentile). Score = the "
                        + "model's probability of the metastasis group."
                        + (m.datasetDir() == null ? " Crop images: not available (no dataset directory)." : ""),
                "class",
                "note");
        h.open("div", "class", "gallery");
        g.cases().forEach(c -> galleryCase(h, c));
        h.close("div");
        h.el("p", heatMapNote(g), "class", "note");
    }

    private static void galleryCase(Html h, GalleryCase c) {
        PredictionRow p = c.prediction();
        h.open("div", "class", c.fused() ? "case fused" : "case");
        if (c.thumbnail() != null) {
            image(h, c.thumbnail(), "crop " + p.sampleId(), "thumb", SIDE);
        } else if (!(c.fused() && c.heatMap() != null)) {
            h.el("div", "crop not available", "class", "na");
        }
        if (c.heatMap() != null) {
            image(
                    h,
                    c.heatMap(),
                    "Grad-CAM " + p.sampleId(),
                    c.fused() ? "thumb heatmap panels" : "thumb heatmap",
                    Integer.toString(c.heatMapWidth()));
        }
        h.el("div", p.sampleId(), "class", "sid");
        if (c.fused()) {
            h.el("div", channels(c.heatMapEntry()));
        }
        h.el("div", p.sequence() + " · " + Fmt.comparisonLabel(p.comparison()) + " r" + p.repeat());
        h.el(
                "div",
                "histology: " + p.diagnosis() + " → predicted "
                        + (p.predicted() == 1 ? Fmt.positiveName(p.comparison()) : "hemangioma"));
        h.el("div", "score " + Fmt.fixed(p.score(), 3));
        if (c.heatMap() == null) {
            h.el("div", "no heat map: " + c.heatMapReason(), "class", "hm-na");
        }
        h.close("div");
    }

    /** An early-fused lesion's channels: its fused sequences, the masked ones marked not acquired. */
    private static String channels(HeatMapIndex.Case e) {
        return "channels: "
                + e.sequences().stream()
                        .map(s -> e.masked().contains(s) ? s + " (not acquired)" : s)
                        .collect(java.util.stream.Collectors.joining(", "));
    }

    private static void image(Html h, byte[] png, String alt, String cls, String width) {
        h.empty(
                "img",
                "src",
                "data:image/png;base64," + Base64.getEncoder().encodeToString(png),
                "width",
                width,
                "height",
                SIDE,
                "alt",
                alt,
                "class",
                cls);
    }

    private static String heatMapNote(Gallery g) {
        int shown = g.heatMaps();
        if (shown == 0) {
            return "Heat maps (Grad-CAM): not available; each case says why.";
        }
        String missing = shown < g.cases().size()
                ? " " + (g.cases().size() - shown) + " of the " + g.cases().size()
                        + " cases shown have none; each says why."
                : "";
        boolean fused = g.cases().stream().anyMatch(c -> c.fused() && c.heatMap() != null);
        return "Right of each crop: Grad-CAM (Selvaraju et al. 2017) of the cell's final model on the last "
                + "convolution block for the class the model wrongly predicted (what made it look like that class), "
                + "on the crop as the network saw it."
                + (fused
                        ? " An early-fused lesion has one map over the crop grid its sequences share (the last"
                                + " convolution block sees all input channels), drawn over each of its crops, one"
                                + " panel per fused sequence; a sequence it lacks (a masked channel) reads not"
                                + " acquired."
                        : "")
                + missing;
    }
}
