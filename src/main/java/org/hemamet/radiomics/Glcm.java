package org.hemamet.radiomics;

/**
 * A grey level co-occurrence matrix of one slice along one 2-D direction at Chebyshev distance 1, as IBSI
 * 1 defines it (reference manual arXiv:1612.07003 section 3.6; Zwanenburg et al., Radiology
 * 2020;295:328-338; after Haralick et al. 1973): element (i, j) counts the neighbouring voxel pairs, both
 * inside the mask, with grey levels i and j along {@code +m} and along {@code -m}, so the matrix is
 * symmetric ({@code M = M+ + M+ᵀ}).
 *
 * @param counts {@code N_g × N_g} pair counts, index {@code level - 1}
 * @param pairs  the sum of all counts (twice the number of neighbouring pairs); 0 when the slice has none
 */
public record Glcm(double[][] counts, double pairs) {
    /** The four 2-D direction vectors of IBSI: 0°, 45°, 90° and 135°. */
    public enum Direction {
        D0(1, 0),
        D45(1, 1),
        D90(0, 1),
        D135(-1, 1);

        final int dx;
        final int dy;

        Direction(int dx, int dy) {
            this.dx = dx;
            this.dy = dy;
        }
    }

    /** The matrix of slice {@code z} of {@code levels} along {@code direction}. */
    public static Glcm of(GreyLevels levels, int z, Direction direction) {
        int ng = levels.count();
        double[][] m = new double[ng][ng];
        double pairs = 0;
        for (int y = 0; y < levels.height(); y++) {
            int ny = y + direction.dy;
            for (int x = 0; x < levels.width(); x++) {
                int nx = x + direction.dx;
                if (nx < 0 || nx >= levels.width() || ny >= levels.height()) {
                    continue;
                }
                int a = levels.at(x, y, z);
                int b = levels.at(nx, ny, z);
                if (a > 0 && b > 0) {
                    m[a - 1][b - 1]++;
                    m[b - 1][a - 1]++;
                    pairs += 2;
                }
            }
        }
        return new Glcm(m, pairs);
    }

    /** The joint probabilities p_ij (counts over their sum); all zero when there are no pairs. */
    public double[][] probabilities() {
        int ng = counts.length;
        double[][] p = new double[ng][ng];
        if (pairs == 0) {
            return p;
        }
        for (int i = 0; i < ng; i++) {
            for (int j = 0; j < ng; j++) {
                p[i][j] = counts[i][j] / pairs;
            }
        }
        return p;
    }
}
