package org.hemamet.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's figures in page order: each is numbered, drawn once as SVG (inlined in the page and
 * written to {@code figures/}) and once as PNG (written to {@code figures/}).
 */
final class Figures {
    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, String> svgs = new LinkedHashMap<>();

    /** Draws {@code f}, numbers it and writes it into the page as an inline SVG image with its caption. */
    void add(Html h, Figure f) {
        String svg = f.svg();
        svgs.put(f.id(), svg);
        figures.add(f);
        h.open("figure", "id", "fig-" + f.id());
        h.empty(
                "img",
                "src",
                "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8)),
                "width",
                Integer.toString(f.width()),
                "height",
                Integer.toString(f.height()),
                "alt",
                f.title(),
                "class",
                "figure");
        h.open("figcaption")
                .el("b", "Figure " + figures.size() + ". " + f.title() + ". ")
                .text(f.caption().isEmpty() ? "" : f.caption() + " ")
                .el("span", "Files: " + ReportWriter.FIGURES + "/" + f.id() + ".png, .svg", "class", "files")
                .close("figcaption");
        h.close("figure").newline();
    }

    int count() {
        return figures.size();
    }

    /** File name → bytes of every figure, PNG then SVG, in page order. */
    Map<String, byte[]> files() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Figure f : figures) {
            files.put(f.id() + ".png", f.png());
            files.put(f.id() + ".svg", svgs.get(f.id()).getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }
}
