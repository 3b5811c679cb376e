// Forward/backward kernels shared by the correlation and covariance transforms: tanh-Cholesky rows and L Lᵀ.
#if canImport(Glibc)
import Glibc
#endif

/// Order in which the K(K−1)/2 unconstrained values fill the strictly lower triangle.
enum TriangleOrder {
    /// (2,1), (3,1), (3,2), (4,1), … — `cholesky_factor_corr`.
    case byRow
    /// (2,1), (3,1), …, (K,1), (3,2), … — the canonical partial correlations of `corr_matrix`.
    case byColumn

    /// Position of strictly-lower element (i, j), 0-based with i > j, in a K×K matrix.
    @inline(__always) func position(_ i: Int, _ j: Int, _ k: Int) -> Int {
        switch self {
        case .byRow: return i * (i - 1) / 2 + j
        case .byColumn: return j * (k - 1) - j * (j - 1) / 2 + (i - j - 1)
        }
    }
}

enum CholeskyKernels {
    /// Writes the K×K row-major Cholesky factor of a correlation matrix with partial correlations
    /// tanh(y) into `l`: Lᵢⱼ = tanh(yᵢⱼ) exp(−Σⱼ'₍ⱼ log cosh yᵢⱼ'), Lᵢᵢ = exp(−Σⱼ₍ᵢ log cosh yᵢⱼ).
    /// - Returns: Σᵢ₎ⱼ weight(i, j) · log cosh yᵢⱼ, for the caller's log-Jacobian.
    static func correlationFactor(_ y: UnsafePointer<Double>, _ l: UnsafeMutablePointer<Double>, _ k: Int,
                                  order: TriangleOrder, weight: (Int, Int) -> Double) -> Double {
        for e in 0..<(k * k) { l[e] = 0 }
        if k == 0 { return 0 }
        l[0] = 1
        var weighted = 0.0
        for i in 1..<Swift.max(k, 1) {
            var acc = 0.0
            for j in 0..<i {
                let yi = y[order.position(i, j, k)]
                let c = logCosh(yi)
                l[i * k + j] = Glibc.tanh(yi) * Glibc.exp(-acc)
                weighted += weight(i, j) * c
                acc += c
            }
            l[i * k + i] = Glibc.exp(-acc)
        }
        return weighted
    }

    /// Adds to `gy` the gradient of Σ gL·L + gW·Σ weight(i, j) log cosh yᵢⱼ through ``correlationFactor``.
    static func correlationFactorBackward(_ y: UnsafePointer<Double>, _ l: UnsafePointer<Double>,
                                          _ gl: UnsafePointer<Double>, gWeighted: Double,
                                          _ gy: UnsafeMutablePointer<Double>, _ k: Int,
                                          order: TriangleOrder, weight: (Int, Int) -> Double) {
        // y_ij reaches L_ij directly and every later L_ij' (j' > j, diagonal included) through the
        // running sum of log cosh, whose derivative is tanh(y_ij).
        for i in 1..<Swift.max(k, 1) {
            var later = gl[i * k + i] * l[i * k + i]
            var acc = 0.0
            for j in 0..<i { acc += logCosh(y[order.position(i, j, k)]) }
            for j in stride(from: i - 1, through: 0, by: -1) {
                let p = order.position(i, j, k)
                let t = Glibc.tanh(y[p])
                acc -= logCosh(y[p])
                let lij = l[i * k + j]
                gy[p] += gl[i * k + j] * (1 - t * t) * Glibc.exp(-acc) - t * later + gWeighted * weight(i, j) * t
                later += gl[i * k + j] * lij
            }
        }
    }

    /// s = L Lᵀ for a K×K row-major lower-triangular L.
    static func selfOuter(_ l: UnsafePointer<Double>, _ s: UnsafeMutablePointer<Double>, _ k: Int) {
        for i in 0..<k {
            for j in 0...i {
                var v = 0.0
                for m in 0...j { v += l[i * k + m] * l[j * k + m] }
                s[i * k + j] = v
                s[j * k + i] = v
            }
        }
    }

    /// gL = (gS + gSᵀ) L on the lower triangle (written, not added), for s = L Lᵀ.
    static func selfOuterBackward(_ l: UnsafePointer<Double>, _ gs: UnsafePointer<Double>,
                                  _ gl: UnsafeMutablePointer<Double>, _ k: Int) {
        for i in 0..<k {
            for m in 0..<k {
                if m > i { gl[i * k + m] = 0; continue }
                var v = 0.0
                for j in m..<k { v += (gs[i * k + j] + gs[j * k + i]) * l[j * k + m] }
                gl[i * k + m] = v
            }
        }
    }

    /// Lower Cholesky factor of a symmetric K×K row-major matrix, or the 0-based index of the first
    /// non-positive pivot.
    static func cholesky(_ a: [Double], _ k: Int) -> Result<[Double], PivotFailure> {
        var l = [Double](repeating: 0, count: k * k)
        for j in 0..<k {
            var d = a[j * k + j]
            for m in 0..<j { d -= l[j * k + m] * l[j * k + m] }
            guard d > 0 && d.isFinite else { return .failure(PivotFailure(index: j)) }
            let root = d.squareRoot()
            l[j * k + j] = root
            for i in (j + 1)..<Swift.max(k, j + 1) {
                var v = a[i * k + j]
                for m in 0..<j { v -= l[i * k + m] * l[j * k + m] }
                l[i * k + j] = v / root
            }
        }
        return .success(l)
    }

    /// A failed Cholesky pivot.
    struct PivotFailure: Error { let index: Int }
}

/// Checks that a row-major K×K matrix is finite and symmetric within `tolerance`; returns K.
func checkSymmetric(_ y: [Double], variable: String, tolerance: Double) throws -> Int {
    guard let k = squareSide(y.count), k >= 1 else {
        throw TransformError(variable: variable, message: "has \(y.count) elements; expected a K×K matrix")
    }
    for i in 0..<k {
        for j in 0..<k {
            let v = y[i * k + j]
            guard v.isFinite else { throw TransformError(variable: "\(variable)[\(i + 1),\(j + 1)]", message: "value \(v) is not finite") }
            if j < i && Swift.abs(v - y[j * k + i]) > tolerance {
                throw TransformError(variable: "\(variable)[\(i + 1),\(j + 1)]",
                                     message: "value \(v) differs from [\(j + 1),\(i + 1)] = \(y[j * k + i]); not symmetric")
            }
        }
    }
    return k
}
