// Cholesky factor of a K×K correlation matrix from K(K-1)/2 unconstrained values (tanh partial correlations).
import StrataAutodiff
#if canImport(Glibc)
import Glibc
#endif

/// `cholesky_factor_corr[K]`: a lower-triangular L with positive diagonal and unit-length rows,
/// so that L Lᵀ is a correlation matrix (Stan reference manual, "Cholesky factors of correlation
/// matrices").
///
/// The K(K−1)/2 unconstrained values fill the strictly lower triangle **by row**
/// ((2,1), (3,1), (3,2), (4,1), …); zᵢⱼ = tanh(yᵢⱼ) and
/// Lᵢⱼ = zᵢⱼ √(1 − Σⱼ'₍ⱼ Lᵢⱼ'²) below the diagonal, Lᵢᵢ = √(1 − Σⱼ₍ᵢ Lᵢⱼ²).
/// Because 1 − Σⱼ'₍ⱼ Lᵢⱼ'² = Πⱼ'₍ⱼ (1 − zᵢⱼ'²) = exp(−2 Σⱼ'₍ⱼ log cosh yᵢⱼ'), the op computes
/// Lᵢⱼ = tanh(yᵢⱼ)·exp(−Σⱼ'₍ⱼ log cosh yᵢⱼ'), which has no cancellation.
///
/// The log-Jacobian is the manual's, for the map from y to the strictly lower elements of L:
/// −2 Σ log cosh yᵢⱼ + ½ Σᵢ₎ⱼ log(1 − Σⱼ'₍ⱼ Lᵢⱼ'²) = −Σᵢ₎ⱼ (i − j + 1) log cosh yᵢⱼ.
///
/// The constrained value is the K×K matrix in row-major order (K² elements, zeros above the diagonal).
public struct CholeskyFactorCorrTransform: ParameterTransform {
    /// Tolerance on |‖row‖² − 1| when checking or inverting a factor (Stan's CONSTRAINT_TOLERANCE).
    public static let tolerance = 1e-8

    /// Creates the transform.
    public init() {}

    /// K(K−1)/2 for constrainedCount = K² (0 if `constrainedCount` is not a perfect square).
    public func unconstrainedCount(constrainedCount: Int) -> Int {
        guard let k = squareSide(constrainedCount) else { return 0 }
        return k * (k - 1) / 2
    }

    public func constrain(_ u: Expr, constrainedCount: Int, in graph: Graph) -> (value: Expr, logJacobian: Expr) {
        guard let k = squareSide(constrainedCount), k >= 1 else {
            graph.fail("cholesky_factor_corr needs K×K elements, got \(constrainedCount)")
            return (u, graph.constant(0))
        }
        let need = k * (k - 1) / 2
        if u.count != need {
            graph.fail("cholesky_factor_corr[\(k)] needs \(need) unconstrained values, got \(u.count)")
            return (Expr(graph, graph.allocate(count: k * k, isConstant: true)), graph.constant(0))
        }
        let out = graph.allocate(count: k * k + 1, isConstant: u.isConstant)
        graph.record(CholeskyCorrOp(u: u.slot, output: out, dimension: k))
        return (Expr(graph, out.view(start: 0, count: k * k)), Expr(graph, out.view(start: k * k, count: 1)))
    }

    /// Inverse transform: zᵢⱼ = Lᵢⱼ / √(1 − Σⱼ'₍ⱼ Lᵢⱼ'²), y = atanh z.
    /// - Throws: ``TransformError`` naming `variable[i,j]` when the matrix is not square, has a
    ///   non-zero above-diagonal or non-finite element, a non-positive diagonal, or a row whose
    ///   squared length differs from 1 by more than ``tolerance``.
    public func unconstrain(_ y: [Double], variable: String, in graph: Graph) throws -> [Double] {
        let k = try checkCholeskyCorr(y, variable: variable)
        var u = [Double](); u.reserveCapacity(k * (k - 1) / 2)
        for i in 1..<Swift.max(k, 1) {
            // 1 − Σⱼ'₍ⱼ Lᵢⱼ'² equals Σⱼ'≥ⱼ Lᵢⱼ'² for a unit row; the tail sum has no cancellation.
            var tail = [Double](repeating: 0, count: i + 1)
            var s = 0.0
            for j in stride(from: i, through: 0, by: -1) { s += y[i * k + j] * y[i * k + j]; tail[j] = s }
            for j in 0..<i {
                var z = y[i * k + j] / tail[j].squareRoot()
                // Rounding can push |z| to 1 for a nearly degenerate row; clamp just inside.
                z = Swift.min(Swift.max(z, -1 + 1e-16), 1 - 1e-16)
                u.append(Glibc.atanh(z))
            }
        }
        return u
    }

    /// Checks that `y` is a K×K lower-triangular matrix with positive diagonal and unit-length rows.
    /// - Throws: ``TransformError`` naming the offending element.
    public func validate(_ y: [Double], variable: String, in graph: Graph) throws {
        _ = try checkCholeskyCorr(y, variable: variable)
    }
}

/// Validates a row-major Cholesky factor of a correlation matrix and returns K.
func checkCholeskyCorr(_ y: [Double], variable: String) throws -> Int {
    guard let k = squareSide(y.count), k >= 1 else {
        throw TransformError(variable: variable, message: "has \(y.count) elements; a Cholesky factor must be K×K")
    }
    for i in 0..<k {
        var norm2 = 0.0
        for j in 0..<k {
            let v = y[i * k + j]
            let name = "\(variable)[\(i + 1),\(j + 1)]"
            guard v.isFinite else { throw TransformError(variable: name, message: "value \(v) is not finite") }
            if j > i && v != 0 {
                throw TransformError(variable: name, message: "value \(v) above the diagonal; not lower triangular")
            }
            if j == i && !(v > 0) {
                throw TransformError(variable: name, message: "diagonal value \(v) is not positive")
            }
            norm2 += v * v
        }
        guard Swift.abs(norm2 - 1) <= CholeskyFactorCorrTransform.tolerance else {
            throw TransformError(variable: "\(variable)[\(i + 1)]",
                                 message: "row has squared length \(norm2), not 1; not a Cholesky factor of a correlation matrix")
        }
    }
    return k
}

/// Fused op: output[0..<K²] = L (row-major), output[K²] = log J (set, not added).
struct CholeskyCorrOp: GraphOperation {
    let u: Slot
    let output: Slot
    let dimension: Int
    var inputs: [Slot] { [u] }
    var tiling: Tiling { .whole }

    /// log J = −Σᵢ₎ⱼ (i − j + 1) log cosh yᵢⱼ (0-based indices give the same difference).
    private static func weight(_ i: Int, _ j: Int) -> Double { -Double(i - j + 1) }

    func forward(_ arena: Arena, range: Range<Int>) throws {
        let l = arena.value(output), k = dimension
        l[k * k] = CholeskyKernels.correlationFactor(arena.value(u), l, k, order: .byRow, weight: Self.weight)
    }

    func backward(_ arena: Arena, range: Range<Int>) {
        if u.isConstant { return }
        let k = dimension, gl = arena.adjoint(output)
        CholeskyKernels.correlationFactorBackward(arena.value(u), arena.value(output), gl, gWeighted: gl[k * k],
                                                  arena.adjoint(u), k, order: .byRow, weight: Self.weight)
    }
}
