// The embedded Laplace approximation on plain numbers: Newton's method for the mode, the log marginal, its gradient.
import Foundation
import StrataCore

/// Stan's Laplace options: `(theta_0, tolerance, max_num_steps, solver, max_steps_line_search, allow_fallthrough)`
/// and the Hessian block size. Strata runs one Newton solver (an LU factorisation of I + K W, valid for every
/// `solver` value Stan accepts), so `solver` and `allow_fallthrough` are checked but change nothing.
struct LaplaceOptions {
    var initial: [Double]? = nil
    var tolerance = 1.49012e-8
    var maxSteps = 500
    var blockSize = 1
    var maxLineSearch = 1000
}

/// θ ~ N(0, K), y ~ p(y | θ, η): the mode θ* of log p(y | θ) + log N(θ | 0, K) and the Gaussian approximation there.
struct LaplaceApproximation {
    let n: Int
    let k: [Double]
    /// θ*, a = K⁻¹ θ*, W = −∂²f/∂θ² at θ* (block diagonal), and M = I + K W factorised.
    let theta: [Double], a: [Double], w: [Double]
    let m: DenseLU
    /// log p(y | θ*) − ½ θ*ᵀ K⁻¹ θ* − ½ log |I + K W|.
    let logMarginal: Double
    let name: String

    /// Newton's method on Ψ(θ) = f(θ) − ½ θᵀ K⁻¹ θ without inverting K: with b = W θ + ∇f, the step solves
    /// (I + K W) θ' = K b and a' = b − W θ'. A step that lowers Ψ is halved in a (at most `maxLineSearch` times).
    /// Stops when Ψ changes by less than the tolerance, then takes one more Newton step so that the mode (and the
    /// implicit derivatives through it) is accurate to well below the tolerance.
    /// - Throws: ``LogDensityError/domain(variable:message:)`` when Newton's method does not converge or I + K W is
    ///   singular.
    init(likelihood: LaplaceLikelihood, k: [Double], options: LaplaceOptions, name: String) throws {
        let n = likelihood.latentCount
        self.n = n; self.k = k; self.name = name
        func fail(_ message: String) -> LogDensityError { .domain(variable: name, message: message) }
        var theta = options.initial ?? [Double](repeating: 0, count: n)
        var a = [Double](repeating: 0, count: n)
        if theta.contains(where: { $0 != 0 }) {
            guard let lu = DenseLU(k, n: n) else { throw fail("the covariance matrix is singular") }
            a = lu.solve(theta)
        }
        func objective(_ t: [Double], _ a: [Double]) throws -> Double {
            try likelihood.value(t) - 0.5 * LaplaceAlgebra.dot(a, t)
        }
        func newton(_ t: [Double]) throws -> (theta: [Double], a: [Double]) {
            let g = Array(try likelihood.gradient(t).prefix(n))
            let w = try likelihood.negativeHessian(t, blockSize: options.blockSize)
            let b = zip(LaplaceAlgebra.apply(w, t), g).map { $0 + $1 }
            var mm = LaplaceAlgebra.multiply(k, w, n)
            for i in 0..<n { mm[i * n + i] += 1 }
            guard let lu = DenseLU(mm, n: n) else { throw fail("I + K W is singular during Newton's method") }
            let next = lu.solve(LaplaceAlgebra.apply(k, b))
            return (next, zip(b, LaplaceAlgebra.apply(w, next)).map { $0 - $1 })
        }
        var psi = try objective(theta, a)
        var converged = false
        for _ in 0..<max(options.maxSteps, 1) {
            var (next, nextA) = try newton(theta)
            var nextPsi = (try? objective(next, nextA)) ?? -.infinity
            var halvings = 0
            while !(nextPsi >= psi) && halvings < options.maxLineSearch {
                nextA = zip(nextA, a).map { 0.5 * ($0 + $1) }
                next = LaplaceAlgebra.apply(k, nextA)
                nextPsi = (try? objective(next, nextA)) ?? -.infinity
                halvings += 1
            }
            guard nextPsi.isFinite else { throw fail("the objective is not finite during Newton's method") }
            let change = abs(nextPsi - psi)
            theta = next; a = nextA; psi = nextPsi
            if change < options.tolerance { converged = true; break }
        }
        guard converged else {
            throw fail("Newton's method did not converge in \(options.maxSteps) steps (tolerance \(options.tolerance))")
        }
        (theta, a) = try newton(theta)
        let w = try likelihood.negativeHessian(theta, blockSize: options.blockSize)
        var mm = LaplaceAlgebra.multiply(k, w, n)
        for i in 0..<n { mm[i * n + i] += 1 }
        guard let lu = DenseLU(mm, n: n) else { throw fail("I + K W is singular at the mode") }
        let det = lu.logAbsDeterminant
        guard det.sign > 0 else { throw fail("I + K W has a non-positive determinant at the mode (the mode is not a maximum)") }
        self.theta = theta; self.a = a; self.w = w; self.m = lu
        logMarginal = try likelihood.value(theta) - 0.5 * LaplaceAlgebra.dot(a, theta) - 0.5 * det.value
        guard logMarginal.isFinite else { throw fail("the approximate log marginal is not finite") }
    }

    /// The covariance of the Gaussian approximation, (K⁻¹ + W)⁻¹ = (I + K W)⁻¹ K (symmetrised).
    var covariance: [Double] {
        var c = LaplaceAlgebra.solve(m, k, n)
        for i in 0..<n { for j in (i + 1)..<max(n, i + 1) { let s = 0.5 * (c[i * n + j] + c[j * n + i]); c[i * n + j] = s; c[j * n + i] = s } }
        return c
    }

    /// The gradient of the log marginal: ∂/∂K (every entry of K as its own input, row-major) and ∂/∂η.
    ///
    /// With C = (K⁻¹ + W)⁻¹ and s = ∂(−½ log|I + K W|)/∂θ* = ½ ∇_θ tr(C ∂²f/∂θ²), and r = C s:
    /// ∂/∂η = ∂f/∂η + ∂(rᵀ∇_θ f)/∂η + ½ ∂tr(C ∂²f/∂θ²)/∂η (the mode moves by dθ* = C ∂(∇_θ f)/∂η), and
    /// ∂/∂K = ½ a aᵀ − ½ M⁻ᵀ W + (M⁻ᵀ s) aᵀ (the mode moves by dθ* = M⁻¹ dK a).
    func gradient(_ likelihood: LaplaceLikelihood, blockSize: Int) throws -> (k: [Double], eta: [Double]) {
        let c = covariance
        let trace = try likelihood.halfTraceGradient(theta, c, blockSize: blockSize)
        let s = Array(trace.prefix(n))
        let r = LaplaceAlgebra.apply(c, s)
        let q = likelihood.argumentCount
        var eta = [Double](repeating: 0, count: q)
        if q > 0 {
            let f = try likelihood.gradient(theta), d = try likelihood.directionalGradient(theta, r)
            for j in 0..<q { eta[j] = f[n + j] + d[n + j] + trace[n + j] }
        }
        let mw = LaplaceAlgebra.solve(m, w, n, transposed: true)
        let ms = m.solveTransposed(s)
        var gk = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n { gk[i * n + j] = 0.5 * a[i] * a[j] - 0.5 * mw[i * n + j] + ms[i] * a[j] }
        }
        guard gk.allSatisfy(\.isFinite), eta.allSatisfy(\.isFinite) else {
            throw LogDensityError.nonFinite("\(name): the gradient is not finite")
        }
        return (gk, eta)
    }
}
