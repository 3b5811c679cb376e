// The likelihoods Stan builds into the Laplace functions (Poisson log, negative binomial 2 log, Bernoulli logit), closed form.
import Foundation
import StrataAutodiff
import StrataCore

/// Σ_j log p(y_j | θ[g_j] + m[g_j]) for observations y_j in groups g_j (Stan's `y_index`, 1-based), with the
/// derivatives of every order the approximation reads in closed form (the family is separable: W is diagonal).
///
/// η is [φ (negative binomial only: one value or one per latent element), m (the prior mean, n values)]; a mean shifts
/// θ, so its derivatives are the θ derivatives.
struct BuiltinLaplaceLikelihood: LaplaceLikelihood {
    enum Family: String { case poissonLog = "poisson_log", negBinomial2Log = "neg_binomial_2_log", bernoulliLogit = "bernoulli_logit" }

    let family: Family
    let latentCount: Int
    /// Observations per group, their sum, and (negative binomial) the observations themselves.
    let count: [Double], sum: [Double], members: [[Double]]
    let phi: [Double], mean: [Double]
    var argumentCount: Int { phi.count + latentCount }

    /// - Throws: ``LogDensityError/domain(variable:message:)`` for a dispersion that is not positive and finite.
    init(family: Family, y: [Double], index: [Int], phi: [Double], mean: [Double]) throws {
        self.family = family
        latentCount = mean.count
        var count = [Double](repeating: 0, count: mean.count), sum = count
        var members = [[Double]](repeating: [], count: mean.count)
        for (v, g) in zip(y, index) { count[g] += 1; sum[g] += v; members[g].append(v) }
        self.count = count; self.sum = sum; self.members = members
        self.phi = phi; self.mean = mean
        for p in phi where !(p > 0 && p.isFinite) {
            throw LogDensityError.domain(variable: "laplace_marginal_neg_binomial_2_log",
                                         message: "the dispersion is \(p), but must be positive and finite")
        }
    }

    /// The group's log likelihood and its first three derivatives in u = θ + m, and (negative binomial) the
    /// derivatives of the first three in φ.
    private func terms(_ g: Int, _ u: Double) -> (l0: Double, l1: Double, l2: Double, l3: Double, d0: Double, d1: Double, d2: Double) {
        let n = count[g], c = sum[g]
        if n == 0 { return (0, 0, 0, 0, 0, 0, 0) }
        switch family {
        case .poissonLog:
            let e = exp(u)
            let constant = members[g].reduce(0) { $0 + lgamma($1 + 1) }
            return (c * u - n * e - constant, c - n * e, -n * e, -n * e, 0, 0, 0)
        case .bernoulliLogit:
            let p = 1 / (1 + exp(-u)), log1pExp = u > 0 ? u + log1p(exp(-u)) : log1p(exp(u))
            let v = p * (1 - p)
            return (c * u - n * log1pExp, c - n * p, -n * v, -n * v * (1 - 2 * p), 0, 0, 0)
        case .negBinomial2Log:
            let f = phi.count == 1 ? phi[0] : phi[g]
            // q = e^u / (φ + e^u); log q = −log1p(φ e^{−u}); log(1 − q) = −log1p(e^u / φ).
            let logQ = -log1p(f * exp(-u)), log1mQ = -log1p(exp(u) / f)
            let q = exp(logQ), s = c + n * f, v = q * (1 - q)
            var l0 = c * logQ + n * f * log1mQ, d0 = n * log1mQ + n * q - c * (1 - q) / f
            for y in members[g] {
                l0 += lgamma(y + f) - lgamma(y + 1) - lgamma(f)
                d0 += SpecialFunctions.digamma(y + f) - SpecialFunctions.digamma(f)
            }
            return (l0, c - s * q, -s * v, -s * v * (1 - 2 * q), d0, -n * q + s * v / f, -n * v + s * (1 - 2 * q) * v / f)
        }
    }

    private func all(_ theta: [Double]) -> [(l0: Double, l1: Double, l2: Double, l3: Double, d0: Double, d1: Double, d2: Double)] {
        (0..<latentCount).map { terms($0, theta[$0] + mean[$0]) }
    }

    /// [θ part, φ part (summed for one φ), m part (= θ part)] from per-group θ and φ derivatives.
    private func assemble(_ latent: [Double], _ dispersion: [Double]) -> [Double] {
        let phiPart = phi.count == 1 ? [dispersion.reduce(0, +)] : phi.isEmpty ? [] : dispersion
        return latent + phiPart + latent
    }

    func value(_ theta: [Double]) throws -> Double {
        let v = all(theta).reduce(0) { $0 + $1.l0 }
        guard v.isFinite else { throw LogDensityError.nonFinite("laplace_marginal_\(family.rawValue): the log likelihood is not finite") }
        return v
    }

    func gradient(_ theta: [Double]) throws -> [Double] {
        let t = all(theta)
        return assemble(t.map(\.l1), t.map(\.d0))
    }

    func negativeHessian(_ theta: [Double], blockSize: Int) throws -> [Double] {
        let n = latentCount
        var w = [Double](repeating: 0, count: n * n)
        for (i, t) in all(theta).enumerated() { w[i * n + i] = -t.l2 }
        return w
    }

    func halfTraceGradient(_ theta: [Double], _ c: [Double], blockSize: Int) throws -> [Double] {
        let n = latentCount, t = all(theta)
        return assemble((0..<n).map { 0.5 * c[$0 * n + $0] * t[$0].l3 }, (0..<n).map { 0.5 * c[$0 * n + $0] * t[$0].d2 })
    }

    func directionalGradient(_ theta: [Double], _ r: [Double]) throws -> [Double] {
        let t = all(theta)
        return assemble((0..<latentCount).map { r[$0] * t[$0].l2 }, (0..<latentCount).map { r[$0] * t[$0].d1 })
    }
}
