// Cumulative distribution functions of scalar families: log CDF and log complementary CDF with partials.

/// A scalar family with a CDF (Stan's `_lcdf`, `_lccdf`, `_cdf`, and truncation `T[L, U]`).
public protocol ScalarCDF: ScalarFamily {
    /// log P(Y ≤ y) at one element and its partials with respect to every argument.
    static func logCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint)
    /// log P(Y > y) at one element and its partials.
    static func logCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint)
    /// What the outcome must be in the CDFs, where Stan is often wider than in the density (y = 0 for gamma_lcdf, so
    /// that `T[0, ]` works); default the density's requirement.
    static var cdfOutcome: Requirement { get }
    /// Indices of the family's relations that also hold in the CDFs (default: none).
    static var cdfRelations: [Int] { get }
}

public extension ScalarCDF {
    static var cdfOutcome: Requirement { arguments[0].requirement }
    static var cdfRelations: [Int] { [] }
    /// Every argument's requirement in the CDFs, outcome first.
    static var cdfRequirements: [Requirement] { [cdfOutcome] + arguments.dropFirst().map(\.requirement) }
}

/// A CDF of zero (log −∞, no gradient) and of one (log 0).
let logZero = (value: -Double.infinity, gradient: FamilyPoint()), logOne = (value: 0.0, gradient: FamilyPoint())

/// The chain rule for location-scale families: partials of f(z), z = (y − μ)/σ, from df/dz.
@inline(__always) func locationScalePartials(_ dz: Double, z: Double, sigma: Double, location: Int = 1, scale: Int = 2) -> FamilyPoint {
    var g = FamilyPoint()
    g[0] = dz / sigma
    g[location] = -dz / sigma
    g[scale] = -dz * z / sigma
    return g
}
