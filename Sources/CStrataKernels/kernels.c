/* Vectorisable exp/log/log1p and fused transform and density kernels (see strata_kernels.h). */
#include "strata_kernels.h"
#include "kernel_math.h"

/* log(1 + x) when 1 + x is a positive normal number: log u plus the rounding correction of u = 1 + x. */
static inline double log1p_core(double x) {
    double u = 1.0 + x;
    return log_core(u) + (x - (u - 1.0)) / u;
}

void strata_vexp(const double *x, double scale, double *out, long n) {
    for (long i = 0; i < n; i++) out[i] = exp_core(scale * x[i]);
}

void strata_vexp_negabs(const double *x, double *out, long n) {
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

/* Per element: e = exp(-|u|), v = 1 + e (rounded), s = logistic(u) from one division, and
 * log s + log(1 - s) = -|u| - 2 log1p(e). The log1p terms of a chunk are summed as one logarithm of the
 * product of the v's (each in [1, 2]) plus the first-order corrections (e - (v - 1)) / v for the rounding
 * of 1 + e: one exp, one division and no logarithm per element. */
double strata_logistic_bound_forward(const double *u, double *y, long n, double l, double w) {
    double factors[CHUNK], terms[CHUNK];
    double total = 0.0;
    for (long start = 0; start < n; start += CHUNK) {
        long m = n - start < CHUNK ? n - start : CHUNK;
        const double *x = u + start;
        double *out = y + start;
        for (long i = 0; i < m; i++) {
            double xi = x[i], a = fabs(xi);
            double e = exp_core(-a);               /* in [0, 1] */
            double v = 1.0 + e, inv = 1.0 / v;     /* one division serves the logistic and the correction */
            double s = xi >= 0 ? inv : e * inv;    /* logistic(x) */
            out[i] = l + w * s;
            factors[i] = v;
            terms[i] = a + 2.0 * ((e - (v - 1.0)) * inv);
        }
        /* NaN parameters propagate through both sums into the log-Jacobian. */
        total -= sum8(terms, m) + 2.0 * log(product8(factors, m));
    }
    return total;
}

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
