// Each stopping rule fires when it should, with Stan's messages; bad starts throw clear errors.
import Foundation
import StrataCore
import StrataOptimization
import XCTest

final class LBFGSTerminationTests: XCTestCase {
    /// Only the named test enabled (the others set to zero, which disables them as in Stan).
    private func only(_ keyPath: WritableKeyPath<LBFGSConfiguration, Double>, _ value: Double,
                      maxIterations: Int = 2000) -> LBFGSConfiguration {
        var c = LBFGSConfiguration(objectiveTolerance: 0, relativeObjectiveTolerance: 0, gradientTolerance: 0,
                                   relativeGradientTolerance: 0, parameterTolerance: 0, maxIterations: maxIterations)
        c[keyPath: keyPath] = value
        return c
    }

    private func quadratic(offset: Double = 0) -> Quadratic {
        Quadratic(eigenvalues: [1, 4, 9, 30], reflection: [1, -2, 0.5, 1], center: [1, 2, 3, 4], offset: offset)
    }

    func testGradientNormTolerance() throws {
        let result = try LBFGS.maximize(evaluator: quadratic(), initial: [0, 0, 0, 0],
                                        configuration: only(\.gradientTolerance, 1e-8))
        XCTAssertEqual(result.termination, .gradientNorm)
        XCTAssertLessThan(result.gradientNorm, 1e-8)
        XCTAssertEqual(result.termination.message, "Convergence detected: gradient norm is below tolerance")
    }

    func testRelativeGradientTolerance() throws {
        let result = try LBFGS.maximize(evaluator: quadratic(offset: -1e3), initial: [0, 0, 0, 0],
                                        configuration: only(\.relativeGradientTolerance, 1e7))
        XCTAssertEqual(result.termination, .relativeGradient)
        XCTAssertEqual(result.termination.message,
                       "Convergence detected: relative gradient magnitude is below tolerance")
        // g'H^-1 g < 1e7 eps * 1e3 with eigenvalues <= 30 bounds ||g|| by about sqrt(2.2e-6 * 30) = 8e-3;
        // it stops well before the gradient itself is tiny.
        XCTAssertLessThan(result.gradientNorm, 1e-2)
        XCTAssertGreaterThan(result.gradientNorm, 1e-8)
    }

    func testAbsoluteObjectiveTolerance() throws {
        let result = try LBFGS.maximize(evaluator: quadratic(), initial: [0, 0, 0, 0],
                                        configuration: only(\.objectiveTolerance, 1e-6))
        XCTAssertEqual(result.termination, .absoluteObjectiveChange)
        XCTAssertLessThan(-result.logDensity, 1e-3)
    }

    func testRelativeObjectiveTolerance() throws {
        let result = try LBFGS.maximize(evaluator: quadratic(offset: -1e6), initial: [0, 0, 0, 0],
                                        configuration: only(\.relativeObjectiveTolerance, 1e4))
        XCTAssertEqual(result.termination, .relativeObjectiveChange)
        XCTAssertEqual(result.termination.message,
                       "Convergence detected: relative change in objective function was below tolerance")
    }

    func testParameterTolerance() throws {
        let result = try LBFGS.maximize(evaluator: quadratic(), initial: [0, 0, 0, 0],
                                        configuration: only(\.parameterTolerance, 1e-4))
        XCTAssertEqual(result.termination, .parameterChange)
        XCTAssertEqual(result.termination.message,
                       "Convergence detected: absolute parameter change was below tolerance")
    }

    func testMaximumIterations() throws {
        var iterations: [Int] = []
        let result = try LBFGS.maximize(evaluator: Rosenbrock(dimension: 2), initial: [-1.2, 1],
                                        configuration: LBFGSConfiguration(maxIterations: 3)) {
            iterations.append($0.iteration)
        }
        XCTAssertEqual(result.termination, .maximumIterations)
        XCTAssertFalse(result.converged)
        XCTAssertEqual(result.iterations, 3)
        XCTAssertEqual(iterations, [1, 2, 3])
    }

    func testZeroIterationsReturnsTheStart() throws {
        let evaluator = quadratic()
        let result = try LBFGS.maximize(evaluator: evaluator, initial: [0, 0, 0, 0],
                                        configuration: LBFGSConfiguration(maxIterations: 0))
        XCTAssertEqual(result.termination, .maximumIterations)
        XCTAssertEqual(result.x, [0, 0, 0, 0])
        XCTAssertEqual(result.evaluations, 1)
    }

    func testStartingAtTheOptimumStopsImmediately() throws {
        let result = try LBFGS.maximize(evaluator: quadratic(), initial: [1, 2, 3, 4])
        XCTAssertEqual(result.termination, .gradientNorm)
        XCTAssertEqual(result.iterations, 0)
    }

    func testProgressIsMonotoneAndConsistent() throws {
        var records: [LBFGSProgress] = []
        let evaluator = Rosenbrock(dimension: 4)
        let result = try LBFGS.maximize(evaluator: evaluator, initial: [-1.2, 1, -1.2, 1]) { records.append($0) }
        XCTAssertEqual(records.count, result.iterations)
        XCTAssertEqual(records.map(\.iteration), Array(1...result.iterations))
        XCTAssertEqual(records.first?.initialStepSize, 1e-3, "first trial step is init_alpha")
        for (a, b) in zip(records, records.dropFirst()) {
            XCTAssertGreaterThan(b.logDensity, a.logDensity, "sufficient increase at iteration \(b.iteration)")
            XCTAssertGreaterThan(b.evaluations, a.evaluations)
        }
        XCTAssertTrue(records.dropLast().allSatisfy { $0.termination == nil })
        XCTAssertEqual(records.last?.termination, result.termination)
        XCTAssertEqual(records.last?.logDensity, result.logDensity)
        XCTAssertEqual(records.last?.evaluations, evaluator.calls)
    }

    func testInfeasibleInitialPointThrows() {
        let evaluator = PositiveGamma(shapes: [2], rates: [1])
        XCTAssertThrowsError(try LBFGS.maximize(evaluator: evaluator, initial: [-1])) { error in
            guard case LBFGSError.infeasibleInitialPoint(let reason) = error else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertTrue(reason.contains("x[0]"), reason)
        }
    }

    func testFirstLineSearchFailureThrows() {
        // Feasible only in a sliver around the start: every trial step is rejected.
        final class Sliver: CountingEvaluator {
            override func evaluate(_ x: [Double], _ g: inout [Double]) throws -> Double {
                guard abs(x[0] - 1) < 1e-9 else { throw LogDensityError.domain(variable: "x", message: "outside") }
                g[0] = 1e3
                return x[0]
            }
        }
        XCTAssertThrowsError(try LBFGS.maximize(evaluator: Sliver(dimension: 1), initial: [1])) { error in
            guard case LBFGSError.lineSearchFailedAtStart = error else { return XCTFail("unexpected \(error)") }
        }
    }

    func testLaterLineSearchFailureReturnsTheBestPoint() throws {
        // A density that becomes infeasible everywhere after 12 evaluations: the line search fails,
        // the Hessian reset retry fails too, and the run ends with the last accepted point.
        final class Breaking: CountingEvaluator {
            override func evaluate(_ x: [Double], _ g: inout [Double]) throws -> Double {
                guard calls <= 12 else { throw LogDensityError.nonFinite("broken") }
                let a = x[1] - x[0] * x[0], b = 1 - x[0]
                g[0] = 400 * a * x[0] + 2 * b
                g[1] = -200 * a
                return -(100 * a * a + b * b)
            }
        }
        var last: LBFGSProgress?
        let evaluator = Breaking(dimension: 2)
        let result = try LBFGS.maximize(evaluator: evaluator, initial: [-1.2, 1]) { last = $0 }
        XCTAssertEqual(result.termination, .lineSearchFailed)
        XCTAssertFalse(result.converged)
        XCTAssertFalse(result.termination.isNormal)
        XCTAssertEqual(result.iterations, last?.iteration)
        XCTAssertEqual(result.logDensity, last?.logDensity)
        XCTAssertGreaterThan(result.logDensity, -24.2, "better than the start")
        // Both failed searches used up their restarts on thrown points (11 each).
        XCTAssertEqual(result.evaluations, evaluator.calls)
        XCTAssertEqual(evaluator.calls - (last?.evaluations ?? 0), 22)
    }

    func testFailedLineSearchResetsTheHessianApproximation() throws {
        // After iteration 3 the next 11 evaluations throw: the first line search of iteration 4
        // uses up its 10 restarts, so the iteration is redone along the gradient from init_alpha.
        final class Flaky: CountingEvaluator {
            var failNext = 0
            override func evaluate(_ x: [Double], _ g: inout [Double]) throws -> Double {
                if failNext > 0 {
                    failNext -= 1
                    throw LogDensityError.domain(variable: "x", message: "flaky")
                }
                let a = x[1] - x[0] * x[0], b = 1 - x[0]
                g[0] = 400 * a * x[0] + 2 * b
                g[1] = -200 * a
                return -(100 * a * a + b * b)
            }
        }
        let evaluator = Flaky(dimension: 2)
        var records: [LBFGSProgress] = []
        let result = try LBFGS.maximize(evaluator: evaluator, initial: [-1.2, 1]) { progress in
            records.append(progress)
            if progress.iteration == 3 { evaluator.failNext = 11 }
        }
        XCTAssertEqual(records.map(\.hessianReset).firstIndex(of: true), 3, "iteration 4 was reset")
        XCTAssertEqual(records.filter(\.hessianReset).count, 1)
        XCTAssertEqual(records[3].initialStepSize, 1e-3)
        XCTAssertGreaterThanOrEqual(records[3].evaluations - records[2].evaluations, 12)
        XCTAssertTrue(result.converged, "\(result.termination)")
        XCTAssertLessThan(abs(result.x[0] - 1), 1e-3)
    }

    func testNonFiniteValuesAreTreatedAsInfeasible() throws {
        // Gamma(1.5, 10) kernel (mode 0.05) with no domain check. For x < 0 either the log density
        // is NaN (log of a negative number) or, in the second variant, the log density is finite
        // but the gradient is NaN. Starting at 5, the growing trial steps cross zero.
        final class Unguarded: CountingEvaluator {
            let nanGradientOnly: Bool
            var outside = 0
            init(nanGradientOnly: Bool) {
                self.nanGradientOnly = nanGradientOnly
                super.init(dimension: 1)
            }
            override func evaluate(_ x: [Double], _ g: inout [Double]) throws -> Double {
                if x[0] <= 0 { outside += 1 }
                if nanGradientOnly && x[0] <= 0 {
                    g[0] = .nan
                    return 0.5 * log(-x[0]) - 10 * x[0]
                }
                g[0] = 0.5 / x[0] - 10
                return 0.5 * log(x[0]) - 10 * x[0]
            }
        }
        for nanGradientOnly in [false, true] {
            let evaluator = Unguarded(nanGradientOnly: nanGradientOnly)
            let result = try LBFGS.maximize(evaluator: evaluator, initial: [5])
            XCTAssertTrue(result.converged, "\(result.termination)")
            XCTAssertGreaterThan(evaluator.outside, 0, "must try points outside the support")
            XCTAssertEqual(result.x[0], 0.05, accuracy: 1e-5)
        }
    }

    func testFatalModelErrorsPropagate() {
        let evaluator = Throwing(dimension: 2, error: .invalidModel("N must be positive"))
        XCTAssertThrowsError(try LBFGS.maximize(evaluator: evaluator, initial: [0, 0])) { error in
            XCTAssertEqual(error as? LogDensityError, .invalidModel("N must be positive"))
        }
    }

    func testBadInputsAreReported() {
        XCTAssertThrowsError(try LBFGS.maximize(evaluator: quadratic(), initial: [0, 0])) { error in
            XCTAssertEqual(error as? LBFGSError, .dimensionMismatch(variable: "initial", expected: 4, actual: 2))
        }
        XCTAssertThrowsError(try LBFGS.maximize(evaluator: quadratic(), initial: [0, .nan, 0, 0])) { error in
            XCTAssertEqual(error as? LBFGSError, .nonFiniteInitialValue(index: 1))
        }
        let bad = LBFGSConfiguration(historySize: 0)
        XCTAssertThrowsError(try LBFGS.maximize(evaluator: quadratic(), initial: [0, 0, 0, 0], configuration: bad)) {
            guard case LBFGSError.invalidConfiguration(let field, _) = $0 else { return XCTFail("unexpected \($0)") }
            XCTAssertEqual(field, "historySize")
        }
        XCTAssertThrowsError(try LBFGSConfiguration(sufficientDecrease: 0.5, curvature: 0.4).validate())
        XCTAssertThrowsError(try LBFGSConfiguration(relativeGradientTolerance: -1).validate())
        XCTAssertNoThrow(try LBFGSConfiguration().validate())
    }

    func testDefaultsMatchCmdStan() {
        let c = LBFGSConfiguration()
        XCTAssertEqual(c.historySize, 5)
        XCTAssertEqual(c.initialStepSize, 1e-3)
        XCTAssertEqual(c.objectiveTolerance, 1e-12)
        XCTAssertEqual(c.relativeObjectiveTolerance, 1e4)
        XCTAssertEqual(c.gradientTolerance, 1e-8)
        XCTAssertEqual(c.relativeGradientTolerance, 1e7)
        XCTAssertEqual(c.parameterTolerance, 1e-8)
        XCTAssertEqual(c.maxIterations, 2000)
        XCTAssertEqual(c.sufficientDecrease, 1e-4)
        XCTAssertEqual(c.curvature, 0.9)
    }
}
