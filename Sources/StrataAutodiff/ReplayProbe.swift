// Hooks into the evaluator's replay loop: a no-op probe for normal runs, a segment timer for profiling.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Observes a ``GraphEvaluator`` sweep. The evaluator is generic over its probe, so the default
/// ``NoProbe`` compiles away and normal evaluations pay nothing for the profiling hooks.
public protocol ReplayProbe {
    /// A forward (`reverse == false`) or reverse sweep starts.
    mutating func beginSweep(reverse: Bool)
    /// Operation `operation` (an index into the graph's operations) is about to run (on one tile or all of it).
    mutating func willRun(_ operation: Int)
    /// The sweep is over.
    mutating func endSweep()
    /// A fused tile (see ``TileFusion``) switches from its forward to its reverse sweep or back, within a sweep.
    mutating func switchDirection(reverse: Bool)
}

/// The probe of ordinary evaluations: does nothing.
public struct NoProbe: ReplayProbe {
    @inlinable @inline(__always) public init() {}
    @inlinable @inline(__always) public func beginSweep(reverse: Bool) {}
    @inlinable @inline(__always) public func willRun(_ operation: Int) {}
    @inlinable @inline(__always) public func endSweep() {}
    @inlinable @inline(__always) public func switchDirection(reverse: Bool) {}
}

/// Nanoseconds from the monotonic clock.
@inline(__always)
public func monotonicNanoseconds() -> UInt64 {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return UInt64(t.tv_sec) &* 1_000_000_000 &+ UInt64(t.tv_nsec)
}

/// Charges the time of each sweep to buckets of operations (one bucket per operation, per source
/// statement or per profile section). The clock is read only when the bucket changes from one
/// operation to the next; time outside every operation (copying parameters in, the gradient out)
/// goes to the extra bucket ``outside``.
public struct SegmentTimer: ReplayProbe {
    /// Bucket of each operation, in `0..<bucketCount`.
    public let bucketOfOperation: [Int32]
    /// Number of buckets (not counting ``outside``).
    public let bucketCount: Int
    /// Accumulated forward nanoseconds per bucket; index ``outside`` is time outside operations.
    public private(set) var forwardNanoseconds: [Double]
    /// Accumulated reverse nanoseconds per bucket.
    public private(set) var reverseNanoseconds: [Double]
    /// Completed forward and reverse sweeps.
    public private(set) var forwardSweeps = 0, reverseSweeps = 0
    /// Estimated cost of one clock reading, subtracted from every charged interval.
    public let clockCost: Double
    private var reverse = false
    private var current: Int32
    private var last: UInt64 = 0

    /// Index of the bucket for time outside operations.
    public var outside: Int { bucketCount }

    /// A timer for `bucketOfOperation` (every value in `0..<bucketCount`).
    public init(bucketOfOperation: [Int32], bucketCount: Int) {
        self.bucketOfOperation = bucketOfOperation
        self.bucketCount = bucketCount
        forwardNanoseconds = [Double](repeating: 0, count: bucketCount + 1)
        reverseNanoseconds = forwardNanoseconds
        current = Int32(bucketCount)
        clockCost = SegmentTimer.measureClockCost()
    }

    /// Median cost of a clock reading on this machine, in nanoseconds.
    public static func measureClockCost() -> Double {
        var samples: [Double] = []
        for _ in 0..<21 {
            let t0 = monotonicNanoseconds()
            var sink: UInt64 = 0
            for _ in 0..<200 { sink &+= monotonicNanoseconds() }
            let t1 = monotonicNanoseconds()
            samples.append(Double(t1 - t0) / 200 + (sink == 0 ? 1 : 0))
        }
        return samples.sorted()[samples.count / 2]
    }

    /// Forgets all accumulated times.
    public mutating func reset() {
        for i in forwardNanoseconds.indices { forwardNanoseconds[i] = 0; reverseNanoseconds[i] = 0 }
        forwardSweeps = 0; reverseSweeps = 0
    }

    @inline(__always)
    private mutating func charge(until t: UInt64) {
        let elapsed = Swift.max(Double(t &- last) - clockCost, 0)
        if reverse { reverseNanoseconds[Int(current)] += elapsed } else { forwardNanoseconds[Int(current)] += elapsed }
        last = t
    }

    public mutating func beginSweep(reverse: Bool) {
        self.reverse = reverse
        current = Int32(bucketCount)
        last = monotonicNanoseconds()
    }

    @inline(__always)
    public mutating func willRun(_ operation: Int) {
        let b = bucketOfOperation[operation]
        if b != current {
            charge(until: monotonicNanoseconds())
            current = b
        }
    }

    public mutating func endSweep() {
        charge(until: monotonicNanoseconds())
        current = Int32(bucketCount)
        if reverse { reverseSweeps += 1 } else { forwardSweeps += 1 }
    }

    public mutating func switchDirection(reverse: Bool) {
        charge(until: monotonicNanoseconds())
        self.reverse = reverse
    }
}
