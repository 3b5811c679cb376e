// What each argument of a scalar family must satisfy, and the wording of the error when it does not.

/// A condition on one element of a family argument.
public enum Requirement: Sendable {
    case any, finite, notNaN, positiveFinite, nonnegativeFinite, nonnegative, positive, openUnit, closedUnit, binary
    /// An angle in [−π, π] (the von Mises CDFs' outcome).
    case angle

    /// The condition as it reads in an error message ("positive and finite").
    public var text: String {
        switch self {
        case .any: return "a number"
        case .finite: return "finite"
        case .notNaN: return "not NaN"
        case .positiveFinite: return "positive and finite"
        case .nonnegativeFinite: return "nonnegative and finite"
        case .nonnegative: return "nonnegative"
        case .positive: return "positive"
        case .openUnit: return "in (0, 1)"
        case .closedUnit: return "in [0, 1]"
        case .binary: return "0 or 1"
        case .angle: return "in [-pi, pi]"
        }
    }

    /// True if `v` satisfies the condition (NaN satisfies only `.any`).
    @inlinable public func holds(_ v: Double) -> Bool {
        switch self {
        case .any: return true
        case .finite: return v.isFinite
        case .notNaN: return !v.isNaN
        case .positiveFinite: return v > 0 && v.isFinite
        case .nonnegativeFinite: return v >= 0 && v.isFinite
        case .nonnegative: return v >= 0
        case .positive: return v > 0
        case .openUnit: return v > 0 && v < 1
        case .closedUnit: return v >= 0 && v <= 1
        case .binary: return v == 0 || v == 1
        case .angle: return v >= -Double.pi && v <= Double.pi
        }
    }
}

/// One argument of a scalar family (index 0 is the outcome): its name in error messages and its constraint.
public struct FamilyArgument: Sendable {
    /// Name used in messages ("scale", "random variable").
    public let name: String
    /// What every element must satisfy.
    public let requirement: Requirement
    /// Integer data only (counts, discrete outcomes): must be data, integers ≥ `minimum`.
    public let integerMinimum: Double?

    /// A real argument that may depend on parameters.
    public static func real(_ name: String, _ requirement: Requirement) -> FamilyArgument {
        FamilyArgument(name: name, requirement: requirement, integerMinimum: nil)
    }

    /// An integer argument that must be data (≥ `minimum`), with an optional further requirement.
    public static func integer(_ name: String, minimum: Double = 0, _ requirement: Requirement = .any) -> FamilyArgument {
        FamilyArgument(name: name, requirement: requirement, integerMinimum: minimum)
    }
}

/// A condition that ties several arguments of one element together (uniform's y ∈ [a, b], binomial's n ≤ N).
public struct FamilyRelation: Sendable {
    /// The arguments the condition reads (it is checked at build time when all are data, else per evaluation).
    public let arguments: [Int]
    /// Returns nil when the element is fine, else the argument to blame and what it must be.
    public let violation: @Sendable (FamilyPoint) -> (argument: Int, requirement: String)?

    /// Creates a relation over `arguments`.
    public init(_ arguments: [Int], _ violation: @escaping @Sendable (FamilyPoint) -> (argument: Int, requirement: String)?) {
        self.arguments = arguments
        self.violation = violation
    }
}
