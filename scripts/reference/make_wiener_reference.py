#!/usr/bin/env python3
"""Reference values for WienerReferenceTests.swift: Stan's 7-parameter Wiener density and its unnormalised CDFs.

Computed independently of Strata's method (which integrates the sv density over time with an adaptive Gauss-Kronrod
rule): the defective CDF of the 4-parameter model in closed form, twice (the small-time method-of-images sum of
normal CDFs and Feller's large-time series, which must agree), the density from its large-time series, the drift
variability sv by 50-point Gauss-Hermite quadrature over the drift (checked against the closed form), and the start
and non-decision-time variabilities sw and st0 by scipy's adaptive quadrature over w and t0.
Run: python3 scripts/reference/make_wiener_reference.py  (writes Tests/StrataDistributionsTests/Reference/wiener_reference.json)
"""
import json
import math
import os

import numpy as np
from scipy import integrate
from scipy.special import log_ndtr

GH_X, GH_W = np.polynomial.hermite_e.hermegauss(50)       # ∫ f(x) exp(-x²/2) dx
GH_W = GH_W / math.sqrt(2 * math.pi)
K = np.arange(1, 400)


def lower_tail(t, a, w, v):
    """P(lower boundary, T > t) for drift v, start w·a (Feller's series)."""
    lam = v * v + (K * math.pi / a) ** 2
    terms = K * np.sin(K * math.pi * w) * np.exp(-lam * t / 2) / lam
    return 2 * math.pi / a ** 2 * math.exp(-v * a * w) * terms.sum()


def lower_probability(a, w, v):
    """P(lower boundary) for drift v and start w·a."""
    if v == 0:
        return 1 - w
    if v < 0:
        return math.expm1(2 * v * a * (1 - w)) / math.expm1(2 * v * a)
    return math.exp(-2 * v * a * w) * math.expm1(-2 * v * a * (1 - w)) / math.expm1(-2 * v * a)


def lower_cdf_images(t, a, w, v):
    """P(lower boundary, T <= t) by the method of images: Σ_k J(a(2k + w)) − J(a(2k + 2 − w)), in logs."""
    s = math.sqrt(t)

    def J(d):
        return math.exp(v * d - v * a * w + log_ndtr(-(d + v * t) / s)) + math.exp(-v * d - v * a * w + log_ndtr(-(d - v * t) / s))
    return sum(J(a * (2 * k + w)) - J(a * (2 * k + 2 - w)) for k in range(0, 25))


def lower_density(t, a, w, v):
    """Lower-boundary density: Feller's large-time series for t/a² >= 1, the small-time images sum below."""
    u = t / a ** 2
    if u >= 1:
        terms = K * np.sin(K * math.pi * w) * np.exp(-(K * math.pi) ** 2 * u / 2)
        base = math.pi * terms.sum()
    else:
        k = np.arange(-30, 31)
        base = ((w + 2 * k) * np.exp(-(w + 2 * k) ** 2 / (2 * u))).sum() / math.sqrt(2 * math.pi * u ** 3)
    return base / a ** 2 * math.exp(-v * a * w - v * v * t / 2)


def upper(f, a, w, v, *rest):
    """The upper-boundary quantity from the lower-boundary one of the mirrored process."""
    return lambda t: f(t, a, 1 - w, -v, *rest)


def over_drift(g, v, sv):
    """E g(drift) for drift ~ normal(v, sv)."""
    if sv == 0:
        return g(v)
    return sum(wt * g(v + sv * x) for x, wt in zip(GH_X, GH_W))


def upper_cdf4(t, a, w, v):
    if t <= 0:
        return 0.0
    images = lower_cdf_images(t, a, 1 - w, -v)
    feller = lower_probability(a, 1 - w, -v) - lower_tail(t, a, 1 - w, -v)
    if abs(v) <= 5 and t / a ** 2 >= 0.01:     # elsewhere P and the tail nearly cancel, or the series is cut short
        assert abs(images - feller) <= 1e-12, (t, a, w, v, images, feller)
    return images


def upper_ccdf4(t, a, w, v):
    if t <= 0:
        return lower_probability(a, 1 - w, -v)
    return lower_tail(t, a, 1 - w, -v)


def quantity(kind, y, a, t0, w, v, sv, sw, st0):
    """log of the density, P(upper, RT <= y) or P(upper, RT > y)."""
    def at(t, omega):
        if kind == "density":
            return 0.0 if t <= 0 else over_drift(lambda d: lower_density(t, a, 1 - omega, -d), v, sv)
        f = upper_cdf4 if kind == "cdf" else upper_ccdf4
        return over_drift(lambda d: f(t, a, omega, d), v, sv)

    opts = dict(epsabs=0, epsrel=1e-10, limit=200)

    def over_start(t):
        if sw == 0:
            return at(t, w)
        return integrate.quad(lambda om: at(t, om), w - sw / 2, w + sw / 2, **opts)[0] / sw

    if st0 == 0:
        value = over_start(y - t0)
    else:
        hi = min(t0 + st0, y) if kind == "density" else t0 + st0
        breaks = [y] if t0 < y < t0 + st0 and kind != "density" else None
        value = integrate.quad(lambda tau: over_start(y - tau), t0, hi, points=breaks, **opts)[0] / st0
    return math.log(value)


def check_sv_closed_form():
    """The Gauss-Hermite drift average of the density against the closed form of the sv density."""
    t, a, w, v, sv = 0.7, 1.3, 0.4, 0.6, 0.8
    wl, vl = 1 - w, -v
    base = lower_density(t, a, wl, 0.0)
    closed = base * math.exp((a * a * wl * wl * sv * sv - 2 * a * vl * wl - vl * vl * t) / (2 * (1 + sv * sv * t))) \
        / math.sqrt(1 + sv * sv * t)
    numeric = over_drift(lambda d: lower_density(t, a, wl, -d), v, sv)
    assert abs(numeric / closed - 1) < 1e-12, (numeric, closed)


check_sv_closed_form()
# the two density series agree where they meet
assert abs(math.pi * (K * np.sin(K * math.pi * 0.3) * np.exp(-(K * math.pi) ** 2 / 2)).sum()
           / (sum((0.3 + 2 * k) * math.exp(-(0.3 + 2 * k) ** 2 / 2) for k in range(-30, 31)) / math.sqrt(2 * math.pi)) - 1) < 1e-13
points = [
    # y, a, t0, w, v, sv, sw, st0
    (0.9, 1.2, 0.2, 0.45, 0.8, 0.0, 0.0, 0.0),
    (0.35, 2.0, 0.3, 0.7, -1.5, 0.0, 0.0, 0.0),
    (3.5, 0.8, 0.1, 0.3, 1.2, 0.0, 0.0, 0.0),
    (0.9, 1.2, 0.2, 0.45, 0.8, 0.7, 0.0, 0.0),
    (0.9, 1.2, 0.2, 0.45, 0.8, 0.0, 0.3, 0.0),
    (0.9, 1.2, 0.2, 0.45, 0.8, 0.0, 0.0, 0.25),
    (0.9, 1.2, 0.2, 0.45, 0.8, 0.7, 0.3, 0.25),
    (0.45, 1.5, 0.3, 0.6, -0.4, 1.1, 0.5, 0.4),          # y - t0 < st0: the time kernel is cut at 0
    (2.4, 0.9, 0.05, 0.35, 2.0, 0.4, 0.2, 0.1),
    (0.6, 2.2, 0.25, 0.5, 0.0, 0.0, 0.8, 0.3),
]
cases = []
for p in points:
    for kind in ["density", "cdf", "ccdf"]:
        cases.append({"quantity": kind, "arguments": list(p), "log": quantity(kind, *p)})
        print(kind, p, cases[-1]["log"], flush=True)
out = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "StrataDistributionsTests", "Reference",
                   "wiener_reference.json")
with open(out, "w") as f:
    json.dump(cases, f, indent=1)
print(f"{len(cases)} cases -> {os.path.normpath(out)}")
