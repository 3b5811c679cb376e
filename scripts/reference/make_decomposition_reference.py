"""Reference values for Tests/StrataStanModelTests/DecompositionLoweringTests.swift (numpy).

Run with /work/peers-venv/bin/python; paste the printed Swift dictionary into the test. The test builds
A = to_matrix(a, 4, 3) (column-major fill, as Stan); Stan's thin QR has R's diagonal non-negative.
"""
import numpy as np

a = np.array([0.3, -0.2, 0.1, 0.5, -0.4, 0.25, 0.05, 0.6, -0.35, 1.0, 0.2, -0.7])
A = a.reshape(4, 3, order="F") + np.vstack([np.eye(3), np.zeros((1, 3))])
q, r = np.linalg.qr(A)
signs = np.sign(np.diag(r))
q, r = q * signs, (r.T * signs).T
qw, rw = np.linalg.qr(A.T)  # a wide matrix: 3x4
signs = np.sign(np.diag(rw))
values = {
    "Q": q, "R": r,
    "Qw": qw * signs, "Rw": (rw.T * signs).T,
    "sv": np.linalg.svd(A, compute_uv=False),
    "svw": np.linalg.svd(A.T, compute_uv=False),
}
print("    static let reference: [String: [Double]] = [")
for name, v in values.items():
    flat = np.atleast_1d(np.asarray(v, dtype=float)).ravel(order="C")
    print(f'        "{name}": [' + ", ".join(repr(float(x)) for x in flat) + "],")
print("    ]")
