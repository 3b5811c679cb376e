// Sample quantiles (R type 7 / numpy "linear"), median, mean and standard deviation.

/// Elementary summaries of a pooled set of draws.
public enum Quantiles {
    /// The type-7 sample quantile of values that are already sorted ascending.
    ///
    /// With `h = (n - 1) p`, `lo = floor(h)`, `hi = ceil(h)` (0-based) the result is
    /// `(1 - (h - lo)) * x[lo] + (h - lo) * x[hi]`, the same arithmetic as R's `quantile(type = 7)`
    /// (R's default) and numpy's `"linear"` method.
    /// - Parameters:
    ///   - sorted: values sorted ascending, at least one.
    ///   - probability: p in [0, 1].
    /// - Returns: the quantile, or NaN for an empty input or a p outside [0, 1].
    public static func quantile(sorted: [Double], probability p: Double) -> Double {
        let n = sorted.count
        guard n > 0, p >= 0, p <= 1 else { return .nan }
        let index = Double(n - 1) * p
        let lo = Int(index.rounded(.down))
        let hi = Int(index.rounded(.up))
        let qLo = sorted[lo]
        let h = index - Double(lo)
        if h > 0, sorted[hi] != qLo {
            return (1 - h) * qLo + h * sorted[hi]
        }
        return qLo
    }

    /// Type-7 sample quantiles of unsorted values (sorts once for all probabilities).
    /// - Parameters:
    ///   - values: the draws, any order.
    ///   - probabilities: each in [0, 1].
    /// - Returns: one quantile per probability.
    /// - Throws: `DiagnosticsError.invalidProbability` for a probability outside [0, 1].
    public static func quantiles(_ values: [Double], probabilities: [Double]) throws -> [Double] {
        for p in probabilities where !(p >= 0 && p <= 1) { throw DiagnosticsError.invalidProbability(p) }
        let sorted = values.sorted()
        return probabilities.map { quantile(sorted: sorted, probability: $0) }
    }

    /// The median: middle value, or the mean of the two middle values for an even count (as R).
    /// - Parameter sorted: values sorted ascending.
    /// - Returns: the median, NaN when empty.
    public static func median(sorted: [Double]) -> Double {
        let n = sorted.count
        guard n > 0 else { return .nan }
        if n % 2 == 1 { return sorted[n / 2] }
        return (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    /// The median of unsorted values.
    public static func median(_ values: [Double]) -> Double { median(sorted: values.sorted()) }

    /// The arithmetic mean (NaN when empty).
    public static func mean(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        var s = 0.0
        for v in values { s += v }
        return s / Double(values.count)
    }

    /// The sample standard deviation with denominator n - 1 (R's `sd`), computed in two passes.
    /// - Returns: the standard deviation, NaN for fewer than two values.
    public static func standardDeviation(_ values: [Double]) -> Double {
        guard values.count > 1 else { return .nan }
        let m = mean(values)
        var s = 0.0
        for v in values {
            let d = v - m
            s += d * d
        }
        return (s / Double(values.count - 1)).squareRoot()
    }
}
