// Gaussian kernel density estimate on a grid, with Silverman's rule-of-thumb bandwidth.
import Foundation
import StrataDiagnostics

/// A smooth estimate of a marginal density from draws.
public enum KernelDensity {
    /// Silverman's bandwidth `0.9 min(sd, IQR / 1.34) n^(-1/5)`; falls back to sd, then to a
    /// small fraction of the value's size, so it is always positive.
    public static func bandwidth(_ values: [Double]) -> Double {
        let n = Double(values.count)
        guard n > 1 else { return 1 }
        let sorted = values.sorted()
        let sd = Quantiles.standardDeviation(values)
        let iqr = Quantiles.quantile(sorted: sorted, probability: 0.75) - Quantiles.quantile(sorted: sorted, probability: 0.25)
        var spread = min(sd, iqr / 1.34)
        if !(spread > 0) { spread = sd }
        if !(spread > 0) { spread = max(abs(sorted[0]) * 1e-3, 1e-9) }
        return 0.9 * spread * pow(n, -0.2)
    }

    /// Density at `points` grid values spanning [lo, hi]: the draws are first binned on a fine
    /// grid (1024 bins), then the Gaussian kernel is summed over the bins.
    public static func estimate(_ draws: [Double], lo: Double, hi: Double, points: Int = 128) -> (x: [Double], density: [Double]) {
        let values = draws.filter(\.isFinite)
        let xs = (0..<points).map { lo + (hi - lo) * Double($0) / Double(points - 1) }
        guard !values.isEmpty, hi > lo else { return (xs, xs.map { _ in 0 }) }
        let h = bandwidth(values)
        let fine = 1024
        let width = (hi - lo) / Double(fine)
        var weights = [Double](repeating: 0, count: fine)
        for v in values {
            let b = Int(((v - lo) / width).rounded(.down))
            weights[min(fine - 1, max(0, b))] += 1
        }
        let centers = (0..<fine).map { lo + (Double($0) + 0.5) * width }
        let norm = 1 / (Double(values.count) * h * (2 * Double.pi).squareRoot())
        let density = xs.map { x -> Double in
            var s = 0.0
            for (c, w) in zip(centers, weights) where w > 0 {
                let z = (x - c) / h
                if abs(z) < 8 { s += w * exp(-0.5 * z * z) }
            }
            return s * norm
        }
        return (xs, density)
    }
}
