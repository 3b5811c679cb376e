// Root finding for Stan's algebraic solvers on plain numbers: Newton with a backtracking line search, Powell's dogleg.
import StrataCore

/// Solves g(x) = 0 for x ∈ ℝⁿ given g and its Jacobian (row-major n×n).
struct NonlinearSolver {
    enum Method { case newton, powell }
    var method: Method
    /// Stan's relative_tolerance (Powell: step size relative to x) or scaling_step_size (Newton: smallest step).
    var stepTolerance: Double
    /// Stan's function_tolerance: the solution must have max |g_i| at most this.
    var functionTolerance: Double
    var maxSteps: Int
    /// Name used in errors (the Stan function being evaluated).
    var name: String

    typealias System = ([Double]) throws -> (value: [Double], jacobian: [Double])

    /// A root of `g` from `guess`.
    /// - Throws: a domain error (the proposal is rejected, as Stan's exception) when the Jacobian is singular or no
    ///   root within `functionTolerance` is found in `maxSteps` steps.
    func solve(_ guess: [Double], _ g: System) throws -> [Double] {
        guard guess.allSatisfy(\.isFinite) else { throw failure("the initial guess is not finite") }
        var x = try method == .newton ? newton(guess, g) : powell(guess, g)
        // Polish: a converged point gets Newton steps while they shrink the residual, so that the implicit-function
        // gradient is evaluated at the root itself, not merely within function_tolerance of it.
        var (f, jac) = try g(x)
        for _ in 0..<3 {
            guard let lu = DenseLU(jac, n: x.count) else { break }
            let step = lu.solve(f)
            let candidate = zip(x, step).map { $0 - $1 }
            guard let next = try? g(candidate), norm(next.value) < norm(f) else { break }
            (x, f, jac) = (candidate, next.value, next.jacobian)
        }
        guard maxAbs(f) <= functionTolerance else {
            throw failure("no root found: max |f(x)| = \(maxAbs(f)) exceeds the function tolerance \(functionTolerance)")
        }
        return x
    }

    private func failure(_ message: String) -> LogDensityError { .domain(variable: name, message: message) }
    private func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 } }
    private func maxAbs(_ v: [Double]) -> Double { v.reduce(0) { max($0, abs($1)) } }

    /// Newton's method; each step is halved until ½‖g‖² decreases enough (Armijo with c = 1e-4).
    private func newton(_ guess: [Double], _ g: System) throws -> [Double] {
        var x = guess
        var (f, jac) = try g(x)
        for _ in 0..<maxSteps {
            if maxAbs(f) <= functionTolerance * 1e-6 { return x }
            guard let lu = DenseLU(jac, n: x.count) else { throw failure("the Jacobian is singular at the current iterate") }
            let step = lu.solve(f).map { -$0 }
            let phi0 = 0.5 * norm(f)
            var t = 1.0, accepted = false
            while t * maxAbs(step) >= stepTolerance * 1e-9 {
                let candidate = zip(x, step).map { $0 + t * $1 }
                if let next = try? g(candidate), next.value.allSatisfy(\.isFinite), 0.5 * norm(next.value) <= (1 - 2e-4 * t) * phi0 {
                    (x, f, jac) = (candidate, next.value, next.jacobian)
                    accepted = true
                    break
                }
                t *= 0.5
            }
            if !accepted { break }
        }
        return x
    }

    /// Powell's hybrid (dogleg) method with a trust region on the Gauss–Newton model of ½‖g‖².
    private func powell(_ guess: [Double], _ g: System) throws -> [Double] {
        var x = guess
        var (f, jac) = try g(x)
        let n = x.count
        var radius = max(1, norm(x).squareRoot())
        for _ in 0..<maxSteps {
            if maxAbs(f) <= functionTolerance * 1e-6 { return x }
            // Steepest descent direction d = -Jᵀ f and its Cauchy step; the Gauss-Newton step -J⁻¹ f.
            var d = [Double](repeating: 0, count: n)
            for i in 0..<n { for j in 0..<n { d[j] -= jac[i * n + j] * f[i] } }
            var jd = [Double](repeating: 0, count: n)
            for i in 0..<n { for j in 0..<n { jd[i] += jac[i * n + j] * d[j] } }
            let cauchy = norm(d) / max(norm(jd), .leastNormalMagnitude)
            let sd = d.map { $0 * cauchy }
            let gn = DenseLU(jac, n: n).map { lu in lu.solve(f).map { -$0 } }
            let step: [Double]
            if let gn, norm(gn).squareRoot() <= radius {
                step = gn
            } else if norm(sd).squareRoot() >= radius || gn == nil {
                let s = radius / max(norm(sd).squareRoot(), .leastNormalMagnitude)
                step = sd.map { $0 * min(s, 1) }
            } else {
                // The point where the segment sd → gn leaves the trust region.
                let diff = zip(gn!, sd).map { $0 - $1 }
                let a = norm(diff), b = 2 * zip(sd, diff).reduce(0) { $0 + $1.0 * $1.1 }, c = norm(sd) - radius * radius
                let tau = (-b + (b * b - 4 * a * c).squareRoot()) / (2 * a)
                step = zip(sd, diff).map { $0 + tau * $1 }
            }
            var predicted = f
            for i in 0..<n { for j in 0..<n { predicted[i] += jac[i * n + j] * step[j] } }
            let candidate = zip(x, step).map { $0 + $1 }
            let next = try? g(candidate)
            let actual = next.map { norm($0.value) }.flatMap { $0.isFinite ? $0 : nil } ?? .infinity
            let rho = (norm(f) - actual) / max(norm(f) - norm(predicted), .leastNormalMagnitude)
            let stepNorm = norm(step).squareRoot()
            if rho < 0.25 { radius = 0.25 * stepNorm } else if rho > 0.75 && stepNorm >= 0.99 * radius { radius *= 2 }
            if rho > 1e-4, let next {
                (x, f, jac) = (candidate, next.value, next.jacobian)
            }
            if radius <= stepTolerance * max(norm(x).squareRoot(), 1e-300) * 1e-3 { break }
        }
        return x
    }
}
