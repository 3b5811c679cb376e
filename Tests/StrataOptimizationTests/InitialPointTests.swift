// Random initialisation: inside (-R, R), reproducible, retries past infeasible draws, gives up clearly.
import StrataCore
import StrataOptimization
import XCTest

final class InitialPointTests: XCTestCase {
    func testDrawsInsideTheBoxAndIsReproducible() throws {
        let evaluator = Rosenbrock(dimension: 6)
        var rng1 = ChainRNG(seed: 42, chain: 2), rng2 = ChainRNG(seed: 42, chain: 2)
        let a = try InitialPoint.uniform(evaluator: evaluator, rng: &rng1)
        let b = try InitialPoint.uniform(evaluator: evaluator, rng: &rng2)
        XCTAssertEqual(a, b)
        XCTAssertTrue(a.allSatisfy { $0 > -2 && $0 < 2 })
        XCTAssertEqual(evaluator.calls, 2)
        var rng3 = ChainRNG(seed: 42, chain: 3)
        XCTAssertNotEqual(try InitialPoint.uniform(evaluator: evaluator, rng: &rng3), a)
    }

    func testRetriesUntilFeasible() throws {
        // Feasible only when every coordinate is positive: probability 1/8 per draw in 3-d.
        let evaluator = PositiveGamma(shapes: [2, 2, 2], rates: [1, 1, 1])
        var rng = ChainRNG(seed: 7, chain: 0)
        let x = try InitialPoint.uniform(evaluator: evaluator, rng: &rng)
        XCTAssertTrue(x.allSatisfy { $0 > 0 && $0 < 2 })
        XCTAssertGreaterThan(evaluator.rejections, 0)
        XCTAssertEqual(evaluator.calls, evaluator.rejections + 1)
    }

    func testGivesUpAfterMaxAttempts() {
        let evaluator = Throwing(dimension: 2, error: .domain(variable: "sigma", message: "negative"))
        var rng = ChainRNG(seed: 1, chain: 0)
        XCTAssertThrowsError(try InitialPoint.uniform(evaluator: evaluator, rng: &rng)) { error in
            XCTAssertEqual(error as? InitialPointError, .failed(attempts: 100, lastReason: "sigma: negative"))
        }
        XCTAssertEqual(evaluator.calls, 100)
    }

    func testZeroRadiusUsesTheOrigin() throws {
        let evaluator = Rosenbrock(dimension: 2)
        var rng = ChainRNG(seed: 1, chain: 0)
        XCTAssertEqual(try InitialPoint.uniform(evaluator: evaluator, rng: &rng, radius: 0), [0, 0])
        XCTAssertThrowsError(try InitialPoint.uniform(evaluator: evaluator, rng: &rng, radius: -1))
    }

    func testFatalErrorsAreNotRetried() {
        let evaluator = Throwing(dimension: 1, error: .invalidModel("bad data"))
        var rng = ChainRNG(seed: 1, chain: 0)
        XCTAssertThrowsError(try InitialPoint.uniform(evaluator: evaluator, rng: &rng)) { error in
            XCTAssertEqual(error as? LogDensityError, .invalidModel("bad data"))
        }
        XCTAssertEqual(evaluator.calls, 1)
    }
}
