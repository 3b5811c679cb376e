#!/usr/bin/env python3
# Writes hypergeometric_reference.json: pFq(a; b; z) and its partials in every a, b and z at 30 digits with mpmath,
# for HypergeometricTests.swift. Run: python3 make_hypergeometric_reference.py
import json
import os

import mpmath as mp

mp.mp.dps = 30
cases = []
for a, b, z in [([1.2, 0.7, 2.1], [3.3, 1.9], 0.45), ([0.5, 1.0, 1.5], [2.0, 3.5], 1.0), ([2.0, -0.4, 1.1], [0.6, 3.0], -0.8),
                ([0.3, 0.9, 1.7], [2.2, 1.4], -1.0), ([2.5], [], -0.3), ([1.5], [2.5], -2.0),
                ([0.5, 1.5, 2.0, 0.3], [1.1, 2.2, 3.3], 0.6), ([-3.0, 1.5], [2.5], 2.0), ([], [1.5], 0.8),
                ([1.0, 1.0], [2.0], 0.7)]:
    args = [mp.mpf(x) for x in a + b + [z]]
    p, q = len(a), len(b)

    def f(*xs):
        return mp.hyper(list(xs[:p]), list(xs[p:p + q]), xs[p + q])

    partials = []
    for i in range(len(args)):
        if i < p and a[i] <= 0 and a[i] == int(a[i]) and abs(z) >= 1:
            partials.append(None)  # a terminating polynomial outside the disc: only the polynomial's own terms count
            continue
        def g(t, i=i):
            shifted = list(args)
            shifted[i] = t
            return f(*shifted)
        # At |z| = 1 the series is only real on one side: differentiate z from inside the disc.
        direction = -int(mp.sign(z)) if i == len(args) - 1 and abs(z) == 1 else 0
        partials.append(float(mp.re(mp.diff(g, args[i], direction=direction))))
    cases.append({"a": a, "b": b, "z": z, "value": float(f(*args)), "partials": partials})

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "hypergeometric_reference.json"), "w") as out:
    json.dump(cases, out, indent=1)
print(len(cases), "cases")
