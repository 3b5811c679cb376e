// Adaptive Gauss–Kronrod (7, 15) quadrature of a vector-valued integrand over a finite or infinite interval.
import StrataCore
#if canImport(Glibc)
import Glibc
#endif

/// ∫ₐᵇ F(x) dx for F: ℝ → ℝᵐ whose first component drives the error control (the others, partial derivatives of it,
/// are integrated on the same nodes). Intervals are bisected worst-first until the error estimate of component 0 is
/// at most max(relativeTolerance · ∫|F₀|, absoluteTolerance); an interval is never split below `maxDepth` levels.
struct GaussKronrod {
    var relativeTolerance: Double
    var absoluteTolerance = 0.0
    var maxDepth = 30
    var maxIntervals = 2000
    /// Name used in errors (the Stan function being evaluated).
    var name: String
    /// Whether the integrand receives xc (Stan's distance to the nearest end of a finite interval) or NaN.
    var passesComplement = true

    /// Kronrod nodes (positive half, descending; the last is 0) and weights; Gauss weights at the odd Kronrod nodes.
    static let nodes: [Double] = [0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
                                  0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
                                  0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
                                  0.207784955007898467600689403773245, 0]
    static let kronrodWeights: [Double] = [0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
                                           0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
                                           0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
                                           0.204432940075298892414161999234649, 0.209482141084727828012999174891714]
    static let gaussWeights: [Double] = [0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
                                         0.381830050505118944950369775488975, 0.417959183673469387755102040816327]

    /// The integrand at (x, xc); returns m values.
    typealias Integrand = (Double, Double) throws -> [Double]

    private struct Piece {
        var lower: Double, upper: Double, depth: Int
        var value: [Double], error: Double, absolute: Double
    }

    /// The integral of each component over [a, b] (a ≤ b; either may be infinite). A finite interval that contains 0
    /// is split there first (Stan's integrate_1d does the same); xc is measured from the ends of each part.
    func integrate(_ a: Double, _ b: Double, components m: Int, _ f: Integrand) throws -> [Double] {
        guard !a.isNaN, !b.isNaN, a <= b else {
            throw LogDensityError.domain(variable: name, message: "the lower limit \(a) must not exceed the upper limit \(b)")
        }
        if a == b { return [Double](repeating: 0, count: m) }
        // Infinite ends: substitute x = φ(t) on a finite t-interval, integrand F(φ(t)) φ'(t), xc = NaN.
        let mapped: (Double, Double, (Double) -> (x: Double, jacobian: Double))?
        switch (a.isFinite, b.isFinite) {
        case (true, true): mapped = nil
        case (true, false): mapped = (0, 1, { t in (a + t / (1 - t), 1 / ((1 - t) * (1 - t))) })
        case (false, true): mapped = (0, 1, { t in (b - t / (1 - t), 1 / ((1 - t) * (1 - t))) })
        case (false, false): mapped = (-1, 1, { t in (t / (1 - t * t), (1 + t * t) / ((1 - t * t) * (1 - t * t))) })
        }
        if let (lo, hi, phi) = mapped {
            return try adaptive([(lo, hi)], m) { t, _ in
                let (x, w) = phi(t)
                return try f(x, .nan).map { $0 * w }
            }
        }
        let parts = a < 0 && b > 0 ? [(a, 0.0), (0.0, b)] : [(a, b)]
        return try adaptive(parts, m) { x, xc in try f(x, passesComplement ? xc : .nan) }
    }

    /// Worst-first bisection over the initial `parts`; the integrand gets (x, xc) with xc from its part's ends.
    private func adaptive(_ parts: [(Double, Double)], _ m: Int, _ f: Integrand) throws -> [Double] {
        var pieces: [Piece] = []
        for (lo, hi) in parts { pieces.append(try rule(lo, hi, depth: 0, part: (lo, hi), m, f)) }
        let owner = { (p: Piece) -> (Double, Double) in parts.first { $0.0 <= p.lower && p.upper <= $0.1 } ?? (p.lower, p.upper) }
        while true {
            let error = pieces.reduce(0) { $0 + $1.error }, absolute = pieces.reduce(0) { $0 + $1.absolute }
            if error <= max(relativeTolerance * absolute, absoluteTolerance) { break }
            guard let worst = pieces.indices.filter({ pieces[$0].depth < maxDepth }).max(by: { pieces[$0].error < pieces[$1].error }),
                  pieces.count < maxIntervals else {
                throw LogDensityError.domain(variable: name, message: "the error estimate \(error) of the integral exceeds the "
                                             + "relative tolerance \(relativeTolerance) times its norm \(absolute)")
            }
            let p = pieces.remove(at: worst), mid = 0.5 * (p.lower + p.upper), part = owner(p)
            guard mid > p.lower && mid < p.upper else {
                throw LogDensityError.domain(variable: name, message: "the interval cannot be split further near x = \(mid)")
            }
            pieces.append(try rule(p.lower, mid, depth: p.depth + 1, part: part, m, f))
            pieces.append(try rule(mid, p.upper, depth: p.depth + 1, part: part, m, f))
        }
        var total = [Double](repeating: 0, count: m)
        for p in pieces.sorted(by: { $0.lower < $1.lower }) { for k in 0..<m { total[k] += p.value[k] } }
        return total
    }

    /// The 15-point Kronrod estimate on [lo, hi] with the difference from the 7-point Gauss estimate as its error.
    private func rule(_ lo: Double, _ hi: Double, depth: Int, part: (Double, Double), _ m: Int, _ f: Integrand) throws -> Piece {
        let half = 0.5 * (hi - lo), center = 0.5 * (lo + hi)
        var kronrod = [Double](repeating: 0, count: m)
        var gauss = 0.0, absolute = 0.0
        func sample(_ node: Double, _ sign: Double) throws -> [Double] {
            // Distances to the part's ends without cancellation: from lo (or hi) plus a multiple of half.
            let x = center + sign * half * node
            let fromLower = (lo - part.0) + half * (1 + sign * node), fromUpper = (part.1 - hi) + half * (1 - sign * node)
            let xc = fromLower <= fromUpper ? -fromLower : fromUpper
            let v = try f(x, xc)
            guard v.count == m, v.allSatisfy(\.isFinite) else {
                throw LogDensityError.nonFinite("\(name): the integrand is not finite at x = \(x)")
            }
            return v
        }
        for (i, node) in Self.nodes.enumerated() {
            let values = node == 0 ? [try sample(0, 1)] : [try sample(node, -1), try sample(node, 1)]
            for v in values {
                for k in 0..<m { kronrod[k] += Self.kronrodWeights[i] * v[k] }
                absolute += Self.kronrodWeights[i] * abs(v[0])
                if i % 2 == 1 { gauss += Self.gaussWeights[i / 2] * v[0] }
            }
        }
        let value = kronrod.map { $0 * half }
        return Piece(lower: lo, upper: hi, depth: depth, value: value, error: abs(value[0] - gauss * half), absolute: abs(half) * absolute)
    }
}
