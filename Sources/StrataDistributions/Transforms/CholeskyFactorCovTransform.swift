// M×N Cholesky factor of a covariance matrix: lower triangular with positive (log-transformed) diagonal.
import StrataAutodiff
#if canImport(Glibc)
import Glibc
#endif

/// `cholesky_factor_cov[M, N]` (M ≥ N): lower triangular with positive diagonal (Stan reference
/// manual, "Cholesky factors of covariance matrices").
///
/// The N(N+1)/2 + (M−N)N unconstrained values fill the factor **by row**: for each of the first N
/// rows its below-diagonal entries and then the log of its diagonal entry, then the remaining M − N
/// rows in full. log J = Σₙ log xₙₙ = Σ of the unconstrained diagonal values.
///
/// The constrained value is the M×N matrix in row-major order.
public struct CholeskyFactorCovTransform: ParameterTransform {
    /// Number of rows M.
    public let rows: Int
    /// Number of columns N (≤ M).
    public let columns: Int

    /// Creates the transform for an M×N factor.
    /// - Parameters:
    ///   - rows: M.
    ///   - columns: N, at most M; defaults to M (square).
    public init(rows: Int, columns: Int? = nil) { self.rows = rows; self.columns = columns ?? rows }

    /// N(N+1)/2 + (M−N)N.
    public func unconstrainedCount(constrainedCount: Int) -> Int {
        columns * (columns + 1) / 2 + (rows - columns) * columns
    }

    public func constrain(_ u: Expr, constrainedCount: Int, in graph: Graph) -> (value: Expr, logJacobian: Expr) {
        let need = unconstrainedCount(constrainedCount: constrainedCount)
        guard rows >= columns, columns >= 0, constrainedCount == rows * columns, u.count == need else {
            graph.fail("cholesky_factor_cov[\(rows), \(columns)] needs M ≥ N, \(rows * columns) elements and \(need) unconstrained values; got \(constrainedCount) elements from \(u.count)")
            return (Expr(graph, graph.allocate(count: constrainedCount, isConstant: true)), graph.constant(0))
        }
        let out = graph.allocate(count: rows * columns + 1, isConstant: u.isConstant)
        graph.record(CholeskyCovOp(u: u.slot, output: out, rows: rows, columns: columns))
        return (Expr(graph, out.view(start: 0, count: rows * columns)), Expr(graph, out.view(start: rows * columns, count: 1)))
    }

    /// Inverse transform.
    /// - Throws: ``TransformError`` naming `variable[i,j]` for a wrong size, a non-zero element above
    ///   the diagonal, a non-positive diagonal or a non-finite element.
    public func unconstrain(_ y: [Double], variable: String, in graph: Graph) throws -> [Double] {
        guard y.count == rows * columns else {
            throw TransformError(variable: variable, message: "has \(y.count) elements; expected \(rows)×\(columns)")
        }
        var u: [Double] = []
        for i in 0..<rows {
            for j in 0..<columns {
                let v = y[i * columns + j], name = "\(variable)[\(i + 1),\(j + 1)]"
                guard v.isFinite else { throw TransformError(variable: name, message: "value \(v) is not finite") }
                if j > i && v != 0 { throw TransformError(variable: name, message: "value \(v) above the diagonal; not lower triangular") }
                if j == i && !(v > 0) { throw TransformError(variable: name, message: "diagonal value \(v) is not positive") }
                if j < i { u.append(v) } else if j == i { u.append(Glibc.log(v)) }
            }
        }
        return u
    }
}

/// Fused op: output[0..<M·N] = factor (row-major), output[M·N] = log J (set, not added).
struct CholeskyCovOp: GraphOperation {
    let u: Slot
    let output: Slot
    let rows: Int, columns: Int
    var inputs: [Slot] { [u] }
    var tiling: Tiling { .whole }

    func forward(_ arena: Arena, range: Range<Int>) throws {
        let y = arena.value(u), x = arena.value(output)
        var p = 0, logJ = 0.0
        for i in 0..<rows {
            for j in 0..<columns {
                if j < i { x[i * columns + j] = y[p]; p += 1 }
                else if j == i { x[i * columns + j] = Glibc.exp(y[p]); logJ += y[p]; p += 1 }
                else { x[i * columns + j] = 0 }
            }
        }
        x[rows * columns] = logJ
    }

    func backward(_ arena: Arena, range: Range<Int>) {
        if u.isConstant { return }
        let x = arena.value(output), gx = arena.adjoint(output), gu = arena.adjoint(u)
        let gJ = gx[rows * columns]
        var p = 0
        for i in 0..<rows {
            for j in 0..<Swift.min(i + 1, columns) {
                let e = i * columns + j
                gu[p] += j < i ? gx[e] : gx[e] * x[e] + gJ
                p += 1
            }
        }
    }
}
