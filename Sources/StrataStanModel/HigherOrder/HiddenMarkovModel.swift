// The forward-backward algorithm of a hidden Markov model on plain numbers (Stan's hmm_* functions).
import StrataCore
#if canImport(Glibc)
import Glibc
#endif

/// A hidden Markov model with K states over N steps: log_omega (K×N, row-major) holds log p(y_t | z_t = k), Γ (K×K)
/// the transition probabilities Γ[i, j] = p(z_{t+1} = j | z_t = i), ρ the distribution of z_1.
///
/// Scaled recursions (Rabiner): ω̃_t = exp(log_omega[:, t] − m_t) with m_t the column's maximum,
/// α̂_1 ∝ ρ ∘ ω̃_1, α̂_t ∝ (Γᵀ α̂_{t−1}) ∘ ω̃_t, each normalised by its sum c_t; β̂_N = 1,
/// β̂_{t−1} = Γ (ω̃_t ∘ β̂_t) / c_t. Then log p(y) = Σ_t (m_t + log c_t) and p(z_t = k | y) = α̂_t[k] β̂_t[k].
struct HiddenMarkovModel {
    let k: Int, n: Int
    let logOmega: [Double], gamma: [Double], rho: [Double]
    /// Filled by ``init(logOmega:gamma:rho:name:)``: ω̃ and α̂ (N×K, step-major), c and m (N).
    private(set) var omega: [Double] = [], alpha: [Double] = [], scale: [Double] = [], shift: [Double] = []

    /// Checks the arguments as Stan does (Γ square with simplex rows, ρ a simplex, log_omega with K rows) and runs
    /// the forward pass.
    init(logOmega: [Double], gamma: [Double], rho: [Double], states k: Int, name: String) throws {
        func fail(_ m: String) -> LogDensityError { .domain(variable: name, message: m) }
        guard k > 0, gamma.count == k * k, logOmega.count % k == 0 else {
            throw LogDensityError.invalidModel("\(name): Gamma must be \(k)×\(k) and log_omega must have \(k) rows")
        }
        guard rho.count == k else { throw LogDensityError.invalidModel("\(name): rho has \(rho.count) elements for \(k) states") }
        self.k = k; n = logOmega.count / k
        self.logOmega = logOmega; self.gamma = gamma; self.rho = rho
        func isSimplex(_ v: ArraySlice<Double>) -> Bool { v.allSatisfy { $0 >= 0 && $0.isFinite } && abs(v.reduce(0, +) - 1) <= 1e-8 }
        guard isSimplex(rho[...]) else { throw fail("rho is not a simplex") }
        for i in 0..<k where !isSimplex(gamma[(i * k)..<((i + 1) * k)]) { throw fail("row \(i + 1) of Gamma is not a simplex") }
        guard logOmega.allSatisfy({ !$0.isNaN && $0 != .infinity }) else { throw fail("log_omega must not be NaN or +inf") }
        forward()
    }

    private mutating func forward() {
        omega = [Double](repeating: 0, count: n * k); alpha = omega
        scale = [Double](repeating: 0, count: n); shift = scale
        for t in 0..<n {
            var m = -Double.infinity
            for s in 0..<k { m = max(m, logOmega[s * n + t]) }
            if !m.isFinite { m = 0 }
            shift[t] = m
            var total = 0.0
            for s in 0..<k {
                let w = exp(logOmega[s * n + t] - m)
                omega[t * k + s] = w
                var prior = 0.0
                if t == 0 { prior = rho[s] } else { for i in 0..<k { prior += gamma[i * k + s] * alpha[(t - 1) * k + i] } }
                alpha[t * k + s] = prior * w
                total += prior * w
            }
            scale[t] = total
            if total > 0 { for s in 0..<k { alpha[t * k + s] /= total } }
        }
    }

    /// log p(y), summed over every state path (−∞ when no path has positive probability).
    var logMarginal: Double {
        if n == 0 { return 0 }
        var sum = 0.0
        for t in 0..<n { sum += shift[t] + log(scale[t]) }
        return sum
    }

    /// β̂ (N×K, step-major).
    func backwardPass() -> [Double] {
        var beta = [Double](repeating: 0, count: n * k)
        guard n > 0 else { return beta }
        for s in 0..<k { beta[(n - 1) * k + s] = 1 }
        for t in stride(from: n - 1, to: 0, by: -1) {
            for i in 0..<k {
                var v = 0.0
                for j in 0..<k { v += gamma[i * k + j] * omega[t * k + j] * beta[t * k + j] }
                beta[(t - 1) * k + i] = v / scale[t]
            }
        }
        return beta
    }

    /// p(z_t = k | y) as a K×N row-major matrix (Stan's hmm_hidden_state_prob).
    func hiddenStateProbabilities() -> [Double] {
        let beta = backwardPass()
        var out = [Double](repeating: 0, count: k * n)
        for t in 0..<n { for s in 0..<k { out[s * n + t] = alpha[t * k + s] * beta[t * k + s] } }
        return out
    }

    /// Gradients of log p(y) with respect to log_omega (K×N), Γ (K×K) and ρ (K).
    func gradients() -> (logOmega: [Double], gamma: [Double], rho: [Double]) {
        let beta = backwardPass()
        var gOmega = [Double](repeating: 0, count: k * n), gGamma = [Double](repeating: 0, count: k * k)
        var gRho = [Double](repeating: 0, count: k)
        for t in 0..<n { for s in 0..<k { gOmega[s * n + t] = alpha[t * k + s] * beta[t * k + s] } }
        guard n > 0 else { return (gOmega, gGamma, gRho) }
        for s in 0..<k { gRho[s] = omega[s] * beta[s] / scale[0] }
        for t in 1..<max(n, 1) {
            for i in 0..<k where alpha[(t - 1) * k + i] != 0 {
                for j in 0..<k { gGamma[i * k + j] += alpha[(t - 1) * k + i] * omega[t * k + j] * beta[t * k + j] / scale[t] }
            }
        }
        return (gOmega, gGamma, gRho)
    }

    /// A draw of the hidden path given y (forward filtering, backward sampling); states numbered from 1.
    func samplePath(_ rng: inout ChainRNG) -> [Double] {
        var path = [Int](repeating: 0, count: n)
        guard n > 0 else { return [] }
        func pick(_ weights: [Double]) -> Int {
            let total = weights.reduce(0, +)
            var u = rng.uniform() * total
            for (i, w) in weights.enumerated() { u -= w; if u < 0 { return i } }
            return weights.lastIndex { $0 > 0 } ?? 0
        }
        path[n - 1] = pick(Array(alpha[((n - 1) * k)..<(n * k)]))
        for t in stride(from: n - 2, through: 0, by: -1) {
            path[t] = pick((0..<k).map { alpha[t * k + $0] * gamma[$0 * k + path[t + 1]] })
        }
        return path.map { Double($0 + 1) }
    }
}
