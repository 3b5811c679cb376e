// Ordered and positive-ordered vectors: y1 = u1 (or exp(u1)), yk = y(k-1) + exp(uk).
import StrataAutodiff
#if canImport(Glibc)
import Glibc
#endif

/// `ordered[K]`: y₁ = u₁, yₖ = yₖ₋₁ + exp(uₖ) for k > 1; log J = Σₖ₌₂ᴷ uₖ
/// (Stan reference manual, "Ordered vector"). The Jacobian is lower triangular.
public struct OrderedTransform: ParameterTransform {
    /// Creates the transform.
    public init() {}

    public func unconstrainedCount(constrainedCount: Int) -> Int { constrainedCount }

    public func constrain(_ u: Expr, constrainedCount: Int, in graph: Graph) -> (value: Expr, logJacobian: Expr) {
        recordOrdered(u, positive: false, in: graph)
    }

    /// u₁ = y₁, uₖ = log(yₖ − yₖ₋₁).
    /// - Throws: ``TransformError`` naming `variable[k]` when yₖ ≤ yₖ₋₁ or an element is not finite.
    public func unconstrain(_ y: [Double], variable: String, in graph: Graph) throws -> [Double] {
        try unconstrainOrdered(y, positive: false, variable: variable)
    }

    /// Finite and strictly increasing (as ``unconstrain(_:variable:in:)``).
    public func certainlyInSupport(_ y: UnsafeBufferPointer<Double>) -> Bool { isOrdered(y, positive: false) }
}

/// `positive_ordered[K]`: y₁ = exp(u₁), yₖ = yₖ₋₁ + exp(uₖ); log J = Σₖ uₖ
/// (Stan reference manual, "Positive ordered vector").
public struct PositiveOrderedTransform: ParameterTransform {
    /// Creates the transform.
    public init() {}

    public func unconstrainedCount(constrainedCount: Int) -> Int { constrainedCount }

    public func constrain(_ u: Expr, constrainedCount: Int, in graph: Graph) -> (value: Expr, logJacobian: Expr) {
        recordOrdered(u, positive: true, in: graph)
    }

    /// u₁ = log y₁, uₖ = log(yₖ − yₖ₋₁).
    /// - Throws: ``TransformError`` naming `variable[k]` when y₁ ≤ 0, yₖ ≤ yₖ₋₁ or an element is not finite.
    public func unconstrain(_ y: [Double], variable: String, in graph: Graph) throws -> [Double] {
        try unconstrainOrdered(y, positive: true, variable: variable)
    }

    /// Finite, positive and strictly increasing (as ``unconstrain(_:variable:in:)``).
    public func certainlyInSupport(_ y: UnsafeBufferPointer<Double>) -> Bool { isOrdered(y, positive: true) }
}

/// The conditions of `unconstrainOrdered`, checked without allocating.
private func isOrdered(_ y: UnsafeBufferPointer<Double>, positive: Bool) -> Bool {
    for k in y.indices {
        guard y[k].isFinite else { return false }
        if k == 0 ? positive && !(y[0] > 0) : !(y[k] > y[k - 1]) { return false }
    }
    return true
}

private func recordOrdered(_ u: Expr, positive: Bool, in graph: Graph) -> (value: Expr, logJacobian: Expr) {
    let n = u.count
    let out = graph.allocate(count: n + 1, isConstant: u.isConstant)
    graph.record(OrderedOp(u: u.slot, output: out, positive: positive))
    return (Expr(graph, out.view(start: 0, count: n)), Expr(graph, out.view(start: n, count: 1)))
}

private func unconstrainOrdered(_ y: [Double], positive: Bool, variable: String) throws -> [Double] {
    var u = [Double](repeating: 0, count: y.count)
    for k in 0..<y.count {
        let v = y[k]
        guard v.isFinite else { throw TransformError(variable: "\(variable)[\(k + 1)]", message: "value \(v) is not finite") }
        if k == 0 {
            if positive {
                guard v > 0 else { throw TransformError(variable: "\(variable)[1]", message: "value \(v) is not positive") }
                u[0] = Glibc.log(v)
            } else {
                u[0] = v
            }
        } else {
            guard v > y[k - 1] else {
                throw TransformError(variable: "\(variable)[\(k + 1)]",
                                     message: "value \(v) is not greater than the previous element \(y[k - 1]); the vector is not ordered")
            }
            u[k] = Glibc.log(v - y[k - 1])
        }
    }
    return u
}

/// Fused op for ordered vectors: output[0..<n] = cumulative sums, output[n] = log J (set, not added).
struct OrderedOp: GraphOperation {
    let u: Slot
    let output: Slot
    /// True for `positive_ordered` (first element exponentiated too).
    let positive: Bool
    var inputs: [Slot] { [u] }
    var tiling: Tiling { .whole }

    func forward(_ arena: Arena, range: Range<Int>) throws {
        let x = arena.value(u), y = arena.value(output)
        let n = u.count
        var logJ = 0.0
        var previous = 0.0
        for k in 0..<n {
            if k == 0 && !positive {
                previous = x[0]
            } else {
                previous += Glibc.exp(x[k])
                logJ += x[k]
            }
            y[k] = previous
        }
        y[n] = logJ
    }

    func backward(_ arena: Arena, range: Range<Int>) {
        if u.isConstant { return }
        let x = arena.value(u), gx = arena.adjoint(u), gy = arena.adjoint(output)
        let n = u.count
        let gJ = gy[n]
        // y_k depends on u_j for every j ≤ k, so u_j collects the suffix sum of output adjoints.
        var suffix = 0.0
        for j in stride(from: n - 1, through: 0, by: -1) {
            suffix += gy[j]
            if j == 0 && !positive {
                gx[0] += suffix
            } else {
                gx[j] += suffix * Glibc.exp(x[j]) + gJ
            }
        }
    }
}
