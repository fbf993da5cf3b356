package org.hemamet.predict;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hemamet.annotation.BoundingBox;
import org.hemamet.core.HemametException;
import org.hemamet.core.Json;
import org.hemamet.ood.OodDetector;

/**
 * {@code hemamet predict --image}: the lesions of one image (one {@code --roi}, or the regions a VIA file
 * draws on it or on its export), their probabilities and decisions, and optionally a heat map PNG.
 */
public final class SinglePrediction {
    private SinglePrediction() {}

    /**
     * One predicted region; {@code heatmap} (and {@code heatmapClass}, the class its map explains) are null
     * when none was written.
     */
    public record Result(
            String image,
            int region,
            String lesionId,
            BoundingBox roi,
            Predictor.Prediction prediction,
            Path heatmap,
            String heatmapClass,
            Predictor.Checks checks,
            Predictor.Pixels pixels) {}

    /** The {@code --explain} value that picks the class of the decision at the bundle's threshold. */
    public static final String DECISION = "decision";

    /**
     * Predicts the lesion(s) of {@code image}: the box {@code roi} (on frame {@code frame} of a multi-frame DICOM,
     * 1-based; "" when none is stated), or (when {@code roi} is null) the regions of
     * {@code via} drawn on it. With {@code heatmap}, writes the overlay (one region only) atomically, the map
     * explaining {@code explain}: {@link #DECISION} (the class decided at the bundle's threshold, as MONAI's and
     * pytorch-grad-cam's default of the predicted class) or one of the bundle's class names.
     */
    public static List<Result> run(
            Predictor predictor,
            Path image,
            BoundingBox roi,
            String frame,
            Path via,
            HeatMaps.Method method,
            String explain,
            Path heatmap) {
        checkExplain(predictor.info(), explain);
        List<ViaTargets.Target> targets = roi != null
                ? List.of(new ViaTargets.Target(
                        image.getFileName().toString(), 0, "", image, roi, null, null, null, frame))
                : ViaTargets.forImage(via, image);
        if (heatmap != null && targets.size() != 1) {
            throw HemametException.invalidInput(via + ": " + targets.size() + " regions on " + image.getFileName()
                    + "; --heatmap draws one (give the lesion with --roi x,y,w,h)");
        }
        List<Predictor.Prepared> prepared = new ArrayList<>();
        for (ViaTargets.Target t : targets) {
            prepared.add(predictor.prepare(t.source(), t.frame(), t.roi(), t.declared(), t.reference(), t.outline()));
        }
        List<Predictor.Prediction> predictions = predictor.predict(prepared);
        List<Result> out = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            ViaTargets.Target t = targets.get(i);
            Path written = null;
            String explained = null;
            if (heatmap != null) {
                explained = DECISION.equals(explain) ? predictions.get(i).decision() : explain;
                writeHeatMap(predictor, prepared.get(i), t, predictions.get(i), method, explained, heatmap);
                written = heatmap;
            }
            out.add(new Result(
                    t.image(),
                    t.region(),
                    t.lesionId(),
                    t.roi(),
                    predictions.get(i),
                    written,
                    explained,
                    prepared.get(i).checks(),
                    prepared.get(i).pixels()));
        }
        return out;
    }

    /** Refuses an {@code --explain} value that is neither {@link #DECISION} nor a class of the bundle. */
    public static void checkExplain(BundleInfo info, String explain) {
        if (!DECISION.equals(explain) && !info.classes().contains(explain)) {
            throw HemametException.invalidInput("--explain " + explain + ": the model's classes are "
                    + String.join(" and ", info.classes()) + " (or " + DECISION + ", the class it decides)");
        }
    }

    /**
     * Renders the overlay of a prepared lesion (crop at the dataset's crop size, ROI outlined), the map
     * explaining class {@code explained} (a class name of the bundle).
     */
    public static BufferedImage render(
            Predictor predictor, Predictor.Prepared p, HeatMaps.Method method, String explained) {
        BundleInfo info = predictor.info();
        int target = info.classes().indexOf(explained);
        if (target < 0) {
            throw new IllegalArgumentException("not a class of the model: " + explained);
        }
        float[] map = HeatMaps.map(predictor.model(), p.input(), method, target);
        String label = (method == HeatMaps.Method.GRADCAM ? "Grad-CAM" : "occlusion") + " for " + explained + "  P("
                + info.positiveClass() + ") = "
                + String.format(Locale.ROOT, "%.2f", predictor.predict(p).positive());
        return HeatMaps.overlay(p.crop(), p.cropSize(), map, info.inputSize(), p.roiInCrop(), label);
    }

    /**
     * Writes the overlay of target {@code t}'s prepared lesion, predicted as {@code prediction}, to {@code file},
     * its provenance inside.
     */
    static void writeHeatMap(
            Predictor predictor,
            Predictor.Prepared p,
            ViaTargets.Target t,
            Predictor.Prediction prediction,
            HeatMaps.Method method,
            String explained,
            Path file) {
        BufferedImage img = render(predictor, p, method, explained);
        HeatMapPng.Drawn drawn = new HeatMapPng.Drawn(method, explained, prediction.positive());
        HeatMapPng.Subject subject = new HeatMapPng.Subject(
                "image", org.hemamet.core.Hashing.sha256(t.source()), frameNumber(t.frame()), t.roi());
        HeatMapPng.write(
                file, img, HeatMapPng.provenance(drawn, "cnn", predictor.info().cellId(), predictor.bundle(), subject));
    }

    /** The stated frame as a number, null when none is (prepare has refused one that is not a frame). */
    private static Integer frameNumber(String stated) {
        try {
            return stated == null || stated.isBlank() ? null : Integer.valueOf(stated.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Parses {@code x,y,w,h} (integers, w and h > 0). */
    public static BoundingBox parseRoi(String s) {
        String[] p = s.split(",");
        try {
            if (p.length == 4) {
                int w = Integer.parseInt(p[2].trim());
                int h = Integer.parseInt(p[3].trim());
                if (w > 0 && h > 0) {
                    return new BoundingBox(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()), w, h);
                }
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw HemametException.invalidInput("--roi " + s + ": expected x,y,w,h in pixels (integers, w and h > 0)");
    }

    /** The JSON document {@code --json} prints. */
    public static String toJson(BundleInfo info, List<Result> results) {
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode m = root.putObject("model");
        m.put("cell_id", info.cellId());
        m.put("sequence", info.sequence().name());
        m.put("positive_class", info.positiveClass());
        m.put("threshold", info.threshold());
        m.put("threshold_rule", info.thresholdRule());
        m.put("crop", info.crop().key());
        m.put("crop_source", info.cropSource());
        if (info.calibration() != null) {
            ObjectNode c = m.putObject("calibration");
            c.put("method", info.calibration().method());
            c.put("fitted_on", info.calibration().fittedOn());
            c.put("fit_prevalence", info.calibration().fitPrevalence());
            if (info.calibration().hasDevelopmentPrevalence()) {
                c.put("development_prevalence", info.calibration().developmentPrevalence());
            }
            c.put("test_brier_raw", info.calibration().testBrierRaw());
            c.put("test_brier_calibrated", info.calibration().testBrierCalibrated());
        }
        ArrayNode arr = root.putArray("predictions");
        for (Result r : results) {
            ObjectNode o = arr.addObject();
            o.put("image", r.image());
            o.put("region", r.region());
            o.put("lesion_id", r.lesionId());
            o.putObject("roi")
                    .put("x", r.roi().x())
                    .put("y", r.roi().y())
                    .put("width", r.roi().width())
                    .put("height", r.roi().height());
            putPixels(o, r.pixels());
            ObjectNode probs = o.putObject("probabilities");
            for (Map.Entry<String, Double> e : r.prediction().probabilities().entrySet()) {
                probs.put(e.getKey(), e.getValue());
            }
            o.put("probability", r.prediction().positive());
            o.put("decision", r.prediction().decision());
            if (!Double.isNaN(r.prediction().calibrated())) {
                o.put("calibrated_probability", r.prediction().calibrated());
                o.put("calibration_prevalence", r.prediction().prevalence());
                o.put("calibration_prevalence_source", r.prediction().prevalenceSource());
            }
            if (r.heatmap() != null) {
                o.put("heatmap", r.heatmap().toString());
                o.put("heatmap_class", r.heatmapClass());
            }
            putChecks(o, r.checks());
            putOod(o, r.prediction().ood());
        }
        try {
            return Json.mapper().writeValueAsString(root);
        } catch (IOException e) {
            throw HemametException.internal("cannot serialise: " + e.getMessage(), e);
        }
    }

    /** The frame of a multi-frame DICOM, what the pixels were read from, and a DICOM's burned-in-text flag. */
    private static void putPixels(ObjectNode o, Predictor.Pixels p) {
        if (p.frame() > 0) {
            o.put("frame", p.frame());
        }
        o.put("source_format", p.format().id());
        if (p.burnedInAnnotation() != null) {
            o.put("burned_in_annotation", p.burnedInAnnotation());
        }
    }

    private static void putChecks(ObjectNode o, Predictor.Checks c) {
        ObjectNode seq = o.putObject("sequence");
        seq.put("used", c.sequence().name());
        seq.put("source", c.sequenceSource());
        if (!c.sequenceOverride().isEmpty()) {
            seq.put("overrides_header", c.sequenceOverride());
        }
        ObjectNode anatomy = o.putObject("anatomy");
        anatomy.put("status", c.anatomy().status());
        ArrayNode mismatches = anatomy.putArray("mismatches");
        c.anatomy().mismatches().forEach(mismatches::add);
    }

    private static void putOod(ObjectNode o, Predictor.Ood ood) {
        if (ood == null) {
            o.put("ood", OOD_UNAVAILABLE);
            return;
        }
        ObjectNode n = o.putObject("ood");
        n.put("flag", ood.flagged());
        n.put("score", ood.score());
        n.put("method", "largest ratio of a depth's Mahalanobis distance to its threshold (ood.json)");
        ObjectNode layers = n.putObject("layers");
        OodDetector.Result r = ood.detail();
        for (int l = 0; l < r.layers().size(); l++) {
            layers.putObject(r.layers().get(l))
                    .put("distance", r.distances()[l])
                    .put("threshold", r.thresholds()[l]);
        }
    }

    /** What the output says of a bundle without out-of-distribution statistics. */
    static final String OOD_UNAVAILABLE = "not available (the bundle has no ood.json; rerun the study)";

    /** The out-of-distribution flag in words, for the text output. */
    static String oodText(Predictor.Ood ood) {
        if (ood == null) {
            return "out-of-distribution check " + OOD_UNAVAILABLE;
        }
        return ood.flagged()
                ? String.format(
                        Locale.ROOT,
                        "OUT OF DISTRIBUTION: the crop is unlike the model's training crops (score %.2f > 1: %s);"
                                + " do not trust this prediction",
                        ood.score(),
                        exceeded(ood.detail()))
                : String.format(
                        Locale.ROOT,
                        "within the training distribution (score %.2f <= 1: every depth's Mahalanobis distance"
                                + " within its threshold)",
                        ood.score());
    }

    private static String exceeded(OodDetector.Result r) {
        List<String> parts = new ArrayList<>();
        for (int l = 0; l < r.layers().size(); l++) {
            if (r.distances()[l] > r.thresholds()[l]) {
                parts.add(String.format(
                        Locale.ROOT, "%s %.1f > %.1f", r.layers().get(l), r.distances()[l], r.thresholds()[l]));
            }
        }
        return String.join(", ", parts);
    }

    /** The input checks in words, for the text output. */
    static String checksText(Predictor.Checks c) {
        String seq = "sequence " + c.sequence() + " (" + c.sequenceSource()
                + (c.sequenceOverride().isEmpty() ? "" : "; overrides the header: " + c.sequenceOverride()) + ")";
        return seq + "; anatomy " + c.anatomy().describe();
    }

    /**
     * A probability for the text output: "= 0.873", or "&gt; 0.999" / "&lt; 0.001" where three decimals would
     * round it to a certainty the network does not have (the JSON output has every digit).
     */
    static String probability(double p) {
        if (p > 0.9995) {
            return "> 0.999";
        }
        if (p < 0.0005) {
            return "< 0.001";
        }
        return String.format(Locale.ROOT, "= %.3f", p);
    }

    /** The text {@code predict} prints: one line per region. */
    public static String toText(BundleInfo info, List<Result> results) {
        StringBuilder sb = new StringBuilder();
        for (Result r : results) {
            sb.append(r.image());
            if (r.pixels().frame() > 0) {
                sb.append(" frame ").append(r.pixels().frame());
            }
            sb.append(" region ").append(r.region());
            if (!r.lesionId().isEmpty()) {
                sb.append(" (").append(r.lesionId()).append(')');
            }
            sb.append(": ");
            List<String> parts = new ArrayList<>();
            r.prediction().probabilities().forEach((k, v) -> parts.add("P(" + k + ") " + probability(v)));
            sb.append(String.join(", ", parts))
                    .append(String.format(
                            Locale.ROOT,
                            " -> %s (threshold %.3f, %s)",
                            r.prediction().decision(),
                            info.threshold(),
                            info.thresholdRule()));
            if (!Double.isNaN(r.prediction().calibrated())) {
                sb.append(String.format(
                        Locale.ROOT,
                        "; calibrated P(%s) %s at prevalence %.3f (%s",
                        info.positiveClass(),
                        probability(r.prediction().calibrated()),
                        r.prediction().prevalence(),
                        r.prediction().prevalenceSource()));
                BundleInfo.Calibration c = info.calibration();
                if (!Double.isNaN(c.testBrierRaw())) {
                    sb.append(String.format(
                            Locale.ROOT,
                            "; study test set: Brier %.3f raw, %.3f calibrated",
                            c.testBrierRaw(),
                            c.testBrierCalibrated()));
                }
                sb.append(')');
            }
            sb.append("; ").append(oodText(r.prediction().ood()));
            sb.append("; ").append(checksText(r.checks()));
            if (r.heatmap() != null) {
                sb.append("; heat map for ")
                        .append(r.heatmapClass())
                        .append(": ")
                        .append(r.heatmap());
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
