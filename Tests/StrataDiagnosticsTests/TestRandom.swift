// Deterministic random draws (SplitMix64 + Box-Muller) for the synthetic diagnostics tests.
import Foundation

/// A seeded generator so that every synthetic test sees the same numbers on every run.
struct TestRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// Next 64 random bits (SplitMix64).
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform on (0, 1).
    mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992.0 }

    /// Standard normal via Box-Muller (one of the pair).
    mutating func normal() -> Double {
        let u1 = uniform(), u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// `chains` chains of `length` independent N(mean, 1) draws.
    mutating func iidChains(chains: Int, length: Int, mean: Double = 0) -> [[Double]] {
        (0..<chains).map { _ in (0..<length).map { _ in mean + normal() } }
    }

    /// Stationary AR(1) chains with unit marginal variance and lag-1 correlation `rho`.
    mutating func ar1Chains(chains: Int, length: Int, rho: Double) -> [[Double]] {
        let innovation = (1 - rho * rho).squareRoot()
        return (0..<chains).map { _ in
            var x = normal()
            var chain = [Double]()
            chain.reserveCapacity(length)
            for _ in 0..<length {
                chain.append(x)
                x = rho * x + innovation * normal()
            }
            return chain
        }
    }
}
