/* Vectorisable exp/log/log1p and fused transform and density kernels (see strata_kernels.h). */
#include "strata_kernels.h"
#include "kernel_math.h"

/* log(1 + x) when 1 + x is a positive normal number: log u plus the rounding correction of u = 1 + x. */
static inline double log1p_core(double x) {
    double u = 1.0 + x;
    return log_core(u) + (x - (u - 1.0)) / u;
}

WIDE_VECTORS void strata_vexp(const double *x, double scale, double *out, long n) {
    EIGHT_LANES
    for (long i = 0; i < n; i++) out[i] = exp_core(scale * x[i]);
}

WIDE_VECTORS void strata_vexp_negabs(const double *x, double *out, long n) {
    EIGHT_LANES
    for (long i = 0; i < n; i++) out[i] = exp_core(-fabs(x[i]));
}

void strata_vlog(const double *x, double *out, long n) {
    for (long i = 0; i < n; i++) { double v = x[i]; out[i] = log_core(positive_normal(v) ? v : 1.0); }
    for (long i = 0; i < n; i++) if (!positive_normal(x[i])) out[i] = log(x[i]);
}

void strata_vlog1p(const double *x, double *out, long n) {
    for (long i = 0; i < n; i++) {
        double v = x[i], u = 1.0 + v;
        int ok = (u >= MIN_NORMAL) & (u < INFINITY) & (v > -1.0);
        double r = log1p_core(ok ? v : 0.0);
        out[i] = (u == 1.0) ? v : r;
    }
    for (long i = 0; i < n; i++) {
        double u = 1.0 + x[i];
        if (!(positive_normal(u) && x[i] > -1.0)) out[i] = log1p(x[i]);
    }
}


/* Multiplies a buffer of factors in [1, 2] with eight interleaved partial products (vectorisable like sum8);
 * CHUNK factors give at most 2^CHUNK, far from overflow. */
static inline double product8(const double *b, long n) {
    v8d acc = {1, 1, 1, 1, 1, 1, 1, 1};
    long i = 0;
    for (; i + 8 <= n; i += 8) { LOAD8(x, b + i); acc *= x; }
    double p = ((acc[0] * acc[4]) * (acc[1] * acc[5])) * ((acc[2] * acc[6]) * (acc[3] * acc[7]));
    for (; i < n; i++) p *= b[i];
    return p;
}

/* Per element: e = exp(-|u|), v = 1 + e (rounded), s = logistic(u) = (u >= 0 ? 1 : e) / v from one division (correctly
 * rounded), and log s + log(1 - s) = -|u| - 2 log(1 + e). Per chunk the log(1 + e) terms are summed as one logarithm
 * of the product of the v's (each in [1, 2]): one exp, one division and no logarithm per element. Taking log v for
 * log(1 + e) errs by at most 2^-53 per element (the rounding of 1 + e), against a term |u| + 2 log(1 + e) of at least
 * 2 log 2: at most 0.73 * 2^-52 relative to the sum, i.e. within about one ulp of it. */
WIDE_VECTORS double strata_logistic_bound_forward(const double *u, double *y, long n, double l, double w) {
    double factors[CHUNK], magnitudes[CHUNK];
    double total = 0.0;
    for (long start = 0; start < n; start += CHUNK) {
        long m = n - start < CHUNK ? n - start : CHUNK;
        const double *x = u + start;
        double *out = y + start;
        EIGHT_LANES
        for (long i = 0; i < m; i++) {
            double xi = x[i], a = fabs(xi);
            double e = exp_core(-a);                        /* in [0, 1] */
            double v = 1.0 + e;
            double s = (xi >= 0 ? 1.0 : e) / v;             /* logistic(x) */
            out[i] = l + w * s;
            factors[i] = v;
            magnitudes[i] = a;
        }
        /* NaN parameters propagate through both sums into the log-Jacobian. */
        total -= sum8(magnitudes, m) + 2.0 * log(product8(factors, m));
    }
    return total;
}

/* The same with a bound per element (steps 0 or 1; not both 0): y[i] = l_i + w_i s_i, and the chunk's log-Jacobian
 * sum_i (log w_i - |u_i| - 2 log(1 + e_i)) from one logarithm: each w_i = m_i 2^k_i (m_i in [1, 2)), so
 * sum_i log w_i - 2 sum_i log v_i = log(prod m / (prod v)^2) + ln 2 sum k, the product ratio within (2^-512, 2^256).
 * Widths that are not positive normal numbers (empty or inverted bounds, infinities, NaN) take the C library's log. */
static inline __attribute__((always_inline)) WIDE_VECTORS double logistic_bounds_forward(
    const double *u, double *y, long n, const double *lower, long ls, const double *upper, long us) {
    double factors[CHUNK], magnitudes[CHUNK], mantissas[CHUNK], exponents[CHUNK];
    double total = 0.0;
    for (long start = 0; start < n; start += CHUNK) {
        long m = n - start < CHUNK ? n - start : CHUNK;
        const double *x = u + start, *lo = lower + start * ls, *hi = upper + start * us;
        double *out = y + start;
        long irregular = 0;
        EIGHT_LANES
        for (long i = 0; i < m; i++) {
            double xi = x[i], a = fabs(xi), l = lo[i * ls], w = hi[i * us] - l;
            double e = exp_core(-a);
            double v = 1.0 + e;
            double s = (xi >= 0 ? 1.0 : e) / v;
            out[i] = l + w * s;
            factors[i] = v;
            magnitudes[i] = a;
            int ok = positive_normal(w);
            irregular |= !ok;
            uint64_t bits = to_bits(ok ? w : 1.0);
            mantissas[i] = from_bits((bits & 0x000FFFFFFFFFFFFFULL) | 0x3FF0000000000000ULL);
            exponents[i] = (double)((int64_t)(bits >> 52) - 1023);
        }
        double pv = product8(factors, m);
        double k = sum8(exponents, m);   /* an integer, exact */
        total += (log(product8(mantissas, m) / (pv * pv)) + k * LN2_HI + k * LN2_LO) - sum8(magnitudes, m);
        if (irregular) {
            for (long i = 0; i < m; i++) {
                double w = hi[i * us] - lo[i * ls];
                if (!positive_normal(w)) total += log(w);
            }
        }
    }
    return total;
}

WIDE_VECTORS double strata_logistic_bounds_forward(const double *u, double *y, long n, const double *lower, long lower_step,
                                                   const double *upper, long upper_step) {
    if (lower_step == 0) return logistic_bounds_forward(u, y, n, lower, 0, upper, 1);
    if (upper_step == 0) return logistic_bounds_forward(u, y, n, lower, 1, upper, 0);
    return logistic_bounds_forward(u, y, n, lower, 1, upper, 1);
}

static inline __attribute__((always_inline)) void logistic_bounds_backward(
    const double *y, const double *gy, double *gu, long n, const double *lower, long ls, const double *upper, long us,
    double gj) {
    for (long i = 0; i < n; i++) {
        double l = lower[i * ls], w = upper[i * us] - l;
        double s = (y[i] - l) / w;
        gu[i] += gy[i] * w * s * (1.0 - s) + gj * (1.0 - 2.0 * s);
    }
}

void strata_logistic_bounds_backward(const double *y, const double *gy, double *gu, long n, const double *lower,
                                     long lower_step, const double *upper, long upper_step, double gj) {
    if (lower_step == 0) logistic_bounds_backward(y, gy, gu, n, lower, 0, upper, 1, gj);
    else if (upper_step == 0) logistic_bounds_backward(y, gy, gu, n, lower, 1, upper, 0, gj);
    else logistic_bounds_backward(y, gy, gu, n, lower, 1, upper, 1, gj);
}

/* Memory-bound: at 512 bits 1.35 times slower than clang's default 256 (2026-12-01, 10^4 elements), so no WIDE_VECTORS. */
void strata_logistic_bound_backward(const double *y, const double *gy, double *gu, long n, double l, double w, double gj) {
    double invw = 1.0 / w;
    for (long i = 0; i < n; i++) {
        double s = (y[i] - l) * invw;
        gu[i] += gy[i] * w * s * (1.0 - s) + gj * (1.0 - 2.0 * s);
    }
}

/* Σ z_i² over n elements, z_i given by Z(i) (an expression in the element's index): per chunk of CHUNK,
 * eight lanes accumulated in registers, their sum as sum8's, then the chunk's last n mod 8 terms in order:
 * the same operations in the same order as storing the terms and summing them with sum8, without the buffer
 * (reloading just-stored terms as one 64-byte vector stalls store forwarding, which dominated short vectors).
 * Separate statements keep each product and sum rounded on its own (no contraction into an FMA). */
#define SQUARES_SUM8(n, ZLANES, Z)                                                                          \
    double total = 0.0;                                                                                    \
    for (long start = 0; start < (n); start += CHUNK) {                                                    \
        long m = (n) - start < CHUNK ? (n) - start : CHUNK;                                                \
        v8d acc = {0, 0, 0, 0, 0, 0, 0, 0};                                                                \
        long i = 0;                                                                                        \
        for (; i + 8 <= m; i += 8) {                                                                       \
            long k = start + i;                                                                            \
            v8d z = ZLANES(k);                                                                             \
            v8d q = z * z;                                                                                 \
            acc += q;                                                                                      \
        }                                                                                                  \
        double sum = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));    \
        for (; i < m; i++) {                                                                               \
            long k = start + i;                                                                            \
            double z = Z(k);                                                                               \
            double q = z * z;                                                                              \
            sum += q;                                                                                      \
        }                                                                                                  \
        total += sum;                                                                                      \
    }                                                                                                      \
    return total;

double strata_normal_quad(const double *y, const double *mu, const double *sigma, long n) {
#pragma STDC FP_CONTRACT OFF
#define Z_LANES(k) ({ LOAD8(vy, y + (k)); LOAD8(vm, mu + (k)); LOAD8(vs, sigma + (k)); (vy - vm) / vs; })
#define Z_ONE(k) ((y[k] - mu[k]) / sigma[k])
    SQUARES_SUM8(n, Z_LANES, Z_ONE)
#undef Z_LANES
#undef Z_ONE
}

void strata_normal_backward(const double *y, const double *mu, const double *sigma, long n, double g,
                            double *gy, double *gmu, double *gsigma) {
    for (long i = 0; i < n; i++) {
        double inv = 1.0 / sigma[i];
        double z = (y[i] - mu[i]) * inv;
        double d = g * z * inv;
        if (gy) gy[i] -= d;
        if (gmu) gmu[i] += d;
        if (gsigma) gsigma[i] += g * (z * z - 1.0) * inv;
    }
}

double strata_normal_quad_scaled(const double *y, const double *mu, const double *inv_sigma, long n) {
#pragma STDC FP_CONTRACT OFF
#define Z_LANES(k) ({ LOAD8(vy, y + (k)); LOAD8(vm, mu + (k)); LOAD8(vi, inv_sigma + (k)); (vy - vm) * vi; })
#define Z_ONE(k) ((y[k] - mu[k]) * inv_sigma[k])
    SQUARES_SUM8(n, Z_LANES, Z_ONE)
#undef Z_LANES
#undef Z_ONE
}

void strata_normal_backward_scaled(const double *y, const double *mu, const double *inv_sigma, long n, double g,
                                   double *gy, double *gmu) {
    for (long i = 0; i < n; i++) {
        double inv = inv_sigma[i];
        double d = g * (y[i] - mu[i]) * inv * inv;
        if (gy) gy[i] -= d;
        if (gmu) gmu[i] += d;
    }
}

double strata_normal_quad_scalar(const double *y, const double *mu, double inv_sigma, long n) {
#pragma STDC FP_CONTRACT OFF
#define Z_LANES(k) ({ LOAD8(vy, y + (k)); LOAD8(vm, mu + (k)); (vy - vm) * inv_sigma; })
#define Z_ONE(k) ((y[k] - mu[k]) * inv_sigma)
    SQUARES_SUM8(n, Z_LANES, Z_ONE)
#undef Z_LANES
#undef Z_ONE
}

double strata_normal_backward_scalar(const double *y, const double *mu, double inv_sigma, long n, double g,
                                     double *gy, double *gmu) {
    /* One pass per chunk: z^2 for the sum and the adjoints (the forward sweep's sum, bit for bit). */
    double terms[CHUNK];
    double total = 0.0, scale = g * inv_sigma;
    for (long start = 0; start < n; start += CHUNK) {
        long m = n - start < CHUNK ? n - start : CHUNK;
        const double *py = y + start, *pm = mu + start;
        double *ggy = gy ? gy + start : 0, *ggm = gmu ? gmu + start : 0;
        if (ggy && ggm) {
            for (long i = 0; i < m; i++) {
                double z = (py[i] - pm[i]) * inv_sigma;
                terms[i] = z * z;
                ggy[i] -= scale * z;
                ggm[i] += scale * z;
            }
        } else if (ggm) {
            for (long i = 0; i < m; i++) {
                double z = (py[i] - pm[i]) * inv_sigma;
                terms[i] = z * z;
                ggm[i] += scale * z;
            }
        } else {
            for (long i = 0; i < m; i++) {
                double z = (py[i] - pm[i]) * inv_sigma;
                terms[i] = z * z;
                if (ggy) ggy[i] -= scale * z;
            }
        }
        total += sum8(terms, m);
    }
    return total;
}

/* One chunk of y ~ normal(v .* exp(s x), sigma) with 1 / sigma given per element, forward and reverse sweep in
 * one pass: per element e = exp(s x), m = v e, r = y - m, z = r / sigma, the location's adjoint
 * d = 0 + g r / sigma / sigma, v's adjoint d e, the exponential's adjoint 0 + (0 + d v) e and its product with x.
 * Every quantity is the operation, in the order, of the unfused sweeps (strata_vexp, the product, the normal's
 * quad_scaled and backward_scaled kernels, the product's and the exponential's reverse sweeps): z^2 summed as
 * strata_normal_quad_scaled sums it (returned), gv[i] += d e where gv is non-null, and the terms of
 * sum_i (exponential's adjoint)_i x_i in the lanes of a dot product over blocks of eight from element 0:
 * lanes[l] accumulates blocks' element l, tail[j] holds the product of the (8 floor(n / 8) + j)-th element,
 * for the caller to add in its own lane order. Separate statements keep each product and sum rounded on its own. */
WIDE_VECTORS double strata_normal_exp_location_scaled(const double *y, const double *v, const double *x, double s,
                                         const double *inv_sigma, long n, double g, double *gv,
                                         double *lanes, double *tail) {
#pragma STDC FP_CONTRACT OFF
    const v8d zero = {0, 0, 0, 0, 0, 0, 0, 0};
    v8d dot = zero;
    double total = 0.0;
    for (long start = 0; start < n; start += CHUNK) {
        long m = n - start < CHUNK ? n - start : CHUNK;
        /* The chunk's exponentials first: a loop the compiler vectorises, as strata_vexp's. */
        double exps[CHUNK];
        EIGHT_LANES
        for (long j = 0; j < m; j++) exps[j] = exp_core(s * x[start + j]);
        v8d acc = zero;
        long i = 0;
        for (; i + 8 <= m; i += 8) {
            long k = start + i;
            LOAD8(e, exps + i);
            LOAD8(vv, v + k); LOAD8(vy, y + k); LOAD8(vi, inv_sigma + k); LOAD8(vx, x + k);
            v8d loc = vv * e;
            v8d r = vy - loc;
            v8d z = r * vi;
            v8d q = z * z;
            acc += q;
            v8d gr = g * r;
            v8d d1 = gr * vi;
            v8d d2 = d1 * vi;
            v8d d = zero + d2;
            if (gv) {
                LOAD8(vg, gv + k);
                v8d de = d * e;
                vg += de;
                memcpy(gv + k, &vg, sizeof vg);
            }
            v8d dv = d * vv;
            v8d ge0 = zero + dv;
            v8d gee = ge0 * e;
            v8d ge = zero + gee;
            v8d t = ge * vx;
            dot += t;
        }
        double sum = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
        for (; i < m; i++) {
            long k = start + i;
            double e = exps[i];
            double loc = v[k] * e;
            double r = y[k] - loc;
            double z = r * inv_sigma[k];
            double q = z * z;
            sum += q;
            double gr = g * r;
            double d1 = gr * inv_sigma[k];
            double d2 = d1 * inv_sigma[k];
            double d = 0.0 + d2;
            if (gv) {
                double de = d * e;
                gv[k] += de;
            }
            double dv = d * v[k];
            double ge0 = 0.0 + dv;
            double gee = ge0 * e;
            double ge = 0.0 + gee;
            tail[k - (n & ~7L)] = ge * x[k];
        }
        total += sum;
    }
    memcpy(lanes, &dot, sizeof dot);
    return total;
}

/* A double is finite when its exponent field is not all ones: an integer test the compiler vectorises
 * (isfinite on doubles would keep the floating-point compare semantics and the loop's early exit). */
#define EXPONENT_BITS 0x7FF0000000000000ULL

int strata_all_finite(const double *x, long n) {
    uint64_t bad = 0;
    for (long i = 0; i < n; i++) bad |= (uint64_t)((to_bits(x[i]) & EXPONENT_BITS) == EXPONENT_BITS);
    return bad == 0;
}

int strata_copy_all_finite(const double *from, double *to, long n) {
    uint64_t bad = 0;
    for (long i = 0; i < n; i++) {
        double v = from[i];
        to[i] = v;
        bad |= (uint64_t)((to_bits(v) & EXPONENT_BITS) == EXPONENT_BITS);
    }
    return bad == 0;
}
