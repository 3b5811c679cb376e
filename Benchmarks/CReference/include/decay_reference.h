/* The widget model's log density and gradient as one hand-written C loop: the physical-limit reference
 * for strata-bench, compiled with -O3 -march=native -ffast-math (the compiler may call libmvec's SIMD exp/log). */
#ifndef DECAY_REFERENCE_H
#define DECAY_REFERENCE_H

/* Log density of decay.stan on the unconstrained space (x[0] = log alpha, x[1+i] = logit(N0_i / nmax)),
 * constants dropped as `~` does, Jacobian kept; writes grad[0..n]. elapsed = t_measured - t_initial,
 * inv_sigma = 1 / sigma_N_measured. */
double decay_reference_lpg(long n, double nmax, const double *elapsed, const double *measured,
                           const double *inv_sigma, const double *x, double *grad);

#endif
