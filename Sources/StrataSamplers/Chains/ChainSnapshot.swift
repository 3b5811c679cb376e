// Everything a chain needs to continue bit for bit from an iteration boundary, and its coding.
import Foundation
import StrataCore

/// The phase a snapshot was taken in: before a warmup or sampling iteration, or after the last one.
enum SnapshotPhase: String, Codable {
    case warmup, sampling, done
}

/// A chain's complete sampler state between two iterations: the next iteration and its phase, the
/// point (position, gradient, log density), the step size, the metric, the whole warmup adapter
/// (dual averaging, Welford accumulators or Fisher windows, schedule counters) and every random stream.
struct ChainSnapshot<M: Metric, A: WarmupAdapter>: Codable where A.M == M {
    var phase: SnapshotPhase
    /// The next iteration to run within `phase`.
    var iteration: Int
    /// Divergences so far in `phase` (for progress reports).
    var divergences: Int
    /// Leapfrog steps so far, warmup and sampling (for progress reports).
    var leapfrogs: Int
    var state: PhasePoint
    var stepSize: Double
    var metric: M
    var adapter: A
    /// The sampler's stream (stream 0).
    var rng: ChainRNG
    /// The stream of per-draw output randomness (stream 1).
    var outputRNG: ChainRNG

    /// Exact binary-free coding: JSON with every double printed in its shortest round-trip form
    /// (non-finite values as strings), so a decoded snapshot holds the very same bits.
    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }

    static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }

    func encoded() throws -> Data { try Self.encoder().encode(self) }

    static func decode(_ data: Data, chain: Int) throws -> ChainSnapshot {
        do { return try decoder().decode(ChainSnapshot.self, from: data) } catch {
            throw SamplerError.invalidConfiguration(
                "checkpoint: the saved state of chain \(chain + 1) does not fit this run's metric and adaptation (\(error))")
        }
    }
}
