package org.hemamet.synth;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Draws the normal-marrow reference region a reader adds beside a lesion: a rectangle in the middle of a
 * neighbouring vertebral body (the body whose pure-marrow area is nearest the lesion without touching the
 * lesion's box), kept inside that body's marrow. Deterministic (no random draw), so adding it leaves the
 * cohort's other draws unchanged. VIA region attribute {@code roi = reference} tags it (ingest's
 * {@code --intensity-reference reference}).
 */
final class ReferenceAnnotator {
    /** A body's marrow area must be at least this share of the largest to count as a vertebral body. */
    private static final double MIN_SHARE = 0.4;

    /** The region covers at most this share of the body's marrow extent along each axis. */
    private static final double MAX_EXTENT = 0.6;

    private ReferenceAnnotator() {}

    /**
     * VIA 2 {@code shape_attributes} of a rect in normal marrow, or null when the slice shows no vertebral
     * body apart from the lesion's.
     *
     * @param marrow pure normal marrow (n x n, row-major)
     * @param lesion the lesion (n x n)
     */
    static Map<String, Object> draw(boolean[] marrow, boolean[] lesion, int n) {
        return draw(marrow, java.util.List.of(lesion), n);
    }

    /**
     * As {@link #draw(boolean[], boolean[], int)} for a key image with several annotated lesions: the body
     * nearest the first, touching none of their boxes (a lesion not on this slice, an empty mask, is ignored).
     */
    static Map<String, Object> draw(boolean[] marrow, java.util.List<boolean[]> lesions, int n) {
        int[] lesionBox = box(lesions.get(0), n);
        java.util.List<int[]> boxes = new java.util.ArrayList<>(java.util.List.of(lesionBox));
        for (boolean[] other : lesions.subList(1, lesions.size())) {
            int[] b = box(other, n);
            if (!(b[0] == 0 && b[1] == 0 && b[2] == n - 1 && b[3] == n - 1)) {
                boxes.add(b);
            }
        }
        int[] comp = new int[n * n];
        java.util.List<int[]> stats = components(marrow, n, comp); // {area, sumX, sumY, minX, minY, maxX, maxY}
        int largest = stats.stream().mapToInt(s -> s[0]).max().orElse(0);
        int best = -1;
        double bestDist = Double.POSITIVE_INFINITY;
        double lx = (lesionBox[0] + lesionBox[2]) / 2.0;
        double ly = (lesionBox[1] + lesionBox[3]) / 2.0;
        for (int k = 0; k < stats.size(); k++) {
            int[] s = stats.get(k);
            if (s[0] < MIN_SHARE * largest || boxes.stream().anyMatch(b -> overlaps(s, b))) {
                continue;
            }
            int cx = (int) Math.round((double) s[1] / s[0]);
            int cy = (int) Math.round((double) s[2] / s[0]);
            if (comp[cy * n + cx] != k + 1) {
                continue;
            }
            double d = Math.hypot(cx - lx, cy - ly);
            if (d < bestDist) {
                bestDist = d;
                best = k;
            }
        }
        return best < 0 ? null : rect(stats.get(best), best + 1, comp, n);
    }

    /** The largest rect about the body's centroid inside its marrow, at most {@link #MAX_EXTENT} of its extent. */
    private static Map<String, Object> rect(int[] s, int label, int[] comp, int n) {
        int cx = (int) Math.round((double) s[1] / s[0]);
        int cy = (int) Math.round((double) s[2] / s[0]);
        int maxHalfW = Math.max(1, (int) (MAX_EXTENT * (s[5] - s[3] + 1) / 2));
        int maxHalfH = Math.max(1, (int) (MAX_EXTENT * (s[6] - s[4] + 1) / 2));
        int hw = 0;
        int hh = 0;
        boolean grew = true;
        while (grew) {
            grew = false;
            if (hw < maxHalfW && inside(cx - hw - 1, cy - hh, cx + hw + 1, cy + hh, label, comp, n)) {
                hw++;
                grew = true;
            }
            if (hh < maxHalfH && inside(cx - hw, cy - hh - 1, cx + hw, cy + hh + 1, label, comp, n)) {
                hh++;
                grew = true;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "rect");
        m.put("x", cx - hw);
        m.put("y", cy - hh);
        m.put("width", 2 * hw + 1);
        m.put("height", 2 * hh + 1);
        return m;
    }

    private static boolean inside(int x0, int y0, int x1, int y1, int label, int[] comp, int n) {
        if (x0 < 0 || y0 < 0 || x1 >= n || y1 >= n) {
            return false;
        }
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                if (comp[y * n + x] != label) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean overlaps(int[] s, int[] b) {
        return s[3] <= b[2] && s[5] >= b[0] && s[4] <= b[3] && s[6] >= b[1];
    }

    /** {minX, minY, maxX, maxY} of a mask; the whole image when empty. */
    private static int[] box(boolean[] mask, int n) {
        int[] b = {n, n, -1, -1};
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                b[0] = Math.min(b[0], i % n);
                b[1] = Math.min(b[1], i / n);
                b[2] = Math.max(b[2], i % n);
                b[3] = Math.max(b[3], i / n);
            }
        }
        return b[2] < 0 ? new int[] {0, 0, n - 1, n - 1} : b;
    }

    /** 4-connected components of {@code mask}: labels 1.. in {@code comp}, and each one's statistics. */
    private static java.util.List<int[]> components(boolean[] mask, int n, int[] comp) {
        java.util.List<int[]> stats = new java.util.ArrayList<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int start = 0; start < mask.length; start++) {
            if (!mask[start] || comp[start] != 0) {
                continue;
            }
            int label = stats.size() + 1;
            int[] s = {0, 0, 0, n, n, -1, -1};
            comp[start] = label;
            queue.add(start);
            while (!queue.isEmpty()) {
                int i = queue.poll();
                int x = i % n;
                int y = i / n;
                s[0]++;
                s[1] += x;
                s[2] += y;
                s[3] = Math.min(s[3], x);
                s[4] = Math.min(s[4], y);
                s[5] = Math.max(s[5], x);
                s[6] = Math.max(s[6], y);
                int[] nb = {x > 0 ? i - 1 : -1, x < n - 1 ? i + 1 : -1, y > 0 ? i - n : -1, y < n - 1 ? i + n : -1};
                for (int j : nb) {
                    if (j >= 0 && mask[j] && comp[j] == 0) {
                        comp[j] = label;
                        queue.add(j);
                    }
                }
            }
            stats.add(s);
        }
        return stats;
    }
}
