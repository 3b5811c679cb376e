#!/usr/bin/env python3
# Writes reference.json: full log densities (summed over elements) for every distribution family,
# computed with scipy/numpy, for DistributionReferenceTests.swift. Run: python3 make_reference.py
import json
import math
import os

import numpy as np
import mpmath
from scipy import integrate, special, stats

rng = np.random.default_rng(20261123)
cases = []


def add(family, outcome, args, value, note=""):
    """One case: outcome and arguments as flat lists (length 1 = scalar), value = sum of log densities."""
    flat = lambda v: [float(x) for x in np.atleast_1d(np.asarray(v, dtype=float)).ravel()]
    assert np.isfinite(value), (family, note)
    cases.append({"family": family, "note": note, "outcome": flat(outcome),
                  "arguments": [flat(a) for a in args], "lpdf": float(value)})


def bcast(*vs):
    return np.broadcast_arrays(*[np.asarray(v, dtype=float) for v in vs])


# ---- continuous univariate families -------------------------------------------------------------
y5 = np.array([-2.3, -0.4, 0.0, 1.1, 3.7])
for nu, mu, sigma, note in [(3.0, 0.5, 1.3, "scalars"), ([1.0, 2.5, 7.0, 30.0, 300.0], 0.0, [0.5, 1, 2, 3, 4], "vectors"),
                            (4.0, [-1, 0, 1, 2, 3], 0.01, "tails")]:
    y, n_, m_, s_ = bcast(y5, nu, mu, sigma)
    add("student_t", y5, [nu, mu, sigma], stats.t.logpdf(y, n_, loc=m_, scale=s_).sum(), note)

for mu, sigma, note in [(0.3, 2.0, "scalars"), ([0, 1, -1, 2, 50], [0.1, 1, 2, 3, 1e-3], "vectors/tails")]:
    y, m_, s_ = bcast(y5, mu, sigma)
    add("cauchy", y5, [mu, sigma], stats.cauchy.logpdf(y, loc=m_, scale=s_).sum(), note)
    add("normal", y5, [mu, sigma], stats.norm.logpdf(y, loc=m_, scale=s_).sum(), note)

add("std_normal", y5, [], stats.norm.logpdf(y5).sum(), "vector")
add("std_normal", [12.0], [], stats.norm.logpdf(12.0), "tail")

ypos = np.array([1e-4, 0.3, 1.0, 2.5, 40.0])
for beta, note in [(0.7, "scalar"), ([0.1, 1, 2, 5, 0.01], "vector")]:
    y, b_ = bcast(ypos, beta)
    add("exponential", ypos, [beta], stats.expon.logpdf(y, scale=1 / b_).sum(), note)
add("exponential", [0.0, 3.0], [2.0], stats.expon.logpdf([0.0, 3.0], scale=0.5).sum(), "zero outcome")

for alpha, beta, note in [(2.0, 1.5, "scalars"), ([0.5, 1, 3, 10, 100], [0.2, 1, 2, 5, 3], "vectors"), (0.01, 0.01, "small shapes")]:
    y, a_, b_ = bcast(ypos, alpha, beta)
    add("gamma", ypos, [alpha, beta], stats.gamma.logpdf(y, a_, scale=1 / b_).sum(), note)
    add("inv_gamma", ypos, [alpha, beta], stats.invgamma.logpdf(y, a_, scale=b_).sum(), note)

for mu, sigma, note in [(0.2, 0.8, "scalars"), ([-1, 0, 1, 2, 3], [0.1, 0.5, 1, 2, 5], "vectors")]:
    y, m_, s_ = bcast(ypos, mu, sigma)
    add("lognormal", ypos, [mu, sigma], stats.lognorm.logpdf(y, s_, scale=np.exp(m_)).sum(), note)

yunit = np.array([1e-6, 0.1, 0.5, 0.9, 1 - 1e-6])
for a, b, note in [(2.0, 3.0, "scalars"), ([0.5, 1, 2, 10, 0.3], [0.5, 2, 2, 1, 40], "vectors")]:
    y, a_, b_ = bcast(yunit, a, b)
    add("beta", yunit, [a, b], stats.beta.logpdf(y, a_, b_).sum(), note)

for a, b, note in [(-3.0, 4.0, "scalars"), ([-3, -1, 0, 1, 3], [-2, 1, 0.5, 2, 3.5], "vectors")]:
    yy = np.array([-2.5, 0.0, 0.25, 1.5, 3.2])
    y, a_, b_ = bcast(yy, a, b)
    add("uniform", yy, [a, b], stats.uniform.logpdf(y, loc=a_, scale=b_ - a_).sum(), note)

# ---- discrete families --------------------------------------------------------------------------
nb = np.array([0, 1, 1, 0, 1, 1])
for theta, note in [(0.3, "scalar"), ([0.1, 0.5, 0.99, 1e-3, 0.7, 1.0], "vector with theta = 1")]:
    n, t_ = bcast(nb, theta)
    add("bernoulli", nb, [theta], stats.bernoulli.logpmf(n, t_).sum(), note)
for alpha, note in [(0.4, "scalar"), ([-3, 0, 2, 40, -40, 700], "vector/tails")]:
    n, a_ = bcast(nb, alpha)
    add("bernoulli_logit", nb, [alpha], np.where(n == 1, special.log_expit(a_), special.log_expit(-a_)).sum(), note)

nk = np.array([0, 3, 10, 7, 50])
nn = np.array([5, 3, 20, 7, 100])
for theta, note in [(0.4, "scalar"), ([0.2, 1.0, 0.5, 0.999, 0.45], "vector"), ([0.0, 0.9, 0.5, 0.7, 0.5], "theta = 0")]:
    n, N_, t_ = bcast(nk, nn, theta)
    add("binomial", nk, [nn, theta], stats.binom.logpmf(n, N_, t_).sum(), note)
for alpha, note in [(-0.3, "scalar"), ([-2, 30, 0, 5, -0.2], "vector/tails")]:
    n, N_, a_ = bcast(nk, nn, alpha)
    lp = special.gammaln(N_ + 1) - special.gammaln(n + 1) - special.gammaln(N_ - n + 1) \
        + n * special.log_expit(a_) + (N_ - n) * special.log_expit(-a_)
    add("binomial_logit", nk, [nn, alpha], lp.sum(), note)
add("binomial_logit", [4], [[10], [1.2]], stats.binom.logpmf(4, 10, special.expit(1.2)), "scipy binom")

npois = np.array([0, 1, 4, 17, 250])
for lam, note in [(3.5, "scalar"), ([0.0, 0.5, 4, 20, 240], "vector with lambda = 0 at n = 0")]:
    n, l_ = bcast(npois, lam)
    add("poisson", npois, [lam], stats.poisson.logpmf(n, l_).sum(), note)
for alpha, note in [(1.2, "scalar"), ([-5, 0, 1.5, 3, 5.5], "vector")]:
    n, a_ = bcast(npois, alpha)
    add("poisson_log", npois, [alpha], stats.poisson.logpmf(n, np.exp(a_)).sum(), note)


# ---- multivariate families ----------------------------------------------------------------------
def random_correlation_cholesky(K):
    A = rng.normal(size=(K, K + 2))
    S = A @ A.T
    d = 1 / np.sqrt(np.diag(S))
    return np.linalg.cholesky(S * d[:, None] * d[None, :])


for K, M in [(1, 1), (3, 1), (3, 4), (5, 2)]:
    A = rng.normal(size=(K, K))
    cov = A @ A.T + 0.5 * np.eye(K)
    L = np.linalg.cholesky(cov)
    mu = rng.normal(size=K)
    ys = mu + rng.normal(size=(M, K)) @ L.T * 1.5
    lp = sum(stats.multivariate_normal.logpdf(ys[m], mean=mu, cov=cov) for m in range(M))
    add("multi_normal_cholesky", ys, [mu, L], lp, f"K={K}, M={M}, shared location")
    mus = mu + rng.normal(size=(M, K))
    lp = sum(stats.multivariate_normal.logpdf(ys[m], mean=mus[m], cov=cov) for m in range(M))
    add("multi_normal_cholesky", ys, [mus, L], lp, f"K={K}, M={M}, location per row")


def lkj_log_normalizer(eta, K):
    """log c_K(eta): the integral of det(Omega)^(eta-1) over K x K correlation matrices (LKJ 2009)."""
    total = 0.0
    for i in range(1, K):
        d = K - i
        b = eta + 0.5 * (d - 1)
        total += (2 * eta - 2 + d) * d * math.log(2) + d * special.betaln(b, b)
    return total


# Independent checks of the normaliser: K = 2 by quadrature; K = 3 at eta = 1 is the volume pi^2/2
# of the 3 x 3 correlation matrices (the elliptope); K = 3 at eta = 2.5 by quadrature over (r12, r13, r23).
for eta in [0.5, 1.0, 3.7]:
    q, _ = integrate.quad(lambda r: (1 - r * r) ** (eta - 1), -1, 1)
    assert abs(math.log(q) - lkj_log_normalizer(eta, 2)) < 1e-8, eta
assert abs(lkj_log_normalizer(1.0, 3) - math.log(math.pi ** 2 / 2)) < 1e-12


def lkj_constant_closed_form(eta, K):
    """Stan's do_lkj_constant (LKJ 2009, Theorem 5), the *negative* log normaliser, in its two closed forms."""
    km1 = K - 1
    if eta == 1.0:
        c = -sum(special.gammaln(2.0 * k) for k in range(1, km1 // 2 + 1))
        if K % 2 == 1:
            c -= 0.25 * (K * K - 1) * math.log(math.pi) - 0.25 * km1 * km1 * math.log(2) - km1 * special.gammaln(0.5 * (K + 1))
        else:
            c -= (0.25 * K * (K - 2) * math.log(math.pi) + 0.25 * (3 * K * K - 4 * K) * math.log(2)
                  + K * special.gammaln(0.5 * K) - km1 * special.gammaln(K))
        return c
    return km1 * special.gammaln(eta + 0.5 * km1) - sum(
        0.5 * k * math.log(math.pi) + special.gammaln(eta + 0.5 * (km1 - k)) for k in range(1, km1 + 1))


# The beta-function form used here and in LkjCorrCholesky.swift equals Stan's closed forms.
for K in range(2, 9):
    for eta in [0.3, 1.0, 2.5, 10.0]:
        assert abs(lkj_log_normalizer(eta, K) + lkj_constant_closed_form(eta, K)) < 1e-11 * max(1, abs(lkj_log_normalizer(eta, K))), (K, eta)


def det3(r12, r13, r23):
    return 1 + 2 * r12 * r13 * r23 - r12 * r12 - r13 * r13 - r23 * r23


def r23_bounds(r12, r13):
    c = math.sqrt(max((1 - r12 * r12) * (1 - r13 * r13), 0.0))
    return r12 * r13 - c, r12 * r13 + c


q3, _ = integrate.tplquad(lambda r23, r13, r12: max(det3(r12, r13, r23), 0.0) ** 1.5, -1, 1, -1, 1,
                          lambda r12, r13: r23_bounds(r12, r13)[0], lambda r12, r13: r23_bounds(r12, r13)[1],
                          epsabs=1e-10, epsrel=1e-8)
assert abs(math.log(q3) - lkj_log_normalizer(2.5, 3)) < 1e-6, (math.log(q3), lkj_log_normalizer(2.5, 3))


def log_jacobian_numeric(L):
    """log |det d(strict lower of L L^T) / d(strict lower of L)| with the diagonal of L tied to unit rows."""
    K = L.shape[0]
    idx = [(i, j) for i in range(K) for j in range(i)]

    def omega_from(v):
        M = np.zeros((K, K))
        for (i, j), x in zip(idx, v):
            M[i, j] = x
        for i in range(K):
            M[i, i] = math.sqrt(1 - np.sum(M[i, :i] ** 2))
        O = M @ M.T
        return np.array([O[i, j] for i, j in idx])

    v0 = np.array([L[i, j] for i, j in idx])
    J = np.zeros((len(idx), len(idx)))
    h = 1e-6
    for c in range(len(idx)):
        e = np.zeros(len(idx)); e[c] = h
        J[:, c] = (omega_from(v0 + e) - omega_from(v0 - e)) / (2 * h)
    return math.log(abs(np.linalg.det(J)))


for K, eta in [(1, 2.0), (2, 1.0), (2, 0.7), (3, 1.0), (3, 2.5), (4, 0.5), (5, 4.0)]:
    L = random_correlation_cholesky(K)
    omega = L @ L.T
    log_jac = sum((K - k) * math.log(L[k - 1, k - 1]) for k in range(2, K + 1))
    if K >= 3:
        assert abs(log_jacobian_numeric(L) - log_jac) < 1e-6, K
    lp = (eta - 1) * math.log(np.linalg.det(omega)) - lkj_log_normalizer(eta, K) + log_jac
    add("lkj_corr_cholesky", L, [eta], lp, f"K={K}, eta={eta}")

# ---- families added with the ScalarFamily description (fixed values, no draws from rng) -----------
ncount = np.array([0, 1, 4, 17, 250])
for mu, phi, note in [(3.5, 2.0, "scalars"), ([0.1, 1.0, 5.0, 20.0, 240.0], [0.5, 3.0, 10.0, 1e3, 40.0], "vectors")]:
    n, m_, p_ = bcast(ncount, mu, phi)
    add("neg_binomial_2", ncount, [mu, phi], stats.nbinom.logpmf(n, p_, p_ / (m_ + p_)).sum(), note)
    add("neg_binomial_2_log", ncount, [np.log(mu), phi], stats.nbinom.logpmf(n, p_, p_ / (m_ + p_)).sum(), note)
for a, b, note in [(2.5, 0.7, "scalars"), ([0.5, 1.0, 5.0, 20.0, 240.0], [0.5, 3.0, 1.0, 0.1, 2.0], "vectors")]:
    n, a_, b_ = bcast(ncount, a, b)
    add("neg_binomial", ncount, [a, b], stats.nbinom.logpmf(n, a_, b_ / (1 + b_)).sum(), note)
for a, b, note in [(2.0, 3.0, "scalars"), ([0.5, 1.0, 4.0, 0.2, 30.0], [0.7, 2.0, 1.0, 5.0, 12.0], "vectors")]:
    n, N_, a_, b_ = bcast(nk, nn, a, b)
    add("beta_binomial", nk, [nn, a, b], stats.betabinom.logpmf(n, N_, a_, b_).sum(), note)

yreal = np.array([-2.3, -0.4, 0.0, 1.1, 3.7])
for mu, sigma, note in [(0.3, 1.7, "scalars"), ([0.0, 1.0, -1.0, 2.0, 30.0], [0.1, 1.0, 2.0, 3.0, 0.5], "vectors/tails")]:
    y, m_, s_ = bcast(yreal, mu, sigma)
    add("logistic", yreal, [mu, sigma], stats.logistic.logpdf(y, loc=m_, scale=s_).sum(), note)
    add("double_exponential", yreal, [mu, sigma], stats.laplace.logpdf(y, loc=m_, scale=s_).sum(), note)
    add("gumbel", yreal, [mu, sigma], stats.gumbel_r.logpdf(y, loc=m_, scale=s_).sum(), note)
for a, s, note in [(1.5, 2.0, "scalars"), ([0.5, 1.0, 2.0, 5.0, 0.9], [0.3, 1.0, 2.0, 3.0, 50.0], "vectors")]:
    y, a_, s_ = bcast(ypos, a, s)
    add("weibull", ypos, [a, s], stats.weibull_min.logpdf(y, a_, scale=s_).sum(), note)
    yf = np.array([0.3, 1.0, 2.5, 40.0, 5.0])
    y2, a2, s2 = bcast(yf, a, s)
    add("frechet", yf, [a, s], stats.invweibull.logpdf(y2, a2, scale=s2).sum(), note)
    add("scaled_inv_chi_square", ypos, [a, s], stats.invgamma.logpdf(y, a_ / 2, scale=a_ * s_ * s_ / 2).sum(), note)
for s, note in [(1.3, "scalar"), ([0.1, 1.0, 2.0, 5.0, 30.0], "vector")]:
    y, s_ = bcast(ypos, s)
    add("rayleigh", ypos, [s], stats.rayleigh.logpdf(y, scale=s_).sum(), note)
    add("chi_square", ypos, [s], stats.chi2.logpdf(y, s_).sum(), note)
    add("inv_chi_square", ypos, [s], stats.invgamma.logpdf(y, s_ / 2, scale=0.5).sum(), note)
ypar = np.array([1.5, 2.0, 3.0, 10.0, 400.0])
for m, a, note in [(1.2, 2.5, "scalars"), ([0.5, 2.0, 1.0, 10.0, 3.0], [0.1, 1.0, 3.0, 7.0, 0.5], "vectors, y at y_min")]:
    y, m_, a_ = bcast(ypar, m, a)
    add("pareto", ypar, [m, a], stats.pareto.logpdf(y, a_, scale=m_).sum(), note)
for mu, lam, a, note in [(0.5, 2.0, 3.0, "scalars"), ([0.0, 2.0, -1.0, 10.0, 3.0], [0.5, 1.0, 3.0, 7.0, 100.0], [0.3, 1.0, 2.0, 9.0, 1.5], "vectors, y at mu")]:
    y, m_, l_, a_ = bcast(ypar, mu, lam, a)
    add("pareto_type_2", ypar, [mu, lam, a], stats.lomax.logpdf(y, a_, loc=m_, scale=l_).sum(), note)
for xi, w, a, note in [(0.3, 1.5, 2.0, "scalars"), ([0.0, 1.0, -1.0, 2.0, -10.0], [0.5, 1.0, 2.0, 3.0, 0.5], [-3.0, 0.0, 1.0, 20.0, 5.0], "vectors/tails")]:
    y, x_, w_, a_ = bcast(yreal, xi, w, a)
    add("skew_normal", yreal, [xi, w, a], stats.skewnorm.logpdf(y, a_, loc=x_, scale=w_).sum(), note)
for mu, s, lam, note in [(0.3, 1.5, 2.0, "scalars"), ([0.0, 1.0, -1.0, 2.0, 30.0], [0.5, 1.0, 2.0, 3.0, 0.5], [0.2, 1.0, 3.0, 0.5, 4.0], "vectors/tails")]:
    y, m_, s_, l_ = bcast(yreal, mu, s, lam)
    add("exp_mod_normal", yreal, [mu, s, lam], stats.exponnorm.logpdf(y, 1 / (s_ * l_), loc=m_, scale=s_).sum(), note)

# ---- families added for the stanc3 coverage (issue 9) -------------------------------------------
def sde_dist(mu, sigma, tau):
    """skew_double_exponential(mu, sigma, tau) as scipy's asymmetric Laplace (kappa^2 = tau / (1 - tau))."""
    kappa = math.sqrt(tau / (1 - tau))
    return stats.laplace_asymmetric(kappa, loc=mu, scale=kappa * sigma / (2 * tau))


for mu, sigma, tau, note in [(0.3, 1.5, 0.3, "scalars"), (-1.0, 0.4, 0.9, "small scale, right skew")]:
    add("skew_double_exponential", yreal, [mu, sigma, tau], sde_dist(mu, sigma, tau).logpdf(yreal).sum(), note)
for alpha, beta, note in [(1.5, 3.0, "scalars"), (0.2, 0.7, "shape below 1")]:
    add("loglogistic", ypos, [alpha, beta], stats.fisk(beta, scale=alpha).logpdf(ypos).sum(), note)
ycount1 = np.array([1, 2, 5, 17, 1])
for rho, note in [(0.8, "scalar"), ([0.3, 1.0, 2.5, 7.0, 40.0], "vector")]:
    n, r_ = bcast(ycount1, rho)
    add("yule_simon", ycount1, [rho], stats.yulesimon(r_).logpmf(n).sum(), note)
ycount0 = np.array([0, 3, 10, 7, 50])
for r, a, b, note in [(2.0, 3.0, 1.5, "scalars"), ([1.0, 3.0, 4.0, 9.0, 2.0], [1.5, 0.7, 3.0, 20.0, 5.0], 2.2, "vectors")]:
    n, r_, a_, b_ = bcast(ycount0, r, a, b)
    # scipy takes whole numbers of successes only
    add("beta_neg_binomial", ycount0, [r, a, b], stats.betanbinom(r_, a_, b_).logpmf(n).sum(), note)
for mu, kappa, note in [(0.3, 5.0, "scalars"), ([0.1, 0.5, 0.9, 0.7, 0.02], [2.0, 0.5, 30.0, 1.0, 80.0], "vectors")]:
    y, m_, k_ = bcast(yunit, mu, kappa)
    add("beta_proportion", yunit, [mu, kappa], stats.beta.logpdf(y, m_ * k_, (1 - m_) * k_).sum(), note)
for mu, kappa, note in [(0.3, 2.0, "scalars"), ([-3.0, 0.0, 1.0, 2.5, 7.0], [0.0, 0.5, 10.0, 150.0, 1.0], "vectors, kappa = 0 and large")]:
    y, m_, k_ = bcast(yreal, mu, kappa)
    add("von_mises", yreal, [mu, kappa], (k_ * np.cos(m_ - y) - np.log(2 * np.pi) - np.log(special.i0e(k_)) - k_).sum(), note)
yrange = np.array([-2, 0, 3, 5, 1])
for lo, hi, note in [(-3, 5, "scalars"), ([-2, -1, 3, 0, 1], [4, 0, 3, 9, 1], "vectors, one-point ranges")]:
    n, l_, h_ = bcast(yrange, lo, hi)
    add("discrete_range", yrange, [lo, hi], stats.randint.logpmf(n, l_, h_ + 1).sum(), note)


def wiener_upper(t, a, w, v, sv=0.0):
    """Upper-boundary first-passage density at decision time t, from the large-time series summed at 60 digits
    (mirrored lower-boundary form), and for sv > 0 integrated over the drift ~ normal(v, sv) by quadrature."""
    mpmath.mp.dps = 60
    t, a, w, v = mpmath.mpf(t), mpmath.mpf(a), mpmath.mpf(1 - w), mpmath.mpf(-v)
    u = t / a ** 2
    terms = int(10 / mpmath.sqrt(u)) + 50          # the dropped terms are below exp(-k^2 pi^2 u / 2) < 1e-200
    series = mpmath.pi * mpmath.fsum(k * mpmath.exp(-k ** 2 * mpmath.pi ** 2 * u / 2) * mpmath.sin(k * mpmath.pi * w)
                                     for k in range(1, terms))
    def density(drift):
        return series / a ** 2 * mpmath.exp(-drift * a * w - drift ** 2 * t / 2)
    if sv == 0:
        return float(mpmath.log(density(v)))
    sv = mpmath.mpf(sv)
    mixed = mpmath.quad(lambda d: density(d) * mpmath.npdf(d, v, sv), [-mpmath.inf, v - 5 * sv, v, v + 5 * sv, mpmath.inf])
    return float(mpmath.log(mixed))


yrt = np.array([0.35, 0.5, 0.9, 1.6, 4.0])
for a, t0, w, v, note in [(1.2, 0.2, 0.45, 0.8, "scalars"), (2.0, 0.3, 0.7, -1.5, "wide boundaries, negative drift"),
                          (0.6, 0.1, 0.2, 2.0, "narrow boundaries")]:
    add("wiener", yrt, [a, t0, w, v], sum(wiener_upper(y - t0, a, w, v) for y in yrt), note)
    add("wiener", yrt, [a, t0, w, v, 0.9], sum(wiener_upper(y - t0, a, w, v, 0.9) for y in yrt), note + ", sv = 0.9")
add("wiener", [0.21, 0.25, 3.0], [1.0, 0.2, 0.5, 0.3, 2.5, 1e-6],
    sum(wiener_upper(y - 0.2, 1.0, 0.5, 0.3, 2.5) for y in [0.21, 0.25, 3.0]), "short and long times, sv = 2.5, precision")

# ---- multivariate families composed from graph operations ------------------------------------------
cov3 = np.array([[2.0, 0.3, -0.4], [0.3, 1.0, 0.2], [-0.4, 0.2, 0.8]])
mu3 = np.array([0.5, -1.0, 2.0])
ys3 = np.array([[0.1, -0.5, 1.7], [1.2, -2.0, 2.5]])
add("multi_normal", ys3, [mu3, cov3], sum(stats.multivariate_normal.logpdf(v, mean=mu3, cov=cov3) for v in ys3), "K=3, M=2")
add("multi_normal", ys3[0], [mu3, cov3], stats.multivariate_normal.logpdf(ys3[0], mean=mu3, cov=cov3), "K=3, M=1")
prec3 = np.linalg.inv(cov3)
add("multi_normal_prec", ys3, [mu3, prec3], sum(stats.multivariate_normal.logpdf(v, mean=mu3, cov=cov3) for v in ys3), "K=3, M=2")
add("multi_normal_prec", ys3[1], [ys3[0], prec3], stats.multivariate_normal.logpdf(ys3[1], mean=ys3[0], cov=cov3), "K=3, M=1")
theta4 = np.array([[0.1, 0.2, 0.3, 0.4], [0.7, 0.1, 0.15, 0.05]])
alpha4 = np.array([0.5, 1.0, 2.0, 7.5])
add("dirichlet", theta4[0], [alpha4], stats.dirichlet.logpdf(theta4[0], alpha4), "K=4")
add("dirichlet", theta4, [alpha4], sum(stats.dirichlet.logpdf(t, alpha4) for t in theta4), "K=4, M=2, shared alpha")
p5 = np.array([0.1, 0.25, 0.05, 0.4, 0.2])
ycat = np.array([1, 4, 4, 2, 5, 3])
add("categorical", ycat, [p5], np.log(p5[ycat - 1]).sum(), "K=5")
add("categorical", [3], [p5], math.log(p5[2]), "one outcome")
beta5 = np.array([-1.0, 0.5, 2.0, 0.0, 3.3])
add("categorical_logit", ycat, [beta5], (beta5 - special.logsumexp(beta5))[ycat - 1].sum(), "K=5")
ymult = np.array([3, 0, 1, 6, 2])
add("multinomial", ymult, [p5], stats.multinomial.logpmf(ymult, ymult.sum(), p5), "K=5 with a zero count")
add("multinomial_logit", ymult, [beta5], stats.multinomial.logpmf(ymult, ymult.sum(), special.softmax(beta5)), "K=5")
add("multi_student_t", ys3, [[4.5], mu3, cov3], stats.multivariate_t.logpdf(ys3, loc=mu3, shape=cov3, df=4.5).sum(), "K=3, M=2")
add("multi_student_t", ys3[0], [[1.5], ys3[1], cov3], stats.multivariate_t.logpdf(ys3[0], loc=ys3[1], shape=cov3, df=1.5), "K=3, M=1")
chol3 = np.linalg.cholesky(cov3)
add("multi_student_t_cholesky", ys3, [[7.0], mu3, chol3], stats.multivariate_t.logpdf(ys3, loc=mu3, shape=cov3, df=7.0).sum(), "K=3, M=2")
w3 = np.array([[1.5, -0.2, 0.4], [-0.2, 2.5, 0.6], [0.4, 0.6, 1.1]])


def log_cholesky_jacobian(L):
    # log |d vech(L L^T) / d vech(L)| over the lower triangles, = K log 2 + sum_k (K - k + 1) log L_kk (checked below).
    K = L.shape[0]
    return K * math.log(2) + sum((K - k) * math.log(L[k, k]) for k in range(K))


idx3 = [(i, j) for i in range(3) for j in range(i + 1)]
J = np.zeros((6, 6))
Lw = np.linalg.cholesky(w3)
for c, (i, j) in enumerate(idx3):
    e = np.zeros((3, 3)); e[i, j] = 1e-6
    Wp, Wm = (Lw + e) @ (Lw + e).T, (Lw - e) @ (Lw - e).T
    J[:, c] = [(Wp[a, b] - Wm[a, b]) / 2e-6 for a, b in idx3]
assert abs(math.log(abs(np.linalg.det(J))) - log_cholesky_jacobian(Lw)) < 1e-6
for nu in [3.5, 9.0]:
    add("wishart", w3, [[nu], cov3], stats.wishart.logpdf(w3, df=nu, scale=cov3), f"K=3, nu={nu}")
    add("inv_wishart", w3, [[nu], cov3], stats.invwishart.logpdf(w3, df=nu, scale=cov3), f"K=3, nu={nu}")
    add("wishart_cholesky", Lw, [[nu], chol3], stats.wishart.logpdf(w3, df=nu, scale=cov3) + log_cholesky_jacobian(Lw), f"K=3, nu={nu}")
    add("inv_wishart_cholesky", Lw, [[nu], chol3], stats.invwishart.logpdf(w3, df=nu, scale=cov3) + log_cholesky_jacobian(Lw), f"K=3, nu={nu}")
add("dirichlet_multinomial", ymult, [alpha4.tolist() + [1.3]], stats.dirichlet_multinomial.logpmf(ymult, alpha4.tolist() + [1.3], ymult.sum()),
    "K=5 with a zero count")
for n, N, a, b in [(2, 5, 4, 9), (0, 3, 2, 6), (4, 6, 4, 7)]:
    add("hypergeometric", [n], [[N], [a], [b]], stats.hypergeom.logpmf(n, a + b, a, N), f"n={n}, N={N}, a={a}, b={b}")
gp_w = np.array([0.5, 2.0])
add("multi_gp", ys3, [cov3, gp_w], sum(stats.multivariate_normal.logpdf(ys3[k], np.zeros(3), cov3 / gp_w[k]) for k in range(2)), "K=2 rows, N=3")
add("multi_gp_cholesky", ys3, [np.linalg.cholesky(cov3), gp_w],
    sum(stats.multivariate_normal.logpdf(ys3[k], np.zeros(3), cov3 / gp_w[k]) for k in range(2)), "K=2 rows, N=3")
corr3 = cov3 / np.sqrt(np.outer(np.diag(cov3), np.diag(cov3)))
corr4 = np.array([[1.0, 0.4, -0.2, 0.1], [0.4, 1.0, 0.3, -0.3], [-0.2, 0.3, 1.0, 0.5], [0.1, -0.3, 0.5, 1.0]])
for omega, eta in [(np.array([[1.0, 0.3], [0.3, 1.0]]), 0.7), (corr3, 2.5), (corr4, 1.0), (corr4, 4.0)]:
    K = omega.shape[0]
    lp = (eta - 1) * math.log(np.linalg.det(omega)) - lkj_log_normalizer(eta, K)
    add("lkj_corr", omega, [eta], lp, f"K={K}, eta={eta}")
sds3 = np.sqrt(np.diag(cov3))
for mu, sigma, eta in [([0.1, -0.2, 0.3], [1.0, 0.5, 2.0], 2.5), ([0.2], [0.8], 1.0)]:
    lp = stats.lognorm.logpdf(sds3, np.broadcast_to(sigma, 3), scale=np.exp(np.broadcast_to(mu, 3))).sum()
    lp += (eta - 1) * math.log(np.linalg.det(corr3)) - lkj_log_normalizer(eta, 3)
    add("lkj_cov", cov3, [mu, sigma, [eta]], lp, f"K=3, eta={eta}")

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json")
with open(out, "w") as f:
    json.dump({"generator": "make_reference.py (scipy %s, numpy %s)" % (__import__("scipy").__version__, np.__version__),
               "cases": cases}, f, indent=1)
print(f"wrote {len(cases)} cases to {out}")
