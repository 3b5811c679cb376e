// Times a closure: calibrates the number of calls per round, then per-call seconds of several rounds.
import Foundation
import StrataAutodiff

/// Per-call times of repeated rounds (for `strata bench` and `strata profile`).
///
/// With `STRATA_BENCH_CLOCK=cpu` in the environment the rounds are timed by the calling thread's CPU clock
/// instead of the monotonic wall clock: time while the thread is preempted (other jobs on a loaded machine)
/// is then left out, which makes ratios between programs steadier (caches shared with other jobs still count).
public enum CallTimer {
    /// Nanoseconds from the clock chosen by `STRATA_BENCH_CLOCK` (monotonic unless it says `cpu`).
    private static let threadClock = ProcessInfo.processInfo.environment["STRATA_BENCH_CLOCK"] == "cpu"

    private static func clockNanoseconds() -> UInt64 {
        guard threadClock else { return monotonicNanoseconds() }
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return UInt64(t.tv_sec) &* 1_000_000_000 &+ UInt64(t.tv_nsec)
    }

    /// How many calls of `body` take about `seconds` (at least 1), from a doubling calibration.
    public static func calls(lasting seconds: Double, _ body: () throws -> Void) rethrows -> Int {
        var n = 1
        while true {
            let t0 = clockNanoseconds()
            for _ in 0..<n { try body() }
            let elapsed = Double(clockNanoseconds() - t0) * 1e-9
            if elapsed >= 0.05 || n >= 1 << 30 { return max(1, Int(Double(n) * seconds / max(elapsed, 1e-9))) }
            n *= 2
        }
    }

    /// Seconds per call in each of `rounds` rounds of `calls` calls.
    public static func rounds(_ rounds: Int, calls: Int, _ body: () throws -> Void) rethrows -> [Double] {
        var out: [Double] = []
        for _ in 0..<rounds {
            let t0 = clockNanoseconds()
            for _ in 0..<calls { try body() }
            out.append(Double(clockNanoseconds() - t0) * 1e-9 / Double(calls))
        }
        return out
    }
}

/// Minimum, median and maximum of some samples.
public struct Spread: Codable, Equatable, Sendable {
    public let min: Double, median: Double, max: Double

    /// The spread of `samples` (not empty).
    public init(_ samples: [Double]) {
        let s = samples.sorted()
        min = s.first ?? .nan; max = s.last ?? .nan
        median = s.isEmpty ? .nan : (s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2]))
    }

    /// Every value multiplied by `factor`.
    public func scaled(_ factor: Double) -> Spread { Spread([min * factor, median * factor, max * factor]) }
}
