// In-place radix-2 complex FFT with a precomputed plan, used for autocovariances.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A forward discrete Fourier transform of a fixed power-of-two length,
/// `X[k] = Σ_j x[j] exp(-2πi jk / n)`, computed in place by the iterative Cooley-Tukey algorithm.
///
/// The plan stores twiddle factors and the bit-reversal permutation so repeated transforms of the
/// same length allocate nothing.
public struct FFTPlan {
    /// Transform length, a power of two (at least 1).
    public let length: Int
    private let cosTable: [Double]
    private let sinTable: [Double]
    private let bitReversed: [Int]

    private static let cache = SharedLatest<FFTPlan>()

    /// A plan for the smallest power of two that is at least `minimumLength`, shared with the last caller that
    /// asked for the same length (a summary's variables all have chains of one length; the tables are immutable).
    public static func shared(minimumLength: Int) -> FFTPlan {
        var n = 1
        while n < minimumLength { n <<= 1 }
        return cache.value(fitting: { $0.length == n }) { FFTPlan(minimumLength: n) }
    }

    /// Creates a plan for the smallest power of two that is at least `minimumLength`.
    /// - Parameter minimumLength: the shortest acceptable transform length (values below 1 mean 1).
    public init(minimumLength: Int) {
        var n = 1
        while n < minimumLength { n <<= 1 }
        length = n
        let half = max(n / 2, 1)
        var cosines = [Double](repeating: 1, count: half)
        var sines = [Double](repeating: 0, count: half)
        for k in 0..<half {
            let angle = -2 * Double.pi * Double(k) / Double(n)
            cosines[k] = cos(angle)
            sines[k] = sin(angle)
        }
        cosTable = cosines
        sinTable = sines
        var bits = 0
        while (1 << bits) < n { bits += 1 }
        var reversal = [Int](repeating: 0, count: n)
        for i in 0..<n {
            var r = 0
            var v = i
            for _ in 0..<bits { r = (r << 1) | (v & 1); v >>= 1 }
            reversal[i] = r
        }
        bitReversed = reversal
    }

    /// Transforms `(real, imaginary)` in place; both buffers must hold `length` values.
    public func forward(real: inout [Double], imaginary: inout [Double]) {
        precondition(real.count == length && imaginary.count == length, "FFT buffer length mismatch")
        real.withUnsafeMutableBufferPointer { re in
            imaginary.withUnsafeMutableBufferPointer { im in
                cosTable.withUnsafeBufferPointer { wr in
                    sinTable.withUnsafeBufferPointer { wi in
                        bitReversed.withUnsafeBufferPointer { rev in
                            FFTPlan.transform(re, im, wr, wi, rev)
                        }
                    }
                }
            }
        }
    }

    /// The iterative radix-2 butterflies on raw buffers (no bounds checks, no allocation).
    private static func transform(_ re: UnsafeMutableBufferPointer<Double>, _ im: UnsafeMutableBufferPointer<Double>,
                                  _ cosines: UnsafeBufferPointer<Double>, _ sines: UnsafeBufferPointer<Double>,
                                  _ reversal: UnsafeBufferPointer<Int>) {
        let n = re.count
        for i in 0..<n {
            let j = reversal[i]
            if j > i {
                re.swapAt(i, j)
                im.swapAt(i, j)
            }
        }
        var size = 2
        while size <= n {
            let halfSize = size / 2
            let stride = n / size
            var start = 0
            while start < n {
                for k in 0..<halfSize {
                    let wr = cosines[k * stride]
                    let wi = sines[k * stride]
                    let i = start + k
                    let j = i + halfSize
                    let tr = wr * re[j] - wi * im[j]
                    let ti = wr * im[j] + wi * re[j]
                    re[j] = re[i] - tr
                    im[j] = im[i] - ti
                    re[i] += tr
                    im[i] += ti
                }
                start += size
            }
            size <<= 1
        }
    }
}
