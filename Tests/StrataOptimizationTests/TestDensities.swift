// Hand-written log densities with known maxima, used by the L-BFGS tests.
import Foundation
import StrataCore

/// Shared plumbing: counts gradient evaluations and echoes x as the outputs.
class CountingEvaluator: LogDensityEvaluator {
    let dimension: Int
    private(set) var calls = 0
    init(dimension: Int) { self.dimension = dimension }
    func logDensityAndGradient(at x: [Double], gradient: inout [Double]) throws -> Double {
        calls += 1
        return try evaluate(x, &gradient)
    }
    func evaluate(_ x: [Double], _ gradient: inout [Double]) throws -> Double { fatalError("override") }
    func writeOutputs(at x: [Double], into outputs: inout [Double]) throws {
        for i in 0..<dimension { outputs[i] = x[i] }
    }
}

/// Negative extended Rosenbrock function: -sum_i [100 (x_{2i+1} - x_{2i}^2)^2 + (1 - x_{2i})^2],
/// maximised at x = (1, ..., 1) with log density 0.
final class Rosenbrock: CountingEvaluator {
    override func evaluate(_ x: [Double], _ g: inout [Double]) throws -> Double {
        var lp = 0.0
        for i in stride(from: 0, to: dimension, by: 2) {
            let a = x[i + 1] - x[i] * x[i], b = 1 - x[i]
            lp -= 100 * a * a + b * b
            g[i] = 400 * a * x[i] + 2 * b
            g[i + 1] = -200 * a
        }
        return lp
    }
}

/// The model wrapper for ``Rosenbrock``, to exercise the LogDensityModel -> evaluator path.
struct RosenbrockModel: LogDensityModel {
    let dimension: Int
    var outputNames: [String] { (1...dimension).map { "x.\($0)" } }
    func makeEvaluator() -> Rosenbrock { Rosenbrock(dimension: dimension) }
}

/// A Gaussian log density -1/2 (x - c)' A (x - c) + offset with A = Q diag(eigenvalues) Q',
/// Q = I - 2 v v' a Householder reflection (v a unit vector), so A is dense when v is.
final class Quadratic: CountingEvaluator {
    let center: [Double]
    let matrix: [Double]
    let offset: Double
    init(eigenvalues: [Double], reflection v: [Double], center: [Double], offset: Double = 0) {
        let n = eigenvalues.count
        let length = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let u = v.map { $0 / length }
        var q = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { q[i * n + j] = (i == j ? 1 : 0) - 2 * u[i] * u[j] } }
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n {
            var sum = 0.0
            for k in 0..<n { sum += q[i * n + k] * eigenvalues[k] * q[j * n + k] }
            a[i * n + j] = sum
        } }
        self.center = center
        matrix = a
        self.offset = offset
        super.init(dimension: n)
    }
    override func evaluate(_ x: [Double], _ g: inout [Double]) throws -> Double {
        let n = dimension
        var lp = offset
        for i in 0..<n {
            var ad = 0.0
            for j in 0..<n { ad += matrix[i * n + j] * (x[j] - center[j]) }
            g[i] = -ad
            lp -= 0.5 * (x[i] - center[i]) * ad
        }
        return lp
    }
}

/// Separable non-quadratic density -sum_i [w_i (x_i - c_i)^2 / 2 + (x_i - c_i)^4 / 4], maximised at c.
final class SeparableQuartic: CountingEvaluator {
    let weights: [Double], center: [Double]
    init(weights: [Double], center: [Double]) {
        self.weights = weights
        self.center = center
        super.init(dimension: weights.count)
    }
    override func evaluate(_ x: [Double], _ g: inout [Double]) throws -> Double {
        var lp = 0.0
        for i in 0..<dimension {
            let d = x[i] - center[i], d2 = d * d
            lp -= 0.5 * weights[i] * d2 + 0.25 * d2 * d2
            g[i] = -(weights[i] * d + d2 * d)
        }
        return lp
    }
}

/// Product of Gamma(shape_i, rate_i) kernels on x > 0, written directly on the positive axis: it
/// throws a domain error for any x_i <= 0. Mode (shape_i - 1) / rate_i.
final class PositiveGamma: CountingEvaluator {
    let shapes: [Double], rates: [Double]
    private(set) var rejections = 0
    init(shapes: [Double], rates: [Double]) {
        self.shapes = shapes
        self.rates = rates
        super.init(dimension: shapes.count)
    }
    override func evaluate(_ x: [Double], _ g: inout [Double]) throws -> Double {
        var lp = 0.0
        for i in 0..<dimension {
            guard x[i] > 0 else {
                rejections += 1
                throw LogDensityError.domain(variable: "x[\(i)]", message: "must be positive, got \(x[i])")
            }
            lp += (shapes[i] - 1) * log(x[i]) - rates[i] * x[i]
            g[i] = (shapes[i] - 1) / x[i] - rates[i]
        }
        return lp
    }
}

/// y_j ~ normal(mu, sigma) with sigma known and prior mu ~ normal(priorMean, priorSD):
/// the posterior of mu is normal, so its mode is known in closed form.
final class NormalMeanPosterior: CountingEvaluator {
    let data: [Double], sigma: Double, priorMean: Double, priorSD: Double
    init(data: [Double], sigma: Double, priorMean: Double, priorSD: Double) {
        self.data = data
        self.sigma = sigma
        self.priorMean = priorMean
        self.priorSD = priorSD
        super.init(dimension: 1)
    }
    override func evaluate(_ x: [Double], _ g: inout [Double]) throws -> Double {
        let mu = x[0]
        var lp = -0.5 * (mu - priorMean) * (mu - priorMean) / (priorSD * priorSD)
        var dlp = -(mu - priorMean) / (priorSD * priorSD)
        for y in data {
            lp -= 0.5 * (y - mu) * (y - mu) / (sigma * sigma)
            dlp += (y - mu) / (sigma * sigma)
        }
        g[0] = dlp
        return lp
    }
}

/// Normal likelihood in (mu, tau = log sigma) with flat priors: maximised at the sample mean and
/// the log of the (1/n) sample standard deviation.
final class NormalLikelihood: CountingEvaluator {
    let data: [Double]
    init(data: [Double]) {
        self.data = data
        super.init(dimension: 2)
    }
    override func evaluate(_ x: [Double], _ g: inout [Double]) throws -> Double {
        let mu = x[0], tau = x[1], inverseVariance = exp(-2 * tau)
        var squares = 0.0, sum = 0.0
        for y in data {
            squares += (y - mu) * (y - mu)
            sum += y - mu
        }
        let n = Double(data.count)
        g[0] = sum * inverseVariance
        g[1] = -n + squares * inverseVariance
        return -n * tau - 0.5 * squares * inverseVariance
    }
}

/// Throws the given error everywhere.
final class Throwing: CountingEvaluator {
    let error: LogDensityError
    init(dimension: Int, error: LogDensityError) {
        self.error = error
        super.init(dimension: dimension)
    }
    override func evaluate(_ x: [Double], _ g: inout [Double]) throws -> Double { throw error }
}

