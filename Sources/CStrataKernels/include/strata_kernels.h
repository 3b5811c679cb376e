/* Vectorisable C kernels for the hot elementwise work of a gradient: exp, log, log1p, the logistic
 * bound transform and the normal log density. Compiled with -O3 -march=native (no -ffast-math: IEEE
 * semantics are kept, special values go through the C library). */
#ifndef STRATA_KERNELS_H
#define STRATA_KERNELS_H

/* out[i] = exp(scale * x[i]) for i < n (~1 ulp; NaN propagates, overflow gives inf, underflow 0). */
void strata_vexp(const double *x, double scale, double *out, long n);
/* out[i] = exp(-|x[i]|). */
void strata_vexp_negabs(const double *x, double *out, long n);
/* out[i] = log(x[i]); non-positive, subnormal, infinite and NaN inputs follow the C library. */
void strata_vlog(const double *x, double *out, long n);
/* out[i] = log1p(x[i]); inputs with 1 + x not a positive normal number follow the C library. */
void strata_vlog1p(const double *x, double *out, long n);

/* The <lower=l, upper=l+w> transform with scalar bounds: y[i] = l + w * logistic(u[i]) (the logistic a correctly
 * rounded quotient); returns sum_i (log logistic(u[i]) + log(1 - logistic(u[i]))) (the log-Jacobian without n log w),
 * to a few ulp of the sum (per chunk of 256 elements one logarithm of a product replaces the per-element log1p). */
double strata_logistic_bound_forward(const double *u, double *y, long n, double l, double w);
/* Its reverse sweep: gu[i] += gy[i] * w s (1 - s) + gj * (1 - 2 s) with s = (y[i] - l) / w. */
void strata_logistic_bound_backward(const double *y, const double *gy, double *gu, long n, double l, double w, double gj);
/* The same with per-element bounds l_i = lower[i * lower_step], l_i + w_i = upper[i * upper_step] (steps 0 or 1, not
 * both 0): returns the whole log-Jacobian sum_i (log w_i + log s_i + log(1 - s_i)), one logarithm per 256 elements. */
double strata_logistic_bounds_forward(const double *u, double *y, long n, const double *lower, long lower_step,
                                      const double *upper, long upper_step);
/* Its reverse sweep for u: gu[i] += gy[i] * w_i s (1 - s) + gj * (1 - 2 s) with s = (y[i] - l_i) / w_i. */
void strata_logistic_bounds_backward(const double *y, const double *gy, double *gu, long n, const double *lower,
                                     long lower_step, const double *upper, long upper_step, double gj);

/* sum_i ((y[i] - mu[i]) / sigma[i])^2 with contiguous vectors (stride 1). */
double strata_normal_quad(const double *y, const double *mu, const double *sigma, long n);
/* Reverse sweep of -0.5 * sum z^2 - sum log sigma, scaled by g: adds to gy, gmu, gsigma where non-null. */
void strata_normal_backward(const double *y, const double *mu, const double *sigma, long n, double g,
                            double *gy, double *gmu, double *gsigma);

/* The same with a precomputed 1 / sigma (data scales): no division per element; gsigma is not needed. */
double strata_normal_quad_scaled(const double *y, const double *mu, const double *inv_sigma, long n);
void strata_normal_backward_scaled(const double *y, const double *mu, const double *inv_sigma, long n, double g,
                                   double *gy, double *gmu);

/* The same with one scale for every element (a scalar sigma, 1 / sigma given): sum_i ((y[i] - mu[i]) / sigma)^2. */
double strata_normal_quad_scalar(const double *y, const double *mu, double inv_sigma, long n);
/* Its reverse sweep: adds -d / +d to gy / gmu where non-null (d = g z / sigma) and returns sum z^2, from which
 * the caller forms sigma's adjoint g (sum z^2 - n) / sigma once (no per-element update of a shared adjoint). */
double strata_normal_backward_scalar(const double *y, const double *mu, double inv_sigma, long n, double g,
                                     double *gy, double *gmu);

/* One chunk (at most a tile) of y ~ normal(v .* exp(s x), sigma), 1 / sigma per element, both sweeps in one pass
 * (g the density's adjoint): returns sum z^2 as strata_normal_quad_scaled; adds v's adjoints to gv (if non-null);
 * the exponential adjoints' products with x: lanes[0..7] the eight dot-product lanes over the whole blocks of eight,
 * tail[0 .. n mod 8) the products past them (see kernels.c). */
double strata_normal_exp_location_scaled(const double *y, const double *v, const double *x, double s,
                                         const double *inv_sigma, long n, double g, double *gv,
                                         double *lanes, double *tail);

/* 1 when every x[i] (i < n) is finite, else 0. */
int strata_all_finite(const double *x, long n);
/* to[i] = from[i] for i < n; 1 when every value is finite, else 0. */
int strata_copy_all_finite(const double *from, double *to, long n);

/* The terms of sum_i log ∫_L^U N(y | a θ + b, s) dθ (θ's flat prior integrated out over its bounds): each argument
 * has step 1 (a vector) or 0 (one value for every element). Writes each term's partials with respect to a, b and s
 * to da[i], db[i], ds[i] and returns the sum of the terms. Terms it does not cover (invalid or non-finite
 * arguments, empty intervals, results out of range) are left out of the sum with da[i] = NaN, their count in
 * *fallbacks: the caller computes them with its exact scalar code. Covered terms agree with that code to ~1e-13. */
double strata_marginal_normal_flat(const double *y, long y_step, const double *a, long a_step, const double *b,
                                   long b_step, const double *s, long s_step, const double *lower, long lower_step,
                                   const double *upper, long upper_step, long n, double *da, double *db, double *ds,
                                   long *fallbacks);

#endif
