// The `_rng` functions of Stan's univariate families: argument checks and one draw per element.
import StrataCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `_rng` argument outside its distribution's support; the message names the function, the argument and its value.
public struct RandomArgumentError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// What a `_rng` argument must satisfy (Stan's checks).
public enum RandomArgumentRule: Sendable {
    case finite, positiveFinite, nonNegativeFinite, probability, openProbability, nonNegativeInteger, notNaN
    /// Below Stan's largest Poisson rate, 2^30.
    case poissonRate
    /// log rate below log(2^30).
    case poissonLogRate

    func violation(_ x: Double) -> String? {
        switch self {
        case .finite: return x.isFinite ? nil : "finite"
        case .positiveFinite: return x.isFinite && x > 0 ? nil : "positive and finite"
        case .nonNegativeFinite: return x.isFinite && x >= 0 ? nil : "non-negative and finite"
        case .probability: return x >= 0 && x <= 1 ? nil : "in [0, 1]"
        case .openProbability: return x > 0 && x < 1 ? nil : "in (0, 1)"
        case .nonNegativeInteger: return x >= 0 && x == x.rounded() ? nil : "a non-negative integer"
        case .notNaN: return x.isNaN ? "not nan" : nil
        case .poissonRate: return x >= 0 && x < RandomDraws.poissonMaximumRate ? nil : "in [0, 1.07374e+09)"
        case .poissonLogRate: return !x.isNaN && x < log(RandomDraws.poissonMaximumRate) ? nil : "less than 20.7944"
        }
    }
}

/// The sampler of one univariate family (at most three arguments).
public struct UnivariateSampler: Sendable {
    /// Stan's family name (`normal`).
    public let name: String
    /// Argument names and rules, in Stan's order.
    public let arguments: [(name: String, rule: RandomArgumentRule)]
    /// True when draws are integers.
    public let isDiscrete: Bool
    /// A check that involves several arguments (uniform's bounds), returning what is wrong.
    let relation: (@Sendable (Double, Double, Double) -> String?)?
    let draw: @Sendable (Double, Double, Double, inout ChainRNG) throws -> Double

    init(_ name: String, _ arguments: [(String, RandomArgumentRule)], discrete: Bool = false,
         relation: (@Sendable (Double, Double, Double) -> String?)? = nil,
         _ draw: @escaping @Sendable (Double, Double, Double, inout ChainRNG) throws -> Double) {
        self.name = name; self.arguments = arguments.map { (name: $0.0, rule: $0.1) }
        self.isDiscrete = discrete; self.relation = relation; self.draw = draw
    }
}

/// Stan's `_rng` functions on plain numbers.
public enum RandomDraws {
    /// Stan's largest Poisson rate (2^30).
    public static let poissonMaximumRate = 1_073_741_824.0

    /// `count` draws of `family_rng` whose arguments are scalars (one element) or containers of `count`
    /// elements (broadcast as in Stan's vectorised `_rng` signatures), consumed from `rng` in element order.
    /// - Throws: ``RandomArgumentError`` naming the function, the argument (and element) and the value.
    public static func draw(_ family: String, arguments: [[Double]], count: Int,
                            rng: inout ChainRNG) throws -> [Double] {
        guard let sampler = univariate[family] else { throw RandomArgumentError("\(family)_rng is not available") }
        guard arguments.count == sampler.arguments.count else {
            throw RandomArgumentError("\(family)_rng takes \(sampler.arguments.count) arguments, got \(arguments.count)")
        }
        var out = [Double](repeating: 0, count: count)
        var a = [0.0, 0.0, 0.0]
        for i in 0..<count {
            for (k, values) in arguments.enumerated() {
                let x = values[values.count == 1 ? 0 : i]
                if let must = sampler.arguments[k].rule.violation(x) {
                    let element = values.count == 1 ? "" : "[\(i + 1)]"
                    throw RandomArgumentError("\(family)_rng: \(sampler.arguments[k].name)\(element) (argument \(k + 1)) "
                                              + "is \(format(x)), but must be \(must)")
                }
                a[k] = x
            }
            if let relation = sampler.relation, let message = relation(a[0], a[1], a[2]) {
                throw RandomArgumentError("\(family)_rng: \(message)")
            }
            out[i] = try sampler.draw(a[0], a[1], a[2], &rng)
        }
        return out
    }

    static func format(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == x.rounded() && Swift.abs(x) < 1e15 { return String(Int(x)) }
        return String(x)
    }

    static func poissonChecked(_ rate: Double, _ family: String, _ rng: inout ChainRNG) throws -> Double {
        guard rate < poissonMaximumRate else {
            throw RandomArgumentError("\(family)_rng: the gamma draw behind the Poisson rate is \(format(rate)), "
                                      + "but must be less than 1.07374e+09")
        }
        return rng.poisson(rate)
    }

    /// Every univariate family with an `_rng`, by name.
    public static let univariate: [String: UnivariateSampler] = {
        let finite = RandomArgumentRule.finite, positive = RandomArgumentRule.positiveFinite
        let list: [UnivariateSampler] = [
            .init("std_normal", []) { _, _, _, r in r.normal() },
            .init("normal", [("mu", finite), ("sigma", positive)]) { m, s, _, r in m + s * r.normal() },
            .init("lognormal", [("mu", finite), ("sigma", positive)]) { m, s, _, r in exp(m + s * r.normal()) },
            .init("cauchy", [("mu", finite), ("sigma", positive)]) { m, s, _, r in m + s * tan(.pi * (r.openUniform() - 0.5)) },
            .init("student_t", [("nu", positive), ("mu", finite), ("sigma", positive)]) { nu, m, s, r in
                let z = r.normal(), chi2 = 2 * r.gamma(shape: nu / 2)
                return m + s * z / (chi2 / nu).squareRoot()
            },
            .init("skew_normal", [("xi", finite), ("omega", positive), ("alpha", finite)]) { xi, omega, alpha, r in
                let delta = alpha / (1 + alpha * alpha).squareRoot()
                let u0 = r.normal(), v = r.normal()
                let u1 = delta * u0 + (1 - delta * delta).squareRoot() * v
                return xi + omega * (u0 >= 0 ? u1 : -u1)
            },
            .init("exp_mod_normal", [("mu", finite), ("sigma", positive), ("lambda", positive)]) { m, s, l, r in
                let z = r.normal()
                return m + s * z + r.exponential() / l
            },
            .init("logistic", [("mu", finite), ("sigma", positive)]) { m, s, _, r in
                let u = r.openUniform()
                return m + s * log(u / (1 - u))
            },
            .init("double_exponential", [("mu", finite), ("sigma", positive)]) { m, s, _, r in
                let u = r.uniform() - 0.5
                let magnitude = -log(1 - 2 * Swift.abs(u))
                return m + s * (u < 0 ? -magnitude : magnitude)
            },
            .init("skew_double_exponential", [("mu", finite), ("sigma", positive), ("tau", .openProbability)]) { m, s, tau, r in
                // Inverse CDF: below mu with probability tau.
                let u = r.openUniform()
                return u < tau ? m + s / (2 * (1 - tau)) * log(u / tau) : m - s / (2 * tau) * log((1 - u) / (1 - tau))
            },
            .init("loglogistic", [("alpha", positive), ("beta", positive)]) { a, b, _, r in
                let u = r.openUniform()
                return a * pow(u / (1 - u), 1 / b)
            },
            .init("gumbel", [("mu", finite), ("beta", positive)]) { m, b, _, r in m - b * log(-log(r.openUniform())) },
            .init("exponential", [("beta", positive)]) { b, _, _, r in r.exponential() / b },
            .init("gamma", [("alpha", positive), ("beta", positive)]) { a, b, _, r in r.gamma(shape: a) / b },
            .init("inv_gamma", [("alpha", positive), ("beta", positive)]) { a, b, _, r in b / r.gamma(shape: a) },
            .init("chi_square", [("nu", positive)]) { nu, _, _, r in 2 * r.gamma(shape: nu / 2) },
            .init("inv_chi_square", [("nu", positive)]) { nu, _, _, r in 1 / (2 * r.gamma(shape: nu / 2)) },
            .init("scaled_inv_chi_square", [("nu", positive), ("s", positive)]) { nu, s, _, r in
                nu * s * s / (2 * r.gamma(shape: nu / 2))
            },
            .init("weibull", [("alpha", positive), ("sigma", positive)]) { a, s, _, r in s * pow(r.exponential(), 1 / a) },
            .init("frechet", [("alpha", positive), ("sigma", positive)]) { a, s, _, r in s * pow(r.exponential(), -1 / a) },
            .init("rayleigh", [("sigma", positive)]) { s, _, _, r in s * (2 * r.exponential()).squareRoot() },
            .init("pareto", [("y_min", positive), ("alpha", positive)]) { y, a, _, r in y * exp(r.exponential() / a) },
            .init("pareto_type_2", [("mu", finite), ("lambda", positive), ("alpha", positive)]) { m, l, a, r in
                m + l * expm1(r.exponential() / a)
            },
            .init("beta", [("alpha", positive), ("beta", positive)]) { a, b, _, r in r.beta(a, b) },
            .init("beta_proportion", [("mu", .openProbability), ("kappa", positive)]) { m, k, _, r in r.beta(m * k, (1 - m) * k) },
            .init("von_mises", [("mu", finite), ("kappa", .nonNegativeFinite)]) { m, k, _, r in r.vonMises(m, k) },
            .init("uniform", [("alpha", finite), ("beta", finite)],
                  relation: { a, b, _ in b > a ? nil : "upper bound beta is \(format(b)), but must be greater than alpha = \(format(a))" }
            ) { a, b, _, r in a + (b - a) * r.uniform() },
            .init("poisson", [("lambda", .poissonRate)], discrete: true) { l, _, _, r in r.poisson(l) },
            .init("poisson_log", [("alpha", .poissonLogRate)], discrete: true) { a, _, _, r in r.poisson(exp(a)) },
            .init("bernoulli", [("theta", .probability)], discrete: true) { t, _, _, r in r.uniform() < t ? 1 : 0 },
            .init("bernoulli_logit", [("alpha", finite)], discrete: true) { a, _, _, r in
                r.uniform() < 1 / (1 + exp(-a)) ? 1 : 0
            },
            .init("binomial", [("N", .nonNegativeInteger), ("theta", .probability)], discrete: true) { n, t, _, r in
                r.binomial(n, t)
            },
            .init("binomial_logit", [("N", .nonNegativeInteger), ("alpha", finite)], discrete: true) { n, a, _, r in
                r.binomial(n, 1 / (1 + exp(-a)))
            },
            .init("neg_binomial", [("alpha", positive), ("beta", positive)], discrete: true) { a, b, _, r in
                try poissonChecked(r.gamma(shape: a) / b, "neg_binomial", &r)
            },
            .init("neg_binomial_2", [("mu", positive), ("phi", positive)], discrete: true) { m, phi, _, r in
                try poissonChecked(r.gamma(shape: phi) * m / phi, "neg_binomial_2", &r)
            },
            .init("neg_binomial_2_log", [("eta", finite), ("phi", positive)], discrete: true) { eta, phi, _, r in
                try poissonChecked(r.gamma(shape: phi) * exp(eta) / phi, "neg_binomial_2_log", &r)
            },
            .init("beta_binomial", [("N", .nonNegativeInteger), ("alpha", positive), ("beta", positive)],
                  discrete: true) { n, a, b, r in r.binomial(n, r.beta(a, b)) },
            .init("yule_simon", [("alpha", positive)], discrete: true) { rho, _, _, r in
                // A geometric count on 1, 2, ... whose success probability is exp(-w), w ~ exponential(rho).
                let w = r.exponential() / rho
                let logFailure = w < M_LN2 ? log(-expm1(-w)) : log1p(-exp(-w))
                let n = 1 + (log(r.openUniform()) / logFailure).rounded(.down)
                guard n < poissonMaximumRate else {
                    throw RandomArgumentError("yule_simon_rng: the draw \(format(n)) exceeds 1.07374e+09")
                }
                return n
            },
            .init("beta_neg_binomial", [("r", positive), ("alpha", positive), ("beta", positive)], discrete: true) { n, a, b, r in
                // Failures before n successes of probability p ~ beta(a, b): Poisson(gamma(n) (1 - p)/p).
                let p = r.beta(a, b)
                return try poissonChecked(r.gamma(shape: n) * (1 - p) / p, "beta_neg_binomial", &r)
            },
            .init("hypergeometric", [("N", .nonNegativeInteger), ("a", .nonNegativeInteger), ("b", .nonNegativeInteger)],
                  discrete: true,
                  relation: { n, a, b in n <= a + b ? nil : "N is \(format(n)), but must be at most a + b = \(format(a + b))" }
            ) { n, a, b, r in
                // N draws without replacement, one at a time.
                var successes = a, failures = b, drawn = 0.0
                for _ in 0..<Int(n) {
                    if r.uniform() * (successes + failures) < successes { successes -= 1; drawn += 1 } else { failures -= 1 }
                }
                return drawn
            },
            .init("discrete_range", [("lower", .finite), ("upper", .finite)], discrete: true,
                  relation: { lo, hi, _ in hi >= lo ? nil : "upper is \(format(hi)), but must be >= lower = \(format(lo))" }
            ) { lo, hi, _, r in lo + Swift.min((r.uniform() * (hi - lo + 1)).rounded(.down), hi - lo) },
        ]
        return Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
    }()
}
