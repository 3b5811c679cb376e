// Biased autocovariance of one chain at every lag via FFT (O(n log n)).

/// Computes `γ̂_t = (1/n) Σ_{i=0}^{n-1-t} (x_i - x̄)(x_{i+t} - x̄)` for all lags t = 0 ..< n,
/// the "biased" estimator recommended by Geyer (1992) and used by Stan and the R `posterior`
/// package.
///
/// The centred chain is zero-padded to a power of two of at least 2n (so the circular correlation
/// equals the linear one), transformed, squared in modulus and transformed again. As in
/// posterior's `autocovariance`, the FFT result is rescaled so that lag 0 equals the directly
/// computed `Σ (x_i - x̄)² / n`. A constant chain gives all zeros. Reuse one instance for many
/// chains of the same length: its buffers are allocated once.
public struct AutocovarianceWorkspace {
    /// The chain length this workspace serves.
    public let chainLength: Int
    private let plan: FFTPlan
    private var real: [Double]
    private var imaginary: [Double]

    /// Creates a workspace for chains of `chainLength` draws.
    public init(chainLength: Int) {
        self.chainLength = chainLength
        plan = FFTPlan(minimumLength: 2 * max(chainLength, 1))
        real = [Double](repeating: 0, count: plan.length)
        imaginary = [Double](repeating: 0, count: plan.length)
    }

    /// Writes the autocovariances of `chain` (length `chainLength`) into `result[0 ..< chainLength]`.
    /// - Parameters:
    ///   - chain: the draws of one chain.
    ///   - result: output buffer; resized to `chainLength` if needed.
    public mutating func compute<C: Collection>(_ chain: C, into result: inout [Double])
    where C.Element == Double {
        let n = chainLength
        precondition(chain.count == n, "chain length does not match the workspace")
        if result.count != n { result = [Double](repeating: 0, count: n) }
        var mean = 0.0
        for v in chain { mean += v }
        mean /= Double(n)
        var sumSquares = 0.0
        var i = 0
        for v in chain {
            let d = v - mean
            real[i] = d
            sumSquares += d * d
            i += 1
        }
        for k in n..<plan.length { real[k] = 0 }
        for k in 0..<plan.length { imaginary[k] = 0 }
        if sumSquares == 0 {
            for k in 0..<n { result[k] = 0 }
            return
        }
        plan.forward(real: &real, imaginary: &imaginary)
        for k in 0..<plan.length {
            real[k] = real[k] * real[k] + imaginary[k] * imaginary[k]
            imaginary[k] = 0
        }
        // The power spectrum is real and even, so a second forward transform is the inverse
        // transform up to the factor 1/length (which the lag-0 rescaling absorbs).
        plan.forward(real: &real, imaginary: &imaginary)
        let scale = (sumSquares / Double(n)) / real[0]
        for k in 0..<n { result[k] = real[k] * scale }
    }

    /// Convenience: the autocovariances of `chain` as a new array.
    public static func autocovariance(_ chain: [Double]) -> [Double] {
        var workspace = AutocovarianceWorkspace(chainLength: chain.count)
        var out = [Double]()
        workspace.compute(chain, into: &out)
        return out
    }
}
