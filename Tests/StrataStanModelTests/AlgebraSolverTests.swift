// Algebraic solvers: roots against closed forms, implicit-function gradients against finite differences, failures.
import StrataCore
import StrataModeling
import StrataOutput
import StrataStanModel
import XCTest

final class AlgebraSolverTests: XCTestCase {
    private let source = """
    functions {
      vector sys(vector y, real a, real b) { return [y[1] - a * b, y[2] * y[2] - b]'; }
      vector sys_old(vector y, vector theta, array[] real x_r, array[] int x_i) {
        return [y[1] - theta[1] * theta[2], y[2] * y[2] - theta[2]]';
      }
      vector coupled(vector y, vector theta) { return [y[1] - exp(-theta[1] * y[2]), y[2] - theta[2] * y[1]]'; }
    }
    data { array[0] real x_r; array[0] int x_i; }
    parameters { real<lower=0.5, upper=3> a; real<lower=0.5, upper=3> b; }
    transformed parameters {
      vector[2] newton = solve_newton(sys, [1, 1]', a, b);
      vector[2] powell = solve_powell(sys, [1, 1]', a, b);
      vector[2] old = algebra_solver(sys_old, [1, 1]', [a, b]', x_r, x_i);
      vector[2] old_newton = algebra_solver_newton(sys_old, [2, 3]', [a, b]', x_r, x_i, 1e-3, 1e-8, 100);
      vector[2] tol = solve_powell_tol(sys, [0.5, 0.5]', 1e-10, 1e-8, 100, a, b);
      vector[2] c = solve_newton(coupled, [0.5, 0.5]', [a, b]');
    }
    model {
      target += normal_lpdf(newton | 1, 1) + normal_lpdf(powell | 0.5, 2) + normal_lpdf(old | 0, 3)
              + normal_lpdf(old_newton | 1, 2) + normal_lpdf(tol | 0, 1) + normal_lpdf(c | 0.3, 0.5);
    }
    """

    func testRootsMatchTheClosedFormAndGradientsFiniteDifferences() throws {
        let m = try StanModel.compile(source: source, fileName: "solver.stan", data: try DataSet(json: #"{"x_r": [], "x_i": []}"#)).model
        for seed: UInt64 in [1, 2, 3] { try StanTestSupport.checkGradient(m, seed: seed, "solvers, seed \(seed)") }
        var out: [Double] = []
        try m.makeEvaluator().writeOutputs(at: StanTestSupport.randomPoint(m.dimension, seed: 4), into: &out)
        func value(_ name: String) -> Double { out[m.outputNames.firstIndex(of: name)!] }
        let a = value("a"), b = value("b")
        for prefix in ["newton", "powell", "old", "old_newton", "tol"] {
            XCTAssertEqual(value("\(prefix).1"), a * b, accuracy: 1e-9, prefix)
            XCTAssertEqual(value("\(prefix).2"), b.squareRoot(), accuracy: 1e-9, prefix)
        }
        let y1 = value("c.1"), y2 = value("c.2")
        XCTAssertEqual(y1, Foundation.exp(-a * y2), accuracy: 1e-10)
        XCTAssertEqual(y2, b * y1, accuracy: 1e-10)
    }

    func testNoRootIsAnErrorNamingTheSolver() throws {
        let hopeless = """
        functions { vector f(vector y, real c) { return [y[1] * y[1] + c]'; } }
        transformed data { vector[1] r = solve_newton(f, [1]', 1.0); }
        parameters { real x; }
        model { x ~ normal(0, 1); }
        """
        XCTAssertThrowsError(try StanModel.compile(source: hopeless, fileName: "h.stan", data: nil)) {
            XCTAssert("\($0)".contains("solve_newton"), "\($0)")
        }
        let powell = hopeless.replacingOccurrences(of: "solve_newton", with: "solve_powell")
        XCTAssertThrowsError(try StanModel.compile(source: powell, fileName: "h.stan", data: nil)) {
            XCTAssert("\($0)".contains("solve_powell"), "\($0)")
        }
    }
}
