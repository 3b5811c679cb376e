// The continuous uniform distribution: log density term, partials and argument constraints.
import StrataAutodiff
import Glibc

/// Stan's `uniform_lpdf(y | a, b)`: −log(b − a) for a ≤ y ≤ b. A point outside [a, b] is a domain error
/// (a rejected proposal) when it depends on parameters and a build error when it is data.
public enum UniformFamily: ScalarFamily {
    public static let name = "uniform"
    public static let parameterNames = ["alpha", "beta"]
    public static let arguments: [FamilyArgument] = [.real("random variable", .any), .real("lower bound", .finite), .real("upper bound", .finite)]
    public static let relations = [
        FamilyRelation([1, 2]) { x in x[2] > x[1] ? nil : (2, "greater than the lower bound \(x[1])") },
        FamilyRelation([0, 1, 2]) { x in x[0] >= x[1] && x[0] <= x[2] ? nil : (0, "in [\(x[1]), \(x[2])]") },
    ]
    public static let terms = [FamilyTerm(1, 2)]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double { -log(x[2] - x[1]) }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let inv = 1 / (x[2] - x[1])
        return partials(0, inv, -inv)
    }
}

public extension Graph {
    /// Σ log Uniform(y | a, b); with `propto` drops terms constant in the parameters (as `~` does).
    func uniformLpdf(_ y: Expr, _ a: Expr, _ b: Expr, propto: Bool = false) -> Expr {
        scalarFamilyLogDensity(UniformFamily.self, [y, a, b], propto: propto)
    }
}
