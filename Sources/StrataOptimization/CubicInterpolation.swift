// Cubic-interpolation step rules for the line search: the Hermite-cubic minimiser between two
// bracket points, and Stan's initial-step guess from the previous iteration.

enum CubicInterpolation {
    /// Minimiser of the cubic matching values and slopes at `a` and `b` (Nocedal & Wright 2006,
    /// eq. 3.59). Returns NaN when the cubic has no real local minimiser.
    static func minimizer(_ a: Double, _ fa: Double, _ da: Double,
                          _ b: Double, _ fb: Double, _ db: Double) -> Double {
        let d1 = da + db - 3 * (fa - fb) / (a - b)
        let radicand = d1 * d1 - da * db
        guard radicand >= 0 else { return .nan }
        var d2 = radicand.squareRoot()
        if b < a { d2 = -d2 }
        return b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2)
    }

    /// Minimiser over `[lower, upper]` of the cubic `c` with `c(0) = 0`, `c'(0) = d0`,
    /// `c(t1) = f1`, `c'(t1) = d1`.
    ///
    /// Stan uses this on the previous iteration's step (along the previous direction) to guess the
    /// next iteration's first trial step. Endpoints are candidates as well as interior critical
    /// points, so the answer always lies in the interval (unless the inputs are NaN).
    static func boundedMinimizer(slope0 d0: Double, step t1: Double, value1 f1: Double, slope1 d1: Double,
                                 lower: Double, upper: Double) -> Double {
        // c(t) = d0 t + b t^2 + a t^3
        let r1 = f1 - d0 * t1, r2 = d1 - d0
        let a = (r2 * t1 - 2 * r1) / (t1 * t1 * t1)
        let b = (3 * r1 - r2 * t1) / (t1 * t1)
        func c(_ t: Double) -> Double { t * (d0 + t * (b + t * a)) }
        var best = lower, bestValue = c(lower)
        func consider(_ t: Double) {
            guard t > lower, t < upper else { return }   // false for NaN too
            let v = c(t)
            if v < bestValue { best = t; bestValue = v }
        }
        if c(upper) < bestValue { best = upper; bestValue = c(upper) }
        // Critical points solve 3a t^2 + 2b t + d0 = 0; the stable form also covers a == 0.
        let disc = b * b - 3 * a * d0
        if disc >= 0 {
            let q = -(b + (b >= 0 ? 1.0 : -1.0) * disc.squareRoot())
            if q != 0 {
                consider(q / (3 * a))
                consider(d0 / q)
            }
        }
        return best
    }
}
