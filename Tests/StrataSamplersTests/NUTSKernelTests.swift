// NUTS transition invariants: tree-size bookkeeping, max depth, divergence, and exactness at fixed step size.
import Foundation
import StrataCore
import StrataSamplers
import XCTest

final class NUTSKernelTests: XCTestCase {
    private func startPoint<E: LogDensityEvaluator>(_ x: [Double], _ evaluator: E) throws -> PhasePoint {
        var z = PhasePoint(dimension: x.count)
        z.position = x
        try Leapfrog.evaluatePotential(&z, evaluator: evaluator)
        return z
    }

    func testLeapfrogCountMatchesTreeDepth() throws {
        let model = IndependentNormalModel(scales: [1, 2, 0.5])
        let evaluator = model.makeEvaluator()
        var kernel = NUTSKernel(metric: try DiagonalMetric(inverseDiagonal: [1, 4, 0.25]), stepSize: 0.4)
        var rng = ChainRNG(seed: 9, chain: 0)
        var state = try startPoint([0.1, 0.2, 0.3], evaluator)
        var depths = Set<Int>()
        for _ in 0..<500 {
            let info = try kernel.transition(&state, evaluator: evaluator, rng: &rng)
            let d = info.treeDepth
            depths.insert(d)
            // d completed doublings use 2^d - 1 steps; a rejected last subtree adds at most 2^d more.
            XCTAssertGreaterThanOrEqual(info.leapfrogCount, (1 << d) - 1)
            XCTAssertLessThanOrEqual(info.leapfrogCount, (1 << (d + 1)) - 1)
            XCTAssertFalse(info.isDivergent)
            XCTAssertEqual(info.logDensity, state.logDensity)
            XCTAssertEqual(info.energy, state.kineticEnergy - state.logDensity, accuracy: 1e-12)
            XCTAssertTrue((0...1).contains(info.acceptStat))
        }
        XCTAssertGreaterThan(depths.count, 1)
    }

    func testTinyStepSizeRunsToMaxDepth() throws {
        let model = IndependentNormalModel(scales: [1, 1])
        let evaluator = model.makeEvaluator()
        var kernel = NUTSKernel(metric: UnitMetric(dimension: 2), stepSize: 1e-4, maxDepth: 3)
        var rng = ChainRNG(seed: 2, chain: 0)
        var state = try startPoint([0.5, -0.5], evaluator)
        for _ in 0..<20 {
            let info = try kernel.transition(&state, evaluator: evaluator, rng: &rng)
            XCTAssertEqual(info.treeDepth, 3)
            XCTAssertEqual(info.leapfrogCount, 7)
            XCTAssertGreaterThan(info.acceptStat, 0.999)
        }
    }

    func testHugeStepSizeDivergesAndKeepsTheState() throws {
        let model = IndependentNormalModel(scales: [1, 1])
        let evaluator = model.makeEvaluator()
        var kernel = NUTSKernel(metric: UnitMetric(dimension: 2), stepSize: 1e4)
        var rng = ChainRNG(seed: 4, chain: 0)
        var state = try startPoint([0.5, -0.5], evaluator)
        let info = try kernel.transition(&state, evaluator: evaluator, rng: &rng)
        XCTAssertTrue(info.isDivergent)
        XCTAssertEqual(info.treeDepth, 0)
        XCTAssertEqual(info.leapfrogCount, 1)
        XCTAssertLessThan(info.acceptStat, 1e-100)
        XCTAssertEqual(state.position, [0.5, -0.5])
    }

    func testFixedStepSizeNUTSIsExactOnANormal() throws {
        // No adaptation: the tree builder alone must leave N(0, 2^2) invariant.
        let model = IndependentNormalModel(scales: [2])
        let evaluator = model.makeEvaluator()
        var chains: [[Double]] = []
        for c in 0..<4 {
            var kernel = NUTSKernel(metric: UnitMetric(dimension: 1), stepSize: 0.9)
            var rng = ChainRNG(seed: 31, chain: c)
            var state = try startPoint([1.0], evaluator)
            var draws: [Double] = []
            for _ in 0..<5000 {
                _ = try kernel.transition(&state, evaluator: evaluator, rng: &rng)
                draws.append(state.position[0])
            }
            chains.append(draws)
        }
        XCTAssertLessThan(abs(TestESS.meanAndVariance(chains).mean), 5 * TestESS.mcseOfMean(chains))
        let squares = chains.map { $0.map { $0 * $0 } }
        XCTAssertLessThan(abs(TestESS.meanAndVariance(squares).mean - 4), 5 * TestESS.mcseOfMean(squares))
        let fourth = chains.map { $0.map { $0 * $0 * $0 * $0 } }
        XCTAssertLessThan(abs(TestESS.meanAndVariance(fourth).mean - 48), 5 * TestESS.mcseOfMean(fourth))
    }

    func testStepSizeInitializationLandsNearTheThreshold() throws {
        let model = IndependentNormalModel(scales: [0.01, 0.01])
        let evaluator = model.makeEvaluator()
        var kernel = NUTSKernel(metric: UnitMetric(dimension: 2), stepSize: 1)
        var rng = ChainRNG(seed: 8, chain: 0)
        let state = try startPoint([0.01, 0.0], evaluator)
        try kernel.initializeStepSize(from: state, evaluator: evaluator, rng: &rng)
        // Halving from 1 stops at a power of two of the order of the scale 0.01.
        XCTAssertEqual(log2(kernel.stepSize), log2(kernel.stepSize).rounded())
        XCTAssertGreaterThan(kernel.stepSize, 0.001)
        XCTAssertLessThan(kernel.stepSize, 0.05)
    }
}
