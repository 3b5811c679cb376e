// Collects each chain's saved state at iteration boundaries and writes checkpoints periodically or on request.
import Foundation

/// One chain's entry in a checkpoint: its sampler state and its output sink's state, both opaque.
public struct ChainCheckpointRecord: Sendable {
    /// 0-based chain index within the run (as in ``ChainResult/chain``).
    public var chain: Int
    /// The sampler's saved state, or nil when the chain had not started (it restarts from scratch).
    public var sampler: Data?
    /// The sink's saved state (e.g. how many bytes of its CSV belong to the saved iterations), if any.
    public var sink: Data?

    /// Creates a record.
    public init(chain: Int, sampler: Data?, sink: Data?) {
        self.chain = chain; self.sampler = sampler; self.sink = sink
    }
}

/// Decides when chains save their state and hands complete sets of records to a writer.
///
/// Chains never interact, so a checkpoint need not be a simultaneous cut: it holds the latest saved
/// state of every chain. Every `interval` seconds a new round starts: each running chain saves its state
/// at its next iteration boundary, and when the last of them has, the records are written (on that
/// chain's thread; writes never overlap). A chain that has not started is recorded as such and restarts
/// from its first iteration on resume; a finished chain is recorded once, when it finishes.
public final class CheckpointCoordinator: @unchecked Sendable {
    private let lock = PthreadLock()
    private let writeLock = PthreadLock()
    private let interval: Double?
    private let write: ([ChainCheckpointRecord]) throws -> Void
    private var records: [ChainCheckpointRecord]
    private var running: Set<Int> = []
    private var pending: Set<Int> = []
    private var round = 0
    private var writtenRound = 0
    private var lastRoundStart: Date
    private var failure: Error?

    /// Creates a coordinator.
    /// - Parameters:
    ///   - records: the starting record of every chain (not started, or the state a resumed chain starts from).
    ///   - interval: seconds between checkpoints while the run goes on; nil writes only on ``writeNow()``.
    ///   - write: writes one complete set of records (atomically, e.g. temporary file and rename).
    public init(records: [ChainCheckpointRecord], interval: Double?, write: @escaping ([ChainCheckpointRecord]) throws -> Void) {
        self.records = records.sorted { $0.chain < $1.chain }
        self.interval = interval
        self.write = write
        lastRoundStart = Date()
    }

    /// The saved record of a chain (the state a resumed chain continues from).
    public func record(chain: Int) -> ChainCheckpointRecord? { lock.withLock { records.first { $0.chain == chain } } }

    /// The first error a periodic write hit (the run goes on; the error is reported at the end).
    public var writeError: Error? { lock.withLock { failure } }

    func chainStarted(_ chain: Int) { lock.withLock { _ = running.insert(chain) } }

    /// Whether the chain should save its state now (a round is open and it has not saved in it).
    func wantsSnapshot(chain: Int) -> Bool {
        lock.withLock {
            if let interval, pending.isEmpty, Date().timeIntervalSince(lastRoundStart) >= interval {
                round += 1
                lastRoundStart = Date()
                pending = running
            }
            return pending.contains(chain)
        }
    }

    /// Stores a chain's record; `finished` chains leave the running set. Writes when a round completes.
    func deposit(_ record: ChainCheckpointRecord, finished: Bool) {
        let complete: Int? = lock.withLock {
            if let i = records.firstIndex(where: { $0.chain == record.chain }) { records[i] = record } else { records.append(record) }
            if finished { running.remove(record.chain) }
            guard pending.remove(record.chain) != nil, pending.isEmpty else { return nil }
            return round
        }
        if let complete { try? flush(round: complete, rethrow: false) }
    }

    /// Writes the records as they are now (at the end of an interrupted run).
    public func writeNow() throws {
        let r = lock.withLock { () -> Int in round += 1; pending = []; return round }
        try flush(round: r, rethrow: true)
    }

    private func flush(round r: Int, rethrow: Bool) throws {
        try writeLock.withLock {
            let snapshot: [ChainCheckpointRecord]? = lock.withLock {
                guard r > writtenRound else { return nil }
                writtenRound = r
                return records
            }
            guard let snapshot else { return }
            do { try write(snapshot) } catch {
                lock.withLock { if failure == nil { failure = error } }
                if rethrow { throw error }
            }
        }
    }

}
