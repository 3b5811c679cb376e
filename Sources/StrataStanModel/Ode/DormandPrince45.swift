// An explicit Runge-Kutta 5(4) integrator (Dormand-Prince) with adaptive steps that land on every output time.
import StrataCore
#if canImport(Glibc)
import Glibc
#endif

/// Integrates dz/dt = f(t, z) with the Dormand-Prince 5(4) pair (first same as last), controlling the error of every
/// component against `absoluteTolerance + relativeTolerance · |z|`; steps are shortened to end exactly at each output time.
public struct DormandPrince45 {
    public var relativeTolerance = 1e-6
    public var absoluteTolerance = 1e-6
    public var maxSteps = 1_000_000
    /// Name used in errors (the Stan function being evaluated).
    public var name = "ode_rk45"

    public init(relativeTolerance: Double = 1e-6, absoluteTolerance: Double = 1e-6, maxSteps: Int = 1_000_000, name: String = "ode_rk45") {
        self.relativeTolerance = relativeTolerance; self.absoluteTolerance = absoluteTolerance
        self.maxSteps = maxSteps; self.name = name
    }

    static let c: [Double] = [0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1]
    static let a: [[Double]] = [
        [],
        [1.0 / 5],
        [3.0 / 40, 9.0 / 40],
        [44.0 / 45, -56.0 / 15, 32.0 / 9],
        [19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729],
        [9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656],
        [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84],
    ]
    /// Fifth-order weights minus fourth-order weights: the local error estimate.
    static let e: [Double] = [71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40]

    /// The state at each of `times` (non-decreasing, none before `t0`), starting from `z0` at `t0`.
    /// - Throws: a domain error when the step count exceeds `maxSteps`, the step size underflows or the state is not finite.
    public func solve(_ z0: [Double], from t0: Double, to times: [Double],
                      _ f: (Double, [Double], inout [Double]) throws -> Void) throws -> [[Double]] {
        let n = z0.count
        var z = z0, t = t0
        var k = [[Double]](repeating: [Double](repeating: 0, count: n), count: 7)
        try f(t, z, &k[0])
        var h = initialStep(z, k[0], span: (times.last ?? t0) - t0)
        var steps = 0
        var out: [[Double]] = []
        var stage = [Double](repeating: 0, count: n), next = [Double](repeating: 0, count: n)
        for target in times {
            guard target >= t else { throw LogDensityError.domain(variable: name, message: "output times must not decrease (\(target) after \(t))") }
            while t < target {
                steps += 1
                if steps > maxSteps { throw LogDensityError.domain(variable: name, message: "max_num_steps = \(maxSteps) exceeded before t = \(target)") }
                let last = t + h >= target
                let step = last ? target - t : h
                for s in 1..<7 {
                    for i in 0..<n {
                        var acc = 0.0
                        for j in 0..<s { acc += Self.a[s][j] * k[j][i] }
                        stage[i] = z[i] + step * acc
                    }
                    try f(t + Self.c[s] * step, stage, &k[s])
                }
                // The seventh stage point is the fifth-order solution.
                next = stage
                var err = 0.0
                for i in 0..<n {
                    var d = 0.0
                    for j in 0..<7 { d += Self.e[j] * k[j][i] }
                    let scale = absoluteTolerance + relativeTolerance * Swift.max(Swift.abs(z[i]), Swift.abs(next[i]))
                    let r = step * d / scale
                    err += r * r
                }
                err = (err / Double(Swift.max(n, 1))).squareRoot()
                guard err.isFinite else { throw LogDensityError.domain(variable: name, message: "the solution is not finite at t = \(t)") }
                if err <= 1 {
                    t = last ? target : t + step
                    z = next
                    k[0] = k[6]
                }
                let factor = err == 0 ? 5 : Swift.min(5, Swift.max(0.2, 0.9 * Glibc.pow(err, -0.2)))
                if !(last && err <= 1) { h = step * factor } else { h = Swift.max(h, step * factor) }
                if h < 1e-14 * Swift.max(1, Swift.abs(t)) {
                    throw LogDensityError.domain(variable: name, message: "step size underflow at t = \(t)")
                }
            }
            out.append(z)
        }
        return out
    }

    /// A first step from the sizes of the state and its derivative (Hairer, Nørsett & Wanner II.4).
    func initialStep(_ z: [Double], _ dz: [Double], span: Double) -> Double {
        var d0 = 0.0, d1 = 0.0
        for i in 0..<z.count {
            let scale = absoluteTolerance + relativeTolerance * Swift.abs(z[i])
            d0 += (z[i] / scale) * (z[i] / scale)
            d1 += (dz[i] / scale) * (dz[i] / scale)
        }
        let h = d0 < 1e-10 || d1 < 1e-10 ? 1e-6 : 0.01 * (d0 / d1).squareRoot()
        return Swift.max(Swift.min(h, Swift.abs(span)), 1e-10)
    }
}
