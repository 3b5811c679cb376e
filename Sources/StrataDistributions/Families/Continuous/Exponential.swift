// The exponential distribution: log density terms, partials and argument constraints.
import StrataAutodiff
import Glibc

/// Stan's `exponential_lpdf(y | β)`: log β − β y for y ≥ 0.
public enum ExponentialFamily: ScalarFamily {
    public static let name = "exponential"
    public static let parameterNames = ["beta"]
    public static let arguments: [FamilyArgument] = [.real("random variable", .nonnegative), .real("inverse scale", .positiveFinite)]
    public static let terms = [FamilyTerm(0, 1), FamilyTerm(1)]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double { k == 0 ? -x[1] * x[0] : log(x[1]) }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        k == 0 ? partials(-x[1], -x[0]) : partials(0, 1 / x[1])
    }
}

public extension Graph {
    /// Σ log Exponential(y | β) (rate β); with `propto` drops terms constant in the parameters.
    func exponentialLpdf(_ y: Expr, _ beta: Expr, propto: Bool = false) -> Expr {
        scalarFamilyLogDensity(ExponentialFamily.self, [y, beta], propto: propto)
    }
}
