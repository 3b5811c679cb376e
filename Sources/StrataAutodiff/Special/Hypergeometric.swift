// Generalized hypergeometric functions pFq (Stan's hypergeometric_1F0, _2F1, _3F2, _pFq) with partials in every argument.
import Glibc

/// pFq(a; b; z) and its partial derivatives in each a[i], each b[j] and z.
public struct HypergeometricSum: Sendable {
    public var value: Double
    public var da: [Double]
    public var db: [Double]
    public var dz: Double
}

public extension SpecialFunctions {
    /// Most terms summed before a series counts as not converging.
    static let hypergeometricMaximumTerms = 1_000_000

    /// Why pFq(a; b; z) is undefined or its series diverges (Stan math's convergence rules), or nil.
    static func hypergeometricDomainError(a: [Double], b: [Double], z: Double) -> String? {
        if (a + b + [z]).contains(where: { !$0.isFinite }) { return "arguments must be finite" }
        func nonPositiveInteger(_ x: Double) -> Bool { x <= 0 && x == x.rounded() }
        let terminatesAt = a.filter(nonPositiveInteger).map { -$0 }.min()
        for (j, bj) in b.enumerated() where nonPositiveInteger(bj) && !(terminatesAt.map { $0 < -bj } ?? false) {
            return "b[\(j + 1)] is \(bj), a non-positive integer (a pole)"
        }
        if terminatesAt != nil { return nil }     // a polynomial: converges for every z
        if a.count > b.count + 1 && z != 0 {
            return "the series diverges for p > q + 1 (p = \(a.count), q = \(b.count)) unless z = 0 (z is \(z))"
        }
        if a.count == b.count + 1 {
            if Swift.abs(z) > 1 { return "the series diverges for |z| > 1 when p = q + 1 (z is \(z))" }
            let excess = b.reduce(0, +) - a.reduce(0, +)
            if Swift.abs(z) == 1 && excess <= 0 {
                return "the series diverges at |z| = 1 unless sum(b) > sum(a) (sum(b) − sum(a) is \(excess))"
            }
        }
        return nil
    }

    /// Σₖ (a)ₖ/(b)ₖ zᵏ/k! and its partials, each summed term by term from the recurrence t_{k+1} = t_k r_k; nil when
    /// the series have not converged after ``hypergeometricMaximumTerms`` terms. Inside the disc every series stops when
    /// its terms fall below 1e-16 of its sum. On |z| = 1 the terms decay only like k^(−m), so each series stops when the
    /// tail estimated from its last two terms, t_K/(1 − r − 1/K) for r = t_K/t_{K−1} ≈ 1 − m/K, is below 1e-13 of
    /// its sum, and that tail is added (t r/(1 − r) for alternating terms, z = −1). Call ``hypergeometricDomainError`` first.
    static func hypergeometricPFQ(a: [Double], b: [Double], z: Double) -> HypergeometricSum? {
        let p = a.count, q = b.count
        // Terms and sums of the value series (index 0), its partials in a, in b, and in z, side by side.
        var terms = [Double](repeating: 0, count: p + q + 2), sums = terms
        terms[0] = 1; sums[0] = 1
        // After a polynomial terminates, its partials in a keep going only where their own series converges.
        let derivativesConverge = p < q + 1 || (p == q + 1 && Swift.abs(z) < 1)
        let onCircle = Swift.abs(z) == 1
        for k in 0..<hypergeometricMaximumTerms {
            let fk = Double(k)
            var numerator = 1.0, denominator = fk + 1
            for x in a { numerator *= x + fk }
            for x in b { denominator *= x + fk }
            let ratio = numerator / denominator * z, term = terms[0]
            var next = terms.map { $0 * ratio }
            for i in 0..<p {
                var others = z / denominator
                for l in 0..<p where l != i { others *= a[l] + fk }
                next[1 + i] += term * others
            }
            for j in 0..<q { next[1 + p + j] -= term * ratio / (b[j] + fk) }
            next[p + q + 1] += term * numerator / denominator
            let previous = terms
            terms = next
            for s in sums.indices { sums[s] += terms[s] }
            if terms[0] == 0 && !derivativesConverge { return Self.hypergeometricSum(sums, p: p) }
            guard terms[0] == 0 || Swift.abs(ratio) < 1 else { continue }
            if !onCircle || terms[0] == 0 {
                if sums.indices.allSatisfy({ Swift.abs(terms[$0]) <= 1e-16 * Swift.abs(sums[$0]) }) {
                    return Self.hypergeometricSum(sums, p: p)
                }
                continue
            }
            guard k >= 32 else { continue }
            let tails = sums.indices.map { s -> Double? in
                if terms[s] == 0 { return 0 }
                // Alternating terms (z = −1): the geometric estimate t r/(1 − r), −t/2 as r → −1.
                let r = terms[s] / previous[s], denominator = r < 0 ? 1 - r : 1 - r - 1 / (fk + 1)
                guard r.isFinite, r < 1, denominator > 0 else { return nil }
                let tail = terms[s] * r / denominator
                return Swift.abs(tail) <= 1e-13 * Swift.abs(sums[s]) ? tail : nil
            }
            if tails.allSatisfy({ $0 != nil }) {
                for s in sums.indices { sums[s] += tails[s]! }
                return Self.hypergeometricSum(sums, p: p)
            }
        }
        return nil
    }

    private static func hypergeometricSum(_ sums: [Double], p: Int) -> HypergeometricSum {
        HypergeometricSum(value: sums[0], da: Array(sums[1..<(1 + p)]), db: Array(sums[(1 + p)..<(sums.count - 1)]),
                          dz: sums[sums.count - 1])
    }

    /// Why 2F1(a, b; c; z) is undefined, or nil: z ≤ 1 (z < 0 through Pfaff's transformation), c − a − b > 0 at z = 1.
    static func hypergeometric2F1DomainError(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> String? {
        if ![a, b, c, z].allSatisfy(\.isFinite) { return "arguments must be finite" }
        if z > 1 { return "the series diverges for z > 1 (z is \(z))" }
        if z < 0 { return hypergeometricDomainError(a: [a, c - b], b: [c], z: z / (z - 1)) }
        return hypergeometricDomainError(a: [a, b], b: [c], z: z)
    }

    /// Gauss's 2F1(a, b; c; z) and its partials (∂a, ∂b, ∂c, ∂z): the series for 0 ≤ z < 1, Pfaff's
    /// (1 − z)^(−a) 2F1(a, c − b; c; z/(z − 1)) for z < 0, Gauss's Γ(c)Γ(c − a − b)/(Γ(c − a)Γ(c − b)) at z = 1.
    /// NaN when the series does not converge within the term limit.
    static func hypergeometric2F1(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> (value: Double, partials: SIMD4<Double>) {
        if z == 1 {
            let value = gaussSum(a, b, c)
            let s = c - a - b
            let dz = s > 1 ? a * b / c * gaussSum(a + 1, b + 1, c + 1) : Double.infinity
            let psiS = digamma(s)
            return (value, SIMD4(value * (digamma(c - a) - psiS), value * (digamma(c - b) - psiS),
                                 value * (digamma(c) + psiS - digamma(c - a) - digamma(c - b)), dz))
        }
        if z < 0 {
            let w = z / (z - 1)
            guard let g = hypergeometricPFQ(a: [a, c - b], b: [c], z: w) else { return (.nan, .zero) }
            let m = Glibc.pow(1 - z, -a)
            return (m * g.value, SIMD4(m * (g.da[0] - Glibc.log1p(-z) * g.value), -m * g.da[1], m * (g.da[1] + g.db[0]),
                                       a * m / (1 - z) * g.value - m * g.dz / ((z - 1) * (z - 1))))
        }
        guard let g = hypergeometricPFQ(a: [a, b], b: [c], z: z) else { return (.nan, .zero) }
        return (g.value, SIMD4(g.da[0], g.da[1], g.db[0], g.dz))
    }

    /// Γ(c)Γ(c − a − b)/(Γ(c − a)Γ(c − b)), signs included.
    private static func gaussSum(_ a: Double, _ b: Double, _ c: Double) -> Double {
        var sign: Int32 = 1, total: Int32 = 1
        var log = 0.0
        for (x, power) in [(c, 1.0), (c - a - b, 1.0), (c - a, -1.0), (c - b, -1.0)] {
            log += power * Glibc.lgamma_r(x, &sign)
            total *= sign
        }
        return Double(total) * Glibc.exp(log)
    }
}
