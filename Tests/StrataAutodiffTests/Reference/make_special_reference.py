#!/usr/bin/env python3
# Writes special_reference.json: values and partial derivatives of the special functions (incomplete gamma and
# beta, Owen's T, Bessel functions, Lambert W, normal quantiles, ...) at 40 significant digits with mpmath, for
# SpecialFunctionTests.swift. Run: python3 make_special_reference.py
import json
import os

import mpmath as mp

mp.mp.dps = 40
cases = []


def add(name, args, f, integer_first=False, one_sided_last=False):
    """One case: f's value at args and its partial in every real argument (None for an integer order); the last
    argument's partial taken from below when f is only real there (2F1 at z = 1)."""
    margs = [mp.mpf(a) for a in args]
    value = f(*margs)
    partials = []
    for i in range(len(args)):
        if integer_first and i == 0:
            partials.append(None)
            continue
        def g(t, i=i):
            shifted = list(margs)
            shifted[i] = t
            return f(*shifted)
        below = one_sided_last and i == len(args) - 1
        partials.append(float(mp.diff(g, margs[i], direction=-1 if below else 0)))
    cases.append({"function": name, "arguments": [float(a) for a in args], "value": float(value), "partials": partials})


gamma_p = lambda a, x: mp.gammainc(a, 0, x, regularized=True)
gamma_q = lambda a, x: mp.gammainc(a, x, mp.inf, regularized=True)
for a, x in [(0.5, 0.2), (2.5, 1.0), (3, 7.5), (10, 9), (0.8, 15), (50, 45), (1.5, 0.01), (30, 60), (4, 4.9)]:
    add("gammaP", [a, x], gamma_p)
    add("gammaQ", [a, x], gamma_q)
for a, b, x in [(0.5, 0.5, 0.3), (2, 3, 0.4), (5, 1.5, 0.9), (20, 30, 0.45), (0.3, 4, 0.05), (1, 1, 0.7),
                (60, 2.5, 0.97), (3.5, 0.7, 0.2)]:
    add("incBeta", [a, b, x], lambda a, b, x: mp.betainc(a, b, 0, x, regularized=True))


def owens_t(h, a):
    return mp.quad(lambda t: mp.exp(-h * h * (1 + t * t) / 2) / (1 + t * t), [0, a]) / (2 * mp.pi)


for h, a in [(0.5, 0.3), (1.5, 0.9), (2, 3), (-1, 0.5), (0.3, -2), (5, 0.7), (0, 0.5), (3, 10), (0.1, 1.5)]:
    add("owensT", [h, a], owens_t)
for n, x in [(0, 1.5), (1, 3.2), (3, 7), (5, 0.4)]:
    add("besselJ", [n, x], lambda n, x: mp.besselj(n, x), integer_first=True)
for n, x in [(0, 1.5), (1, 3.2), (3, 7), (2, 0.4)]:
    add("besselY", [n, x], lambda n, x: mp.bessely(n, x), integer_first=True)
for n, x in [(0, 1.5), (1, -3.2), (3, 7), (2, 30), (4, 0.2), (1, 250)]:
    add("besselI", [n, x], lambda n, x: mp.besseli(n, x), integer_first=True)
for n, x in [(0, 1.5), (1, 3.2), (3, 7), (2, 0.05), (5, 40), (0, 0.002)]:
    add("besselK", [n, x], lambda n, x: mp.besselk(n, x), integer_first=True)
for v, x in [(0.4, 1.5), (2.5, 3.2), (0.3, 70), (1, 150), (10, 5), (3, 400), (0.7, 0.01)]:
    add("logBesselI", [v, x], lambda v, x: mp.log(mp.besseli(v, x)))
for a, b in [(5.3, 2), (-5.3, 2), (7.5, -2.2)]:
    add("fmod", [a, b], lambda a, b: a - b * (mp.floor(a / b) if a / b > 0 else mp.ceil(a / b)))  # C fmod: truncated quotient
for y, x in [(1, 2), (-1, -0.5), (0.3, -4)]:
    add("atan2", [y, x], mp.atan2)

# student_t_qf(p, nu, mu, sigma): mpmath's root of the Student t CDF (the incomplete beta form), scaled and shifted.
def student_t_qf(p, nu, mu, sigma):
    def cdf(t):
        tail = mp.betainc(nu / 2, mp.mpf(1) / 2, 0, nu / (nu + t * t), regularized=True) / 2
        return 1 - tail if t > 0 else tail
    guess = mp.mpf(float(__import__("scipy.stats").stats.t.ppf(float(p), float(nu))))
    return mu + sigma * mp.findroot(lambda t: cdf(t) - p, guess)


for p, nu, mu, sigma in [(0.05, 3, 0, 1), (0.5, 4.5, 1.2, 2), (0.9, 1, -0.5, 0.7), (0.3, 12, 0.3, 1.5), (0.999, 2.5, 0, 1),
                         (1e-6, 7, 2, 0.5), (0.65, 0.8, 0, 1), (0.2, 60, -1, 3)]:
    add("studentTQuantile", [p, nu, mu, sigma], student_t_qf)
for a, z in [(1.5, 0.3), (-2.2, -0.7), (0.4, 0.95), (3, -0.2)]:
    add("hypergeometric1F0", [a, z], lambda a, z: (1 - z) ** (-a))
for a, b, c, z in [(0.5, 1.5, 2.5, 0.3), (1, 1, 2, -0.6), (2.5, -1.3, 3.7, 0.8), (0.3, 0.7, 4.1, 1), (1.2, 2.1, 3.3, -3.5),
                   (-2, 1.5, 0.5, 0.4), (0.8, 0.9, 1.1, -0.99), (3, 2, 5.5, 0.97)]:
    add("hypergeometric2F1", [a, b, c, z], lambda a, b, c, z: mp.hyp2f1(a, b, c, z), one_sided_last=z == 1)

unary = {
    "tgamma": (mp.gamma, [0.3, 2.5, -1.5, 7.2]),
    "trigamma": (lambda x: mp.psi(1, x), [0.3, 2.5, -1.5, 12, 40]),
    "asinh": (mp.asinh, [-3, 0.2, 50]),
    "lambertW0": (lambda x: mp.lambertw(x, 0).real, [-0.3, 0.2, 5, 1e3]),
    "lambertWm1": (lambda x: mp.lambertw(x, -1).real, [-0.3, -0.05, -1e-5]),
    "invPhi": (lambda p: -mp.sqrt(2) * mp.erfinv(1 - 2 * p) if p > 1e-3 else mp.sqrt(2) * mp.erfinv(2 * p - 1),
               [1e-10, 0.02, 0.5, 0.8, 0.999999]),
}


def normal_log_quantile(lp):
    p = mp.exp(lp)
    return mp.findroot(lambda y: mp.log(mp.ncdf(y)) - lp, mp.sqrt(2) * mp.erfinv(2 * p - 1) if p > 1e-300 else -mp.sqrt(-2 * lp))


unary["stdNormalLogQf"] = (normal_log_quantile, [-1000, -30, -2, -0.3, -1e-8])
for name, (f, points) in unary.items():
    for x in points:
        add(name, [x], f)

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "special_reference.json"), "w") as out:
    json.dump(cases, out, indent=1)
print(len(cases), "cases")
