/* The terms of a normal likelihood whose mean is affine in a flat-prior parameter integrated out over its bounds
 * (see strata_kernels.h), vectorised: every lane computes every regime without branches and keeps the one its
 * interval needs; lanes the formulas here do not cover are flagged for the caller's exact scalar code. */
#include "strata_kernels.h"
#include "kernel_math.h"

#define INV_SQRT2 0.70710678118654752440
#define SQRT_2_OVER_PI 0.79788456080286535588 /* sqrt(2 / pi) = phi(z) / Q(z) * erfcx(z / sqrt 2) */
#define INV_SQRT_2PI 0.39894228040143267794
#define LOG_SQRT_2PI 0.91893853320467274178
/* Below this standardised width δ (times max(1, |midpoint|)) the interval's mass is the midpoint series: there the
 * difference of two tail probabilities would lose digits, and so would the partial in a (-1/a against the rest).
 * The wide and narrow terms are computed by separate loops, each over its own lanes. */
#define NARROW 0.5
/* Terms of the midpoint series: with h max(1, |m|) < 1/4 the first one left out is below 1e-17 of the sum. */
#define SERIES_TERMS 8

/* (1 + 2x) erfcx(x) as a polynomial in t = (x - 3) / (x + 3), which maps [0, inf] onto [-1, 1]: its Chebyshev series
 * (fitted at 50 nodes with mpmath at 40 digits; the first term left out is 2e-18) in monomials, whose absolute values
 * sum to 1.8, so Horner's rule loses no digits. */
static const double ERFCX_POLY[26] = {
    1.25300805826972961e+00, -1.35621106124581198e-01, -4.75622943534491985e-02, 1.29645158702764746e-01,
    -1.19273663415386380e-01, 6.83080273438451541e-02, -2.37705149171713384e-02, 2.52939181804746676e-03,
    1.88869034499917175e-03, -7.79832288482308405e-04, -1.05159719584480653e-04, 1.25099435571281208e-04,
    4.94919664996834501e-06, -2.01008430948447254e-05, -7.30828146878361399e-07, 3.47302416784153288e-06,
    3.55760866840805954e-07, -6.17561767899232342e-07, -1.40476543154284621e-07, 1.02779974882710580e-07,
    4.10640136679403546e-08, -1.39061457917309938e-08, -8.21759505871145460e-09, 1.20197194401357928e-09,
    8.39373485869087735e-10, -3.45149748766432806e-11,
};

/* erf(x) / x as a polynomial in x^2 on [0, 1/2] (Chebyshev fit with mpmath; relative error ~1.4e-16). Both tables come
 * from Tests/StrataDistributionsTests/Reference/make_marginal_flat_reference.py. */
static const double ERF_SMALL[12] = {
    1.12837916709551256e+00, -3.76126389031837538e-01, 1.12837916709551261e-01, -2.68661706451312418e-02,
    5.22397762544180716e-03, -8.54832702336409656e-04, 1.20553329692485141e-04, -1.49256491642368515e-05,
    1.64620384279520149e-06, -1.63626488102013295e-07, 1.47215532784097366e-08, -1.09588879640081396e-09,
};

/* erfcx(x) = exp(x^2) erfc(x) for x >= 0 (relative error ~1e-15; +inf gives 0). One division serves t and the
 * factor 1 / (1 + 2x); beyond x ~ 1e153 their product overflows and the result is NaN. */
static inline double erfcx_core(double x) {
    double u = fma(2.0, x, 1.0), v = x + 3.0, r = 1.0 / (u * v);
    double t = 1.0 - 6.0 * u * r, p = ERFCX_POLY[25];
    for (int j = 24; j >= 0; j--) p = fma(p, t, ERFCX_POLY[j]);
    return p * (v * r);
}

/* erf(x) for 0 <= x <= 1/2. */
static inline double erf_small(double x) {
    double v = x * x, p = ERF_SMALL[11];
    for (int j = 10; j >= 0; j--) p = fma(p, v, ERF_SMALL[j]);
    return x * p;
}

/* exp(-z^2 / 2) to a few ulp: the rounding error of z^2 (exact by an FMA) enters as a first-order factor.
 * |z| is capped at 40, beyond which the result underflows to 0 anyway. */
static inline double gauss_core(double z) {
    double zc = fmin(fabs(z), 40.0), p = zc * zc, e = fma(zc, zc, -p);
    return exp_core(-0.5 * p) * (1.0 - 0.5 * e);
}

/* (1 - exp(-d)) / d = sum_k (-d)^k / (k + 1)! to k = 15: below 1e-17 relative for 0 <= d <= 1/2. */
static const double ONE_MINUS_EXP[16] = {
    1.00000000000000000e+00, -5.00000000000000000e-01, 1.66666666666666657e-01, -4.16666666666666644e-02,
    8.33333333333333322e-03, -1.38888888888888894e-03, 1.98412698412698413e-04, -2.48015873015873016e-05,
    2.75573192239858925e-06, -2.75573192239858883e-07, 2.50521083854417202e-08, -2.08767569878681002e-09,
    1.60590438368216133e-10, -1.14707455977297245e-11, 7.64716373181981641e-13, -4.77947733238738525e-14,
};

/* 1 - exp(-d) for 0 <= d <= 1/2, without the cancellation of the subtraction. */
static inline double one_minus_exp_small(double d) {
    double p = ONE_MINUS_EXP[15];
    for (int k = 14; k >= 0; k--) p = fma(p, d, ONE_MINUS_EXP[k]);
    return d * p;
}

/* S(m, h) = Σ_k He_2k(m) h^2k / (2k + 1)!, so that ∫_{m-h}^{m+h} φ = 2h φ(m) S(m, h) (φ's Taylor series around m,
 * He the probabilists' Hermite polynomials), for h max(1, |m|) < 1/4; sets d log S / dm and d log S / d(2h). */
static inline double midpoint_series(double m, double h, double *dm, double *dwidth) {
    double he_prev = 1.0, he = m; /* He_0, He_1 */
    double h2 = h * h, power = 1.0, odd_power = h, factorial = 1.0;
    double sum = 1.0, sum_m = 0.0, sum_h = 0.0;
    for (int k = 1; k < SERIES_TERMS; k++) {
        /* He_2k from He_2k-1 and He_2k-2; He_2k-1 enters dS/dm as He_2k' = 2k He_2k-1. */
        double odd = he, even = m * he - (2 * k - 1) * he_prev;
        he_prev = even;
        he = m * even - 2 * k * odd;
        factorial *= (2.0 * k) * (2.0 * k + 1.0);
        power *= h2;
        double inv_factorial = 1.0 / factorial; /* a constant once the loop is unrolled */
        sum += even * power * inv_factorial;
        sum_m += 2.0 * k * odd * power * inv_factorial;
        sum_h += k * even * odd_power * inv_factorial; /* d/dh h^2k / 2 */
        odd_power *= h2;
    }
    double inv_sum = 1.0 / sum;
    *dm = sum_m * inv_sum;
    *dwidth = sum_h * inv_sum;
    return sum;
}

/* x is finite (false for infinities and NaN). */
static inline int is_finite(double x) { return x - x == 0.0; }

/* The arguments of one chunk's terms, each a pointer to its elements (see lanes). */
typedef struct { const double *y, *a, *b, *s, *lower, *upper; } flat_args;

/* Validity of a term's arguments and results: 0 sends it to the caller's scalar code. */
static inline int term_ok(double y, double a, double b, double s, double lower, double upper, double arg, double value,
                          double da, double db, double ds) {
    return (s > 0) & is_finite(s) & is_finite(a) & is_finite(b) & is_finite(y) & is_finite(lower) & is_finite(upper) &
           positive_normal(arg) & is_finite(value) & is_finite(da) & is_finite(db) & is_finite(ds);
}

/* The terms of lanes i < m with standardised width δ = |a|(U - L)/s at least NARROW / max(1, |mid|). With
 * w(c) = (a c + b - y)/s and [lo, hi] the sorted standardised endpoints, reflected so that lo + hi >= 0, the term is
 * log(mass / |a|), and with d = (hi² - lo²)/2 = δ |mid| (from the arguments, not the rounded endpoints):
 *  - tail (0 <= lo): mass = Q(lo) - Q(hi) = Q(lo)(1 - r), Q(z) = erfcx(z/√2) exp(-z²/2)/2, r = ρ e^-d with
 *    ρ = erfcx(hi/√2)/erfcx(lo/√2), and 1 - r = (1 - ρ) + ρ(1 - e^-d) (no cancellation);
 *  - straddling (lo < 0 < hi): mass = (erf(hi/√2) + erf(-lo/√2))/2, two positive terms; φ(hi) = φ(lo) e^-d.
 * Writes values, partials and ok flags, and flags the narrow lanes (whose other results narrow_terms replaces). */
WIDE_VECTORS static void wide_terms(flat_args x, long m, double *values, double *da, double *db, double *ds, double *ok,
                       double *narrow) {
    EIGHT_LANES
    for (long i = 0; i < m; i++) {
        double y = x.y[i], a = x.a[i], b = x.b[i], s = x.s[i], lower = x.lower[i], upper = x.upper[i];
        double inv_s = 1.0 / s, inv_a = 1.0 / a;
        double width = fabs(a) * (upper - lower) * inv_s, mid = (0.5 * a * (lower + upper) + b - y) * inv_s;
        double wl = (a * lower + b - y) * inv_s, wu = (a * upper + b - y) * inv_s;
        int positive = a > 0;
        double lo = positive ? wl : wu, hi = positive ? wu : wl;
        int flip = lo + hi < 0;
        double cl = flip ? -hi : lo, ch = flip ? -lo : hi;
        double ul = fabs(cl) * INV_SQRT2, uh = ch * INV_SQRT2;
        double el = erfcx_core(ul), eh = erfcx_core(uh);
        double d = width * fabs(mid), q = exp_core(-d);

        /* Tail. */
        double omq = d <= 0.5 ? one_minus_exp_small(d) : 1.0 - q;
        double rho = eh / el, om = (1.0 - rho) + rho * omq;
        /* Straddling. */
        double gl = gauss_core(cl), gh = gl * q;
        double erf_hi = uh < 0.5 ? erf_small(uh) : 1.0 - eh * gh;
        double erf_lo = ul < 0.5 ? erf_small(ul) : 1.0 - el * gl;
        double mass = 0.5 * (erf_hi + erf_lo);

        /* The two regimes' denominators share one division. */
        int tail = cl >= 0;
        double inv = 1.0 / (tail ? el * om : mass), g = SQRT_2_OVER_PI * inv, inv_mass = INV_SQRT_2PI * inv;
        double dcl = tail ? -g : -gl * inv_mass, dch = tail ? q * g : gh * inv_mass;
        double d_lo = flip ? -dch : dcl, d_hi = flip ? -dcl : dch;
        double dwl = positive ? d_lo : d_hi, dwu = positive ? d_hi : d_lo;
        double arg = (tail ? 0.5 * el * om : mass) * fabs(inv_a);
        double value = log_core(positive_normal(arg) ? arg : 1.0) + (tail ? -0.5 * cl * cl : 0.0);
        double pa = -inv_a + (dwl * lower + dwu * upper) * inv_s;
        double pb = (dwl + dwu) * inv_s, ps = -(dwl * wl + dwu * wu) * inv_s;
        values[i] = value; da[i] = pa; db[i] = pb; ds[i] = ps;
        ok[i] = term_ok(y, a, b, s, lower, upper, arg, value, pa, pb, ps) & (lo < hi);
        narrow[i] = width * fmax(1.0, fabs(mid)) < NARROW;
    }
}

/* The terms of lanes i < m with δ max(1, |mid|) < NARROW: log((U - L)/s) + log φ(mid) + log S(mid, δ/2) (see
 * midpoint_series), whose 1/|a| cancels analytically (so a may be 0). */
WIDE_VECTORS static void narrow_terms(flat_args x, long m, double *values, double *da, double *db, double *ds, double *ok) {
    EIGHT_LANES
    for (long i = 0; i < m; i++) {
        double y = x.y[i], a = x.a[i], b = x.b[i], s = x.s[i], lower = x.lower[i], upper = x.upper[i];
        double span = upper - lower, inv_s = 1.0 / s;
        double width = fabs(a) * span * inv_s, mid = (0.5 * a * (lower + upper) + b - y) * inv_s;
        double g_mid, g_width, series = midpoint_series(mid, 0.5 * width, &g_mid, &g_width);
        double sign = a > 0 ? 1.0 : (a < 0 ? -1.0 : 0.0);
        double arg = span * inv_s * series;
        double value = log_core(positive_normal(arg) ? arg : 1.0) - 0.5 * mid * mid - LOG_SQRT_2PI;
        g_mid -= mid;
        double pa = (g_mid * 0.5 * (lower + upper) + g_width * sign * span) * inv_s;
        double pb = g_mid * inv_s, ps = (-1.0 - g_mid * mid - g_width * width) * inv_s;
        values[i] = value; da[i] = pa; db[i] = pb; ds[i] = ps;
        ok[i] = term_ok(y, a, b, s, lower, upper, arg, value, pa, pb, ps);
    }
}

/* A pointer to elements start..<start+m of an argument with step 0 (broadcast) or 1: a filled buffer for step 0. */
static inline const double *lanes(const double *x, long step, long start, long m, double *buffer) {
    if (step) return x + start;
    for (long i = 0; i < m; i++) buffer[i] = x[0];
    return buffer;
}

double strata_marginal_normal_flat(const double *y, long y_step, const double *a, long a_step, const double *b,
                                   long b_step, const double *s, long s_step, const double *lower, long lower_step,
                                   const double *upper, long upper_step, long n, double *da, double *db, double *ds,
                                   long *fallbacks) {
    double values[CHUNK], ok[CHUNK], is_narrow[CHUNK], broadcast[6][CHUNK];
    /* The narrow lanes gathered: their arguments, then their results. */
    double narrow[6][CHUNK], results[5][CHUNK];
    long where[CHUNK];
    double total = 0.0;
    long flagged = 0;
    for (long start = 0; start < n; start += CHUNK) {
        long m = n - start < CHUNK ? n - start : CHUNK;
        flat_args x = {lanes(y, y_step, start, m, broadcast[0]), lanes(a, a_step, start, m, broadcast[1]),
                       lanes(b, b_step, start, m, broadcast[2]), lanes(s, s_step, start, m, broadcast[3]),
                       lanes(lower, lower_step, start, m, broadcast[4]), lanes(upper, upper_step, start, m, broadcast[5])};
        double *pa = da + start, *pb = db + start, *ps = ds + start;
        wide_terms(x, m, values, pa, pb, ps, ok, is_narrow);
        long k = 0;
        for (long i = 0; i < m; i++) if (is_narrow[i] != 0.0) where[k++] = i;
        if (k > 0) {
            for (long j = 0; j < k; j++) {
                long i = where[j];
                narrow[0][j] = x.y[i]; narrow[1][j] = x.a[i]; narrow[2][j] = x.b[i];
                narrow[3][j] = x.s[i]; narrow[4][j] = x.lower[i]; narrow[5][j] = x.upper[i];
            }
            flat_args nx = {narrow[0], narrow[1], narrow[2], narrow[3], narrow[4], narrow[5]};
            narrow_terms(nx, k, results[0], results[1], results[2], results[3], results[4]);
            for (long j = 0; j < k; j++) {
                long i = where[j];
                values[i] = results[0][j]; pa[i] = results[1][j]; pb[i] = results[2][j]; ps[i] = results[3][j];
                ok[i] = results[4][j];
            }
        }
        for (long i = 0; i < m; i++) {
            values[i] = ok[i] != 0.0 ? values[i] : 0.0;
            pa[i] = ok[i] != 0.0 ? pa[i] : NAN;
        }
        total += sum8(values, m);
        for (long i = 0; i < m; i++) flagged += ok[i] == 0.0;
    }
    *fallbacks = flagged;
    return total;
}
