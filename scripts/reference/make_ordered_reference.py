#!/usr/bin/env python3
"""Reference values for OrderedFamilyTests.swift: ordered_logistic and ordered_probit log probabilities (mpmath, 40 digits).

Run: python3 scripts/reference/make_ordered_reference.py  (writes Tests/StrataDistributionsTests/Reference/ordered_reference.json)
"""
import json
import os

import mpmath

mpmath.mp.dps = 40
cdfs = {"ordered_logistic": lambda x: 1 / (1 + mpmath.exp(-x)), "ordered_probit": mpmath.ncdf}


def lpmf(family, y, eta, cuts):
    """Σ_i log(F(η_i − c_{y_i − 1}) − F(η_i − c_{y_i})), c_0 = −∞, c_K = +∞; cuts: one list per outcome."""
    F = cdfs[family]
    total = mpmath.mpf(0)
    for yi, ei, ci in zip(y, eta, cuts):
        c = [-mpmath.inf] + [mpmath.mpf(x) for x in ci] + [mpmath.inf]
        total += mpmath.log(F(mpmath.mpf(ei) - c[yi - 1]) - F(mpmath.mpf(ei) - c[yi]))
    return float(total)


cases = []
shared = [-1.3, 0.2, 1.1, 4.0]
per_outcome = [[-2.0, -0.5, 0.7, 1.5], [-0.3, 0.0, 0.4, 3.0], [-1.0, 1.0, 2.0, 2.5], [0.5, 1.5, 2.5, 3.5], [-3.0, -2.0, -1.0, 0.0]]
y = [1, 3, 5, 2, 4]
for family in cdfs:
    for eta, cuts, note in [([0.4] * 5, [shared] * 5, "scalar eta, one cut-point vector"),
                            ([-0.7, 0.3, 2.2, -9.0, 12.0], [shared] * 5, "vector eta, far tails"),
                            ([0.1, -1.2, 3.0, 0.8, -0.4], per_outcome, "one cut-point vector per outcome")]:
        per = len({tuple(c) for c in cuts}) > 1
        cases.append({"family": family, "note": note, "y": y, "eta": eta if len(set(eta)) > 1 else eta[:1],
                      "cutpoints": [x for c in (cuts if per else cuts[:1]) for x in c], "vectors": 5 if per else 1,
                      "lpmf": lpmf(family, y, eta, cuts)})
out = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "StrataDistributionsTests", "Reference", "ordered_reference.json")
with open(out, "w") as f:
    json.dump(cases, f, indent=1)
print(len(cases), "cases")
