// The standard normal distribution, expressed through the fused normal kernel.
import StrataAutodiff

public extension Graph {
    /// Σ log N(y | 0, 1) (Stan's `std_normal_lpdf`): −½ y² − ½ log 2π per element; with `propto`
    /// the constant −½ log 2π is dropped (and everything when y is data).
    func stdNormalLpdf(_ y: Expr, propto: Bool = false) -> Expr {
        normalLpdf(y, constant(0), constant(1), propto: propto)
    }
}
