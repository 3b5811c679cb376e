// Cumulative distribution functions of scalar families: log CDF and log complementary CDF with partials.

/// A scalar family with a CDF (Stan's `_lcdf`, `_lccdf`, `_cdf`, and truncation `T[L, U]`).
public protocol ScalarCDF: ScalarFamily {
    /// log P(Y ≤ y) at one element and its partials with respect to every argument.
    static func logCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint)
    /// log P(Y > y) at one element and its partials.
    static func logCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint)
    /// Arguments that must be data in the CDFs (whose partials Strata does not compute); default none.
    static var cdfDataArguments: [Int] { get }
}

public extension ScalarCDF {
    static var cdfDataArguments: [Int] { [] }
}

/// The chain rule for location-scale families: partials of f(z), z = (y − μ)/σ, from df/dz.
@inline(__always) func locationScalePartials(_ dz: Double, z: Double, sigma: Double, location: Int = 1, scale: Int = 2) -> FamilyPoint {
    var g = FamilyPoint()
    g[0] = dz / sigma
    g[location] = -dz / sigma
    g[scale] = -dz * z / sigma
    return g
}
