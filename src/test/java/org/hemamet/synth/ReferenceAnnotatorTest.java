package org.hemamet.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reference region lies in the marrow of the body nearest the lesion's, never in the lesion's own. */
class ReferenceAnnotatorTest {
    static final int N = 64;

    /** Three "vertebral bodies" of marrow (rows 4-17, 24-37, 44-57, columns 20-43); the lesion in the middle one. */
    static boolean[][] scene() {
        boolean[] marrow = new boolean[N * N];
        boolean[] lesion = new boolean[N * N];
        for (int y = 0; y < N; y++) {
            for (int x = 20; x < 44; x++) {
                boolean body = (y >= 4 && y < 18) || (y >= 24 && y < 38) || (y >= 44 && y < 58);
                boolean inLesion = y >= 28 && y < 34 && x >= 28 && x < 36;
                marrow[y * N + x] = body && !inLesion;
                lesion[y * N + x] = inLesion;
            }
        }
        // a small marrow island (a pedicle) next to the lesion: too small to be a body
        for (int y = 30; y < 33; y++) {
            for (int x = 50; x < 53; x++) {
                marrow[y * N + x] = true;
            }
        }
        return new boolean[][] {marrow, lesion};
    }

    @Test
    void aRectInsideANeighbouringBodysMarrow() {
        boolean[][] s = scene();
        Map<String, Object> r = ReferenceAnnotator.draw(s[0], s[1], N);
        assertThat(r).containsEntry("name", "rect");
        int x = (Integer) r.get("x");
        int y = (Integer) r.get("y");
        int w = (Integer) r.get("width");
        int h = (Integer) r.get("height");
        assertThat(w).isGreaterThanOrEqualTo(5);
        assertThat(h).isGreaterThanOrEqualTo(5);
        boolean above = y >= 4 && y + h <= 18;
        boolean below = y >= 44 && y + h <= 58;
        assertThat(above || below).as("in a neighbouring body: %s", r).isTrue();
        for (int j = y; j < y + h; j++) {
            for (int i = x; i < x + w; i++) {
                assertThat(s[0][j * N + i]).isTrue();
            }
        }
    }

    @Test
    void noOtherBodyGivesNoRegion() {
        boolean[][] s = scene();
        for (int y = 0; y < N; y++) {
            if (y < 24 || y >= 38) {
                for (int x = 0; x < N; x++) {
                    s[0][y * N + x] = false;
                }
            }
        }
        assertThat(ReferenceAnnotator.draw(s[0], s[1], N)).isNull();
    }
}
