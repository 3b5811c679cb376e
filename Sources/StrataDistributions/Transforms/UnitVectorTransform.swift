// Unit vectors: x = u / |u|, with Stan's -|u|²/2 term included in the log-Jacobian slot.
import StrataAutodiff
import StrataCore

/// `unit_vector[K]`: x = u / ‖u‖ (Stan reference manual, "Unit vector").
///
/// The map from ℝᴷ to the sphere has no Jacobian determinant; Stan instead adds −½ ‖u‖² to the
/// target so that u has a standard normal radial part and the density over the sphere is
/// unchanged. This transform reports that term as its log-Jacobian, so callers add it exactly as
/// they add every other transform's log-Jacobian (and drop it exactly where Stan does, i.e. not in
/// optimisation without Jacobian). u = 0 raises a domain error.
public struct UnitVectorTransform: ParameterTransform {
    /// Tolerance on |‖x‖² − 1| when checking or inverting (Stan's CONSTRAINT_TOLERANCE).
    public static let tolerance = 1e-8

    /// Creates the transform.
    public init() {}

    public func unconstrainedCount(constrainedCount: Int) -> Int { constrainedCount }

    public func constrain(_ u: Expr, constrainedCount: Int, in graph: Graph) -> (value: Expr, logJacobian: Expr) {
        if u.count != constrainedCount || u.count == 0 {
            graph.fail("unit_vector[\(constrainedCount)] needs \(constrainedCount) ≥ 1 unconstrained values, got \(u.count)")
        }
        let out = graph.allocate(count: u.count + 1, isConstant: u.isConstant)
        graph.record(UnitVectorOp(u: u.slot, output: out))
        return (Expr(graph, out.view(start: 0, count: u.count)), Expr(graph, out.view(start: u.count, count: 1)))
    }

    /// Returns x itself (Stan's `unit_vector_free`), after checking it has unit length.
    /// - Throws: ``TransformError`` naming `variable[i]` for a non-finite element, or `variable`
    ///   when ‖x‖² differs from 1 by more than ``tolerance``.
    public func unconstrain(_ y: [Double], variable: String, in graph: Graph) throws -> [Double] {
        var norm2 = 0.0
        for (i, v) in y.enumerated() {
            guard v.isFinite else { throw TransformError(variable: "\(variable)[\(i + 1)]", message: "value \(v) is not finite") }
            norm2 += v * v
        }
        guard Swift.abs(norm2 - 1) <= Self.tolerance else {
            throw TransformError(variable: variable, message: "squared length is \(norm2), not 1; not a unit vector")
        }
        return y
    }

    /// Finite with squared length 1 within ``tolerance`` (as ``unconstrain(_:variable:in:)``).
    public func certainlyInSupport(_ y: UnsafeBufferPointer<Double>) -> Bool {
        guard let norm2 = finiteSum(y, square: true) else { return false }
        return Swift.abs(norm2 - 1) <= Self.tolerance
    }
}

/// Fused op: output[0..<n] = u/‖u‖, output[n] = −½‖u‖² (set, not added).
struct UnitVectorOp: GraphOperation {
    let u: Slot
    let output: Slot
    var inputs: [Slot] { [u] }
    var tiling: Tiling { .whole }

    func forward(_ arena: Arena, range: Range<Int>) throws {
        let y = arena.value(u), x = arena.value(output), n = u.count
        var r2 = 0.0
        for i in 0..<n { r2 += y[i] * y[i] }
        guard r2 > 0 && r2.isFinite else {
            throw LogDensityError.domain(variable: "unit_vector", message: "unconstrained vector has squared length \(r2)")
        }
        let inv = 1 / r2.squareRoot()
        for i in 0..<n { x[i] = y[i] * inv }
        x[n] = -0.5 * r2
    }

    func backward(_ arena: Arena, range: Range<Int>) {
        if u.isConstant { return }
        let y = arena.value(u), x = arena.value(output), gx = arena.adjoint(output), gu = arena.adjoint(u)
        let n = u.count
        var r2 = 0.0, dot = 0.0
        for i in 0..<n { r2 += y[i] * y[i]; dot += x[i] * gx[i] }
        let inv = 1 / r2.squareRoot(), gJ = gx[n]
        // d x / d u = (I − x xᵀ)/r; d(−r²/2)/d u = −u.
        for i in 0..<n { gu[i] += (gx[i] - x[i] * dot) * inv - gJ * y[i] }
    }
}
