// ordered_logistic and ordered_probit: each outcome's interval of the latent variable, as a scalar family.
import Glibc
import StrataAutodiff
import StrataCore

/// P(y = k | η, c) = F(η − c_{k−1}) − F(η − c_k) with c_0 = −∞ and c_K = +∞: a scalar family of the outcome, the
/// location η and the two cut points that bound the outcome's interval (gathered from the cut-point vectors by
/// ``Graph/orderedLpmf(_:_:_:_:cutpointVectors:propto:)``, so their adjoints flow back to the cut points).
protocol OrderedIntervalFamily: ScalarFamily {
    /// log(F(a) − F(b)) for a > b and its partials in a and b.
    static func logIntervalMass(_ a: Double, _ b: Double) -> (value: Double, da: Double, db: Double)
}

extension OrderedIntervalFamily {
    static var parameterNames: [String] { ["eta", "c"] }
    static var arguments: [FamilyArgument] {
        [.integer("outcome", minimum: 1), .real("location", .finite), .real("lower cut point", .notNaN), .real("upper cut point", .notNaN)]
    }
    static var relations: [FamilyRelation] {
        [FamilyRelation([2, 3]) { x in x[2] < x[3] ? nil : (3, "greater than the previous cut point \(x[2]) (cut points must be ordered)") }]
    }
    static var terms: [FamilyTerm] { [FamilyTerm(1, 2, 3)] }

    static func term(_ k: Int, _ x: FamilyPoint) -> Double { logIntervalMass(x[1] - x[2], x[1] - x[3]).value }

    static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let m = logIntervalMass(x[1] - x[2], x[1] - x[3])
        return partials(0, m.da + m.db, -m.da, -m.db)
    }
}

/// `ordered_logistic`: F the logistic CDF; log(σ(a) − σ(b)) = log σ(a) + log σ(−b) + log(1 − e^(b − a)).
enum OrderedLogisticFamily: OrderedIntervalFamily {
    static let name = "ordered_logistic"

    static func logIntervalMass(_ a: Double, _ b: Double) -> (value: Double, da: Double, db: Double) {
        let gap = a - b, r = gap.isInfinite ? 0 : 1 / expm1(gap)
        let value = logSigmoid(a) + logSigmoid(-b) + (gap.isInfinite ? 0 : log(-expm1(-gap)))
        return (value, sigmoid(-a) + r, -sigmoid(b) - r)
    }

    static func sigmoid(_ x: Double) -> Double { x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)) }
    static func logSigmoid(_ x: Double) -> Double { x >= 0 ? -log1p(exp(-x)) : x - log1p(exp(x)) }
}

/// `ordered_probit`: F = Φ; the difference is taken in whichever tail keeps its digits.
enum OrderedProbitFamily: OrderedIntervalFamily {
    static let name = "ordered_probit"

    static func logIntervalMass(_ a: Double, _ b: Double) -> (value: Double, da: Double, db: Double) {
        let value: Double
        if b > 0 {                                   // both in the upper tail: Φ(−b) − Φ(−a)
            value = logPhi(-b) + log1mExp(logPhi(-a) - logPhi(-b))
        } else if a < 0 {                            // both in the lower tail
            value = logPhi(a) + log1mExp(logPhi(b) - logPhi(a))
        } else {
            value = log1p(-(exp(logPhi(-a)) + exp(logPhi(b))))
        }
        func density(_ x: Double) -> Double { x.isInfinite ? 0 : exp(-0.5 * x * x - LogConstants.halfLog2Pi - value) }
        return (value, density(a), -density(b))
    }

    /// log Φ(x), accurate in both tails.
    static func logPhi(_ x: Double) -> Double { LogErfc.value(-x * 0.7071067811865476) - M_LN2 }
    /// log(1 − eˣ) for x ≤ 0.
    static func log1mExp(_ x: Double) -> Double { x > -M_LN2 ? log(-expm1(x)) : log1p(-exp(x)) }
}

public extension Graph {
    /// Σ log P(y_i | η_i, c_i) of `ordered_logistic` (`probit: false`) or `ordered_probit`: `cutpoints` holds
    /// `cutpointVectors` vectors of K − 1 ordered cut points laid end to end (one shared by every outcome, or one per
    /// outcome); outcomes (data) lie in 1…K; η is a scalar or one per outcome.
    func orderedLpmf(probit: Bool, _ y: Expr, _ eta: Expr, _ cutpoints: Expr, cutpointVectors: Int, propto: Bool) -> Expr {
        let name = probit ? "ordered_probit" : "ordered_logistic"
        DistributionArguments.checkInteger(y, family: name, argument: "outcome", minimum: 1)
        let n = Swift.max(cutpointVectors, 1), cuts = cutpoints.count / n
        guard y.isConstant, cutpoints.count == n * cuts else { return constant(0) }
        DistributionArguments.checkConstant(y, family: name, argument: "outcome", requirement: "<= \(cuts + 1) (the number of cut points + 1)") {
            $0 <= Double(cuts + 1)
        }
        if cutpoints.isConstant {
            let c = Array(initialValues[cutpoints.slot.range])
            for j in c.indices where j % Swift.max(cuts, 1) != 0 && !(c[j] > c[j - 1]) {
                fail("\(name): cut point \(j % cuts + 1) is \(c[j]), but must be greater than the one before it (\(c[j - 1]))")
                return constant(0)
            }
        }
        if n > 1 && n != y.count {
            fail("\(name): \(n) cut-point vectors for \(y.count) outcomes")
            return constant(0)
        }
        // Each cut-point vector extended by −∞ and +∞; outcome k of observation i reads entries k − 1 and k of its own.
        let infinite = constant([-Double.infinity]), positive = constant([Double.infinity])
        let extended = concat((0..<n).flatMap { [infinite, cutpoints[($0 * cuts)..<(($0 + 1) * cuts)], positive] })
        let outcomes = initialValues[y.slot.range].map { Swift.min(Swift.max(Int($0.isFinite ? $0 : 1), 1), cuts + 1) }
        let base = outcomes.indices.map { n == 1 ? 0 : $0 * (cuts + 2) }
        let lower = gather(extended, index: zip(base, outcomes).map { $0 + $1 - 1 })
        let upper = gather(extended, index: zip(base, outcomes).map { $0 + $1 })
        return probit ? scalarFamilyLogDensity(OrderedProbitFamily.self, [y, eta, lower, upper], propto: propto)
                      : scalarFamilyLogDensity(OrderedLogisticFamily.self, [y, eta, lower, upper], propto: propto)
    }
}
