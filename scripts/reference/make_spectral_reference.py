"""Reference values for Tests/StrataStanModelTests/SpectralLoweringTests.swift (numpy).

Run with /work/peers-venv/bin/python; paste the printed Swift dictionary into the test. Stan's fat QR has R's
diagonal non-negative; Strata fixes the phase of each complex eigenvector (and of each column of V of a complex SVD)
so that its first element is real and non-negative, which is applied here to numpy's results too; general
eigenvalues are sorted by real part, then imaginary part, their eigenvectors of unit norm.
"""
import numpy as np

a = np.array([0.3, -0.2, 0.1, 0.5, -0.4, 0.25, 0.05, 0.6, -0.35, 1.0, 0.2, -0.7])
b = np.array([0.15, -0.3, 0.4, 0.05, -0.25, 0.35, -0.1, 0.2, 0.45])
A = a.reshape(4, 3, order="F") + np.vstack([np.eye(3), np.zeros((1, 3))])
C = a[:9].reshape(3, 3, order="F") + 2 * np.eye(3) + 1j * b.reshape(3, 3, order="F")


def fat_qr(m):
    q, r = np.linalg.qr(m, mode="complete")
    k = min(m.shape)
    signs = np.ones(m.shape[0])
    signs[:k] = np.where(np.diag(r)[:k] < 0, -1.0, 1.0)
    return q * signs, (r.T * signs).T


def first_row_real(v):
    phase = np.conj(v[0, :]) / np.abs(v[0, :])
    return v * phase


def interleave(z):
    z = np.atleast_1d(np.asarray(z, dtype=complex)).ravel(order="C")
    return np.column_stack([z.real, z.imag]).ravel()


Q, R = fat_qr(A)
Qw, Rw = fat_qr(A.T)
U, s, Vh = np.linalg.svd(A, full_matrices=False)
CU, cs, CVh = np.linalg.svd(C)
CV = CVh.conj().T
phase = np.conj(CV[0, :]) / np.abs(CV[0, :])
CV, CU = CV * phase, CU * phase
lower = np.tril(C)
H = lower + np.tril(C, -1).conj().T
H = H - 1j * np.diag(np.diag(H).imag)
hval, hvec = np.linalg.eigh(H)
hvec = first_row_real(hvec)
x = C[:, 0]
y = C[:, 1]
D = C @ np.linalg.inv(C.T + 2 * np.eye(3))
M = a[3:12].reshape(3, 3, order="F") + np.array([[1, -2, 0], [2, 1, 0], [0, 0, 3]])


def general_eigen(m):
    values, vectors = np.linalg.eig(m)
    order = sorted(range(len(values)), key=lambda i: (round(values[i].real, 9), values[i].imag))
    return values[order], first_row_real(vectors[:, order] / np.linalg.norm(vectors[:, order], axis=0))


ev, evec = general_eigen(C)
mv, mvec = general_eigen(M)
real_values = {
    "Q": Q, "R": R, "Qw": Qw, "Rw": Rw,
    "P": np.outer(U[:, 0], Vh[0, :]) + 2 * np.outer(U[:, 2], Vh[2, :]),
    "sv": s, "csv": cs,
}
complex_values = {
    "CU": CU, "CV": CV, "hval": hval, "hvec": hvec,
    "dp": np.vdot(x, y), "ds": np.vdot(x, x),
    "cdp": (C * C).sum(axis=0), "rds": (np.abs(C) ** 2).sum(axis=1),
    "D": D, "Dr": C[1, :] @ np.linalg.inv(C.T + 2 * np.eye(3)),
    "ev": ev, "evec": evec, "mv": mv, "mvec": mvec,
}
print("    static let reference: [String: [Double]] = [")
for name, v in real_values.items():
    flat = np.atleast_1d(np.asarray(v, dtype=float)).ravel(order="C")
    print(f'        "{name}": [' + ", ".join(repr(float(x)) for x in flat) + "],")
for name, v in complex_values.items():
    print(f'        "{name}": [' + ", ".join(repr(float(x)) for x in interleave(v)) + "],")
print("    ]")
