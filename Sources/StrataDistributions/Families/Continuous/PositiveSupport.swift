// Families on the positive reals with shape/scale arguments: Weibull, Fréchet, Rayleigh, Pareto and Pareto type II.
import StrataAutodiff
import Glibc

/// Stan's `weibull_lpdf(y | α, σ)`: log α + (α−1) log y − α log σ − (y/σ)^α for y ≥ 0.
public enum WeibullFamily: ScalarFamily {
    public static let name = "weibull"
    public static let parameterNames = ["alpha", "sigma"]
    public static let arguments: [FamilyArgument] = [.real("random variable", .nonnegativeFinite), .real("shape", .positiveFinite),
                                                     .real("scale", .positiveFinite)]
    public static let terms = [FamilyTerm(1), FamilyTerm(0, 1), FamilyTerm(1, 2), FamilyTerm(0, 1, 2)]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        let y = x[0], a = x[1], s = x[2]
        switch k {
        case 0: return log(a)
        case 1: return (a - 1) * log(y)
        case 2: return -a * log(s)
        default: return -pow(y / s, a)
        }
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let y = x[0], a = x[1], s = x[2]
        switch k {
        case 0: return partials(0, 1 / a)
        case 1: return partials((a - 1) / y, log(y))
        case 2: return partials(0, -log(s), -a / s)
        default:
            let p = pow(y / s, a)
            if p == 0 { return partials(0) }
            return partials(-a * p / y, -p * log(y / s), a * p / s)
        }
    }
}

/// Stan's `frechet_lpdf(y | α, σ)`: log α + α log σ − (1+α) log y − (y/σ)^−α for y > 0.
public enum FrechetFamily: ScalarFamily {
    public static let name = "frechet"
    public static let parameterNames = ["alpha", "sigma"]
    public static let arguments: [FamilyArgument] = [.real("random variable", .positiveFinite), .real("shape", .positiveFinite),
                                                     .real("scale", .positiveFinite)]
    public static let terms = [FamilyTerm(1), FamilyTerm(1, 2), FamilyTerm(0, 1), FamilyTerm(0, 1, 2)]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        let y = x[0], a = x[1], s = x[2]
        switch k {
        case 0: return log(a)
        case 1: return a * log(s)
        case 2: return -(1 + a) * log(y)
        default: return -pow(y / s, -a)
        }
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let y = x[0], a = x[1], s = x[2]
        switch k {
        case 0: return partials(0, 1 / a)
        case 1: return partials(0, log(s), a / s)
        case 2: return partials(-(1 + a) / y, -log(y))
        default:
            let p = pow(y / s, -a)
            return partials(a * p / y, p * log(y / s), -a * p / s)
        }
    }
}

/// Stan's `rayleigh_lpdf(y | σ)`: log y − 2 log σ − y²/(2σ²) for y ≥ 0.
public enum RayleighFamily: ScalarFamily {
    public static let name = "rayleigh"
    public static let parameterNames = ["sigma"]
    public static let arguments: [FamilyArgument] = [.real("random variable", .nonnegativeFinite), .real("scale", .positiveFinite)]
    public static let terms = [FamilyTerm(0), FamilyTerm(1), FamilyTerm(0, 1)]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        let y = x[0], s = x[1]
        switch k {
        case 0: return log(y)
        case 1: return -2 * log(s)
        default: return -y * y / (2 * s * s)
        }
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let y = x[0], s = x[1]
        switch k {
        case 0: return partials(1 / y)
        case 1: return partials(0, -2 / s)
        default: return partials(-y / (s * s), y * y / (s * s * s))
        }
    }
}

/// Stan's `pareto_lpdf(y | y_min, α)`: log α + α log y_min − (α+1) log y for y ≥ y_min.
public enum ParetoFamily: ScalarFamily {
    public static let name = "pareto"
    public static let parameterNames = ["y_min", "alpha"]
    public static let arguments: [FamilyArgument] = [.real("random variable", .notNaN), .real("scale", .positiveFinite),
                                                     .real("shape", .positiveFinite)]
    public static let relations = [FamilyRelation([0, 1]) { x in x[0] >= x[1] ? nil : (0, ">= the scale \(x[1])") }]
    public static let terms = [FamilyTerm(2), FamilyTerm(1, 2), FamilyTerm(0, 2)]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        let y = x[0], m = x[1], a = x[2]
        switch k {
        case 0: return log(a)
        case 1: return a * log(m)
        default: return -(a + 1) * log(y)
        }
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let y = x[0], m = x[1], a = x[2]
        switch k {
        case 0: return partials(0, 0, 1 / a)
        case 1: return partials(0, a / m, log(m))
        default: return partials(-(a + 1) / y, 0, -log(y))
        }
    }
}

/// Stan's `pareto_type_2_lpdf(y | μ, λ, α)`: log α − log λ − (α+1) log1p((y−μ)/λ) for y ≥ μ.
public enum ParetoType2Family: ScalarFamily {
    public static let name = "pareto_type_2"
    public static let parameterNames = ["mu", "lambda", "alpha"]
    public static let arguments: [FamilyArgument] = [.real("random variable", .notNaN), .real("location", .finite),
                                                     .real("scale", .positiveFinite), .real("shape", .positiveFinite)]
    public static let relations = [FamilyRelation([0, 1]) { x in x[0] >= x[1] ? nil : (0, ">= the location \(x[1])") }]
    public static let terms = [FamilyTerm(3), FamilyTerm(2), FamilyTerm(0, 1, 2, 3)]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        switch k {
        case 0: return log(x[3])
        case 1: return -log(x[2])
        default: return -(x[3] + 1) * log1p((x[0] - x[1]) / x[2])
        }
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let d = x[0] - x[1], l = x[2], a = x[3]
        switch k {
        case 0: return partials(0, 0, 0, 1 / a)
        case 1: return partials(0, 0, -1 / l)
        default:
            let r = (a + 1) / (l + d)
            return partials(-r, r, r * d / l, -log1p(d / l))
        }
    }
}
