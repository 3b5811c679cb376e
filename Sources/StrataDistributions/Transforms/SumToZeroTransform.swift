// Sum-to-zero vectors from K-1 unconstrained values through the orthonormal Helmert basis (isometric log ratio).
import StrataAutodiff

/// `sum_to_zero_vector[K]` (Stan 2.36+, reference manual "Zero sum vector"): x = V u, with V the
/// K×(K−1) Helmert (pivot-coordinate) basis of the sum-to-zero subspace, so Σ x = 0 and the
/// unconstrained coordinates are independent with equal variance.
///
/// The map is linear; its Jacobian determinant (for the first K − 1 coordinates, 1/√K) is constant,
/// and, as in Stan, log J is reported as 0.
public struct SumToZeroTransform: ParameterTransform {
    /// Tolerance on |Σ x| when checking or inverting (Stan's CONSTRAINT_TOLERANCE).
    public static let tolerance = 1e-8

    /// Creates the transform.
    public init() {}

    public func unconstrainedCount(constrainedCount: Int) -> Int { max(constrainedCount - 1, 0) }

    public func constrain(_ u: Expr, constrainedCount: Int, in graph: Graph) -> (value: Expr, logJacobian: Expr) {
        let k = constrainedCount
        guard k >= 1, u.count == k - 1 else {
            graph.fail("sum_to_zero_vector[\(k)] needs \(max(k - 1, 0)) unconstrained values, got \(u.count)")
            return (Expr(graph, graph.allocate(count: max(k, 0), isConstant: true)), graph.constant(0))
        }
        let out = graph.allocate(count: k + 1, isConstant: u.isConstant)
        graph.record(SumToZeroOp(u: u.slot, output: out))
        return (Expr(graph, out.view(start: 0, count: k)), Expr(graph, out.view(start: k, count: 1)))
    }

    /// u = Vᵀ x.
    /// - Throws: ``TransformError`` naming `variable[i]` for a non-finite element, or `variable` when
    ///   |Σ x| exceeds ``tolerance``.
    public func unconstrain(_ y: [Double], variable: String, in graph: Graph) throws -> [Double] {
        var total = 0.0
        for (i, v) in y.enumerated() {
            guard v.isFinite else { throw TransformError(variable: "\(variable)[\(i + 1)]", message: "value \(v) is not finite") }
            total += v
        }
        guard Swift.abs(total) <= Self.tolerance else {
            throw TransformError(variable: variable, message: "elements sum to \(total), not 0; not a sum-to-zero vector")
        }
        return Helmert.coordinates(of: y)
    }

    /// Finite and summing to 0 within ``tolerance`` (as ``unconstrain(_:variable:in:)``).
    public func certainlyInSupport(_ y: UnsafeBufferPointer<Double>) -> Bool {
        guard let total = finiteSum(y) else { return false }
        return Swift.abs(total) <= Self.tolerance
    }
}

/// The orthonormal Helmert basis V (K×(K−1)) of {x : Σ x = 0}: column i (1-based) has 1/√(i(i+1))
/// in rows 1…i and −i/√(i(i+1)) in row i + 1.
enum Helmert {
    /// z = V y for y of length K − 1 (z has K elements, written not added). O(K).
    static func expand(_ y: UnsafePointer<Double>, into z: UnsafeMutablePointer<Double>, count k: Int) {
        for i in 0..<k { z[i] = 0 }
        var tail = 0.0
        for i in stride(from: k - 1, through: 1, by: -1) {
            let w = y[i - 1] / Double(i * (i + 1)).squareRoot()
            tail += w
            z[i - 1] += tail
            z[i] -= Double(i) * w
        }
    }

    /// Adds Vᵀ g to `out` (length K − 1), where g(j) gives element j of a K-vector. O(K).
    @inline(__always)
    static func addTransposed(count k: Int, into out: UnsafeMutablePointer<Double>, _ g: (Int) -> Double) {
        var prefix = 0.0
        for i in 1..<Swift.max(k, 1) {
            prefix += g(i - 1)
            out[i - 1] += (prefix - Double(i) * g(i)) / Double(i * (i + 1)).squareRoot()
        }
    }

    /// Vᵀ x as a new array (for inverse transforms on plain numbers).
    static func coordinates(of x: [Double]) -> [Double] {
        let k = x.count
        if k <= 1 { return [] }
        var u = [Double](repeating: 0, count: k - 1)
        u.withUnsafeMutableBufferPointer { out in
            x.withUnsafeBufferPointer { px in addTransposed(count: k, into: out.baseAddress!) { px[$0] } }
        }
        return u
    }
}

/// Fused op: output[0..<K] = V u, output[K] = 0.
struct SumToZeroOp: GraphOperation {
    let u: Slot
    let output: Slot
    var inputs: [Slot] { [u] }
    var tiling: Tiling { .whole }

    func forward(_ arena: Arena, range: Range<Int>) throws {
        let k = u.count + 1, x = arena.value(output)
        Helmert.expand(arena.value(u), into: x, count: k)
        x[k] = 0
    }

    func backward(_ arena: Arena, range: Range<Int>) {
        if u.isConstant { return }
        let gx = arena.adjoint(output)
        Helmert.addTransposed(count: u.count + 1, into: arena.adjoint(u)) { gx[$0] }
    }
}
