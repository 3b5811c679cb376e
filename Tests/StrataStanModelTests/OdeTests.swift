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
        Self.assertDecayClosedForm(out, names: m.outputNames, accuracy: 1e-8)
    }

    /// Checks the `y` outputs of ``decay`` at ts = (0.5, 1.5, 4) against the two-compartment closed form.
    static func assertDecayClosedForm(_ out: [Double], names: [String], accuracy: Double,
                                      file: StaticString = #filePath, line: UInt = #line) {
        func value(_ name: String) -> Double { out[names.firstIndex(of: name)!] }
        let k1 = value("k1"), k2 = value("k2"), y1 = value("y1")
        for (i, t) in [0.5, 1.5, 4.0].enumerated() {
            let a = y1 * Foundation.exp(-k1 * t)
            let b = y1 * k1 / (k2 - k1) * (Foundation.exp(-k1 * t) - Foundation.exp(-k2 * t))
            XCTAssertEqual(value("y.\(i + 1).1"), a, accuracy: accuracy, file: file, line: line)
            XCTAssertEqual(value("y.\(i + 1).2"), b, accuracy: accuracy, file: file, line: line)
        }
    }

    func testRightHandSideBranchingOnTimeRunsInEveryBlock() throws {
        // y' = -k y after t = 1 and 0 before, from y(0) = 2: y = 2 exp(-k (t - 1)) for t > 1 (stanc3's
        // sim_one_comp_mm_elim_abs doses by `if (t > 0)` inside the right-hand side, in generated quantities).
        let source = """
            functions {
              array[] real late(real t, array[] real y, array[] real theta, array[] real x_r, array[] int x_i) {
                array[1] real dydt = {0.0};
                if (t > 1) dydt[1] = -theta[1] * y[1];
                return dydt;
              }
            }
            data { array[3] real ts; }
            parameters { real<lower=0> k; }
            transformed parameters {
              array[3, 1] real y = integrate_ode_rk45(late, {2.0}, 0.0, ts, {k}, rep_array(0.0, 0), rep_array(0, 0), 1e-10, 1e-10, 100000);
            }
            model { k ~ lognormal(0, 0.5); target += normal_lpdf(y[3, 1] | 1, 0.5); }
            generated quantities {
              array[3, 1] real g = integrate_ode_bdf(late, {2.0}, 0.0, ts, {k}, rep_array(0.0, 0), rep_array(0, 0));
            }
            """
        let m = try StanModel.compile(source: source, fileName: "late.stan", data: try DataSet(json: #"{"ts": [0.5, 2.0, 3.5]}"#)).model
        for seed in UInt64(1)...2 { try StanTestSupport.checkGradient(m, seed: seed, "late.stan") }
        var out: [Double] = []
        try m.makeEvaluator().writeOutputs(at: [0.3], into: &out)
        func value(_ name: String) -> Double { out[m.outputNames.firstIndex(of: name)!] }
        let k = Foundation.exp(0.3)
        for (i, t) in [0.5, 2.0, 3.5].enumerated() {
            let exact = t > 1 ? 2 * Foundation.exp(-k * (t - 1)) : 2
            XCTAssertEqual(value("y.\(i + 1).1"), exact, accuracy: 1e-7)
            // bdf at its default tolerances (1e-6) across the kink in f at t = 1.
            XCTAssertEqual(value("g.\(i + 1).1"), exact, accuracy: 2e-4)
        }
    }

    func testParameterDependentTimesMatchClosedFormAndGradients() throws {
        // y' = -k y from y(t0) = 2 (data) and from y(t0) = a (a parameter): y(t) = y(t0) exp(-k (t - t0)), with t0 and
        // the output times parameters (stanc3's ode_adjoint_test_model.stan passes them to ode_adjoint_tol_ctl).
        let source = """
            functions { vector decay(real t, vector y, real k) { return -k * y; } }
            parameters {
              real<lower=0.2, upper=2> k; real<lower=-1, upper=0> t0; real<lower=0.5, upper=1> dt; real<lower=1, upper=3> a;
            }
            transformed parameters {
              array[2] real ts = {t0 + dt, 1.5 + dt};
              array[2] vector[1] y = ode_rk45_tol(decay, [2.0]', t0, ts, 1e-10, 1e-10, 100000, k);
              array[2] vector[1] z = ode_adjoint_tol_ctl(decay, [a]', t0, {1.0, 2.0 + dt}, 1e-10, [1e-10]', 1e-8, [1e-8]',
                                                          1e-8, 1e-8, 100000, 150, 1, 2, 2, k);
            }
            model { target += normal_lpdf(y[1, 1] | 1, 0.5) + normal_lpdf(y[2, 1] | 0.5, 0.5) + normal_lpdf(z[2, 1] | 0.5, 0.5); }
            """
        let m = try StanModel.compile(source: source, fileName: "times.stan", data: nil).model
        for seed in UInt64(1)...3 { try StanTestSupport.checkGradient(m, seed: seed, "times.stan") }
        var out: [Double] = []
        try m.makeEvaluator().writeOutputs(at: StanTestSupport.randomPoint(m.dimension, seed: 5), into: &out)
        func value(_ name: String) -> Double { out[m.outputNames.firstIndex(of: name)!] }
        let k = value("k"), t0 = value("t0"), dt = value("dt"), a = value("a")
        XCTAssertEqual(value("y.1.1"), 2 * Foundation.exp(-k * dt), accuracy: 1e-8)
        XCTAssertEqual(value("y.2.1"), 2 * Foundation.exp(-k * (1.5 + dt - t0)), accuracy: 1e-8)
        XCTAssertEqual(value("z.2.1"), a * Foundation.exp(-k * (2 + dt - t0)), accuracy: 1e-8)
    }

    func testParameterTimesOutOfOrderRejectTheProposal() throws {
        let source = """
            functions { vector decay(real t, vector y, real k) { return -k * y; } }
            parameters { real<lower=0, upper=2> t1; }
            transformed parameters { array[2] vector[1] y = ode_rk45(decay, [1.0]', 0, {t1, 1.0}, 0.5); }
            model { target += normal_lpdf(y[2, 1] | 0.5, 0.5); }
            """
        let m = try StanModel.compile(source: source, fileName: "order.stan", data: nil).model
        let evaluator = m.makeEvaluator()
        XCTAssertNoThrow(try evaluator.logDensity(at: [-1]))   // t1 = 2 / (1 + e) < 1
        XCTAssertThrowsError(try evaluator.logDensity(at: [1])) { error in   // t1 > 1: not increasing
            XCTAssert("\(error)".contains("output times must be increasing"), "\(error)")
        }
    }
}
