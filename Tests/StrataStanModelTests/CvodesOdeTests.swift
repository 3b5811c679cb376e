// The implicit ODE solvers (ode_bdf, ode_adams, integrate_ode_bdf/_adams) through SUNDIALS CVODES: a stiff system
// against a Radau reference, smooth ones against closed forms, gradients against finite differences.
import StrataAutodiff
import StrataModeling
import StrataOutput
import StrataStanModel
import XCTest

final class CvodesOdeTests: XCTestCase {
    /// Robertson's chemical kinetics (stiffness ratio ~1e11 at these rates): explicit Runge-Kutta needs ~1e6 steps
    /// to t = 400, BDF a few hundred. u scales the three rates around (0.04, 3e7, 1e4).
    static let robertson = """
    functions {
      vector rob(real t, vector y, real k1, real k2, real k3) {
        return [-k1 * y[1] + k3 * y[2] * y[3], k1 * y[1] - k3 * y[2] * y[3] - k2 * square(y[2]), k2 * square(y[2])]';
      }
    }
    data { array[4] real ts; int steps; }
    parameters { vector<lower=-1, upper=1>[3] u; }
    transformed parameters {
      real k1 = 0.04 * exp(u[1]); real k2 = 3e7 * exp(u[2]); real k3 = 1e4 * exp(u[3]);
      array[4] vector[3] y = ode_bdf_tol(rob, [1, 0, 0]', 0, ts, 1e-10, 1e-14, steps, k1, k2, k3);
    }
    model { target += normal_lpdf(y[4, 1] | 0.45, 0.1) + normal_lpdf(y[2, 3] | 0.1, 0.05) + normal_lpdf(log(y[3, 2]) | -11.6, 1); }
    """

    private func robertsonModel(steps: Int) throws -> GraphModel {
        try StanModel.compile(source: Self.robertson, fileName: "robertson.stan",
                              data: try DataSet(json: #"{"ts": [0.4, 4, 40, 400], "steps": \#(steps)}"#)).model
    }

    func testStiffRobertsonMatchesRadauReference() throws {
        let model = try robertsonModel(steps: 100_000)
        var out: [Double] = []
        try model.makeEvaluator().writeOutputs(at: [0, 0, 0], into: &out)   // u = 0: the nominal rates
        func value(_ name: String) -> Double { out[model.outputNames.firstIndex(of: name)!] }
        // scipy's Radau at rtol 1e-12, atol 1e-16.
        let reference: [[Double]] = [
            [9.8517211386098846e-01, 3.3863953789748744e-05, 1.4794022185221486e-02],
            [9.0551867858425084e-01, 2.2404756875602670e-05, 9.4458916658871711e-02],
            [7.1582706871941282e-01, 9.1855347645586774e-06, 2.8416374574582076e-01],
            [4.5051866847115796e-01, 3.2229014416753238e-06, 5.4947810862739821e-01],
        ]
        for (t, row) in reference.enumerated() {
            for (i, r) in row.enumerated() {
                XCTAssertEqual(value("y.\(t + 1).\(i + 1)"), r, accuracy: 1e-7 * abs(r), "y[\(t + 1), \(i + 1)]")
            }
        }
        // The gradient (CVODES' forward sensitivities) against the reference's: scipy's Radau sensitivities by central
        // differences of the rates (1e-5 relative), contracted with the target's partials. Finite differences of this
        // program itself are not precise enough (the adaptive steps change with the point: ~1e-3 relative).
        let gradient = try StanTestSupport.valueAndGradient(model, at: [0, 0, 0]).1
        for (g, r) in zip(gradient, [0.08912525160005724, 0.019753387768150932, -0.038436857513323916]) {
            XCTAssertEqual(g, r, accuracy: 1e-6 * abs(r))
        }
    }

    func testStepLimitIsReportedAsStanDoes() throws {
        let model = try robertsonModel(steps: 5)
        XCTAssertThrowsError(try StanTestSupport.valueAndGradient(model, at: [0, 0, 0])) {
            XCTAssert("\($0)".contains("max_num_steps = 5 exceeded"), "\($0)")
        }
    }

    /// The two-compartment decay of OdeSolverTests (closed form) through the implicit solvers.
    func testImplicitSolversMatchClosedFormAndGradients() throws {
        let source = OdeSolverTests.decay
            .replacingOccurrences(of: "integrate_ode_rk45(", with: "integrate_ode_bdf(")
            .replacingOccurrences(of: "ode_rk45_tol(", with: "ode_adams_tol(")
        XCTAssertNotEqual(source, OdeSolverTests.decay)
        let m = try StanModel.compile(source: source, fileName: "ode.stan", data: try DataSet(json: #"{"ts": [0.5, 1.5, 4.0]}"#)).model
        for seed in UInt64(1)...3 { try StanTestSupport.checkGradient(m, seed: seed, "ode.stan, bdf and adams") }
        let explicit = try StanModel.compile(source: OdeSolverTests.decay, fileName: "ode.stan",
                                             data: try DataSet(json: #"{"ts": [0.5, 1.5, 4.0]}"#)).model
        let x = StanTestSupport.randomPoint(m.dimension, seed: 4)
        var out: [Double] = [], reference: [Double] = []
        try m.makeEvaluator().writeOutputs(at: x, into: &out)
        try explicit.makeEvaluator().writeOutputs(at: x, into: &reference)
        OdeSolverTests.assertDecayClosedForm(out, names: m.outputNames, accuracy: 1e-7)
        // The Lotka-Volterra part (no closed form): Adams at 1e-10 against Dormand-Prince at 1e-10.
        for (name, r) in zip(explicit.outputNames, reference) where name.hasPrefix("z.") {
            XCTAssertEqual(out[m.outputNames.firstIndex(of: name)!], r, accuracy: 1e-7 * max(1, abs(r)), name)
        }
    }
}
