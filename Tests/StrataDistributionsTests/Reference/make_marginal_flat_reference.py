#!/usr/bin/env python3
# The reference table of MarginalNormalFlatKernelTests.swift, and the coefficients of the C kernel's approximations
# (Sources/CStrataKernels/marginal_normal_flat.c), with mpmath. Run: python3 make_marginal_flat_reference.py
# Prints the Swift table rows, then ERFCX_POLY and ERF_SMALL.
import mpmath as mp


def reference(y, a, b, s, lower, upper):
    """log ∫_L^U N(y | aθ + b, s) dθ and its partials in a, b, s; digits added for narrow intervals."""
    extra = int(max(0, -mp.log10(abs(a) * (upper - lower) / s))) if a != 0 else 0
    with mp.workdps(80 + extra):
        y, a, b, s, lower, upper = [mp.mpf(v) for v in (y, a, b, s, lower, upper)]
        q = lambda z: mp.erfc(z / mp.sqrt(2)) / 2
        phi = lambda z: mp.exp(-z * z / 2) / mp.sqrt(2 * mp.pi)
        wl, wu = (a * lower + b - y) / s, (a * upper + b - y) / s
        lo, hi = (wl, wu) if a > 0 else (wu, wl)
        mass = q(lo) - q(hi) if lo + hi >= 0 else q(-hi) - q(-lo)
        dlo, dhi = -phi(lo) / mass, phi(hi) / mass
        dwl, dwu = (dlo, dhi) if a > 0 else (dhi, dlo)
        return (mp.log(mass) - mp.log(abs(a)), -1 / a + (dwl * lower + dwu * upper) / s, (dwl + dwu) / s,
                -(dwl * wl + dwu * wu) / s)


CASES = [
    (0.2571905163936866, 0.0117, 0.0, 0.11262588301551467, 0.0, 10.0),
    (1.1, 0.7, 0.2, 0.3, 0.0, 5.0),
    (2e-5, 5e-5, 0.0, 0.1, 0.0, 10.0),
    (0.03, 0.1, 0.0, 0.1, 0.0, 10.0),
    (-0.5, 0.01, 0.0, 0.1, 0.0, 10.0),
    (-1.7, 0.01, 0.0, 0.1, 0.0, 10.0),
    (-3.0, 0.01, 0.0, 0.1, 0.0, 10.0),
    (-4.0, 0.02, 0.0, 0.1, 0.0, 10.0),
    (3.8, 0.02, 0.0, 0.1, -10.0, 0.0),
    (-2.0, 0.001, 0.0, 1e-4, 0.0, 10.0),
    (-3.0, 0.0002, 0.0, 0.1, 0.0, 10.0),
    (-0.3, 1e-6, 0.0, 0.1, 0.0, 10.0),
    (-0.05, 0.003, 0.0, 0.1, 0.0, 10.0),
    (0.7, 1e-12, 0.2, 0.5, 1.0, 4.0),
    (0.4, -1.3, 2.0, 0.5, -1.0, 3.0),
    (5.0, -0.3, 1.0, 0.2, 2.0, 9.0),
    (0.0, 1.0, 0.0, 0.01, -5.0, 5.0),
]


def chebyshev(f, n):
    nodes = [mp.cos(mp.pi * (k + mp.mpf(1) / 2) / n) for k in range(n)]
    values = [f(t) for t in nodes]
    c = [2 * sum(values[k] * mp.cos(mp.pi * j * (k + mp.mpf(1) / 2) / n) for k in range(n)) / n for j in range(n)]
    c[0] /= 2
    return c


def monomials(c):
    """Σ c_j T_j(t) as coefficients of t^i."""
    t = [[mp.mpf(1)], [mp.mpf(0), mp.mpf(1)]]
    for j in range(2, len(c)):
        up = [mp.mpf(0)] + [2 * x for x in t[j - 1]]
        t.append([u - v for u, v in zip(up, t[j - 2] + [mp.mpf(0)] * 2)])
    out = [mp.mpf(0)] * len(c)
    for j, cj in enumerate(c):
        for i, x in enumerate(t[j]):
            out[i] += cj * x
    return out


def coefficients():
    mp.mp.dps = 40
    k = mp.mpf(3)  # (1 + 2x) erfcx(x) in t = (x - 3)/(x + 3)
    erfcx = lambda x: mp.exp(x * x) * mp.erfc(x)
    g = lambda t: 2 / mp.sqrt(mp.pi) if t == 1 else (1 + 2 * (2 * k / (1 - t) - k)) * erfcx(2 * k / (1 - t) - k)
    erfcx_poly = monomials(chebyshev(g, 50)[:26])
    # erf(x)/x in v = x^2 on [0, 1/4], Chebyshev in 8v - 1, as monomials in v
    h = lambda u: (lambda v: 2 / mp.sqrt(mp.pi) if v == 0 else mp.erf(mp.sqrt(v)) / mp.sqrt(v))((u + 1) / 8)
    in_u = monomials(chebyshev(h, 30)[:12])
    erf_small = [sum(in_u[i] * mp.binomial(i, j) * mp.mpf(8) ** j * (-1) ** (i - j) for i in range(j, 12))
                 for j in range(12)]
    return erfcx_poly, erf_small


if __name__ == "__main__":
    for case in CASES:
        row = ", ".join(mp.nstr(x, 20, min_fixed=-3, max_fixed=3) if abs(x) > 1e-300 else "0.0" for x in reference(*case))
        print("        ([%s], [%s])," % (", ".join(repr(x) for x in case), row))
    for name, values in zip(("ERFCX_POLY", "ERF_SMALL"), coefficients()):
        print(name, ", ".join("%.17e" % float(x) for x in values))
