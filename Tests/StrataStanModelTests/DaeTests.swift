// Stan's DAE solvers (dae, dae_tol through SUNDIALS IDAS): values against closed forms and Robertson's reference,
// gradients (forward sensitivities) against finite differences, located errors for bad input.
import Foundation
import StrataModeling
import StrataOutput
import StrataStanModel
import XCTest

final class DaeSolverTests: XCTestCase {
    private func outputs(_ m: GraphModel, at x: [Double]) throws -> (String) -> Double {
        var out: [Double] = []
        try m.makeEvaluator().writeOutputs(at: x, into: &out)
        return { out[m.outputNames.firstIndex(of: $0)!] }
    }

    func testIndexOneSystemMatchesClosedFormAndGradients() throws {
        // y1' = -k y1, 0 = y2 - c y1²: y1 = a e^{-kt}, y2 = c a² e^{-2kt}. y0 and y'0 depend on parameters (all three
        // kinds of sensitivity columns), and the closed form's parameters pass through the variadic arguments.
        let source = """
        functions {
          vector res(real t, vector y, vector yp, real k, real c) { return [yp[1] + k * y[1], y[2] - c * square(y[1])]'; }
        }
        data { array[3] real ts; }
        parameters { real<lower=0.2, upper=2> k; real<lower=0.5, upper=2> c; real<lower=0.5, upper=2> a; }
        transformed parameters {
          array[3] vector[2] y = dae_tol(res, [a, c * a * a]', [-k * a, -2 * k * c * a * a]', 0, ts, 1e-10, 1e-10, 100000, k, c);
          array[3] vector[2] z = dae(res, [1.0, c]', [-k, -2 * k * c]', 0, ts, k, c);
        }
        model { target += normal_lpdf(y[3] | 0.5, 0.3) + normal_lpdf(z[2] | 0.4, 0.5); }
        """
        let m = try StanModel.compile(source: source, fileName: "dae.stan", data: try DataSet(json: #"{"ts": [0.5, 1.0, 2.5]}"#)).model
        for seed: UInt64 in [1, 2, 3] { try StanTestSupport.checkGradient(m, seed: seed, "dae, seed \(seed)") }
        let value = try outputs(m, at: StanTestSupport.randomPoint(m.dimension, seed: 4))
        let (k, c, a) = (value("k"), value("c"), value("a"))
        for (i, t) in [0.5, 1.0, 2.5].enumerated() {
            XCTAssertEqual(value("y.\(i + 1).1"), a * Foundation.exp(-k * t), accuracy: 1e-8)
            XCTAssertEqual(value("y.\(i + 1).2"), c * a * a * Foundation.exp(-2 * k * t), accuracy: 1e-8)
            XCTAssertEqual(value("z.\(i + 1).1"), Foundation.exp(-k * t), accuracy: 1e-8)
            XCTAssertEqual(value("z.\(i + 1).2"), c * Foundation.exp(-2 * k * t), accuracy: 1e-8)
        }
    }

    /// Robertson's chemical kinetics (Stan's DAE example and stanc3's dae_good.stan residual), stiff.
    static let robertson = """
    functions {
      vector chem(real t, vector yy, vector yp, array[] real p) {
        vector[3] res;
        res[1] = yp[1] + p[1] * yy[1] - p[2] * yy[2] * yy[3];
        res[2] = yp[2] - p[1] * yy[1] + p[2] * yy[2] * yy[3] + p[3] * yy[2] * yy[2];
        res[3] = yy[1] + yy[2] + yy[3] - 1.0;
        return res;
      }
    }
    data { array[3] real ts; }
    parameters { vector<lower=-0.5, upper=0.5>[3] u; real<lower=0.9, upper=1> y1; }
    transformed parameters {
      array[3] real p = {0.04 * exp(u[1]), 1e4 * exp(u[2]), 3e7 * exp(u[3])};
      array[3] vector[3] y = dae(chem, [y1, 0, 1 - y1]', [-p[1] * y1, p[1] * y1, 0]', 0, ts, p);
    }
    model { target += normal_lpdf(y[3, 1] | 0.9, 0.1) + normal_lpdf(log(y[2, 2]) | -10.5, 0.5) + normal_lpdf(y[1, 3] | 0.01, 0.01); }
    """

    func testRobertsonMatchesReferenceAndGradients() throws {
        let m = try StanModel.compile(source: Self.robertson, fileName: "robertson.stan",
                                      data: try DataSet(json: #"{"ts": [0.4, 4.0, 40.0]}"#)).model
        // u = 0, y1 = 1 (the unconstrained y1 at +∞ is approached closely by 12): Hairer & Wanner's reference problem.
        // Reference: scipy Radau on the equivalent ODE, rtol 1e-13, atol 1e-16 (t = 40 agrees with Hairer-Wanner's
        // published 0.7158270687193, 9.185534764529e-6, 0.2841637457459 to 12 digits).
        let value = try outputs(m, at: [0, 0, 0, 40])
        let reference: [[Double]] = [[0.9851721138609965, 3.3863953789750214e-05, 0.014794022185213793],
                                     [0.9055186785842748, 2.2404756875603954e-05, 0.09445891665884958],
                                     [0.7158270687194616, 9.18553476455996e-06, 0.2841637457457739]]
        for (i, row) in reference.enumerated() {
            for (j, expected) in row.enumerated() {
                XCTAssertEqual(value("y.\(i + 1).\(j + 1)"), expected, accuracy: 1e-7 * abs(expected) + 1e-12, "y[\(i + 1), \(j + 1)]")
            }
        }
        // Gradients at tight tolerances against central differences with a step large enough (1e-4) for the
        // solver's own error not to dominate them.
        let tight = Self.robertson.replacingOccurrences(of: "dae(chem, ", with: "dae_tol(chem, ")
            .replacingOccurrences(of: "0, ts, p)", with: "0, ts, 1e-12, 1e-14, 100000000, p)")
        let mt = try StanModel.compile(source: tight, fileName: "robertson.stan", data: try DataSet(json: #"{"ts": [0.4, 4.0, 40.0]}"#)).model
        let evaluator = mt.makeEvaluator()
        for seed: UInt64 in [1, 2] {
            let x = StanTestSupport.randomPoint(mt.dimension, seed: seed)
            let (_, g) = try StanTestSupport.valueAndGradient(mt, at: x)
            for i in x.indices {
                var up = x, down = x
                up[i] += 1e-4; down[i] -= 1e-4
                let fd = (try evaluator.logDensity(at: up) - evaluator.logDensity(at: down)) / 2e-4
                XCTAssertEqual(g[i], fd, accuracy: 1e-5 * max(1, abs(fd)), "robertson, seed \(seed), d/dx[\(i)]")
            }
        }
    }

    func testBadInputGivesLocatedStanErrors() throws {
        func failure(_ call: String, data: String = #"{"ts": [1.0, 2.0]}"#) throws -> String {
            let source = """
            functions { vector res(real t, vector y, vector yp, real k) { return [yp[1] + k * y[1]]'; } }
            data { array[2] real ts; }
            parameters { real<lower=0.5, upper=2> k; }
            transformed parameters {
              array[2] vector[1] y = \(call);
            }
            model { target += normal_lpdf(y[2, 1] | 0.5, 0.3); }
            """
            let m = try StanModel.compile(source: source, fileName: "bad.stan", data: try DataSet(json: data)).model
            do { _ = try m.makeEvaluator().logDensity(at: [0]); return "" } catch { return "\(error)" }
        }
        let inconsistent = try failure("dae(res, [1.0]', [0.5]', 0, ts, k)")
        XCTAssert(inconsistent.contains("dae at bad.stan:5:") && inconsistent.contains("not consistent"), inconsistent)
        let order = try failure("dae(res, [1.0]', [-k]', 0, ts, k)", data: #"{"ts": [2.0, 1.0]}"#)
        XCTAssert(order.contains("bad.stan:5:") && order.contains("non-decreasing"), order)
        let early = try failure("dae(res, [1.0]', [-k]', 1.5, ts, k)")
        XCTAssert(early.contains("bad.stan:5:") && early.contains("must be less than the first output time"), early)
        let steps = try failure("dae_tol(res, [1.0]', [-k]', 0, ts, 1e-10, 1e-10, 3, k)")
        XCTAssert(steps.contains("dae_tol at bad.stan:5:") && steps.contains("max_num_steps = 3 exceeded"), steps)
        XCTAssertEqual(try failure("dae(res, [1.0]', [-k]', 0, ts, k)"), "")
    }
}
