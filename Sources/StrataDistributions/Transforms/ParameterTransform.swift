// The protocol for constraint transforms: unconstrained block -> constrained value plus log-Jacobian.
import StrataAutodiff
import StrataCore

/// Maps an unconstrained parameter block onto a constrained set (Stan reference manual,
/// "Constraint Transforms"), adding log |det J| so the sampler sees the right density.
public protocol ParameterTransform {
    /// Number of unconstrained values needed for a constrained value of `constrainedCount` elements
    /// (equal for elementwise bounds; K-1 for a K-simplex; K(K-1)/2 for a K×K Cholesky factor of a
    /// correlation matrix, whose constrained count is K²).
    func unconstrainedCount(constrainedCount: Int) -> Int

    /// Records the transform in `graph`.
    /// - Parameters:
    ///   - u: the unconstrained block (`unconstrainedCount` elements).
    ///   - constrainedCount: number of constrained elements to produce.
    /// - Returns: the constrained value and the scalar log |det J|.
    func constrain(_ u: Expr, constrainedCount: Int, in graph: Graph) -> (value: Expr, logJacobian: Expr)

    /// Inverse transform on plain numbers, for user-supplied initial values.
    /// - Throws: ``TransformError`` if `y` lies outside the support (naming `variable`).
    func unconstrain(_ y: [Double], variable: String, in graph: Graph) throws -> [Double]

    /// Checks that `y` lies in the support (used to validate data declared with constraints).
    func validate(_ y: [Double], variable: String, in graph: Graph) throws

    /// True when `y` certainly lies in the support, decided without allocating (the per-gradient checks of
    /// transformed parameters run it first); false when it may not, and ``validate(_:variable:in:)`` decides
    /// (and names what is wrong). Must never be true for a value ``validate(_:variable:in:)`` rejects.
    func certainlyInSupport(_ y: UnsafeBufferPointer<Double>) -> Bool
}

/// A value outside a constraint's support.
public struct TransformError: Error, CustomStringConvertible, Equatable {
    /// The variable's name (with a 1-based element index where relevant).
    public let variable: String
    /// What was wrong.
    public let message: String

    /// Creates an error.
    public init(variable: String, message: String) { self.variable = variable; self.message = message }

    public var description: String { "\(variable): \(message)" }
}

public extension ParameterTransform {
    /// Default support check: unconstrain and discard.
    func validate(_ y: [Double], variable: String, in graph: Graph) throws {
        _ = try unconstrain(y, variable: variable, in: graph)
    }

    /// No quick check: ``validate(_:variable:in:)`` always decides.
    func certainlyInSupport(_ y: UnsafeBufferPointer<Double>) -> Bool { false }
}

/// Σ y in index order (the order the support checks' error paths sum in), or nil when an element is not finite
/// or fails `accept`.
@inline(__always) func finiteSum(_ y: UnsafeBufferPointer<Double>, square: Bool = false,
                                 accept: (Double) -> Bool = { _ in true }) -> Double? {
    var total = 0.0
    for v in y {
        guard v.isFinite && accept(v) else { return nil }
        total += square ? v * v : v
    }
    return total}

/// Reads the numeric values of a constant (data) bound for use outside the graph.
public func constantValues(of bound: Expr, variable: String) throws -> [Double] {
    guard bound.isConstant else {
        throw TransformError(variable: variable, message: "bound depends on parameters; cannot check or invert it outside the model")
    }
    let values = bound.graph.initialValues
    return Array(values[bound.slot.range])
}

/// Element i of a bound that is either a scalar (broadcast) or a vector.
@inline(__always) func element(_ values: [Double], _ i: Int) -> Double { values.count == 1 ? values[0] : values[i] }
