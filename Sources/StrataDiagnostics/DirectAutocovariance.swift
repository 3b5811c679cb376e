// The mean biased autocovariance over chains at one lag, summed directly from the centred draws.

/// `(1/m) Σ_c (1/n) Σ_{i < n - t} (x_ci - x̄_c)(x_c,i+t - x̄_c)`, the estimator ``AutocovarianceWorkspace``
/// computes for every lag by FFT, for the lags t < ``EffectiveSampleSize/directLagLimit`` one at a time
/// (each costs one pass over the draws; ESS usually needs only a few).
struct DirectAutocovariance {
    private let chains: Int, iterations: Int
    private var centred: [Double]

    /// Centres each chain of `x` on its mean.
    init(_ x: ChainMatrix) {
        chains = x.chains
        iterations = x.iterations
        centred = x.values
        for c in 0..<chains {
            let mean = x.chainMean(c), base = c * iterations
            for i in 0..<iterations { centred[base + i] -= mean }
        }
    }

    /// The mean autocovariance at lag `t`, or nil beyond the direct lags (or the chains' length).
    func mean(lag t: Int) -> Double? {
        guard t < EffectiveSampleSize.directLagLimit, t < iterations else { return nil }
        let n = iterations
        return centred.withUnsafeBufferPointer { d in
            var total = 0.0
            for c in 0..<chains {
                let base = d.baseAddress! + c * n
                var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                var i = 0
                let count = n - t
                while i + 4 <= count {
                    s0 += base[i] * base[i + t]; s1 += base[i + 1] * base[i + 1 + t]
                    s2 += base[i + 2] * base[i + 2 + t]; s3 += base[i + 3] * base[i + 3 + t]
                    i += 4
                }
                while i < count { s0 += base[i] * base[i + t]; i += 1 }
                total += ((s0 + s1) + (s2 + s3)) / Double(n)
            }
            return total / Double(chains)
        }
    }
}
