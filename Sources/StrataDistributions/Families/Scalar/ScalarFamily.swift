// What a univariate family is: its arguments' constraints, its log density as a sum of terms, and their partials.

/// The values of every argument of a family at one broadcast element (index 0 = outcome).
public typealias FamilyPoint = SIMD8<Double>

/// One additive term of a log density and the arguments it reads.
///
/// Under `propto` (Stan's `~`) a term is dropped when every argument it reads is data. A term may be
/// `weighted`: its value is `weight(x) · term(x)` where the weight reads only data arguments (counts);
/// when the rest of the term reads only broadcast scalars, the kernel sums the weights and evaluates the
/// term once (n log λ with a scalar λ costs one log).
public struct FamilyTerm: Sendable {
    /// Arguments the term reads (weight included).
    public let dependsOn: [Int]
    /// Data arguments the weight reads; empty for an unweighted term.
    public let weightReads: [Int]

    /// A term reading `arguments`.
    public init(_ arguments: Int..., weightedBy weightReads: [Int] = []) {
        self.dependsOn = arguments
        self.weightReads = weightReads
    }
}

/// A univariate distribution family, described by what differs between families; ``ScalarFamilyOp``
/// and ``Graph/scalarFamilyLogDensity(_:_:propto:)`` do the slots, broadcasting, checks and messages.
public protocol ScalarFamily {
    /// Stan's name ("student_t").
    static var name: String { get }
    /// Stan's names of the arguments after the outcome, in order ("nu", "mu", "sigma").
    static var parameterNames: [String] { get }
    /// Every argument, outcome first, with its constraint.
    static var arguments: [FamilyArgument] { get }
    /// Conditions across arguments (default: none).
    static var relations: [FamilyRelation] { get }
    /// The log density's additive terms.
    static var terms: [FamilyTerm] { get }
    /// Term `k` at one element (without its weight, for a weighted term).
    static func term(_ k: Int, _ x: FamilyPoint) -> Double
    /// The partial derivatives of term `k` (without its weight) with respect to every argument.
    static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint
    /// The weight of a weighted term `k` (default 1).
    static func weight(_ k: Int, _ x: FamilyPoint) -> Double
}

public extension ScalarFamily {
    static var relations: [FamilyRelation] { [] }
    static func weight(_ k: Int, _ x: FamilyPoint) -> Double { 1 }
    /// True for families of integer outcomes (`_lpmf`).
    static var isDiscrete: Bool { arguments[0].integerMinimum != nil }
}
