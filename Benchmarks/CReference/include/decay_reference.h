/* The widget model's log density and gradient as one hand-written C loop: the physical-limit reference
 * for strata-bench, compiled with -O3 -march=native -ffast-math (the compiler may call libmvec's SIMD exp/log). */
#ifndef DECAY_REFERENCE_H
#define DECAY_REFERENCE_H

/* Log density of decay.stan on the unconstrained space (x[0] = log alpha, x[1+i] = logit(N0_i / nmax)),
 * constants dropped as `~` does, Jacobian kept; writes grad[0..n]. elapsed = t_measured - t_initial,
 * inv_sigma = 1 / sigma_N_measured. */
double decay_reference_lpg(long n, double nmax, const double *elapsed, const double *measured,
                           const double *inv_sigma, const double *x, double *grad);

/* Only the model block's statement of decay_seed.stan (the loop over widgets): the normal log density and its
 * gradient with respect to log alpha and the constrained n_initial, given n_initial. Together with
 * decay_reference_lpg it splits the physical-limit cost between the likelihood statement and the parameter
 * transforms (bounds, Jacobian, chain rule), the split `strata profile` reports for the engine. */
double decay_reference_likelihood_part(long n, double nmax, const double *elapsed, const double *measured,
                                       const double *inv_sigma, double log_alpha, const double *n_initial,
                                       double *grad);

#endif
