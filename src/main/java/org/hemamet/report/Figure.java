package org.hemamet.report;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.text.TextUtils;
import org.jfree.svg.SVGGraphics2D;

/**
 * A report figure: one or more JFreeChart panels laid out in a grid, drawn once per output format
 * (PNG through Java2D at twice the nominal size for print, SVG through JFreeSVG).
 *
 * @param id       file stem under {@code figures/} (letters, digits, '-', '_', '.')
 * @param title    figure title shown in the report
 * @param caption  one or two sentences shown under the figure
 * @param width    nominal width in CSS pixels
 * @param height   nominal height in CSS pixels
 * @param painter  draws the figure into a Graphics2D of the nominal size
 */
public record Figure(String id, String title, String caption, int width, int height, Consumer<Graphics2D> painter) {
    static {
        // JFreeChart draws rotated text (the y-axis titles) through a TextLayout by default, a workaround for a
        // JDK 1.4 bug, which JFreeSVG can only write as glyph outlines (about 7 KB of path per title, not
        // selectable); Java 17 draws a rotated string itself, which JFreeSVG writes as <text>.
        TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    /** PNG pixels per nominal pixel. */
    public static final int PNG_SCALE = 2;

    public Figure {
        if (!id.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("figure id not file-safe: " + id);
        }
    }

    /** A figure made of charts laid out left to right, top to bottom, {@code columns} per row. */
    static Figure grid(
            String id,
            String title,
            String caption,
            List<JFreeChart> charts,
            int columns,
            int panelWidth,
            int panelHeight) {
        int cols = Math.max(1, Math.min(columns, charts.size()));
        int rows = (charts.size() + cols - 1) / cols;
        return new Figure(id, title, caption, cols * panelWidth, Math.max(1, rows) * panelHeight, g2 -> {
            for (int i = 0; i < charts.size(); i++) {
                Rectangle2D area = new Rectangle2D.Double(
                        (i % cols) * panelWidth, (double) (i / cols) * panelHeight, panelWidth, panelHeight);
                charts.get(i).draw(g2, area);
            }
        });
    }

    /** The figure as PNG bytes, {@link #PNG_SCALE} pixels per nominal pixel. */
    public byte[] png() {
        BufferedImage img = new BufferedImage(width * PNG_SCALE, height * PNG_SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = img.createGraphics();
        try {
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g2.setColor(java.awt.Color.WHITE);
            g2.fillRect(0, 0, img.getWidth(), img.getHeight());
            g2.scale(PNG_SCALE, PNG_SCALE);
            painter.accept(g2);
        } finally {
            g2.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The figure as an SVG document. Its definition ids (clip paths, gradients) start with the figure id,
     * not JFreeSVG's default {@code System.nanoTime()} prefix, so the same figure gives the same bytes.
     */
    public String svg() {
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        g2.setDefsKeyPrefix(String.format(Locale.ROOT, "f%08x-", id.hashCode()));
        g2.setGeomDoubleConverter(d -> decimals(d, GEOMETRY_DECIMALS));
        g2.setTransformDoubleConverter(d -> decimals(d, TRANSFORM_DECIMALS));
        g2.setColor(java.awt.Color.WHITE);
        g2.fillRect(0, 0, width, height);
        painter.accept(g2);
        return styleClasses(withoutCanvasClips(g2.getSVGElement(), width, height));
    }

    /**
     * {@code svg} without the references to clip paths that are the whole canvas ({@code 0,0} to {@code w,h}):
     * the SVG viewport clips there anyway, and JFreeChart sets that clip on nearly every element.
     */
    static String withoutCanvasClips(String svg, int w, int h) {
        Matcher m = Pattern.compile("<clipPath id='([^']+)'><path d='M0,0L" + w + ",0L" + w + "," + h + "L0," + h
                        + "L0,0Z'/></clipPath>")
                .matcher(svg);
        String out = svg;
        while (m.find()) {
            out = out.replace(" clip-path='url(#" + m.group(1) + ")'", "");
        }
        return out;
    }

    private static final Pattern STYLE = Pattern.compile(" style='([^']*)'");

    /**
     * {@code svg} with each distinct {@code style} attribute made a class of a {@code <style>} element at its
     * start (classes numbered in order of first use): the same rendering, as a class on an element sets the
     * same properties its style attribute did and JFreeSVG writes no other CSS, with the long stroke and font
     * declarations written once instead of on every line and label.
     */
    static String styleClasses(String svg) {
        Map<String, String> classes = new LinkedHashMap<>();
        Matcher m = STYLE.matcher(svg);
        StringBuilder body = new StringBuilder(svg.length());
        while (m.find()) {
            String name = classes.computeIfAbsent(m.group(1), k -> "s" + classes.size());
            m.appendReplacement(body, " class='" + name + "'");
        }
        m.appendTail(body);
        if (classes.isEmpty()) {
            return svg;
        }
        StringBuilder css = new StringBuilder("<style>");
        classes.forEach((style, name) ->
                css.append('.').append(name).append('{').append(style).append('}'));
        css.append("</style>");
        int open = body.indexOf(">", body.indexOf("<svg")) + 1;
        return body.insert(open, css).toString();
    }

    /** Decimals of a coordinate in the SVG: 1/100 of a CSS pixel, below what a screen or a print shows. */
    static final int GEOMETRY_DECIMALS = 2;

    /** Decimals of a transform matrix entry (rotations of axis labels: cos and sin to 1e-5). */
    static final int TRANSFORM_DECIMALS = 5;

    /**
     * {@code d} rounded half-up to {@code places} decimals, without trailing zeros, a trailing point, an
     * exponent or a negative zero ("304.5", "17", "0"); locale-independent, so the same figure gives the same
     * bytes.
     */
    static String decimals(double d, int places) {
        if (!Double.isFinite(d)) {
            return Double.toString(d);
        }
        String s = new BigDecimal(d)
                .setScale(places, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
        return s.equals("-0") ? "0" : s;
    }
}
