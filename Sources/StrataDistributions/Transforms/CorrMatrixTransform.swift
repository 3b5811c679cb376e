// K×K correlation matrix from K(K-1)/2 unconstrained values: tanh canonical partial correlations (LKJ), then L Lᵀ.
import StrataAutodiff
#if canImport(Glibc)
import Glibc
#endif

/// `corr_matrix[K]`: a symmetric positive-definite matrix with unit diagonal (Stan reference manual,
/// "Correlation matrices", after Lewandowski, Kurowicka & Joe 2009).
///
/// The unconstrained values are the Fisher transforms of the canonical partial correlations, in
/// Stan's C-vine order: the strictly lower triangle **by column** ((2,1), (3,1), …, (K,1), (3,2), …).
/// zᵢⱼ = tanh(yᵢⱼ) build the Cholesky factor w as for `cholesky_factor_corr` and x = w wᵀ.
///
/// log J, for the map from y to the strictly lower elements of x, is the manual's
/// Σ log(1 − zᵢⱼ²) + ½ Σᵢ₎ⱼ (K − j − 1) log(1 − zᵢⱼ²) (1-based column j), which equals
/// −Σᵢ₎ⱼ (K − j + 1) log cosh yᵢⱼ.
///
/// The constrained value is the K×K matrix in row-major order.
public struct CorrMatrixTransform: ParameterTransform {
    /// Tolerance for symmetry and unit diagonal when checking or inverting (Stan's CONSTRAINT_TOLERANCE).
    public static let tolerance = 1e-8

    /// Creates the transform.
    public init() {}

    /// K(K−1)/2 for constrainedCount = K² (0 if `constrainedCount` is not a perfect square).
    public func unconstrainedCount(constrainedCount: Int) -> Int {
        guard let k = squareSide(constrainedCount) else { return 0 }
        return k * (k - 1) / 2
    }

    public func constrain(_ u: Expr, constrainedCount: Int, in graph: Graph) -> (value: Expr, logJacobian: Expr) {
        guard let k = squareSide(constrainedCount), k >= 1, u.count == k * (k - 1) / 2 else {
            graph.fail("corr_matrix needs K×K elements from K(K-1)/2 unconstrained values, got \(constrainedCount) from \(u.count)")
            return (Expr(graph, graph.allocate(count: constrainedCount, isConstant: true)), graph.constant(0))
        }
        // Layout: [x (K²), log J, w (K², scratch; its adjoint region holds gw during backward)].
        let out = graph.allocate(count: 2 * k * k + 1, isConstant: u.isConstant)
        graph.record(CorrMatrixOp(u: u.slot, output: out, dimension: k))
        return (Expr(graph, out.view(start: 0, count: k * k)), Expr(graph, out.view(start: k * k, count: 1)))
    }

    /// Inverse transform: Cholesky factor, canonical partial correlations, atanh.
    /// - Throws: ``TransformError`` naming `variable[i,j]` when the matrix is not square, symmetric,
    ///   unit-diagonal (within ``tolerance``) or positive definite.
    public func unconstrain(_ y: [Double], variable: String, in graph: Graph) throws -> [Double] {
        let k = try checkSymmetric(y, variable: variable, tolerance: Self.tolerance)
        for i in 0..<k where Swift.abs(y[i * k + i] - 1) > Self.tolerance {
            throw TransformError(variable: "\(variable)[\(i + 1),\(i + 1)]", message: "diagonal value \(y[i * k + i]) is not 1")
        }
        let l: [Double]
        switch CholeskyKernels.cholesky(y, k) {
        case let .success(f): l = f
        case let .failure(p):
            throw TransformError(variable: variable, message: "not positive definite (Cholesky pivot \(p.index + 1) is not positive)")
        }
        var u = [Double](repeating: 0, count: k * (k - 1) / 2)
        for i in 1..<Swift.max(k, 1) {
            var tail = 0.0
            var tails = [Double](repeating: 0, count: i + 1)
            for j in stride(from: i, through: 0, by: -1) { tail += l[i * k + j] * l[i * k + j]; tails[j] = tail }
            for j in 0..<i {
                let z = Swift.min(Swift.max(l[i * k + j] / tails[j].squareRoot(), -1 + 1e-16), 1 - 1e-16)
                u[TriangleOrder.byColumn.position(i, j, k)] = Glibc.atanh(z)
            }
        }
        return u
    }
}

/// Fused op: output = [x = w wᵀ (K²), log J, w (K²)], all set by forward.
struct CorrMatrixOp: GraphOperation {
    let u: Slot
    let output: Slot
    let dimension: Int
    var inputs: [Slot] { [u] }
    var tiling: Tiling { .whole }

    /// −(K − j + 1) with 1-based column j, i.e. −(K − j) with the 0-based j used here.
    private func weight(_ i: Int, _ j: Int) -> Double { -Double(dimension - j) }

    func forward(_ arena: Arena, range: Range<Int>) throws {
        let k = dimension, x = arena.value(output), w = x + (k * k + 1)
        x[k * k] = CholeskyKernels.correlationFactor(arena.value(u), w, k, order: .byColumn, weight: weight)
        CholeskyKernels.selfOuter(w, x, k)
    }

    func backward(_ arena: Arena, range: Range<Int>) {
        if u.isConstant { return }
        let k = dimension, x = arena.value(output), gx = arena.adjoint(output)
        let w = x + (k * k + 1), gw = gx + (k * k + 1)
        CholeskyKernels.selfOuterBackward(w, gx, gw, k)
        CholeskyKernels.correlationFactorBackward(arena.value(u), w, gw, gWeighted: gx[k * k], arena.adjoint(u), k,
                                                  order: .byColumn, weight: weight)
    }
}
