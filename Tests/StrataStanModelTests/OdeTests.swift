// ODE solvers in Stan programs: solutions against closed forms, gradients (forward sensitivities) against finite differences.
import StrataAutodiff
import StrataOutput
import StrataStanModel
import XCTest

final class OdeSolverTests: XCTestCase {
    func testDormandPrinceMatchesClosedForms() throws {
        // Harmonic oscillator y'' = -y from (1, 0): (cos t, -sin t).
        let solver = DormandPrince45(relativeTolerance: 1e-10, absoluteTolerance: 1e-10)
        let times = [0.5, 1.0, 3.0, 10.0]
        let states = try solver.solve([1, 0], from: 0, to: times) { _, z, dz in dz[0] = z[1]; dz[1] = -z[0] }
        for (t, z) in zip(times, states) {
            XCTAssertEqual(z[0], Foundation.cos(t), accuracy: 1e-8)
            XCTAssertEqual(z[1], -Foundation.sin(t), accuracy: 1e-8)
        }
        let few = DormandPrince45(maxSteps: 3, name: "integrate_ode_rk45")
        XCTAssertThrowsError(try few.solve([1], from: 0, to: [100]) { _, z, dz in dz[0] = -50 * z[0] }) {
            XCTAssert("\($0)".contains("max_num_steps = 3 exceeded"), "\($0)")
        }
    }

    static let decay = """
    functions {
      array[] real decay(real t, array[] real y, array[] real theta, array[] real x_r, array[] int x_i) {
        array[2] real dydt;
        dydt[1] = -theta[1] * y[1];
        dydt[2] = theta[1] * y[1] - theta[2] * y[2];
        return dydt;
      }
      vector lv(real t, vector z, real a, vector bc) { return [a * z[1] - bc[1] * z[1] * z[2], -bc[2] * z[2] + 0.5 * z[1] * z[2]]'; }
    }
    data { array[3] real ts; }
    parameters { real<lower=0> k1; real<lower=0> k2; real<lower=0> y1; }
    transformed parameters {
      array[3, 2] real y = integrate_ode_rk45(decay, {y1, 0.0}, 0.0, ts, {k1, k2}, rep_array(0.0, 0), rep_array(0, 0), 1e-10, 1e-10, 100000);
      array[3] vector[2] z = ode_rk45_tol(lv, [1.0, y1]', 0.0, ts, 1e-10, 1e-10, 100000, k1, [k2, 0.7]');
    }
    model {
      k1 ~ lognormal(0, 0.5); k2 ~ lognormal(0, 0.5); y1 ~ lognormal(0, 0.5);
      target += normal_lpdf(to_array_1d(y) | 0.5, 0.3) + normal_lpdf(z[3] | 1, 0.5);
    }
    """

    func testTwoCompartmentDecayMatchesClosedFormAndGradients() throws {
        let m = try StanModel.compile(source: Self.decay, fileName: "ode.stan",
                                      data: try DataSet(json: #"{"ts": [0.5, 1.5, 4.0]}"#)).model
        for seed in UInt64(1)...3 { try StanTestSupport.checkGradient(m, seed: seed, "ode.stan") }
        var out: [Double] = []
        try m.makeEvaluator().writeOutputs(at: StanTestSupport.randomPoint(m.dimension, seed: 4), into: &out)
        func value(_ name: String) -> Double { out[m.outputNames.firstIndex(of: name)!] }
        let k1 = value("k1"), k2 = value("k2"), y1 = value("y1")
        for (i, t) in [0.5, 1.5, 4.0].enumerated() {
            let a = y1 * Foundation.exp(-k1 * t)
            let b = y1 * k1 / (k2 - k1) * (Foundation.exp(-k1 * t) - Foundation.exp(-k2 * t))
            XCTAssertEqual(value("y.\(i + 1).1"), a, accuracy: 1e-8)
            XCTAssertEqual(value("y.\(i + 1).2"), b, accuracy: 1e-8)
        }
    }
}
