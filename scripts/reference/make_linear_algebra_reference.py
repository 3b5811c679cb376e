"""Reference values for Tests/StrataStanModelTests/LinearAlgebraLoweringTests.swift (numpy).

Run with /work/peers-venv/bin/python; paste the printed Swift dictionary into the test.
The test program builds A = to_matrix(a, 3, 3) + 3 I (column-major fill, as Stan), S = A A' + I, L = chol(S).
"""
import numpy as np

a = np.array([0.3, -0.2, 0.1, 0.5, -0.4, 0.25, 0.05, 0.6, -0.35])
A = a.reshape(3, 3, order="F") + 3 * np.eye(3)
S = A @ A.T + np.eye(3)
L = np.linalg.cholesky(S)
b = np.array([1.0, -2.0, 0.5])
r = np.array([0.3, 1.0, -1.0])
low = np.tril(A)
values = {
    "Ainv": np.linalg.inv(A),
    "detA": np.linalg.det(A),
    "ldA": np.log(abs(np.linalg.det(A))),
    "ldS": np.linalg.slogdet(S)[1],
    "Sinv": np.linalg.inv(S),
    "C2": np.linalg.inv(L @ L.T),
    "x1": np.linalg.solve(A, b),
    "y1": np.linalg.solve(A.T, r),
    "x3": np.linalg.solve(low, b),
    "y3": np.linalg.solve(low.T, r),
    "x4": np.linalg.solve(S, b),
    "y4": np.linalg.solve(S.T, r),
    "M1": np.linalg.solve(A, S),
    "M2": S @ np.linalg.inv(A),
    "tr": np.trace(A),
    "dg": np.diag(A),
    "AD": A + np.diag(b),
    "Bk": A[1:3, 0:2],
    "Sym": np.tril(A) + np.tril(A, -1).T,
    "cdp": (A * S).sum(axis=0),
    "rdp": (A * S).sum(axis=1),
    "cds": (A * A).sum(axis=0),
    "rds": (A * A).sum(axis=1),
    "tqf": np.trace(A.T @ S @ A),
    "tgq": np.trace(A @ np.linalg.inv(A).T @ S @ np.linalg.inv(A)),
    "qfd": np.diag(r) @ S @ np.diag(r),
}
print("    static let reference: [String: [Double]] = [")
for name, v in values.items():
    flat = np.atleast_1d(np.asarray(v, dtype=float)).ravel(order="C")  # row-major, as Strata's output names list them
    print(f'        "{name}": [' + ", ".join(repr(float(x)) for x in flat) + "],")
print("    ]")
