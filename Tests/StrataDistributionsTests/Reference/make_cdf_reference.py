#!/usr/bin/env python3
# Writes cdf_reference.json: log CDF and log CCDF (summed over elements) of every family with a CDF, from scipy,
# for CDFReferenceTests.swift. Run: python3 make_cdf_reference.py
import json
import math
import os

import numpy as np
from scipy import stats

cases = []


def add(family, outcome, args, dist):
    y = np.asarray(outcome, dtype=float)
    cases.append({"family": family, "outcome": [float(v) for v in np.atleast_1d(y)],
                  "arguments": [[float(a)] for a in args],
                  "lcdf": float(np.sum(dist.logcdf(y))), "lccdf": float(np.sum(dist.logsf(y)))})


for y in [[-2.5, 0.3, 1.7], [-9.0], [7.5]]:
    add("normal", y, [0.4, 1.3], stats.norm(0.4, 1.3))
    add("cauchy", y, [0.4, 1.3], stats.cauchy(0.4, 1.3))
    add("logistic", y, [0.4, 1.3], stats.logistic(0.4, 1.3))
    add("gumbel", y, [0.4, 1.3], stats.gumbel_r(0.4, 1.3))
    add("double_exponential", y, [0.4, 1.3], stats.laplace(0.4, 1.3))
    add("student_t", y, [3.0, 0.4, 1.3], stats.t(3.0, 0.4, 1.3))
for y in [[0.05, 0.8, 3.0], [12.0]]:
    add("lognormal", y, [0.2, 0.9], stats.lognorm(0.9, scale=np.exp(0.2)))
    add("exponential", y, [0.7], stats.expon(scale=1 / 0.7))
    add("weibull", y, [1.6, 2.2], stats.weibull_min(1.6, scale=2.2))
for y in [[-2.5, 0.3, 1.7], [-9.0], [7.5]]:
    kappa = np.sqrt(0.3 / 0.7)
    add("skew_double_exponential", y, [0.4, 1.3, 0.3], stats.laplace_asymmetric(kappa, loc=0.4, scale=kappa * 1.3 / 0.6))
for y in [[0.05, 0.8, 3.0], [12.0]]:
    add("loglogistic", y, [1.4, 2.5], stats.fisk(2.5, scale=1.4))
for y in [[1.3, 2.0, 7.5], [40.0]]:
    add("pareto", y, [1.1, 2.5], stats.pareto(2.5, scale=1.1))
    add("pareto_type_2", y, [0.4, 1.3, 2.2], stats.lomax(2.2, loc=0.4, scale=1.3))
    add("rayleigh", y, [1.7], stats.rayleigh(scale=1.7))
    add("frechet", y, [1.8, 2.4], stats.invweibull(1.8, scale=2.4))
    add("uniform", [y[0] / 50 + 0.5], [0.2, 1.9], stats.uniform(0.2, 1.7))
for y in [[-2.5, 0.3, 1.7], [-6.0], [9.0]]:
    add("exp_mod_normal", y, [0.4, 1.3, 0.8], stats.exponnorm(1 / (1.3 * 0.8), loc=0.4, scale=1.3))
for y in [[-2.5, 0.3, 1.7], [-9.0], [7.5]]:
    add("std_normal", y, [], stats.norm())
for n in [[0, 3, 7], [25], [2]]:
    add("poisson", n, [3.5], stats.poisson(3.5))
    add("neg_binomial", n, [2.5, 0.8], stats.nbinom(2.5, 0.8 / 1.8))
    add("neg_binomial_2", n, [4.0, 1.7], stats.nbinom(1.7, 1.7 / (1.7 + 4.0)))
    add("binomial", [min(v, 11) for v in n], [12, 0.35], stats.binom(12, 0.35))
    add("beta_binomial", [min(v, 11) for v in n], [12, 2.5, 1.5], stats.betabinom(12, 2.5, 1.5))
add("bernoulli", [0, 0], [0.3], stats.bernoulli(0.3))
add("student_t", [0.0], [30.0, -1.0, 0.5], stats.t(30.0, -1.0, 0.5))
for y in [[0.05, 0.8, 3.0], [12.0], [0.002]]:
    add("gamma", y, [2.5, 1.3], stats.gamma(2.5, scale=1 / 1.3))
    add("gamma", y, [0.4, 0.7], stats.gamma(0.4, scale=1 / 0.7))
    add("inv_gamma", y, [2.5, 1.3], stats.invgamma(2.5, scale=1.3))
    add("chi_square", y, [3.5], stats.chi2(3.5))
    add("inv_chi_square", y, [2.2], stats.invgamma(1.1, scale=0.5))
    add("scaled_inv_chi_square", y, [4.5, 0.6], stats.invgamma(2.25, scale=4.5 * 0.36 / 2))
for y in [[0.05, 0.4, 0.9], [0.999], [0.001]]:
    add("beta", y, [2.5, 1.3], stats.beta(2.5, 1.3))
    add("beta", y, [0.6, 7.0], stats.beta(0.6, 7.0))
    add("beta_proportion", y, [0.3, 6.0], stats.beta(1.8, 4.2))
for y in [[-2.5, 0.3, 1.7], [-4.0], [5.0]]:
    add("skew_normal", y, [0.4, 1.3, 2.5], stats.skewnorm(2.5, loc=0.4, scale=1.3))
    add("skew_normal", y, [0.4, 1.3, -0.8], stats.skewnorm(-0.8, loc=0.4, scale=1.3))
for n in [[1, 3, 7], [25], [2]]:
    add("yule_simon", n, [1.7], stats.yulesimon(1.7))
    add("beta_neg_binomial", n, [2.0, 3.5, 1.5], stats.betanbinom(2.0, 3.5, 1.5))


def von_mises_tails(y, mu, kappa):
    """Stan's von Mises CDF on [-pi, pi] and its complement, by 30-digit quadrature of the density."""
    import mpmath
    mpmath.mp.dps = 30
    norm = 2 * mpmath.pi * mpmath.besseli(0, kappa)
    p = lambda t: mpmath.exp(kappa * mpmath.cos(t - mu)) / norm
    lower = mpmath.quad(p, [-mpmath.pi, mu - mpmath.pi if mu > 0 else -mpmath.pi, y]) if y > -math.pi else mpmath.mpf(0)
    upper = mpmath.quad(p, [y, mpmath.pi])
    return float(mpmath.log(lower)), float(mpmath.log(upper))


for y, mu, kappa in [([-2.5, 0.3, 1.7], 0.4, 2.0), ([-3.0], 2.5, 8.0), ([3.0], -1.0, 0.5), ([0.2], 0.0, 300.0)]:
    tails = [von_mises_tails(v, mu, kappa) for v in y]
    cases.append({"family": "von_mises", "outcome": [float(v) for v in y], "arguments": [[mu], [kappa]],
                  "lcdf": sum(t[0] for t in tails), "lccdf": sum(t[1] for t in tails)})
for n in [[-2, 0, 3], [4], [-3]]:
    add("discrete_range", n, [-3, 5], stats.randint(-3, 6))

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cdf_reference.json")
with open(out, "w") as f:
    json.dump({"generator": "make_cdf_reference.py (scipy %s)" % __import__("scipy").__version__, "cases": cases}, f, indent=1)
print(f"wrote {len(cases)} cases to {out}")
