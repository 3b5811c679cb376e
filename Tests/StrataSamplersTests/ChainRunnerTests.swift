// Multi-chain runner: thread-count reproducibility, robustness to failing densities, interruption.
import Foundation
import StrataCore
import StrataSamplers
import XCTest

/// Collects sampling records for one chain and requests an interrupt after `stopAfter` of them.
private final class RecordingSink: DrawSink {
    var draws: [[Double]] = []
    var adaptedStepSize: Double?
    let stopAfter: Int?
    let flag: InterruptFlag?
    init(stopAfter: Int? = nil, flag: InterruptFlag? = nil) { self.stopAfter = stopAfter; self.flag = flag }
    func record(chain: Int, iteration: Int, isWarmup: Bool, outputs: [Double], info: TransitionInfo) {
        guard !isWarmup else { return }
        draws.append(outputs)
        if let stopAfter, draws.count == stopAfter { flag?.request() }
    }
    func adaptationFinished(chain: Int, stepSize: Double, inverseMetric: InverseMetric) { adaptedStepSize = stepSize }
}

final class ChainRunnerTests: XCTestCase {
    private func smallConfig(seed: UInt64 = 11) -> SamplerConfiguration {
        var config = SamplerConfiguration()
        config.seed = seed
        config.chains = 4
        config.warmup = 200
        config.samples = 200
        return config
    }

    func testDrawsAreBitIdenticalAcrossThreadCounts() throws {
        let model = AR1GaussianModel(scales: [1, 2, 0.5, 3, 1, 1], rho: 0.5)
        let settings: [(MetricKind, AdaptationKind)] = [(.diagonal, .stan), (.dense, .stan), (.diagonal, .fisher),
                                                        (.dense, .fisher), (.lowRank, .fisher)]
        for (kind, adaptation) in settings {
            var one = smallConfig(); one.threads = 1; one.metric = kind; one.adaptation = adaptation
            var four = smallConfig(); four.threads = 4; four.metric = kind; four.adaptation = adaptation
            let a = try MultiChainRunner(configuration: one).run(model: model)
            let b = try MultiChainRunner(configuration: four).run(model: model)
            for c in 0..<4 {
                XCTAssertEqual(a[c].draws, b[c].draws, "\(kind) chain \(c) draws")
                XCTAssertEqual(a[c].stats, b[c].stats, "\(kind) chain \(c) stats")
                XCTAssertEqual(a[c].stepSize, b[c].stepSize)
            }
            XCTAssertNotEqual(a[0].draws, a[1].draws, "chains must use different streams")
        }
    }

    func testSinksReceiveEveryKeptDrawAndThinning() throws {
        var config = smallConfig()
        config.thin = 3
        let sinks = (0..<4).map { _ in RecordingSink() }
        let results = try MultiChainRunner(configuration: config).run(model: IndependentNormalModel(scales: [1, 2]),
                                                                      sinks: sinks)
        for c in 0..<4 {
            XCTAssertEqual(results[c].drawCount, 67)
            XCTAssertEqual(sinks[c].draws.count, 67)
            XCTAssertEqual(sinks[c].draws.flatMap { $0 }, results[c].draws)
            XCTAssertEqual(sinks[c].adaptedStepSize, results[c].stepSize)
        }
    }

    func testThrowingRegionGivesDivergencesNotCrashes() throws {
        var config = smallConfig()
        config.samples = 500
        let results = try MultiChainRunner(configuration: config).run(model: WalledNormalModel(dimension: 2, overflow: false))
        let divergences = results.reduce(0) { $0 + $1.divergenceCount }
        XCTAssertGreaterThan(divergences, 0)
        for r in results { XCTAssertTrue(r.values(ofOutput: 0).allSatisfy { $0 <= 1 }) }
    }

    func testOverflowingDensityCountsAsDivergent() throws {
        var config = smallConfig()
        config.samples = 500
        let results = try MultiChainRunner(configuration: config).run(model: WalledNormalModel(dimension: 2, overflow: true))
        let divergences = results.reduce(0) { $0 + $1.divergenceCount }
        XCTAssertGreaterThan(divergences, 0)
        for r in results {
            XCTAssertTrue(r.values(ofOutput: 0).allSatisfy { $0 <= 1 })
            XCTAssertTrue(r.stats.allSatisfy { $0.logDensity.isFinite && $0.energy.isFinite })
        }
    }

    func testInitializationFailureNamesTheChain() {
        var config = smallConfig()
        config.threads = 1
        XCTAssertThrowsError(try MultiChainRunner(configuration: config).run(model: BrokenModel(fatal: false))) { error in
            guard case let SamplerError.initializationFailed(chain, message) = error else {
                return XCTFail("unexpected error \(error)")
            }
            XCTAssertEqual(chain, 0)
            XCTAssertTrue(message.contains("sigma"), message)
            XCTAssertTrue("\(error)".contains("chain 1"))
        }
        XCTAssertThrowsError(try MultiChainRunner(configuration: config).run(model: BrokenModel(fatal: true))) { error in
            XCTAssertTrue("\(error)".contains("data size mismatch"), "\(error)")
        }
    }

    func testUserInitsAreUsedAndValidated() throws {
        var config = smallConfig()
        config.inits = [[0.5, 0.5, 0.5]]
        XCTAssertThrowsError(try MultiChainRunner(configuration: config).run(model: IndependentNormalModel(scales: [1, 1])))
        config.inits = [[0.5, -0.5]]
        config.warmup = 0
        config.samples = 1
        config.initialStepSize = 1e-6
        let r = try MultiChainRunner(configuration: config).run(model: IndependentNormalModel(scales: [1, 1]))
        // One tiny-step transition from the supplied init stays next to it.
        XCTAssertEqual(r[0].draws[0], 0.5, accuracy: 1e-3)
        XCTAssertEqual(r[0].draws[1], -0.5, accuracy: 1e-3)
    }

    func testInterruptReturnsDrawsMadeSoFar() throws {
        var config = smallConfig()
        config.chains = 1
        config.threads = 1
        let flag = InterruptFlag()
        let sink = RecordingSink(stopAfter: 7, flag: flag)
        let results = try MultiChainRunner(configuration: config).run(
            model: IndependentNormalModel(scales: [1, 2]), sinks: [sink], interrupt: flag)
        XCTAssertEqual(results[0].drawCount, 7)
        XCTAssertTrue(results[0].wasInterrupted)
        XCTAssertEqual(sink.draws.flatMap { $0 }, results[0].draws)
    }

    func testProgressCallbackSeesEveryIteration() throws {
        var config = smallConfig()
        config.chains = 2
        final class Counter: @unchecked Sendable {
            let lock = NSLock(); var warmup = 0, sampling = 0
        }
        let counter = Counter()
        _ = try MultiChainRunner(configuration: config).run(model: IndependentNormalModel(scales: [1])) { report in
            counter.lock.lock(); defer { counter.lock.unlock() }
            if report.phase == .warmup { counter.warmup += 1 } else { counter.sampling += 1 }
        }
        XCTAssertEqual(counter.warmup, 400)
        XCTAssertEqual(counter.sampling, 400)
    }

    func testInvalidConfigurationIsRejected() {
        var config = smallConfig()
        config.adaptDelta = 1.5
        XCTAssertThrowsError(try MultiChainRunner(configuration: config).run(model: IndependentNormalModel(scales: [1]))) {
            XCTAssertTrue("\($0)".contains("adaptDelta"))
        }
    }
}

final class InitialMetricTests: XCTestCase {
    func testSuppliedInverseMetricIsUsedWithoutAdaptation() throws {
        var config = SamplerConfiguration()
        config.chains = 1
        config.warmup = 0
        config.samples = 5
        config.adapt = false
        config.initialStepSize = 0.3
        config.initialInverseMetric = .diagonal([4, 0.25])
        let r = try MultiChainRunner(configuration: config).run(model: IndependentNormalModel(scales: [2, 0.5]))
        XCTAssertEqual(r[0].inverseMetric, .diagonal([4, 0.25]))
        XCTAssertEqual(r[0].stepSize, 0.3)
        XCTAssertTrue(r[0].stats.allSatisfy { $0.stepSize == 0.3 })

        config.initialInverseMetric = .diagonal([1, 1, 1])
        XCTAssertThrowsError(try MultiChainRunner(configuration: config).run(model: IndependentNormalModel(scales: [2, 0.5])))
        config.initialInverseMetric = .diagonal([1, -1])
        XCTAssertThrowsError(try MultiChainRunner(configuration: config).run(model: IndependentNormalModel(scales: [2, 0.5])))
    }
}
