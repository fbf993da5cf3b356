package org.hemamet.metrics;

/**
 * The few distribution functions the metrics need, in double precision and without dependencies.
 *
 * <ul>
 *   <li>{@link #normalCdf}: W. J. Cody, "Rational Chebyshev approximations for the error function",
 *       Math. Comp. 23 (1969) 631-637, as implemented in R's {@code pnorm} (relative accuracy ~1e-16).</li>
 *   <li>{@link #normalQuantile}: M. J. Wichura, "Algorithm AS 241: The percentage points of the normal
 *       distribution", Applied Statistics 37 (1988) 477-484 (PPND16, as in R's {@code qnorm}).</li>
 *   <li>{@link #studentTCdf}: through the regularized incomplete beta function, evaluated by its continued
 *       fraction (modified Lentz; Press et al., Numerical Recipes 3rd ed., section 6.4) with a
 *       Stirling-series log-gamma (Abramowitz and Stegun 6.1.40).</li>
 * </ul>
 * Agreement with R is checked by golden tests (see {@code src/test/resources/metrics/golden}).
 */
public final class Distributions {
    private Distributions() {}

    private static final double[] A = {
        2.2352520354606839287,
        161.02823106855587881,
        1067.6894854603709582,
        18154.981253343561249,
        0.065682337918207449113
    };
    private static final double[] B = {
        47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956
    };
    private static final double[] C = {
        0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979,
        597.27027639480026226, 2494.5375852903726711, 6848.1904505362823326,
        11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8
    };
    private static final double[] D = {
        22.266688044328115691, 235.38790178262499861, 1519.377599407554805,
        6485.558298266760755, 18615.571640885098091, 34900.952721145977266,
        38912.003286093271411, 19685.429676859990727
    };
    private static final double[] P = {
        0.21589853405795699, 0.1274011611602473639, 0.022235277870649807,
        0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303
    };
    private static final double[] Q = {
        1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5
    };
    private static final double SQRT_32 = 5.656854249492380195206754896838;
    private static final double ONE_OVER_SQRT_2PI = 0.398942280401432677939946059934;

    /** P(Z &lt;= x) for a standard normal Z (Cody 1969, R's pnorm). */
    public static double normalCdf(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        double y = Math.abs(x);
        double cum;
        double ccum;
        if (y <= 0.67448975) {
            double xnum = 0;
            double xden = 0;
            if (y > 1.1102230246251565e-16) {
                double xsq = x * x;
                xnum = A[4] * xsq;
                xden = xsq;
                for (int i = 0; i < 3; ++i) {
                    xnum = (xnum + A[i]) * xsq;
                    xden = (xden + B[i]) * xsq;
                }
            }
            double temp = x * (xnum + A[3]) / (xden + B[3]);
            return 0.5 + temp;
        } else if (y <= SQRT_32) {
            double xnum = C[8] * y;
            double xden = y;
            for (int i = 0; i < 7; ++i) {
                xnum = (xnum + C[i]) * y;
                xden = (xden + D[i]) * y;
            }
            double temp = (xnum + C[7]) / (xden + D[7]);
            double xsq = Math.floor(y * 16) / 16;
            double del = (y - xsq) * (y + xsq);
            cum = Math.exp(-xsq * xsq * 0.5) * Math.exp(-del * 0.5) * temp;
            ccum = 1.0 - cum;
        } else if (y < 37.5193) { // R's cut-off: beyond it the lower tail underflows to 0
            double xsq = 1.0 / (x * x);
            double xnum = P[5] * xsq;
            double xden = xsq;
            for (int i = 0; i < 4; ++i) {
                xnum = (xnum + P[i]) * xsq;
                xden = (xden + Q[i]) * xsq;
            }
            double temp = xsq * (xnum + P[4]) / (xden + Q[4]);
            temp = (ONE_OVER_SQRT_2PI - temp) / y;
            double xs = Math.floor(y * 16) / 16;
            double del = (y - xs) * (y + xs);
            cum = Math.exp(-xs * xs * 0.5) * Math.exp(-del * 0.5) * temp;
            ccum = 1.0 - cum;
        } else {
            cum = 0;
            ccum = 1;
        }
        // cum is the lower tail at -|x|
        return x > 0 ? ccum : cum;
    }

    /** Two-sided p-value of a standard normal statistic: 2 P(Z &gt; |z|), computed in the lower tail. */
    public static double twoSidedNormalP(double z) {
        return Double.isNaN(z) ? Double.NaN : 2 * normalCdf(-Math.abs(z));
    }

    /** The p-quantile of the standard normal (Wichura AS 241, R's qnorm). */
    public static double normalQuantile(double p) {
        if (Double.isNaN(p) || p < 0 || p > 1) {
            return Double.NaN;
        }
        if (p == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p == 1) {
            return Double.POSITIVE_INFINITY;
        }
        double q = p - 0.5;
        double r;
        double val;
        if (Math.abs(q) <= .425) {
            r = .180625 - q * q;
            return q
                    * (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r
                                                                                            + 45921.953931549871457)
                                                                                    * r
                                                                            + 13731.693765509461125)
                                                                    * r
                                                            + 1971.5909503065514427)
                                                    * r
                                            + 133.14166789178437745)
                                    * r
                            + 3.387132872796366608)
                    / (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r
                                                                                            + 21213.794301586595867)
                                                                                    * r
                                                                            + 5394.1960214247511077)
                                                                    * r
                                                            + 687.1870074920579083)
                                                    * r
                                            + 42.313330701600911252)
                                    * r
                            + 1.);
        }
        r = Math.min(p, 1 - p);
        r = Math.sqrt(-Math.log(r));
        if (r <= 5.) {
            r += -1.6;
            val = (((((((r * 7.7454501427834140764e-4 + .0227238449892691845833) * r + .24178072517745061177) * r
                                                                                            + 1.27045825245236838258)
                                                                                    * r
                                                                            + 3.64784832476320460504)
                                                                    * r
                                                            + 5.7694972214606914055)
                                                    * r
                                            + 4.6303378461565452959)
                                    * r
                            + 1.42343711074968357734)
                    / (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + .0151986665636164571966) * r
                                                                                            + .14810397642748007459)
                                                                                    * r
                                                                            + .68976733498510000455)
                                                                    * r
                                                            + 1.6763848301838038494)
                                                    * r
                                            + 2.05319162663775882187)
                                    * r
                            + 1.);
        } else {
            r += -5.;
            val = (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + .0012426609473880784386) * r
                                                                                            + .026532189526576123093)
                                                                                    * r
                                                                            + .29656057182850489123)
                                                                    * r
                                                            + 1.7848265399172913358)
                                                    * r
                                            + 5.4637849111641143699)
                                    * r
                            + 6.6579046435011037772)
                    / (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5)
                                                                                                    * r
                                                                                            + 7.868691311456132591e-4)
                                                                                    * r
                                                                            + .0148753612908506148525)
                                                                    * r
                                                            + .13692988092273580531)
                                                    * r
                                            + .59983220655588793769)
                                    * r
                            + 1.);
        }
        return q < 0.0 ? -val : val;
    }

    private static final double HALF_LOG_2PI = 0.5 * Math.log(2.0 * Math.PI);

    /**
     * log Gamma(x) for x &gt; 0: Stirling's series with Bernoulli terms up to B_16 for x &gt;= 15, and
     * the recurrence Gamma(x) = Gamma(x + k) / (x (x + 1) ... (x + k - 1)) below (absolute error ~1e-15).
     */
    public static double logGamma(double x) {
        if (Double.isNaN(x) || x <= 0) {
            return Double.NaN;
        }
        if (Double.isInfinite(x)) {
            return x;
        }
        double shift = 0;
        double y = x;
        double product = 1;
        while (y < 15) {
            product *= y;
            y += 1;
            if (product > 1e280) {
                shift += Math.log(product);
                product = 1;
            }
        }
        shift += Math.log(product);
        double inv = 1 / y;
        double inv2 = inv * inv;
        double series = inv
                * (1.0 / 12
                        + inv2
                                * (-1.0 / 360
                                        + inv2
                                                * (1.0 / 1260
                                                        + inv2
                                                                * (-1.0 / 1680
                                                                        + inv2
                                                                                * (1.0 / 1188
                                                                                        + inv2
                                                                                                * (-691.0 / 360360
                                                                                                        + inv2
                                                                                                                * (1.0
                                                                                                                                / 156
                                                                                                                        + inv2
                                                                                                                                * (-3617.0
                                                                                                                                        / 122400))))))));
        return (y - 0.5) * Math.log(y) - y + HALF_LOG_2PI + series - shift;
    }

    /** The regularized incomplete beta function I_x(a, b) for a, b &gt; 0 and 0 &lt;= x &lt;= 1. */
    public static double regularizedBeta(double x, double a, double b) {
        if (Double.isNaN(x) || Double.isNaN(a) || Double.isNaN(b) || a <= 0 || b <= 0 || x < 0 || x > 1) {
            return Double.NaN;
        }
        if (x == 0) {
            return 0;
        }
        if (x == 1) {
            return 1;
        }
        double logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
        if (x < (a + 1) / (a + b + 2)) {
            return Math.exp(logFront) * betaContinuedFraction(x, a, b) / a;
        }
        return 1 - Math.exp(logFront) * betaContinuedFraction(1 - x, b, a) / b;
    }

    private static double betaContinuedFraction(double x, double a, double b) {
        final double tiny = 1e-300;
        final double eps = 1e-16;
        double qab = a + b;
        double qap = a + 1;
        double qam = a - 1;
        double c = 1;
        double d = 1 - qab * x / qap;
        if (Math.abs(d) < tiny) {
            d = tiny;
        }
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 10_000; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = 1 + aa / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = 1 + aa / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < eps) {
                return h;
            }
        }
        return h;
    }

    /** P(T &lt;= t) for Student's t with {@code df} (&gt; 0, not necessarily integer) degrees of freedom. */
    public static double studentTCdf(double t, double df) {
        if (Double.isNaN(t) || Double.isNaN(df) || df <= 0) {
            return Double.NaN;
        }
        if (Double.isInfinite(t)) {
            return t > 0 ? 1 : 0;
        }
        double x = df / (df + t * t);
        double tail = 0.5 * regularizedBeta(x, df / 2, 0.5);
        return t > 0 ? 1 - tail : tail;
    }

    /** Two-sided p-value of a t statistic: 2 P(T &gt; |t|), computed directly in the tail. */
    public static double twoSidedStudentP(double t, double df) {
        if (Double.isNaN(t) || Double.isNaN(df) || df <= 0) {
            return Double.NaN;
        }
        if (Double.isInfinite(t)) {
            return 0;
        }
        return regularizedBeta(df / (df + t * t), df / 2, 0.5);
    }
}
