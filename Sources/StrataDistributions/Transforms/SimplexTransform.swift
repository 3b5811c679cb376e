// Unit K-simplex from K-1 unconstrained values: Stan's current ILR (softmax of sum-to-zero) or the older stick-breaking.
import StrataAutodiff
#if canImport(Glibc)
import Glibc
#endif

/// `simplex[K]`: K positive values summing to 1, from K − 1 unconstrained values.
///
/// Two constructions are available:
/// - ``Method-swift.enum/isometricLogRatio`` (the default) is the transform of the current Stan
///   reference manual (Stan 2.37+, "Unit simplex"): z = sum_to_zero(u) through the Helmert
///   (pivot-coordinate) basis, x = softmax(z). Its log-Jacobian, for the map from u to the first
///   K − 1 coordinates of x, is Σₖ log xₖ + ½ log K: softmax restricted to the log ratios
///   zₖ − z_K contributes Πₖ xₖ (the manual's derivation), and the linear map u ↦ (zₖ − z_K)ₖ₍K
///   has determinant √K (the ILR reference implementation adds the same constant).
/// - ``Method-swift.enum/stickBreaking`` is the centred stick-breaking transform that Stan used up
///   to 2.36 (reference manual 2.36, "Unit simplex"): zₖ = logit⁻¹(uₖ − log(K − k)),
///   xₖ = (1 − Σⱼ₍ₖ xⱼ) zₖ, x_K = the rest; log J = Σₖ [log(1 − Σⱼ₍ₖ xⱼ) + log zₖ + log(1 − zₖ)].
///
/// Both map u = 0 to the uniform simplex (1/K, …, 1/K). The two give different unconstrained
/// coordinates for the same simplex, so initial values round-trip only within one method.
public struct SimplexTransform: ParameterTransform {
    /// Which bijection to use.
    public enum Method: Sendable {
        /// Softmax of the isometric-log-ratio sum-to-zero vector (Stan 2.37+).
        case isometricLogRatio
        /// Centred stick-breaking (Stan ≤ 2.36).
        case stickBreaking
    }

    /// The construction in use.
    public let method: Method
    /// Tolerance on |Σ x − 1| when checking or inverting a simplex (Stan's CONSTRAINT_TOLERANCE).
    public static let sumTolerance = 1e-8

    /// Creates the transform.
    /// - Parameter method: the construction; defaults to the current Stan transform.
    public init(method: Method = .isometricLogRatio) { self.method = method }

    public func unconstrainedCount(constrainedCount: Int) -> Int { max(constrainedCount - 1, 0) }

    public func constrain(_ u: Expr, constrainedCount: Int, in graph: Graph) -> (value: Expr, logJacobian: Expr) {
        let k = constrainedCount
        if k < 1 { graph.fail("a simplex needs at least 1 element, got \(k)") }
        if u.count != unconstrainedCount(constrainedCount: k) {
            graph.fail("simplex[\(k)] needs \(max(k - 1, 0)) unconstrained values, got \(u.count)")
        }
        let size = max(k, 1)
        let out = graph.allocate(count: size + 1, isConstant: u.isConstant)
        let input = u.count == size - 1 ? u.slot : u.slot.view(start: 0, count: min(u.count, size - 1))
        switch method {
        case .isometricLogRatio: graph.record(SimplexILROp(u: input, output: out))
        case .stickBreaking: graph.record(SimplexStickBreakingOp(u: input, output: out))
        }
        return (Expr(graph, out.view(start: 0, count: size)), Expr(graph, out.view(start: size, count: 1)))
    }

    /// Inverse transform.
    /// - Throws: ``TransformError`` naming `variable[k]` for a non-positive or non-finite element,
    ///   or `variable` when the elements do not sum to 1 within ``sumTolerance``.
    public func unconstrain(_ y: [Double], variable: String, in graph: Graph) throws -> [Double] {
        try check(y, variable: variable, allowZero: false)
        let k = y.count
        if k <= 1 { return [] }
        switch method {
        case .isometricLogRatio:
            var z = y.map { Glibc.log($0) }
            let mean = z.reduce(0, +) / Double(k)
            for i in 0..<k { z[i] -= mean }
            return Helmert.coordinates(of: z)
        case .stickBreaking:
            // logit(zᵢ) = log xᵢ − log Σⱼ₎ᵢ xⱼ; tail sums avoid subtracting from the stick.
            var u = [Double](repeating: 0, count: k - 1)
            var tail = y[k - 1]
            for i in stride(from: k - 2, through: 0, by: -1) {
                u[i] = Glibc.log(y[i]) - Glibc.log(tail) + Glibc.log(Double(k - 1 - i))
                tail += y[i]
            }
            return u
        }
    }

    /// Checks that every element is non-negative and finite and that they sum to 1 within ``sumTolerance``.
    /// - Throws: ``TransformError`` naming the offending element or the variable.
    public func validate(_ y: [Double], variable: String, in graph: Graph) throws {
        try check(y, variable: variable, allowZero: true)
    }

    /// Non-empty, finite, non-negative and summing to 1 within ``sumTolerance`` (as ``validate(_:variable:in:)``).
    public func certainlyInSupport(_ y: UnsafeBufferPointer<Double>) -> Bool {
        guard !y.isEmpty, let total = finiteSum(y, accept: { $0 >= 0 }) else { return false }
        return Swift.abs(total - 1) <= SimplexTransform.sumTolerance
    }

    private func check(_ y: [Double], variable: String, allowZero: Bool) throws {
        if y.isEmpty { throw TransformError(variable: variable, message: "a simplex needs at least 1 element") }
        var total = 0.0
        for (i, v) in y.enumerated() {
            guard v.isFinite && (allowZero ? v >= 0 : v > 0) else {
                throw TransformError(variable: "\(variable)[\(i + 1)]",
                                     message: "value \(v) is not \(allowZero ? "non-negative" : "positive"); not a simplex")
            }
            total += v
        }
        guard Swift.abs(total - 1) <= SimplexTransform.sumTolerance else {
            throw TransformError(variable: variable, message: "elements sum to \(total), not 1 (tolerance \(SimplexTransform.sumTolerance)); not a simplex")
        }
    }
}
