// A user log likelihood for the Laplace approximation: exact value and gradient, higher derivatives by differencing them.
import Foundation
import StrataCore

/// f(θ, η) recorded from a user function (θ its leading vector, η its parameter-dependent other arguments).
///
/// The value and the gradient over (θ, η) are exact (one forward and one reverse sweep of the recorded graph). The
/// graph has no second-order mode, so the Hessian blocks, and the derivatives of the Hessian the gradient of the
/// approximation needs (third derivatives of f), are central differences of the exact gradient along a few directions:
/// fourth-order stencils (first derivatives of the gradient with step ε^{1/5}, second with ε^{1/6}, relative to the
/// direction's size), accurate to about 1e-9 relative for smooth likelihoods. The blocks are read with one direction
/// per position in a block (position c of every block at once), as Stan reads them.
struct RecordedLikelihood: LaplaceLikelihood {
    let evaluation: RecordedFunction.Evaluation
    let eta: [Double]
    let latentCount: Int
    let name: String
    var argumentCount: Int { eta.count }

    init(_ function: RecordedFunction, eta: [Double], name: String) {
        evaluation = RecordedFunction.Evaluation(function)
        self.eta = eta
        latentCount = function.leading
        self.name = name
    }

    func value(_ theta: [Double]) throws -> Double {
        let v = try evaluation.value(theta + eta)[0]
        guard v.isFinite else { throw LogDensityError.nonFinite("\(name): the log likelihood is not finite") }
        return v
    }

    func gradient(_ theta: [Double]) throws -> [Double] {
        try evaluation.jacobian(theta + eta, name: name).rows
    }

    private func gradient(_ theta: [Double], plus h: Double, along v: [Double]) throws -> [Double] {
        try gradient(zip(theta, v).map { $0 + h * $1 })
    }

    /// d/dh ∇f(θ + h v) at h = 0 (five-point stencil).
    private func firstDifference(_ theta: [Double], _ v: [Double]) throws -> [Double] {
        let scale = max(v.map(abs).max() ?? 0, 1e-300)
        let h = pow(Double.ulpOfOne, 0.2) * max(1, theta.map(abs).max() ?? 0) / scale
        let p2 = try gradient(theta, plus: 2 * h, along: v), p1 = try gradient(theta, plus: h, along: v)
        let m1 = try gradient(theta, plus: -h, along: v), m2 = try gradient(theta, plus: -2 * h, along: v)
        return (0..<p1.count).map { (-p2[$0] + 8 * p1[$0] - 8 * m1[$0] + m2[$0]) / (12 * h) }
    }

    /// d²/dh² ∇f(θ + h v) at h = 0 (five-point stencil).
    private func secondDifference(_ theta: [Double], _ v: [Double], centre: [Double]) throws -> [Double] {
        let scale = max(v.map(abs).max() ?? 0, 1e-300)
        let h = pow(Double.ulpOfOne, 1.0 / 6) * max(1, theta.map(abs).max() ?? 0) / scale
        let p2 = try gradient(theta, plus: 2 * h, along: v), p1 = try gradient(theta, plus: h, along: v)
        let m1 = try gradient(theta, plus: -h, along: v), m2 = try gradient(theta, plus: -2 * h, along: v)
        return (0..<p1.count).map { (-p2[$0] + 16 * p1[$0] - 30 * centre[$0] + 16 * m1[$0] - m2[$0]) / (12 * h * h) }
    }

    func negativeHessian(_ theta: [Double], blockSize: Int) throws -> [Double] {
        let n = latentCount, b = blockSize
        var w = [Double](repeating: 0, count: n * n)
        for c in 0..<min(b, n) {
            let v = (0..<n).map { $0 % b == c ? 1.0 : 0.0 }
            let column = try firstDifference(theta, v)
            for i in 0..<n {
                let j = (i / b) * b + c
                if j < n { w[i * n + j] = -column[i] }
            }
        }
        for i in 0..<n {                                   // symmetric within each block
            for j in (i + 1)..<max(n, i + 1) where i / b == j / b {
                let s = 0.5 * (w[i * n + j] + w[j * n + i]); w[i * n + j] = s; w[j * n + i] = s
            }
        }
        return w
    }

    func halfTraceGradient(_ theta: [Double], _ c: [Double], blockSize: Int) throws -> [Double] {
        let n = latentCount, b = blockSize
        // C_b = L Lᵀ per block; direction k holds column k of every block's factor, so that
        // Σ_k v_kᵀ H v_k = Σ_b tr(C_b H_b) when H is block diagonal.
        var directions = [[Double]](repeating: [Double](repeating: 0, count: n), count: min(b, n))
        var start = 0
        while start < n {
            let size = min(b, n - start)
            var block = [Double](repeating: 0, count: size * size)
            for i in 0..<size { for j in 0..<size { block[i * size + j] = c[(start + i) * n + start + j] } }
            guard let l = LaplaceAlgebra.cholesky(block, size) else {
                throw LogDensityError.domain(variable: name, message: "the approximate posterior covariance is not positive definite")
            }
            for k in 0..<size { for i in 0..<size { directions[k][start + i] = l[i * size + k] } }
            start += size
        }
        let centre = try gradient(theta)
        var total = [Double](repeating: 0, count: n + eta.count)
        for v in directions where v.contains(where: { $0 != 0 }) {
            let d = try secondDifference(theta, v, centre: centre)
            for i in 0..<total.count { total[i] += 0.5 * d[i] }
        }
        return total
    }

    func directionalGradient(_ theta: [Double], _ r: [Double]) throws -> [Double] {
        guard r.contains(where: { $0 != 0 }) else { return [Double](repeating: 0, count: latentCount + eta.count) }
        return try firstDifference(theta, r)
    }
}
