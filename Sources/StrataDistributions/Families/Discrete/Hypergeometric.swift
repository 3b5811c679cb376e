// The hypergeometric distribution: successes in draws without replacement, over data counts only.
import StrataAutodiff
import Glibc

/// Stan's `hypergeometric_lpmf(n | N, a, b)`: n successes in N draws without replacement from a successes and
/// b failures, log C(a, n) + log C(b, N − n) − log C(a + b, N). Every argument is an integer, so it has no partials.
public enum HypergeometricFamily: ScalarFamily {
    public static let name = "hypergeometric"
    public static let parameterNames = ["N", "a", "b"]
    public static let arguments: [FamilyArgument] = [.integer("successes drawn"), .integer("draws"), .integer("successes"),
                                                     .integer("failures")]
    public static let relations = [
        FamilyRelation([0, 2]) { x in x[0] <= x[2] ? nil : (0, "at most the successes a (\(x[2]))") },
        FamilyRelation([0, 1]) { x in x[0] <= x[1] ? nil : (0, "at most the draws N (\(x[1]))") },
        FamilyRelation([0, 1, 3]) { x in x[1] - x[0] <= x[3] ? nil : (0, "at least N − b (\(x[1] - x[3]))") },
    ]
    public static let terms = [FamilyTerm(0, 1, 2, 3)]

    static func logChoose(_ n: Double, _ k: Double) -> Double { lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1) }

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        logChoose(x[2], x[0]) + logChoose(x[3], x[1] - x[0]) - logChoose(x[2] + x[3], x[1])
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint { FamilyPoint() }
}
