package org.hemamet.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;

/** What keeps the inline figures small: rounded coordinates, styles as classes, percent-encoded data URIs. */
class FigureSizeTest {
    @Test
    void coordinatesAreRoundedWithoutExponentOrNegativeZero() {
        assertThat(Figure.decimals(305.8807067871094, 2)).isEqualTo("305.88");
        assertThat(Figure.decimals(304.5, 2)).isEqualTo("304.5");
        assertThat(Figure.decimals(17.0, 2)).isEqualTo("17");
        assertThat(Figure.decimals(6.123233995736766E-17, 5)).isEqualTo("0");
        assertThat(Figure.decimals(-0.0001, 2)).isEqualTo("0");
        assertThat(Figure.decimals(-1.0, 5)).isEqualTo("-1");
    }

    @Test
    void eachDistinctStyleBecomesOneClass() {
        String svg = "<svg xmlns='http://www.w3.org/2000/svg'><g style='stroke:red'><path d='M0,0'/></g>"
                + "<g style='stroke:red'/><text style='font-size: 10px;'>a</text></svg>";
        assertThat(Figure.styleClasses(svg))
                .isEqualTo("<svg xmlns='http://www.w3.org/2000/svg'><style>.s0{stroke:red}.s1{font-size: 10px;}</style>"
                        + "<g class='s0'><path d='M0,0'/></g><g class='s0'/><text class='s1'>a</text></svg>");
    }

    @Test
    void clipsToTheWholeCanvasAreDroppedAndOthersKept() {
        String svg = "<svg><defs><clipPath id='a'><path d='M0,0L10,0L10,5L0,5L0,0Z'/></clipPath>"
                + "<clipPath id='b'><path d='M1,1L4,1L4,4L1,4L1,1Z'/></clipPath></defs>"
                + "<line clip-path='url(#a)'/><rect clip-path='url(#b)'/></svg>";
        assertThat(Figure.withoutCanvasClips(svg, 10, 5)).contains("<line/>").contains("<rect clip-path='url(#b)'/>");
        assertThat(Figure.withoutCanvasClips(svg, 10, 6)).isEqualTo(svg);
    }

    @Test
    void aChartsSvgHasNoLongDecimalsAndItsDataUriDecodesToIt() {
        XYSeries s = new XYSeries("roc");
        for (int i = 0; i <= 500; i++) {
            s.add(i / 500.0, Math.sqrt(i / 500.0));
        }
        JFreeChart chart = ChartFactory.createXYLineChart("T1 · ROC", "x", "y", new XYSeriesCollection(s));
        Figure f = Figure.grid("roc-test", "ROC", "", java.util.List.of(chart), 1, 360, 340);
        String svg = f.svg();
        // the rotated y-axis title is text, not glyph outlines
        assertThat(svg).contains(">y</text>");
        assertThat(svg).startsWith("<svg").doesNotContain(" style='").doesNotContainPattern("\\d\\.\\d{3,}");
        String uri = Figures.dataUri(svg);
        assertThat(uri).startsWith(Figures.SVG_DATA).doesNotContain("\"", "&", "<", ">", "#", "·");
        assertThat(URLDecoder.decode(
                        uri.substring(Figures.SVG_DATA.length()).replace("+", "%2B"), StandardCharsets.UTF_8))
                .isEqualTo(svg);
        // percent-encoding adds little: far below base64's third
        assertThat(uri.length()).isLessThan((int) (svg.getBytes(StandardCharsets.UTF_8).length * 1.15));
    }
}
