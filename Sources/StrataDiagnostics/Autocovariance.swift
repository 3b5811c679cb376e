// Biased autocovariance of chains at every lag via FFT (O(n log n)), two real chains per transform.

/// Computes `γ̂_t = (1/n) Σ_{i=0}^{n-1-t} (x_i - x̄)(x_{i+t} - x̄)` for all lags t = 0 ..< n,
/// the "biased" estimator recommended by Geyer (1992) and used by Stan and the R `posterior`
/// package.
///
/// Each centred chain is zero-padded to a power of two of at least 2n (so the circular
/// correlation equals the linear one). Two real chains `a` and `b` share one complex transform of
/// `a + ib`; their spectra are separated by conjugate symmetry, `A_k = (Z_k + conj Z_{-k}) / 2`,
/// `B_k = (Z_k - conj Z_{-k}) / 2i`, and one more transform of `|A|² + i|B|²` yields both
/// autocovariance sequences (real and imaginary parts), since power spectra are real and even.
/// As in posterior's `autocovariance`, each result is rescaled so that lag 0 equals the directly
/// computed `Σ (x_i - x̄)² / n`; a constant chain gives all zeros. Reuse one instance for many
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
        plan = FFTPlan.shared(minimumLength: 2 * max(chainLength, 1))
        real = [Double](repeating: 0, count: plan.length)
        imaginary = [Double](repeating: 0, count: plan.length)
    }

    /// Writes the autocovariances of `chain` (length `chainLength`) into `result`.
    /// - Parameters:
    ///   - chain: the draws of one chain.
    ///   - result: output buffer; resized to `chainLength` if needed.
    public mutating func compute<C: Collection>(_ chain: C, into result: inout [Double])
    where C.Element == Double {
        var unused = [Double]()
        computePair(chain, nil, into: &result, &unused)
    }

    /// Writes the autocovariances of two chains (each of length `chainLength`) with one pair of
    /// FFTs; `second` may be nil, in which case `secondResult` is left untouched.
    /// - Parameters:
    ///   - first: the draws of one chain.
    ///   - second: the draws of another chain, or nil.
    ///   - firstResult: output for `first`; resized to `chainLength` if needed.
    ///   - secondResult: output for `second`; resized to `chainLength` if needed.
    public mutating func computePair<C: Collection>(_ first: C, _ second: C?, into firstResult: inout [Double],
                                                    _ secondResult: inout [Double]) where C.Element == Double {
        let n = chainLength
        precondition(first.count == n && (second?.count ?? n) == n, "chain length does not match the workspace")
        let length = plan.length
        let ssA = Self.loadCentred(first, into: &real, padTo: length)
        var ssB = 0.0
        if let second { ssB = Self.loadCentred(second, into: &imaginary, padTo: length) } else {
            for k in 0..<length { imaginary[k] = 0 }
        }
        if ssA > 0 || ssB > 0 {
            plan.forward(real: &real, imaginary: &imaginary)
            separatePowerSpectra()
            plan.forward(real: &real, imaginary: &imaginary)
        }
        Self.store(real, sumSquares: ssA, count: n, into: &firstResult)
        if second != nil { Self.store(imaginary, sumSquares: ssB, count: n, into: &secondResult) }
    }

    /// Replaces `Z` by `|A|² + i|B|²`, visiting k and L - k together (both spectra are even).
    private mutating func separatePowerSpectra() {
        let length = plan.length
        real.withUnsafeMutableBufferPointer { re in
            imaginary.withUnsafeMutableBufferPointer { im in
                for k in 0...(length / 2) {
                    let m = (length - k) % length
                    let sumRe = re[k] + re[m], diffIm = im[k] - im[m]
                    let diffRe = re[k] - re[m], sumIm = im[k] + im[m]
                    let powerA = 0.25 * (sumRe * sumRe + diffIm * diffIm)
                    let powerB = 0.25 * (diffRe * diffRe + sumIm * sumIm)
                    re[k] = powerA; im[k] = powerB
                    re[m] = powerA; im[m] = powerB
                }
            }
        }
    }

    /// Copies `chain - mean` into `buffer`, zero-pads it, and returns the sum of squares.
    private static func loadCentred<C: Collection>(_ chain: C, into buffer: inout [Double], padTo length: Int)
        -> Double where C.Element == Double {
        var mean = 0.0
        for v in chain { mean += v }
        mean /= Double(chain.count)
        var sumSquares = 0.0
        var i = 0
        for v in chain {
            let d = v - mean
            buffer[i] = d
            sumSquares += d * d
            i += 1
        }
        for k in i..<length { buffer[k] = 0 }
        return sumSquares
    }

    /// Scales the transformed lags so that lag 0 equals `sumSquares / count`.
    private static func store(_ transformed: [Double], sumSquares: Double, count n: Int, into result: inout [Double]) {
        if result.count != n { result = [Double](repeating: 0, count: n) }
        guard sumSquares > 0 else {
            for k in 0..<n { result[k] = 0 }
            return
        }
        let scale = (sumSquares / Double(n)) / transformed[0]
        for k in 0..<n { result[k] = transformed[k] * scale }
    }

    /// Convenience: the autocovariances of `chain` as a new array.
    public static func autocovariance(_ chain: [Double]) -> [Double] {
        var workspace = AutocovarianceWorkspace(chainLength: chain.count)
        var out = [Double]()
        workspace.compute(chain, into: &out)
        return out
    }
}
