// K×K covariance matrix from K + K(K-1)/2 unconstrained values: Cholesky factor with log diagonal, then L Lᵀ.
import StrataAutodiff
#if canImport(Glibc)
import Glibc
#endif

/// `cov_matrix[K]`: a symmetric positive-definite matrix (Stan reference manual, "Covariance matrices").
///
/// The unconstrained values fill a lower-triangular L **by row**, each row's below-diagonal entries
/// followed by the log of its diagonal entry (as Stan's `cov_matrix_constrain`); x = L Lᵀ.
/// log J, for the map to the lower triangle of x (diagonal included), is the manual's
/// K log 2 + Σₖ (K − k + 2) log Lₖₖ (1-based k).
///
/// The constrained value is the K×K matrix in row-major order.
public struct CovMatrixTransform: ParameterTransform {
    /// Tolerance for symmetry when checking or inverting (Stan's CONSTRAINT_TOLERANCE).
    public static let tolerance = 1e-8

    /// Creates the transform.
    public init() {}

    /// K + K(K−1)/2 for constrainedCount = K² (0 if `constrainedCount` is not a perfect square).
    public func unconstrainedCount(constrainedCount: Int) -> Int {
        guard let k = squareSide(constrainedCount) else { return 0 }
        return k * (k + 1) / 2
    }

    public func constrain(_ u: Expr, constrainedCount: Int, in graph: Graph) -> (value: Expr, logJacobian: Expr) {
        guard let k = squareSide(constrainedCount), k >= 1, u.count == k * (k + 1) / 2 else {
            graph.fail("cov_matrix needs K×K elements from K(K+1)/2 unconstrained values, got \(constrainedCount) from \(u.count)")
            return (Expr(graph, graph.allocate(count: constrainedCount, isConstant: true)), graph.constant(0))
        }
        // Layout: [x (K²), log J, L (K², scratch; its adjoint region holds gL during backward)].
        let out = graph.allocate(count: 2 * k * k + 1, isConstant: u.isConstant)
        graph.record(CovMatrixOp(u: u.slot, output: out, dimension: k))
        return (Expr(graph, out.view(start: 0, count: k * k)), Expr(graph, out.view(start: k * k, count: 1)))
    }

    /// Inverse transform: Cholesky factor, then off-diagonal entries and log diagonal by row.
    /// - Throws: ``TransformError`` naming `variable[i,j]` when the matrix is not square or symmetric
    ///   (within ``tolerance``), or `variable` when it is not positive definite.
    public func unconstrain(_ y: [Double], variable: String, in graph: Graph) throws -> [Double] {
        let k = try checkSymmetric(y, variable: variable, tolerance: Self.tolerance)
        switch CholeskyKernels.cholesky(y, k) {
        case let .success(l):
            var u: [Double] = []
            for i in 0..<k {
                for j in 0..<i { u.append(l[i * k + j]) }
                u.append(Glibc.log(l[i * k + i]))
            }
            return u
        case let .failure(p):
            throw TransformError(variable: variable, message: "not positive definite (Cholesky pivot \(p.index + 1) is not positive)")
        }
    }
}

/// Fused op: output = [x = L Lᵀ (K²), log J, L (K²)], all set by forward.
struct CovMatrixOp: GraphOperation {
    let u: Slot
    let output: Slot
    let dimension: Int
    var inputs: [Slot] { [u] }
    var tiling: Tiling { .whole }

    func forward(_ arena: Arena, range: Range<Int>) throws {
        let k = dimension, y = arena.value(u), x = arena.value(output), l = x + (k * k + 1)
        var logJ = Double(k) * 0.6931471805599453
        var p = 0
        for i in 0..<k {
            for j in 0..<k { l[i * k + j] = 0 }
            for j in 0..<i { l[i * k + j] = y[p]; p += 1 }
            l[i * k + i] = Glibc.exp(y[p])
            // (K − k + 2) log L_kk with 1-based k is (K − i + 1) y with 0-based i.
            logJ += Double(k - i + 1) * y[p]
            p += 1
        }
        x[k * k] = logJ
        CholeskyKernels.selfOuter(l, x, k)
    }

    func backward(_ arena: Arena, range: Range<Int>) {
        if u.isConstant { return }
        let k = dimension, gu = arena.adjoint(u), x = arena.value(output), gx = arena.adjoint(output)
        let l = x + (k * k + 1), gl = gx + (k * k + 1)
        CholeskyKernels.selfOuterBackward(l, gx, gl, k)
        let gJ = gx[k * k]
        var p = 0
        for i in 0..<k {
            for j in 0..<i { gu[p] += gl[i * k + j]; p += 1 }
            gu[p] += gl[i * k + i] * l[i * k + i] + gJ * Double(k - i + 1)
            p += 1
        }
    }
}
