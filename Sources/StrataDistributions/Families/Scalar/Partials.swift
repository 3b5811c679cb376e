// A family's partial derivatives at one element, written positionally (outcome first).

/// The partials (∂/∂x₀, ∂/∂x₁, ...) of a term; unnamed arguments are 0.
@inline(__always) func partials(_ a: Double, _ b: Double = 0, _ c: Double = 0, _ d: Double = 0) -> FamilyPoint {
    FamilyPoint(lowHalf: SIMD4(a, b, c, d), highHalf: .zero)
}

/// ½ log 2π, log π and ½ log π: the constants of the location-scale families.
enum LogConstants {
    static let halfLog2Pi = 0.9189385332046727
    static let logPi = 1.1447298858494002
    static let halfLogPi = 0.5723649429247001
    static let sqrtHalf = 0.7071067811865476
}
