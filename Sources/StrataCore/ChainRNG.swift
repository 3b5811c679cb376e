// Reproducible per-chain random streams: xoshiro256++ seeded from (seed, chain) through SplitMix64.

/// A fast, reproducible pseudo-random generator (xoshiro256++, Blackman & Vigna 2019).
///
/// Each chain gets its own stream from `(seed, chain)`, so the draws of a chain do not depend on
/// how many threads run or in which order chains are scheduled.
public struct ChainRNG: RandomNumberGenerator, Sendable, Codable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// Creates the stream for chain `chain` of a run seeded with `seed`.
    public init(seed: UInt64, chain: Int) {
        var sm = SplitMix64(state: seed ^ (0x9E37_79B9_7F4A_7C15 &* (UInt64(truncatingIfNeeded: chain) &+ 1)))
        // Mix chain id a second time so nearby seeds and chains give unrelated streams.
        _ = sm.next()
        sm.state ^= UInt64(truncatingIfNeeded: chain) &* 0xD1B5_4A32_D192_ED03
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// Creates an independent secondary stream `stream` (≥ 1) of chain `chain`: used for values drawn
    /// once per kept draw (exact conditional draws of integrated-out parameters, generated quantities),
    /// so that they never shift the sampler's own stream. `stream == 0` is the chain's main stream.
    public init(seed: UInt64, chain: Int, stream: UInt64) {
        self.init(seed: seed, chain: chain)
        guard stream != 0 else { return }
        var sm = SplitMix64(state: next() ^ (stream &* 0xA076_1D64_78BD_642F))
        _ = sm.next()
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// The stream of draw `draw` within secondary stream `stream` of chain `chain`: the generated
    /// quantities of each kept draw get their own stream, so re-running them for one draw (`strata
    /// generate`) gives the same values without replaying the draws before it.
    public init(seed: UInt64, chain: Int, stream: UInt64, draw: Int) {
        self.init(seed: seed, chain: chain, stream: stream)
        var sm = SplitMix64(state: next() ^ (UInt64(truncatingIfNeeded: draw) &* 0xE703_7ED1_A0B4_28DB))
        _ = sm.next()
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// An exponential(1) draw.
    public mutating func exponential() -> Double {
        -_log(1 - uniform())
    }

    @inlinable static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = ChainRNG.rotl(s0 &+ s3, 23) &+ s0
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = ChainRNG.rotl(s3, 45)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in [a, b).
    public mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * uniform() }

    /// A standard normal draw (Marsaglia polar method; no cached second value, so the stream
    /// position depends only on the number of calls).
    public mutating func normal() -> Double {
        while true {
            let u = 2 * uniform() - 1, v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 { return u * (-2 * _log(s) / s).squareRoot() }
        }
    }
}

/// SplitMix64, used only to expand a seed into xoshiro state.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The numbers of a chain's random streams (``ChainRNG/init(seed:chain:stream:)``), one per use, so
/// that no use shifts another's draws.
public enum RandomStream {
    /// The sampler's own stream (momenta, trajectory choices, initial points).
    public static let sampler: UInt64 = 0
    /// Exact conditional draws of integrated-out parameters, after every kept draw.
    public static let conditionalDraws: UInt64 = 1
    /// `_rng` calls of generated quantities; each kept draw uses substream `draw` (its index among kept draws).
    public static let generatedQuantities: UInt64 = 2
    /// `_rng` calls of transformed data (chain 0 of the run's seed: the same values in every chain).
    public static let transformedData: UInt64 = 3
    /// `_rng` calls of generated quantities for saved warm-up draws (substream: warm-up iteration).
    public static let warmupQuantities: UInt64 = 4
}
