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
    /// Whether to give up with ``StiffnessDetected`` when the problem looks stiff (Hairer's test, see ``integrate``)
    /// or the steps reach ``maxSteps``, so an implicit solver can take over.
    public var detectsStiffness = false

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
        var out: [[Double]] = []
        var state = [Double](repeating: 0, count: n), derivative = [Double](repeating: 0, count: n)
        try z0.withUnsafeBufferPointer { z0 in
            try integrate(z0.baseAddress!, count: n, from: t0, to: times, record: { _, z in
                out.append(Array(UnsafeBufferPointer(start: z, count: n)))
            }, { t, z, dz in
                for i in 0..<n { state[i] = z[i] }
                try f(t, state, &derivative)
                for i in 0..<n { dz[i] = derivative[i] }
            })
        }
        return out
    }

    /// ``solve(_:from:to:_:)`` over flat buffers: `record(j, z)` receives the state at `times[j]` (valid during the
    /// call) and `f(t, z, dz)` writes dz/dt at (t, z) into `dz` (n elements). The stages live in one allocation and the
    /// coefficients in locals, so the steps allocate and retain nothing; the arithmetic is the same, in the same order.
    func integrate(_ z0: UnsafePointer<Double>, count n: Int, from t0: Double, to times: [Double],
                   record: (Int, UnsafePointer<Double>) -> Void,
                   _ f: (Double, UnsafePointer<Double>, UnsafeMutablePointer<Double>) throws -> Void) throws {
        // Stages k[0..<7] (n each), the state z and the stage point; then the tables a (7 x 7), c and e.
        let memory = UnsafeMutablePointer<Double>.allocate(capacity: 9 * n + 63)
        defer { memory.deallocate() }
        let k = memory
        var z = memory + 7 * n, stage = memory + 8 * n
        let a = memory + 9 * n, c = a + 49, e = c + 7
        for s in 0..<7 {
            for j in 0..<s { a[7 * s + j] = Self.a[s][j] }
            c[s] = Self.c[s]; e[s] = Self.e[s]
        }
        z.update(from: z0, count: n)
        var t = t0
        try f(t, z, k)
        var h = initialStep(z, k, count: n, span: (times.last ?? t0) - t0)
        var steps = 0
        var stiffness = StiffnessTest()
        for (index, target) in times.enumerated() {
            guard target >= t else { throw LogDensityError.domain(variable: name, message: "output times must not decrease (\(target) after \(t))") }
            while t < target {
                steps += 1
                if steps > maxSteps {
                    if detectsStiffness { throw StiffnessDetected() }
                    throw LogDensityError.domain(variable: name, message: "max_num_steps = \(maxSteps) exceeded before t = \(target)")
                }
                let last = t + h >= target
                let step = last ? target - t : h
                for s in 1..<7 {
                    let row = a + 7 * s
                    for i in 0..<n {
                        var acc = 0.0
                        for j in 0..<s { acc += row[j] * k[j * n + i] }
                        stage[i] = z[i] + step * acc
                    }
                    try f(t + c[s] * step, stage, k + s * n)
                }
                // The seventh stage point is the fifth-order solution.
                var err = 0.0
                for i in 0..<n {
                    var d = 0.0
                    for j in 0..<7 { d += e[j] * k[j * n + i] }
                    let scale = absoluteTolerance + relativeTolerance * Swift.max(Swift.abs(z[i]), Swift.abs(stage[i]))
                    let r = step * d / scale
                    err += r * r
                }
                err = (err / Double(Swift.max(n, 1))).squareRoot()
                guard err.isFinite else { throw LogDensityError.domain(variable: name, message: "the solution is not finite at t = \(t)") }
                if err <= 1 {
                    if detectsStiffness { try stiffness.accepted(k, count: n, a: a) }
                    t = last ? target : t + step
                    swap(&z, &stage)
                    k.update(from: k + 6 * n, count: n)
                }
                let factor = err == 0 ? 5 : Swift.min(5, Swift.max(0.2, 0.9 * Glibc.pow(err, -0.2)))
                if !(last && err <= 1) { h = step * factor } else { h = Swift.max(h, step * factor) }
                if h < 1e-14 * Swift.max(1, Swift.abs(t)) {
                    throw LogDensityError.domain(variable: name, message: "step size underflow at t = \(t)")
                }
            }
            record(index, z)
        }
    }

    /// A first step from the sizes of the state and its derivative (Hairer, Nørsett & Wanner II.4).
    func initialStep(_ z: UnsafePointer<Double>, _ dz: UnsafePointer<Double>, count: Int, span: Double) -> Double {
        var d0 = 0.0, d1 = 0.0
        for i in 0..<count {
            let scale = absoluteTolerance + relativeTolerance * Swift.abs(z[i])
            d0 += (z[i] / scale) * (z[i] / scale)
            d1 += (dz[i] / scale) * (dz[i] / scale)
        }
        let h = d0 < 1e-10 || d1 < 1e-10 ? 1e-6 : 0.01 * (d0 / d1).squareRoot()
        return Swift.max(Swift.min(h, Swift.abs(span)), 1e-10)
    }
}

/// Thrown by ``DormandPrince45/integrate`` with ``DormandPrince45/detectsStiffness`` when the problem looks stiff.
struct StiffnessDetected: Error {}

/// Hairer's stiffness test for the Dormand-Prince pair (Hairer & Wanner, Solving ODEs II, IV.2): after an accepted
/// step, h·λ ≈ ‖k₇ − k₆‖ / ‖Σⱼ (a₇ⱼ − a₆ⱼ) kⱼ‖ (the last two stages share c = 1, so this is h times the Jacobian's
/// dominant eigenvalue along their difference); 15 estimates above 3.25 (near the stability boundary) without 6
/// below in a row in between mean stiff.
struct StiffnessTest {
    private var stiffSteps = 0, smoothSteps = 0

    mutating func accepted(_ k: UnsafePointer<Double>, count n: Int, a: UnsafePointer<Double>) throws {
        var numerator = 0.0, denominator = 0.0
        for i in 0..<n {
            let dk = k[6 * n + i] - k[5 * n + i]
            var dy = 0.0
            for j in 0..<6 { dy += (a[7 * 6 + j] - a[7 * 5 + j]) * k[j * n + i] }
            numerator += dk * dk; denominator += dy * dy
        }
        guard denominator > 0 else { return }
        if (numerator / denominator).squareRoot() > 3.25 {
            smoothSteps = 0
            stiffSteps += 1
            if stiffSteps == 15 { throw StiffnessDetected() }
        } else {
            smoothSteps += 1
            if smoothSteps == 6 { stiffSteps = 0 }
        }
    }
}
