// Adaptive Gauss–Kronrod (7/15-point) quadrature of a vector-valued integrand: a value and its partials together.
import Glibc

/// ∫ f over a finite interval for an `f` returning eight components (a value in component 0 and, typically, the
/// integrands of its partial derivatives), by globally adaptive bisection: the piece with the largest error estimate
/// (|K15 − G7| of component 0) is halved until the summed estimate is below `relative · |∫ f₀| + absolute`.
/// Every component is integrated on the same pieces, so the partials are the exact derivatives of the rule.
enum GaussKronrod {
    /// Kronrod nodes on [−1, 1] (the non-negative half; the Gauss nodes are the odd-indexed ones) and weights.
    private static let nodes: [Double] = [
        0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926,
        0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
        0.207784955007898467600689403773245, 0.0,
    ]
    private static let kronrodWeights: [Double] = [
        0.022935322010529224963732008058970, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518,
        0.140653259715525918745189590510238, 0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
        0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
    ]
    /// Gauss weights for nodes[1], nodes[3], nodes[5], nodes[7].
    private static let gaussWeights: [Double] = [
        0.129484966168869693270611432679082, 0.279705391489276667901467771423780, 0.381830050505118944950369775488975,
        0.417959183673469387755102040816327,
    ]

    /// The 15-point estimate over [a, b] and the error estimate of component 0.
    static func rule(_ f: (Double) -> SIMD8<Double>, _ a: Double, _ b: Double) -> (SIMD8<Double>, Double) {
        let centre = 0.5 * (a + b), half = 0.5 * (b - a)
        var kronrod = SIMD8<Double>(), gauss = 0.0
        for i in 0..<8 {
            let x = half * nodes[i]
            let values = i == 7 ? f(centre) : f(centre - x) + f(centre + x)
            kronrod += kronrodWeights[i] * values
            if i % 2 == 1 { gauss += gaussWeights[i / 2] * values[0] }
        }
        return (kronrod * half, abs((kronrod[0] - gauss) * half))
    }

    /// ∫_a^b f with the stopping rule above, at most `maxPieces` pieces.
    static func integrate(_ f: (Double) -> SIMD8<Double>, _ a: Double, _ b: Double, relative: Double = 1e-11,
                          absolute: Double = 1e-300, maxPieces: Int = 400) -> SIMD8<Double> {
        guard b > a else { return SIMD8() }
        var pieces = [(a: a, b: b, sum: SIMD8<Double>(), error: 0.0)]
        (pieces[0].sum, pieces[0].error) = rule(f, a, b)
        var total = pieces[0].sum, error = pieces[0].error
        while error > Swift.max(relative * abs(total[0]), absolute) && pieces.count < maxPieces {
            var worst = 0
            for i in pieces.indices where pieces[i].error > pieces[worst].error { worst = i }
            let p = pieces[worst], mid = 0.5 * (p.a + p.b)
            if mid <= p.a || mid >= p.b { break }
            let left = rule(f, p.a, mid), right = rule(f, mid, p.b)
            pieces[worst] = (p.a, mid, left.0, left.1)
            pieces.append((mid, p.b, right.0, right.1))
            total += left.0 + right.0 - p.sum
            error += left.1 + right.1 - p.error
        }
        return pieces.reduce(SIMD8()) { $0 + $1.sum }
    }

    /// ∫_a^∞ f, through s = a + scale · x/(1 − x) on [0, 1).
    static func integrateToInfinity(_ f: (Double) -> SIMD8<Double>, from a: Double, scale: Double,
                                    relative: Double = 1e-11) -> SIMD8<Double> {
        integrate({ x in
            let r = 1 / (1 - x)
            return f(a + scale * x * r) * (scale * r * r)
        }, 0, 1, relative: relative)
    }
}
