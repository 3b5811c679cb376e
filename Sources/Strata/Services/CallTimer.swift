// Times a closure: calibrates the number of calls per round, then per-call seconds of several rounds.
import StrataAutodiff

/// Per-call times of repeated rounds (for `strata bench` and `strata profile`).
public enum CallTimer {
    /// How many calls of `body` take about `seconds` (at least 1), from a doubling calibration.
    public static func calls(lasting seconds: Double, _ body: () throws -> Void) rethrows -> Int {
        var n = 1
        while true {
            let t0 = monotonicNanoseconds()
            for _ in 0..<n { try body() }
            let elapsed = Double(monotonicNanoseconds() - t0) * 1e-9
            if elapsed >= 0.05 || n >= 1 << 30 { return max(1, Int(Double(n) * seconds / max(elapsed, 1e-9))) }
            n *= 2
        }
    }

    /// Seconds per call in each of `rounds` rounds of `calls` calls.
    public static func rounds(_ rounds: Int, calls: Int, _ body: () throws -> Void) rethrows -> [Double] {
        var out: [Double] = []
        for _ in 0..<rounds {
            let t0 = monotonicNanoseconds()
            for _ in 0..<calls { try body() }
            out.append(Double(monotonicNanoseconds() - t0) * 1e-9 / Double(calls))
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
