package org.hemamet.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
        h.emptyWithUri(
                "img",
                "src",
                dataUri(svg),
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

    /**
     * {@code svg} as a {@code data:} URI, percent-encoded rather than base64 (a third smaller, and SVG text
     * compresses where base64 does not): the characters that would end or change the URI or the HTML
     * attribute ({@code % # < > " &}), controls and every non-ASCII byte of its UTF-8 are escaped; the rest
     * (spaces included, as the data URL processor of the WHATWG Fetch standard keeps them) stays as it is.
     */
    static String dataUri(String svg) {
        StringBuilder out = new StringBuilder(svg.length() + 64).append(SVG_DATA);
        for (byte b : svg.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x20 || c >= 0x7f || "%#<>\"&".indexOf(c) >= 0) {
                out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    /** The prefix of an inline figure's {@code src}. */
    static final String SVG_DATA = "data:image/svg+xml;charset=utf-8,";

    private static final String HEX = "0123456789ABCDEF";

    int count() {
        return figures.size();
    }

    /**
     * File name → bytes of every figure, PNG then SVG, in page order. The PNGs are rendered on up to one
     * thread per core (each figure draws its own charts, and the page has already drawn them as SVG), the
     * same bytes as one after another.
     */
    Map<String, byte[]> files() {
        List<byte[]> pngs = pngs(Math.min(figures.size(), Runtime.getRuntime().availableProcessors()));
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < figures.size(); i++) {
            Figure f = figures.get(i);
            files.put(f.id() + ".png", pngs.get(i));
            files.put(f.id() + ".svg", svgs.get(f.id()).getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    /** Every figure's PNG, in page order, rendered on {@code threads} threads. */
    private List<byte[]> pngs(int threads) {
        if (threads <= 1) {
            return figures.stream().map(Figure::png).toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "report-figure");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<byte[]>> pending = new ArrayList<>();
            for (Figure f : figures) {
                pending.add(pool.submit(f::png));
            }
            List<byte[]> pngs = new ArrayList<>();
            for (Future<byte[]> p : pending) {
                pngs.add(p.get());
            }
            return pngs;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while drawing the report's figures", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
