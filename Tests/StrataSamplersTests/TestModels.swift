// Hand-written log densities used by the sampler tests (Gaussians, a truncated wall, failing models).
import Foundation
import StrataCore
import StrataSamplers

/// Independent normal N(0, diag(scales²)).
struct IndependentNormalModel: LogDensityModel {
    let scales: [Double]
    var dimension: Int { scales.count }
    var outputNames: [String] { (1...scales.count).map { "x.\($0)" } }
    func makeEvaluator() -> Evaluator { Evaluator(precision: scales.map { 1 / ($0 * $0) }) }

    final class Evaluator: LogDensityEvaluator {
        let precision: [Double]
        init(precision: [Double]) { self.precision = precision }
        var dimension: Int { precision.count }
        func logDensityAndGradient(at x: [Double], gradient: inout [Double]) throws -> Double {
            var lp = 0.0
            for i in 0..<x.count {
                gradient[i] = -precision[i] * x[i]
                lp -= 0.5 * precision[i] * x[i] * x[i]
            }
            return lp
        }
        func writeOutputs(at x: [Double], into outputs: inout [Double]) throws {
            for i in 0..<x.count { outputs[i] = x[i] }
        }
    }
}

/// Zero-mean Gaussian with covariance D R D, R_ij = rho^|i-j| (AR(1)); the precision is tridiagonal.
struct AR1GaussianModel: LogDensityModel {
    let scales: [Double]
    let rho: Double
    var dimension: Int { scales.count }
    var outputNames: [String] { (1...scales.count).map { "x.\($0)" } }
    func makeEvaluator() -> Evaluator { Evaluator(scales: scales, rho: rho) }

    final class Evaluator: LogDensityEvaluator {
        let scales: [Double], rho: Double
        var y: [Double]
        init(scales: [Double], rho: Double) { self.scales = scales; self.rho = rho; y = scales.map { _ in 0 } }
        var dimension: Int { scales.count }
        func logDensityAndGradient(at x: [Double], gradient: inout [Double]) throws -> Double {
            let n = x.count, c = 1 / (1 - rho * rho)
            for i in 0..<n { y[i] = x[i] / scales[i] }
            var lp = 0.0
            for i in 0..<n {
                let diagonal = (i == 0 || i == n - 1) ? 1 : 1 + rho * rho
                var r = diagonal * y[i]
                if i > 0 { r -= rho * y[i - 1] }
                if i < n - 1 { r -= rho * y[i + 1] }
                r *= c
                lp -= 0.5 * y[i] * r
                gradient[i] = -r / scales[i]
            }
            return lp
        }
        func writeOutputs(at x: [Double], into outputs: inout [Double]) throws {
            for i in 0..<x.count { outputs[i] = x[i] }
        }
    }
}

/// Standard normal in `dimension` coordinates restricted to x[0] <= 1: beyond the wall it either
/// throws a domain error or returns exp(1e3) = +inf, depending on `overflow`.
struct WalledNormalModel: LogDensityModel {
    let dimension: Int
    let overflow: Bool
    var outputNames: [String] { (1...dimension).map { "x.\($0)" } }
    func makeEvaluator() -> Evaluator { Evaluator(dimension: dimension, overflow: overflow) }

    final class Evaluator: LogDensityEvaluator {
        let dimension: Int, overflow: Bool
        init(dimension: Int, overflow: Bool) { self.dimension = dimension; self.overflow = overflow }
        func logDensityAndGradient(at x: [Double], gradient: inout [Double]) throws -> Double {
            if x[0] > 1 {
                if overflow {
                    for i in 0..<x.count { gradient[i] = 0 }
                    return exp(1e3)
                }
                throw LogDensityError.domain(variable: "x", message: "x[1] must be <= 1")
            }
            var lp = 0.0
            for i in 0..<x.count { gradient[i] = -x[i]; lp -= 0.5 * x[i] * x[i] }
            return lp
        }
        func writeOutputs(at x: [Double], into outputs: inout [Double]) throws {
            for i in 0..<x.count { outputs[i] = x[i] }
        }
    }
}

/// A model whose density is never finite (always throws a domain error), or fatally invalid.
struct BrokenModel: LogDensityModel {
    let fatal: Bool
    var dimension: Int { 2 }
    var outputNames: [String] { ["a", "b"] }
    func makeEvaluator() -> Evaluator { Evaluator(fatal: fatal) }

    final class Evaluator: LogDensityEvaluator {
        let fatal: Bool
        init(fatal: Bool) { self.fatal = fatal }
        var dimension: Int { 2 }
        func logDensityAndGradient(at x: [Double], gradient: inout [Double]) throws -> Double {
            if fatal { throw LogDensityError.invalidModel("data size mismatch for y") }
            throw LogDensityError.domain(variable: "sigma", message: "must be positive")
        }
        func writeOutputs(at x: [Double], into outputs: inout [Double]) throws {}
    }
}

/// Zero-mean Gaussian with covariance `D (I + V (diag(lambda) - I) Vᵀ) D`, V orthonormal (d x k):
/// per-coordinate scales D plus a known low-rank correlation. The precision is
/// `D⁻¹ (I + V (diag(1/lambda) - I) Vᵀ) D⁻¹`.
struct LowRankGaussianModel: LogDensityModel {
    let scales: [Double]
    /// Orthonormal directions, `directions[j]` has `scales.count` entries.
    let directions: [[Double]]
    let lambdas: [Double]
    var dimension: Int { scales.count }
    var outputNames: [String] { (1...scales.count).map { "x.\($0)" } }
    func makeEvaluator() -> Evaluator { Evaluator(model: self) }

    /// d coordinates with scales 10^(-1..1) and k orthonormal directions built from cosines (Gram-Schmidt).
    static func make(dimension d: Int, lambdas: [Double]) -> LowRankGaussianModel {
        var directions: [[Double]] = []
        for j in 0..<lambdas.count {
            var v = (0..<d).map { cos(Double(($0 + 1) * (j + 1)) * 0.7 + Double(j)) }
            for u in directions {
                let p = zip(u, v).reduce(0) { $0 + $1.0 * $1.1 }
                for i in 0..<d { v[i] -= p * u[i] }
            }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            directions.append(v.map { $0 / norm })
        }
        let scales = (0..<d).map { pow(10, -1 + 2 * Double($0) / Double(max(d - 1, 1))) }
        return LowRankGaussianModel(scales: scales, directions: directions, lambdas: lambdas)
    }

    /// The exact covariance entry (i, l).
    func covariance(_ i: Int, _ l: Int) -> Double {
        var c = i == l ? 1.0 : 0.0
        for (v, lambda) in zip(directions, lambdas) { c += (lambda - 1) * v[i] * v[l] }
        return c * scales[i] * scales[l]
    }

    final class Evaluator: LogDensityEvaluator {
        let model: LowRankGaussianModel
        var y: [Double]
        init(model: LowRankGaussianModel) { self.model = model; y = model.scales.map { _ in 0 } }
        var dimension: Int { model.dimension }
        func logDensityAndGradient(at x: [Double], gradient: inout [Double]) throws -> Double {
            let d = x.count
            for i in 0..<d { y[i] = x[i] / model.scales[i] }
            // r = (I + V (1/lambda - 1) Vᵀ) y
            var r = y
            for (v, lambda) in zip(model.directions, model.lambdas) {
                let p = zip(v, y).reduce(0) { $0 + $1.0 * $1.1 } * (1 / lambda - 1)
                for i in 0..<d { r[i] += p * v[i] }
            }
            var lp = 0.0
            for i in 0..<d {
                lp -= 0.5 * y[i] * r[i]
                gradient[i] = -r[i] / model.scales[i]
            }
            return lp
        }
        func writeOutputs(at x: [Double], into outputs: inout [Double]) throws {
            for i in 0..<x.count { outputs[i] = x[i] }
        }
    }
}
