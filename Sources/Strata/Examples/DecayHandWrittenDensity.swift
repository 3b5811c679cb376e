// A hand-fused Swift loop computing the widget model's log density and gradient: the speed baseline.
#if canImport(Glibc)
import Glibc
#endif

/// The widget model's log density (with Jacobian, constants dropped as `~` does) and gradient, in
/// one hand-written loop. It is the baseline the engine is measured against, and a second
/// implementation the engine's gradient is checked against. Unconstrained layout: x[0] = log α,
/// x[1+i] = logit(N₀ᵢ / N_initial_max).
public struct DecayHandWrittenDensity {
    let elapsed: [Double]
    let measured: [Double]
    let inverseSigma: [Double]
    let nMax: Double

    /// Precomputes data-only quantities, as the graph's constant folding does.
    public init(_ data: DecayData) {
        elapsed = zip(data.tMeasured, data.tInitial).map { $0 - $1 }
        measured = data.nMeasured
        inverseSigma = data.sigmaNMeasured.map { 1 / $0 }
        nMax = data.nInitialMax
    }

    /// Log density at `x`; writes the gradient.
    public func logDensity(_ x: [Double], gradient: inout [Double]) -> Double {
        let n = elapsed.count
        let alpha = Glibc.exp(x[0])
        let logW = Glibc.log(nMax)
        var lp = x[0] + Double(n) * logW
        var dAlpha = 0.0
        x.withUnsafeBufferPointer { px in
            gradient.withUnsafeMutableBufferPointer { g in
                elapsed.withUnsafeBufferPointer { dt in
                    measured.withUnsafeBufferPointer { y in
                        inverseSigma.withUnsafeBufferPointer { inv in
                            for i in 0..<n {
                                let u = px[i + 1]
                                let e = Glibc.exp(-Swift.abs(u))
                                let s = u >= 0 ? 1 / (1 + e) : e / (1 + e)
                                let n0 = nMax * s
                                let decay = Glibc.exp(-alpha * dt[i])
                                let mu = n0 * decay
                                let z = (y[i] - mu) * inv[i]
                                lp += -0.5 * z * z - Swift.abs(u) - 2 * Glibc.log1p(e)
                                let dmu = z * inv[i]
                                g[i + 1] = dmu * decay * nMax * s * (1 - s) + (1 - 2 * s)
                                dAlpha -= dmu * mu * dt[i]
                            }
                        }
                    }
                }
                g[0] = dAlpha * alpha + 1
            }
        }
        return lp
    }
}
