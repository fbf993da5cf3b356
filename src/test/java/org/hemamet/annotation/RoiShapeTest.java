package org.hemamet.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoiShapeTest {
    @Test
    void rectBoundsAndMaskAreExact() {
        RoiShape r = new RoiShape.Rect(2, 1, 3, 2);
        assertThat(r.bounds()).isEqualTo(new BoundingBox(2, 1, 3, 2));
        boolean[] m = r.mask(6, 4);
        int n = 0;
        for (int j = 0; j < 4; j++) {
            for (int i = 0; i < 6; i++) {
                boolean in = i >= 2 && i <= 4 && j >= 1 && j <= 2;
                assertThat(m[j * 6 + i]).as("pixel %d,%d", i, j).isEqualTo(in);
                n += m[j * 6 + i] ? 1 : 0;
            }
        }
        assertThat(n).isEqualTo(6);
    }

    @Test
    void circleBoundsAndContains() {
        RoiShape c = new RoiShape.Circle(10, 10, 3);
        assertThat(c.bounds()).isEqualTo(new BoundingBox(7, 7, 6, 6));
        assertThat(c.contains(13, 10)).isTrue();
        assertThat(c.contains(12.2, 12.2)).isFalse(); // distance 3.11
        assertThat(c.contains(12.1, 12.1)).isTrue(); // distance 2.97
    }

    @Test
    void ellipseWithAndWithoutThetaHasRotatedBounds() {
        RoiShape e0 = new RoiShape.Ellipse(20, 10, 8, 2, 0);
        assertThat(e0.bounds()).isEqualTo(new BoundingBox(12, 8, 16, 4));
        assertThat(e0.contains(27.5, 10)).isTrue();
        assertThat(e0.contains(20, 11.9)).isTrue();
        assertThat(e0.contains(20, 12.5)).isFalse();
        RoiShape e90 = new RoiShape.Ellipse(20, 10, 8, 2, Math.PI / 2);
        assertThat(e90.bounds()).isEqualTo(new BoundingBox(18, 2, 4, 16));
        assertThat(e90.contains(20, 17.5)).isTrue();
        assertThat(e90.contains(27.5, 10)).isFalse();
        // 45 degrees: half-extent sqrt((64+4)/2) = 5.83 in both axes
        assertThat(new RoiShape.Ellipse(0, 0, 8, 2, Math.PI / 4).bounds()).isEqualTo(new BoundingBox(-6, -6, 12, 12));
    }

    @Test
    void polygonContainsByEvenOddRuleIncludingEdges() {
        // an L shape
        RoiShape p = new RoiShape.Polygon(new double[] {0, 4, 4, 2, 2, 0}, new double[] {0, 0, 2, 2, 4, 4});
        assertThat(p.bounds()).isEqualTo(new BoundingBox(0, 0, 4, 4));
        assertThat(p.contains(1, 1)).isTrue();
        assertThat(p.contains(3, 1)).isTrue();
        assertThat(p.contains(1, 3)).isTrue();
        assertThat(p.contains(3, 3)).isFalse();
        assertThat(p.contains(4, 1)).isTrue(); // on an edge
        boolean[] m = p.mask(4, 4);
        int n = 0;
        for (boolean b : m) {
            n += b ? 1 : 0;
        }
        assertThat(n).isEqualTo(12); // area 16 - 4
    }

    @Test
    void pointAndPolylineHaveNoArea() {
        RoiShape pl = new RoiShape.Polyline(new double[] {1, 5}, new double[] {2, 9});
        assertThat(pl.hasArea()).isFalse();
        assertThat(pl.bounds()).isEqualTo(new BoundingBox(1, 2, 4, 7));
        assertThat(pl.contains(1, 2)).isFalse();
        RoiShape pt = new RoiShape.Point(3.5, 4);
        assertThat(pt.hasArea()).isFalse();
        assertThat(pt.bounds()).isEqualTo(new BoundingBox(3, 4, 1, 0));
    }

    @Test
    void boxScalesToOtherResolution() {
        assertThat(new BoundingBox(10, 20, 30, 40).scale(2, 0.5)).isEqualTo(new BoundingBox(20, 10, 60, 20));
    }

    /**
     * A polygon answers a row ({@link RoiShape#containsRow}, what crop masks use) exactly as point by point:
     * random polygons, some self-intersecting, with vertices on half-pixels so that pixel centres fall on
     * edges and vertices, rows through vertices, horizontal edges, and fractional rows.
     */
    @Test
    void polygonRowAnswersAsPointByPoint() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        int onBoundary = 0;
        for (int t = 0; t < 300; t++) {
            int n = 3 + rnd.nextInt(12);
            double[] xs = new double[n];
            double[] ys = new double[n];
            for (int k = 0; k < n; k++) {
                xs[k] = rnd.nextInt(40) / 2.0 + (t % 3 == 0 ? rnd.nextDouble() : 0);
                ys[k] = k > 0 && rnd.nextInt(5) == 0 ? ys[k - 1] : rnd.nextInt(40) / 2.0;
            }
            RoiShape.Polygon p = new RoiShape.Polygon(xs, ys);
            double[] row = new double[60];
            for (int i = 0; i < row.length; i++) {
                row[i] = -2 + i * (t % 2 == 0 ? 0.5 : 0.41);
            }
            for (double y = -1; y < 22; y += t % 2 == 0 ? 0.5 : 0.37) {
                boolean[] got = new boolean[row.length + 3];
                p.containsRow(y, row, got, 3);
                for (int i = 0; i < row.length; i++) {
                    boolean want = p.contains(row[i], y);
                    assertThat(got[3 + i])
                            .as("polygon %d at (%s, %s)", t, row[i], y)
                            .isEqualTo(want);
                    if (want && !p.contains(row[i] + 1e-6, y + 1e-6) && !p.contains(row[i] - 1e-6, y - 1e-6)) {
                        onBoundary++;
                    }
                }
            }
        }
        assertThat(onBoundary).as("points on a boundary were tested").isGreaterThan(100);
    }
}
