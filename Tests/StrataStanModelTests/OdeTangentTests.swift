// ODE sensitivities by forward-mode tangents against one reverse sweep per state, and against finite differences.
import Foundation
import StrataAutodiff
import StrataModeling
import StrataOutput
import StrataTestSupport
import StrataStanModel
import XCTest

final class OdeTangentTests: XCTestCase {
    /// posteriordb's sir (an SIR epidemic through integrate_ode_rk45) with its data.
    static let sir = """
    functions {
      array[] real simple_SIR(real t, array[] real y, array[] real theta, array[] real x_r, array[] int x_i) {
        array[4] real dydt;
        dydt[1] = -theta[1] * y[4] / (y[4] + theta[2]) * y[1];
        dydt[2] = theta[1] * y[4] / (y[4] + theta[2]) * y[1] - theta[3] * y[2];
        dydt[3] = theta[3] * y[2];
        dydt[4] = theta[4] * y[2] - theta[5] * y[4];
        return dydt;
      }
    }
    data { int<lower=0> N_t; array[N_t] real t; array[4] real y0; array[N_t] int stoi_hat; array[N_t] real B_hat; }
    transformed data { real t0 = 0; real<lower=0> kappa = 1000000; array[0] real x_r; array[0] int x_i; }
    parameters { real<lower=0> beta; real<lower=0> gamma; real<lower=0> xi; real<lower=0> delta; }
    transformed parameters {
      array[N_t, 4] real<lower=0> y;
      {
        array[5] real theta = {beta, kappa, gamma, xi, delta};
        y = integrate_ode_rk45(simple_SIR, y0, t0, t, theta, x_r, x_i TOLERANCES);
      }
    }
    model {
      beta ~ cauchy(0, 2.5); gamma ~ cauchy(0, 1); xi ~ cauchy(0, 25); delta ~ cauchy(0, 1);
      stoi_hat[1] ~ poisson(y0[1] - y[1, 1]);
      for (n in 2 : N_t) { stoi_hat[n] ~ poisson(y[n - 1, 1] - y[n, 1]); }
      B_hat ~ lognormal(log(col(to_matrix(y), 4)), 0.15);
    }
    """
    static let sirData = #"{"N_t": 20, "t": [7, 14, 21, 28, 35, 42, 49, 56, 63, 70, 77, 84, 91, 98, 105, 112, 119, 126, 133, 140], "y0": [10000, 0, 0, 10000], "stoi_hat": [441, 419, 553, 666, 753, 692, 644, 509, 371, 286, 200, 147, 101, 68, 49, 35, 19, 12, 7, 10], "B_hat": [6141.73, 5801.72, 9439.14, 13742, 11975, 16387, 15144, 14705.6, 8736.39, 7553.29, 6007.09, 5979.96, 3048.17, 1566.77, 1275.21, 824.85, 604.605, 516.25, 258.046, 188.591]}"#

    static func systems(_ model: GraphModel) -> [OdeSystem] {
        model.graph.operations.compactMap { ($0 as? OdeSolveOp)?.system }
    }

    /// Log density and gradient with forward tangents on, then off (one reverse sweep per state).
    static func bothWays(_ model: GraphModel, at x: [Double]) throws -> (on: (Double, [Double]), off: (Double, [Double])) {
        let systems = Self.systems(model)
        defer { for s in systems { s.forwardTangents = true } }
        let on = try StanTestSupport.valueAndGradient(model, at: x)
        for s in systems { s.forwardTangents = false }
        return (on, try StanTestSupport.valueAndGradient(model, at: x))
    }

    /// Points where the epidemic takes off (at some others a state dips below 0 by rounding and is rejected).
    static let sirPoints = [[-0.906, -1.656, -1.619, -1.811], [0.2, -1.0, -0.5, -1.2], [-0.3, -1.4, 0.5, -0.6]]

    func sirModel(tolerances: String) throws -> GraphModel {
        let source = Self.sir.replacingOccurrences(of: "TOLERANCES", with: tolerances)
        let m = try StanModel.compile(source: source, fileName: "sir.stan", data: try DataSet(json: Self.sirData)).model
        XCTAssertEqual(Self.systems(m).map(\.supportsForwardTangents), [true], "sir's right-hand side is scalar code")
        return m
    }

    func testSirSensitivityDerivativeMatchesReverseSweepsToRounding() throws {
        let m = try sirModel(tolerances: "")
        let system = Self.systems(m)[0]
        XCTAssertEqual(system.states, 4); XCTAssertEqual(system.parameters, 5)
        for k in 0..<3 {
            // [y, S] and θ = (beta, kappa, gamma, xi, delta) away from zero; S has 4 x 5 entries.
            let state = (0..<24).map { i in (i < 4 ? 5000.0 : 30.0) * (1.2 + Foundation.sin(Double(i * 7 + k))) }
            let theta = [0.4 + 0.1 * Double(k), 1e6, 0.2, 0.3 + 0.2 * Double(k), 0.15]
            let forward = try system.coupledDerivative(t: 3, state: state, theta: theta, initialVaries: false, tangents: true)
            let reverse = try system.coupledDerivative(t: 3, state: state, theta: theta, initialVaries: false, tangents: false)
            XCTAssertEqual(forward[0..<4], reverse[0..<4], "f itself: the same forward sweep")
            for (a, b) in zip(forward, reverse) { XCTAssertEqual(a, b, accuracy: 1e-13 * max(abs(b), 1), "state \(k)") }
        }
    }

    func testSirGradientsAgreeWithinTheSolverTolerance() throws {
        // The step-size control also reads the sensitivities, so a rounding difference can flip a step's acceptance
        // (then both are solutions within Stan's default tolerance, 1e-6).
        let m = try sirModel(tolerances: "")
        for (k, x) in Self.sirPoints.enumerated() {
            let (on, off) = try Self.bothWays(m, at: x)
            XCTAssertEqual(on.0, off.0, accuracy: 1e-6 * abs(off.0), "point \(k)")
            for (a, b) in zip(on.1, off.1) { XCTAssertEqual(a, b, accuracy: 1e-4 * max(abs(b), 1), "point \(k)") }
        }
    }

    func testDecayProgramTakesBothPathsAndAgrees() throws {
        let m = try StanModel.compile(source: OdeSolverTests.decay, fileName: "ode.stan",
                                      data: try DataSet(json: #"{"ts": [0.5, 1.5, 4.0]}"#)).model
        let support = Self.systems(m).map(\.supportsForwardTangents)
        XCTAssertEqual(support.count, 2)
        XCTAssertEqual(support, [true, true], "scalar arithmetic in arrays and in a vector literal")
        for seed in UInt64(1)...2 {
            let (on, off) = try Self.bothWays(m, at: StanTestSupport.randomPoint(m.dimension, seed: seed))
            XCTAssertEqual(on.0, off.0, accuracy: 1e-10 * abs(off.0))
            for (a, b) in zip(on.1, off.1) { XCTAssertEqual(a, b, accuracy: 1e-10 * max(abs(b), 1)) }
        }
    }
}
