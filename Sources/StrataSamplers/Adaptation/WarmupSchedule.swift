// Stan's windowed warmup schedule (init buffer, doubling metric windows, term buffer) as a value.

/// The metric-adaptation windows of Stan's `windowed_adaptation`, computed before sampling.
///
/// Warmup iterations `0..<initBuffer` adapt only the step size; then metric windows of size
/// `baseWindow`, `2 baseWindow`, `4 baseWindow`, ... follow, the last one stretched to end where
/// the terminal buffer (`termBuffer` iterations of step-size-only adaptation) begins. With
/// 1000 warmup iterations and the defaults (75, 25, 50) the windows end after iterations
/// 100, 150, 250, 450 and 950 (1-based). When `initBuffer + baseWindow + termBuffer > warmup`
/// Stan's fallback uses 15% / 75% / 10% of the warmup; below 20 warmup iterations the metric is
/// not adapted at all.
///
/// Note: in the fallback branch Stan's `set_window_params` returns without calling `restart()`,
/// so (as the code reads) its first window end stays at the unsigned wrap-around of
/// `0 + 0 - 1` and the metric is never updated. This type implements the documented intent
/// instead: one window spanning the 75% middle stage (`15...89` for 100 warmup iterations).
public struct WarmupSchedule: Equatable, Sendable, Codable {
    /// Total warmup iterations.
    public let warmup: Int
    /// The init buffer actually used (after any fallback).
    public let initBuffer: Int
    /// The terminal buffer actually used.
    public let termBuffer: Int
    /// The first window size actually used.
    public let baseWindow: Int
    /// Whether Stan's 15%/75%/10% fallback was applied.
    public let usedShortWarmupFallback: Bool
    /// The metric windows as 0-based inclusive iteration ranges, in order.
    public let windows: [ClosedRange<Int>]

    /// Computes the schedule.
    /// - Parameters:
    ///   - warmup: number of warmup iterations.
    ///   - initBuffer: iterations before the first metric window (Stan default 75).
    ///   - termBuffer: iterations after the last metric window (Stan default 50).
    ///   - baseWindow: size of the first metric window (Stan default 25).
    public init(warmup: Int, initBuffer: Int = SamplerDefaults.initBuffer, termBuffer: Int = SamplerDefaults.termBuffer,
                baseWindow: Int = SamplerDefaults.baseWindow) {
        self.warmup = max(0, warmup)
        var ib = max(0, initBuffer), tb = max(0, termBuffer), bw = max(0, baseWindow)
        var fallback = false
        if self.warmup < 20 {
            self.initBuffer = ib; self.termBuffer = tb; self.baseWindow = bw
            usedShortWarmupFallback = false
            windows = []
            return
        }
        if ib + bw + tb > self.warmup {
            fallback = true
            ib = Int(0.15 * Double(self.warmup))
            tb = Int(0.1 * Double(self.warmup))
            bw = self.warmup - (ib + tb)
        }
        self.initBuffer = ib; self.termBuffer = tb; self.baseWindow = bw
        usedShortWarmupFallback = fallback
        windows = WarmupSchedule.computeWindows(warmup: self.warmup, initBuffer: ib, termBuffer: tb, baseWindow: bw)
    }

    /// Replays Stan's `compute_next_window` logic to list the windows.
    private static func computeWindows(warmup: Int, initBuffer: Int, termBuffer: Int, baseWindow: Int)
        -> [ClosedRange<Int>] {
        guard baseWindow > 0 else { return [] }
        let lastEnd = warmup - termBuffer - 1
        var result: [ClosedRange<Int>] = []
        var size = baseWindow
        var start = initBuffer
        var end = initBuffer + size - 1
        while end <= lastEnd && start <= end {
            result.append(start...end)
            if end == lastEnd { break }
            size *= 2
            let counter = end
            start = end + 1
            end = counter + size
            if end != lastEnd && end + 2 * size >= warmup - termBuffer { end = lastEnd }
        }
        return result
    }

    /// The 1-based iteration numbers after which the metric is updated (Stan's window ends).
    public var windowEnds: [Int] { windows.map { $0.upperBound + 1 } }

    /// Whether warmup iteration `iteration` (0-based) adds its draw to the metric estimator.
    public func collects(_ iteration: Int) -> Bool {
        windows.contains { $0.contains(iteration) }
    }

    /// Whether the metric is updated after warmup iteration `iteration` (0-based).
    public func endsWindow(_ iteration: Int) -> Bool {
        windows.contains { $0.upperBound == iteration }
    }
}
