// Branches on parameter values in the model block and transformed parameters: select nodes, values and gradients.
import Foundation
import Strata
import StrataCore
import StrataStanModel
import StrataTestSupport
import XCTest

final class ParameterBranchTests: XCTestCase {
    private let data = #"{"N": 5, "y": [1.2, 2.5, 3.1, 4.0, 5.3]}"#
    private let y = [1.2, 2.5, 3.1, 4.0, 5.3]

    private let program = """
        data { int N; vector[N] y; }
        parameters { real mu; real<lower=0> sigma; }
        transformed parameters {
          real s = mu > 1 ? sigma : 2 * sigma;
          real m = fmax(mu, 0.5);
          real lo = min([mu, sigma, 3]');
        }
        model {
          target += normal_lpdf(mu | 0, 5);
          target += exponential_lpdf(sigma | 1);
          if (mu > 2 && !(sigma >= 3)) {
            target += normal_lpdf(y | mu, s);
          } else {
            target += student_t_lpdf(y | 4, m, s);
            if (sigma > 10) reject("sigma too large: ", sigma);
          }
        }
        """

    private func logNormal(_ x: Double, _ m: Double, _ s: Double) -> Double {
        -0.5 * pow((x - m) / s, 2) - log(s) - 0.5 * log(2 * Double.pi)
    }

    private func logStudent(_ x: Double, _ nu: Double, _ m: Double, _ s: Double) -> Double {
        let z = (x - m) / s
        return lgamma((nu + 1) / 2) - lgamma(nu / 2) - 0.5 * log(nu * Double.pi) - log(s) - (nu + 1) / 2 * log1p(z * z / nu)
    }

    /// The program's density written by hand (sigma = exp(x[1]), with the log-Jacobian x[1]).
    private func reference(_ x: [Double]) -> Double {
        let mu = x[0], sigma = exp(x[1])
        let s = mu > 1 ? sigma : 2 * sigma, m = max(mu, 0.5)
        var lp = logNormal(mu, 0, 5) + log(1.0) - sigma + x[1]
        if mu > 2 && !(sigma >= 3) { lp += y.map { logNormal($0, mu, s) }.reduce(0, +) }
        else { lp += y.map { logStudent($0, 4, m, s) }.reduce(0, +) }
        return lp
    }

    func testBranchesMatchAHandWrittenDensityWithFiniteDifferenceGradients() throws {
        let stan = try StanModel.compile(source: program, fileName: "branch.stan", data: try DataSet(json: data))
        let evaluator = stan.model.makeEvaluator()
        // Points on every side of every switch (mu > 1, mu > 2, mu vs 0.5, sigma vs 3), away from the switches.
        let points: [[Double]] = [[3.1, 0.2], [3.1, 1.5], [1.6, -0.4], [0.2, 0.3], [-1.3, -1.1], [2.4, 1.2]]
        for x in points {
            var gradient = [0.0, 0.0]
            let lp = try evaluator.logDensityAndGradient(at: x, gradient: &gradient)
            XCTAssertEqual(lp, reference(x), accuracy: 1e-10 * abs(lp), "\(x)")
            try FiniteDifferences.assertGradient(gradient, matches: { try evaluator.logDensity(at: $0) }, at: x,
                                                 relativeTolerance: 1e-6, absoluteTolerance: 1e-6, "\(x)")
            var outputs: [Double] = []
            try evaluator.writeOutputs(at: x, into: &outputs)
            let mu = x[0], sigma = exp(x[1])
            XCTAssertEqual(outputs[2], mu > 1 ? sigma : 2 * sigma, accuracy: 1e-12)
            XCTAssertEqual(outputs[3], max(mu, 0.5))
            XCTAssertEqual(outputs[4], min(mu, sigma, 3))
        }
        // reject inside the taken branch rejects the proposal; the same statement in the other branch does not.
        XCTAssertThrowsError(try evaluator.logDensity(at: [0, log(12.0)])) { error in
            XCTAssert("\(error)".contains("sigma too large: 12"), "\(error)")
        }
    }

    func testMixtureWithParameterBranchSamplesItsPosterior() throws {
        // y ~ normal(theta, 1) with theta's prior piecewise: normal(0, 1) for theta < 0, normal(0, 2) above.
        // The posterior of theta given one y is known by quadrature; compare the sampled mean and sd.
        let source = """
            parameters { real theta; }
            model {
              if (theta < 0) target += normal_lpdf(theta | 0, 1) + log(2.0 / 3);
              else target += normal_lpdf(theta | 0, 2) + log(1.0 / 3) + log(2.0);
              target += normal_lpdf(1.5 | theta, 1);
            }
            """
        let stan = try StanModel.compile(source: source, fileName: "piecewise.stan", data: nil)
        var config = SamplerConfiguration()
        config.chains = 4; config.warmup = 500; config.samples = 2000; config.seed = 5; config.threads = 2
        let results = try MultiChainRunner(configuration: config).run(model: stan.model)
        let draws = results.flatMap { $0.values(of: "theta")! }
        func density(_ t: Double) -> Double {
            let prior = t < 0 ? exp(logNormal(t, 0, 1)) * 2 / 3 : exp(logNormal(t, 0, 2)) * 2 / 3
            return prior * exp(logNormal(1.5, t, 1))
        }
        var z = 0.0, m1 = 0.0, m2 = 0.0
        for i in 0..<20_000 {
            let t = -10 + 20 * (Double(i) + 0.5) / 20_000, w = density(t)
            z += w; m1 += w * t; m2 += w * t * t
        }
        let mean = m1 / z, sd = (m2 / z - mean * mean).squareRoot()
        let sampledMean = draws.reduce(0, +) / Double(draws.count)
        let sampledSd = (draws.map { ($0 - sampledMean) * ($0 - sampledMean) }.reduce(0, +) / Double(draws.count - 1)).squareRoot()
        // 8000 draws with ESS in the thousands: 4 sds of the mean is conservative.
        XCTAssertEqual(sampledMean, mean, accuracy: 4 * sd / Double(2000).squareRoot())
        XCTAssertEqual(sampledSd, sd, accuracy: 0.05 * sd)
    }

    func testReturnsUnderAParameterConditionBecomeASelect() throws {
        // Returns in both branches, an early return followed by more statements, nested conditions, a vector result
        // that promotes data (stanc3's functions-promote-return.stan), and a void `_lp` function returning early.
        let source = """
            functions {
              real f(real x) { if (x > 0) return x; else return -x; }
              real g(real x, real k) {
                if (x < -1) return k * x;
                real y = x * x;
                if (x > 2) { if (k > 1) return y + k; return y - k; }
                return y;
              }
              vector h(vector v, real y) { if (y < 10) return log(v); else return log(y * v); }
              void add_lp(real x) { if (x > 0.5) { target += -x; return; } target += -2 * x; }
            }
            data { vector[2] v; }
            parameters { real a; real<lower=0> k; }
            model {
              target += normal_lpdf(a | 0, 3) + exponential_lpdf(k | 1);
              target += -0.5 * square(f(a) - 1) + g(a, k) / 10 + sum(h(v, 20 * k));
              add_lp(a);
            }
            """
        let stan = try StanModel.compile(source: source, fileName: "returns.stan", data: try DataSet(json: #"{"v": [1.5, 2.5]}"#))
        let evaluator = stan.model.makeEvaluator()
        func reference(_ x: [Double]) -> Double {
            let a = x[0], k = exp(x[1])
            func g(_ x: Double) -> Double {
                if x < -1 { return k * x }
                if x > 2 { return k > 1 ? x * x + k : x * x - k }
                return x * x
            }
            let hv = 20 * k < 10 ? log(1.5) + log(2.5) : log(20 * k * 1.5) + log(20 * k * 2.5)
            return -a * a / 18 - k + x[1] - 0.5 * pow(abs(a) - 1, 2) + g(a) / 10 + hv + (a > 0.5 ? -a : -2 * a)
        }
        // Points on each side of every switch (a vs -1, 0, 0.5, 2; k vs 0.5, 1), away from the switches.
        for x in [[-2.0, -1.2], [-0.4, 0.3], [0.3, -0.2], [1.1, 0.4], [2.6, 0.5], [2.6, -0.5], [3.3, -2.0]] {
            var gradient = [0.0, 0.0]
            let lp = try evaluator.logDensityAndGradient(at: x, gradient: &gradient)
            XCTAssertEqual(lp, reference(x) - 0.5 * log(2 * Double.pi) - log(3.0), accuracy: 1e-10 * max(1, abs(lp)), "\(x)")
            try FiniteDifferences.assertGradient(gradient, matches: { try evaluator.logDensity(at: $0) }, at: x,
                                                 relativeTolerance: 1e-6, absoluteTolerance: 1e-6, "\(x)")
        }
    }

    func testReturnInOnlyOneBranchOfAParameterConditionIsReportedWithItsLocation() {
        let source = """
            functions { real f(real x) { for (i in 1:3) { if (x > i) return x; } return 0; } }
            parameters { real mu; }
            model { mu ~ normal(f(mu), 1); }
            """
        XCTAssertThrowsError(try StanModel.compile(source: source, fileName: "ret.stan", data: nil)) { error in
            XCTAssert("\(error)".contains("ret.stan:1:"), "\(error)")
            XCTAssert("\(error)".contains("'return' in only one branch of a condition that depends on parameters"), "\(error)")
        }
    }
}
