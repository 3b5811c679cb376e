/* Hand-written C gradient of the widget model (see decay_reference.h); the loop has no branches or
 * calls other than exp/log so that -ffast-math lets the compiler vectorise it with libmvec. */
#include "decay_reference.h"
#include <math.h>

double decay_reference_lpg(long n, double nmax, const double *restrict elapsed, const double *restrict measured,
                           const double *restrict inv_sigma, const double *restrict x, double *restrict grad) {
    const double alpha = exp(x[0]);
    double lp = x[0] + (double)n * log(nmax);
    double d_alpha = 0.0, density = 0.0;
    for (long i = 0; i < n; i++) {
        const double u = x[1 + i];
        const double au = fabs(u);
        const double e = exp(-au);
        const double v = 1.0 + e;
        const double lo = 1.0 / v, hi = e / v;           /* logistic(|u|), 1 - logistic(|u|) */
        const double s = u >= 0.0 ? lo : hi;             /* logistic(u) */
        const double decay = exp(-alpha * elapsed[i]);
        const double mu = nmax * s * decay;
        const double z = (measured[i] - mu) * inv_sigma[i];
        const double dmu = z * inv_sigma[i];
        density += -0.5 * z * z - au + 2.0 * log(lo);    /* log s + log(1 - s) = -|u| - 2 log(1 + e) */
        grad[1 + i] = dmu * decay * nmax * s * (1.0 - s) + (1.0 - 2.0 * s);
        d_alpha -= dmu * mu * elapsed[i];
    }
    grad[0] = d_alpha * alpha + 1.0;
    return lp + density;
}

double decay_reference_likelihood_part(long n, double nmax, const double *restrict elapsed,
                                       const double *restrict measured, const double *restrict inv_sigma,
                                       double log_alpha, const double *restrict n_initial,
                                       double *restrict grad) {
    (void)nmax;
    const double alpha = exp(log_alpha);
    double d_alpha = 0.0, density = 0.0;
    for (long i = 0; i < n; i++) {
        const double decay = exp(-alpha * elapsed[i]);
        const double mu = n_initial[i] * decay;
        const double z = (measured[i] - mu) * inv_sigma[i];
        const double dmu = z * inv_sigma[i];
        density += -0.5 * z * z;
        grad[1 + i] = dmu * decay;                       /* d/d n_initial[i] */
        d_alpha -= dmu * mu * elapsed[i];
    }
    grad[0] = d_alpha * alpha;
    return density;
}
