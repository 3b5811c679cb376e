"""Reference values for Tests/StrataStanModelTests/MatrixFunctionLoweringTests.swift (numpy/scipy).

Run with /work/peers-venv/bin/python; paste the printed Swift dictionary into the test.
The test program builds A = to_matrix(a, 3, 3) (column-major fill, as Stan) from the point below.
"""
import numpy as np
from scipy.linalg import expm
from scipy.special import erfcinv, expit

a = np.array([0.3, -0.2, 0.1, 0.5, -0.4, 0.25, 0.05, 0.6, -0.35])
A = a.reshape(3, 3, order="F")
B = np.array([[1.0, 0.5], [-0.25, 2.0], [0.75, -1.0]])
G = np.array([[1.0, 2.0, 0.5], [0.0, 1.0, -1.0]]) + A[0:2, :]
w = np.array([2.0, -1.0, 3.0, 0.5])  # CSR values of [[2, 0, -1], [0, 0, 0], [3, 0.5, 0]]
dense = np.array([[2.0, 0.0, -1.0], [0.0, 0.0, 0.0], [3.0, 0.5, 0.0]])
x = np.array([0.2, -0.1, 0.7])
values = {
    "E": expm(A),
    "EB": expm(A) @ B,
    "sEB": expm(2.5 * A) @ B,
    "big": expm(8 * A),
    "P0": np.eye(3),
    "P5": np.linalg.matrix_power(A, 5),
    "Gi": np.linalg.pinv(G),
    "Gti": np.linalg.pinv(G.T),
    "csr": dense @ x,
    "dense": dense,
    "ie": erfcinv(np.array([0.3, 1.2, 1.9])),
    "fv": np.array([0.3, -0.2, 0.1]) * np.array([0.5, -0.4, 0.25]) + 1.5,
    "lid": np.log(expit(5.3) - expit(-0.2)),
}
print("    static let reference: [String: [Double]] = [")
for name, v in values.items():
    flat = np.atleast_1d(np.asarray(v, dtype=float)).ravel(order="C")
    print(f'        "{name}": [' + ", ".join(repr(float(x)) for x in flat) + "],")
print("    ]")
