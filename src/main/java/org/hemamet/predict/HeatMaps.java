package org.hemamet.predict;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hemamet.model.GradCam;
import org.hemamet.model.OcclusionSensitivity;
import org.hemamet.model.TrainedCnn;
import org.hemamet.preprocess.FloatImage;
import org.hemamet.preprocess.ResizeTo;

/**
 * Heat maps of what the network looked at, drawn over the crop it saw.
 *
 * <ul>
 *   <li>{@link Method#GRADCAM}: Grad-CAM on the last convolution block for the positive class
 *       (Selvaraju et al., ICCV 2017; see {@link GradCam});</li>
 *   <li>{@link Method#OCCLUSION}: occlusion sensitivity, model-agnostic (Zeiler and Fergus, ECCV 2014), a
 *       patch of 1/8 of the input side sliding by 1/16 (see {@link OcclusionSensitivity}).</li>
 * </ul>
 * The overlay is the grayscale crop with the map in the perceptually uniform "inferno" colour map
 * (van der Walt and Smith, matplotlib 1.5, 2015) alpha-blended in proportion to the map value (alpha =
 * 0.65 x value, so regions the network ignored show the plain image), the lesion box as a dashed cyan
 * rectangle and a colour bar. An early-fused lesion's map is one map over the shared crop grid, drawn over
 * each of its sequences' crops side by side ({@link #panels}); a sequence it lacks reads "not acquired".
 */
public final class HeatMaps {
    /** Explanation method. */
    public enum Method {
        GRADCAM,
        OCCLUSION;

        /** Parses {@code gradcam} / {@code occlusion} (case-insensitive). */
        public static Method parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "gradcam", "grad-cam" -> GRADCAM;
                case "occlusion" -> OCCLUSION;
                default -> throw new IllegalArgumentException("method must be gradcam or occlusion, got '" + s + "'");
            };
        }
    }

    /** Smallest side of a rendered overlay (small network inputs are upsampled for viewing). */
    public static final int MIN_DISPLAY = 256;

    private static final double MAX_ALPHA = 0.65;

    /** Inferno, sampled at 0, 1/8, ..., 1 (matplotlib's _inferno_data). */
    private static final int[][] INFERNO = {
        {0, 0, 4},
        {31, 12, 72},
        {85, 15, 109},
        {136, 34, 106},
        {186, 54, 85},
        {227, 89, 51},
        {249, 140, 10},
        {249, 201, 50},
        {252, 255, 164}
    };

    private HeatMaps() {}

    /** The explanation map (row-major input-size², in [0, 1]) of a network input, for the positive class. */
    public static float[] map(TrainedCnn model, float[] input, Method method) {
        return map(model, input, method, 1);
    }

    /**
     * The explanation map (row-major input-size², in [0, 1]) of a network input for class
     * {@code targetClass} (0 = hemangioma, 1 = the positive group).
     */
    public static float[] map(TrainedCnn model, float[] input, Method method, int targetClass) {
        int s = model.inputSize();
        return switch (method) {
            case GRADCAM -> new GradCam(model).compute(input, targetClass);
            case OCCLUSION ->
                new OcclusionSensitivity(model, Math.max(1, s / 8), Math.max(1, s / 16)).compute(input, targetClass);
        };
    }

    /**
     * Grad-CAM overlay of a network input (for the report's misclassified cases): the crop as the
     * network saw it with its map, no lesion box.
     *
     * @param crop row-major {@code inputSize²} network input in [0, 1]
     */
    public static BufferedImage overlay(TrainedCnn model, float[] crop) {
        return overlay(model, crop, 1);
    }

    /** {@link #overlay(TrainedCnn, float[])} for class {@code targetClass} (0 or 1). */
    public static BufferedImage overlay(TrainedCnn model, float[] crop, int targetClass) {
        int s = model.inputSize();
        return overlay(crop, s, new GradCam(model).compute(crop, targetClass), s, null, "Grad-CAM");
    }

    /**
     * Draws {@code map} ({@code mapSize²}) over {@code image} ({@code imageSize²}, in [0, 1]), both resized
     * to the display size max(imageSize, {@link #MIN_DISPLAY}); {@code roi} (x, y, w, h in image pixels,
     * may be null) is outlined.
     */
    public static BufferedImage overlay(
            float[] image, int imageSize, float[] map, int mapSize, double[] roi, String label) {
        int d = Math.max(imageSize, MIN_DISPLAY);
        float[] g = resize(image, imageSize, d);
        float[] m = resize(map, mapSize, d);
        int bar = Math.max(12, d / 24);
        int gap = bar / 2;
        BufferedImage out = new BufferedImage(panelWidth(d), d, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < d * d; i++) {
            double v = clamp(g[i]);
            double a = MAX_ALPHA * clamp(m[i]);
            int[] c = inferno(clamp(m[i]));
            int r = (int) Math.round(255 * v * (1 - a) + c[0] * a);
            int gg = (int) Math.round(255 * v * (1 - a) + c[1] * a);
            int b = (int) Math.round(255 * v * (1 - a) + c[2] * a);
            out.setRGB(i % d, i / d, (r << 16) | (gg << 8) | b);
        }
        Graphics2D gr = out.createGraphics();
        try {
            gr.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            gr.setColor(Color.BLACK);
            gr.fillRect(d, 0, out.getWidth() - d, d);
            for (int y = 0; y < d; y++) {
                int[] c = inferno(1 - (double) y / (d - 1));
                gr.setColor(new Color(c[0], c[1], c[2]));
                gr.drawLine(d + gap, y, d + gap + bar - 1, y);
            }
            gr.setColor(Color.WHITE);
            gr.setFont(gr.getFont().deriveFont((float) Math.max(9, d / 28)));
            gr.drawString("1", d + gap + bar + 2, gr.getFontMetrics().getAscent());
            gr.drawString("0", d + gap + bar + 2, d - 2);
            if (label != null && !label.isEmpty()) {
                gr.drawString(label, 4, gr.getFontMetrics().getAscent() + 2);
            }
            if (roi != null) {
                double k = (double) d / imageSize;
                gr.setColor(Color.CYAN);
                gr.setStroke(new BasicStroke(
                        Math.max(1.5f, d / 170f),
                        BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER,
                        10f,
                        new float[] {6f, 4f},
                        0f));
                gr.draw(new Rectangle2D.Double(roi[0] * k, roi[1] * k, roi[2] * k - 1, roi[3] * k - 1));
            }
        } finally {
            gr.dispose();
        }
        return out;
    }

    /** What the panel of a sequence an early-fused lesion lacks says instead of an image. */
    public static final String NOT_ACQUIRED = "not acquired";

    /** Background of a {@link #NOT_ACQUIRED} panel (no image is drawn there). */
    static final Color NOT_ACQUIRED_BACKGROUND = new Color(48, 48, 48);

    /**
     * One channel of an early-fused lesion: its sequence and crop ({@code size²}, in [0, 1]), or null when the
     * lesion lacks the sequence (its channel was masked), and the lesion's box on that crop (x, y, width,
     * height in crop pixels), outlined as {@link #overlay(float[], int, float[], int, double[], String)} does,
     * or null when not known (a dataset's crops).
     */
    public record Channel(String sequence, float[] crop, int size, double[] roi) {
        /** A channel without a lesion box. */
        public Channel(String sequence, float[] crop, int size) {
            this(sequence, crop, size, null);
        }

        /** Whether the lesion has the sequence. */
        public boolean acquired() {
            return crop != null;
        }
    }

    /**
     * An early-fused lesion's heat map: one panel per channel in channel order, side by side, each acquired
     * channel's crop with the one {@code map} ({@code mapSize²}; Grad-CAM at the last convolution block is
     * one spatial map for all input channels) as {@link #overlay(float[], int, float[], int, double[], String)}
     * draws it (its lesion box outlined when known), titled with the sequence (the first panel also with {@code
     * label}); a channel the lesion lacks
     * is a dark panel that reads "SEQUENCE: not acquired", with no image and no map.
     */
    public static BufferedImage panels(List<Channel> channels, float[] map, int mapSize, String label) {
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("no channels");
        }
        List<BufferedImage> panels = new ArrayList<>();
        for (int j = 0; j < channels.size(); j++) {
            Channel c = channels.get(j);
            String title = c.sequence() + (j == 0 && label != null && !label.isEmpty() ? "  " + label : "");
            panels.add(
                    c.acquired()
                            ? overlay(c.crop(), c.size(), map, mapSize, c.roi(), title)
                            : notAcquired(c.sequence(), Math.max(c.size(), MIN_DISPLAY)));
        }
        int h = panels.stream().mapToInt(BufferedImage::getHeight).max().orElseThrow();
        int gap = PANEL_GAP;
        int w = panels.stream().mapToInt(BufferedImage::getWidth).sum() + gap * (panels.size() - 1);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            int x = 0;
            for (BufferedImage p : panels) {
                g.drawImage(p, x, 0, null);
                x += p.getWidth() + gap;
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** White columns between two panels of {@link #panels}. */
    static final int PANEL_GAP = 6;

    /** Width of a panel of {@link #panels} for a crop displayed at side {@code d} (as {@link #overlay} lays it out). */
    static int panelWidth(int d) {
        int bar = Math.max(12, d / 24);
        int gap = bar / 2;
        return d + gap + bar + 4 * gap;
    }

    private static BufferedImage notAcquired(String sequence, int d) {
        BufferedImage out = new BufferedImage(panelWidth(d), d, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(NOT_ACQUIRED_BACKGROUND);
            g.fillRect(0, 0, out.getWidth(), d);
            g.setColor(Color.LIGHT_GRAY);
            g.setFont(g.getFont().deriveFont((float) Math.max(9, d / 20)));
            String text = sequence + ": " + NOT_ACQUIRED;
            int tw = g.getFontMetrics().stringWidth(text);
            g.drawString(text, Math.max(4, (out.getWidth() - tw) / 2), d / 2);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * Share of the map's mass inside a mask (both row-major, same size): sum(map x mask) / sum(map);
     * NaN for an all-zero map.
     */
    public static double massInside(float[] map, boolean[] mask) {
        double in = 0;
        double all = 0;
        for (int i = 0; i < map.length; i++) {
            all += map[i];
            if (mask[i]) {
                in += map[i];
            }
        }
        return all > 0 ? in / all : Double.NaN;
    }

    static int[] inferno(double v) {
        double x = clamp(v) * (INFERNO.length - 1);
        int i = Math.min(INFERNO.length - 2, (int) x);
        double f = x - i;
        int[] c = new int[3];
        for (int k = 0; k < 3; k++) {
            c[k] = (int) Math.round(INFERNO[i][k] * (1 - f) + INFERNO[i + 1][k] * f);
        }
        return c;
    }

    private static float[] resize(float[] px, int size, int target) {
        if (size == target) {
            return px;
        }
        return new ResizeTo(target, target)
                .apply(new FloatImage(size, size, px))
                .pixels();
    }

    private static double clamp(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }
}
