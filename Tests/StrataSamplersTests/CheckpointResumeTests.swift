// Checkpoint and resume: a chain stopped at any iteration and continued from its saved state gives the same bits.
import Foundation
import StrataCore
import StrataSamplers
import XCTest

/// Holds what a coordinator wrote (written from chain threads).
private final class SavedRecords: @unchecked Sendable {
    private let lock = NSLock()
    private var sets: [[ChainCheckpointRecord]] = []
    func append(_ r: [ChainCheckpointRecord]) { lock.lock(); sets.append(r); lock.unlock() }
    var all: [[ChainCheckpointRecord]] { lock.lock(); defer { lock.unlock() }; return sets }
}

final class CheckpointResumeTests: XCTestCase {
    private let model = AR1GaussianModel(scales: [1, 2, 0.5, 3, 1, 1], rho: 0.5)
    private let settings: [(MetricKind, AdaptationKind)] = [(.diagonal, .stan), (.dense, .stan), (.unit, .stan),
                                                            (.diagonal, .fisher), (.dense, .fisher), (.lowRank, .fisher)]

    private func config(_ metric: MetricKind, _ adaptation: AdaptationKind) -> SamplerConfiguration {
        var c = SamplerConfiguration()
        c.seed = 5; c.chains = 3; c.threads = 3; c.warmup = 150; c.samples = 60
        c.metric = metric; c.adaptation = adaptation
        return c
    }

    private func fresh(_ chains: Int) -> [ChainCheckpointRecord] {
        (0..<chains).map { ChainCheckpointRecord(chain: $0, sampler: nil, sink: nil) }
    }

    /// Stops chain 1 at iteration `at` of `phase` (the others wherever they are), resumes every chain from
    /// the checkpoint and checks draws, statistics, step size and metric against an uninterrupted run.
    private func checkStopAndResume(phase: SamplerPhase, at iteration: Int) throws {
        for (metric, adaptation) in settings {
            let c = config(metric, adaptation)
            let label = "\(metric)/\(adaptation) stopped in \(phase) at \(iteration)"
            let reference = try MultiChainRunner(configuration: c).run(model: model)
            let saved = SavedRecords()
            let first = CheckpointCoordinator(records: fresh(c.chains), interval: nil, write: { saved.append($0) })
            let flag = InterruptFlag()
            let stopped = try MultiChainRunner(configuration: c).run(
                model: model, interrupt: flag,
                progress: { r in if r.chain == 0 && r.phase == phase && r.iteration == iteration { flag.request() } },
                checkpoint: first)
            XCTAssertTrue(stopped[0].wasInterrupted, label)
            try first.writeNow()
            let records = try XCTUnwrap(saved.all.last, label)
            let second = CheckpointCoordinator(records: records, interval: nil, write: { _ in })
            let resumed = try MultiChainRunner(configuration: c).run(model: model, checkpoint: second)
            for k in 0..<c.chains {
                XCTAssertFalse(resumed[k].wasInterrupted, label)
                XCTAssertEqual(stopped[k].draws + resumed[k].draws, reference[k].draws, "\(label): chain \(k + 1) draws")
                XCTAssertEqual(stopped[k].stats + resumed[k].stats, reference[k].stats, "\(label): chain \(k + 1) statistics")
                XCTAssertEqual(resumed[k].stepSize, reference[k].stepSize, label)
                XCTAssertEqual(resumed[k].inverseMetric, reference[k].inverseMetric, label)
                XCTAssertEqual(resumed[k].adaptation, reference[k].adaptation, label)
            }
            XCTAssertEqual(stopped[0].drawCount, phase == .warmup ? 0 : iteration + 1, label)
        }
    }

    func testStopDuringWarmupAndResumeGivesTheSameDraws() throws {
        // Iteration 90 is inside Stan's second metric window and the Fisher adaptation's main phase.
        try checkStopAndResume(phase: .warmup, at: 90)
    }

    func testStopDuringSamplingAndResumeGivesTheSameDraws() throws {
        try checkStopAndResume(phase: .sampling, at: 25)
    }

    /// Periodic checkpoints while the run goes on (here at every iteration boundary): resuming from any of
    /// them, e.g. after a crash, continues with the uninterrupted run's draws.
    func testResumeFromAPeriodicCheckpointContinuesTheRun() throws {
        for (metric, adaptation) in [(MetricKind.diagonal, AdaptationKind.stan), (.lowRank, .fisher)] {
            let c = config(metric, adaptation)
            let reference = try MultiChainRunner(configuration: c).run(model: model)
            let saved = SavedRecords()
            let periodic = CheckpointCoordinator(records: fresh(c.chains), interval: 0, write: { saved.append($0) })
            let full = try MultiChainRunner(configuration: c).run(model: model, checkpoint: periodic)
            for k in 0..<c.chains { XCTAssertEqual(full[k].draws, reference[k].draws, "saving state must not change the draws") }
            let sets = saved.all
            XCTAssertGreaterThan(sets.count, 6, "\(metric): checkpoints while the run goes on (rounds wait for every running chain)")
            for index in [5, sets.count * 3 / 4] {
                let resumed = try MultiChainRunner(configuration: c).run(
                    model: model, checkpoint: CheckpointCoordinator(records: sets[index], interval: nil, write: { _ in }))
                for k in 0..<c.chains {
                    XCTAssertEqual(Array(reference[k].draws.suffix(resumed[k].draws.count)), resumed[k].draws,
                                   "\(metric): chain \(k + 1) resumed from checkpoint \(index)")
                    XCTAssertEqual(resumed[k].stepSize, reference[k].stepSize)
                }
            }
        }
    }

    /// A saved state of one metric cannot be resumed with another.
    func testMismatchedMetricIsRefused() throws {
        let c = config(.dense, .stan)
        let saved = SavedRecords()
        let flag = InterruptFlag()
        let coordinator = CheckpointCoordinator(records: fresh(c.chains), interval: nil, write: { saved.append($0) })
        _ = try MultiChainRunner(configuration: c).run(
            model: model, interrupt: flag, progress: { r in if r.iteration == 10 { flag.request() } }, checkpoint: coordinator)
        try coordinator.writeNow()
        let other = config(.diagonal, .stan)
        XCTAssertThrowsError(try MultiChainRunner(configuration: other).run(
            model: model, checkpoint: CheckpointCoordinator(records: saved.all.first ?? [], interval: nil, write: { _ in }))) { error in
            XCTAssertTrue("\(error)".contains("does not fit"), "\(error)")
        }
    }
}
