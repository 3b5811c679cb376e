// Lowers Stan's Gaussian-process covariance functions (gp_exp_quad_cov, gp_matern32/52_cov, gp_exponential_cov,
// gp_periodic_cov, gp_dot_prod_cov, and the old cov_exp_quad) for one or two sets of points.
import Foundation
import StrataAutodiff
import StrataStanFrontEnd

/// The covariance kernels, with the number of hyperparameters after the points.
enum GaussianProcessKernel: String {
    case expQuad = "gp_exp_quad_cov", matern32 = "gp_matern32_cov", matern52 = "gp_matern52_cov"
    case exponential = "gp_exponential_cov", periodic = "gp_periodic_cov", dotProduct = "gp_dot_prod_cov"

    init?(functionName name: String) {
        self.init(rawValue: name == "cov_exp_quad" ? "gp_exp_quad_cov" : name)
    }

    /// sigma, length scale, (period): the arguments after the points.
    var hyperparameterCount: Int {
        switch self {
        case .dotProduct: return 1
        case .periodic: return 3
        default: return 2
        }
    }
}

/// Points of a covariance function: `n` points of dimension `d`, row-major, as a lowered value.
private struct KernelPoints {
    let value: Value
    let n: Int, d: Int

    init(_ v: Value) {
        value = v
        n = v.dims.first ?? 0
        d = v.dims.count == 2 ? v.dims[1] : 1
    }
}

extension Lowerer {
    /// A Gaussian-process covariance matrix; nil when `name` is not a covariance function. Points given as data
    /// become distance tables once; points that depend on parameters are differenced on the graph.
    func gaussianProcessCall(_ name: String, _ args: [Value], type: StanType, _ range: SourceRange) throws -> Value? {
        guard let kernel = GaussianProcessKernel(functionName: name) else { return nil }
        let pointSets = args.count - kernel.hyperparameterCount
        guard pointSets == 1 || pointSets == 2 else { return nil }
        let x1 = KernelPoints(args[0]), x2 = KernelPoints(args[pointSets - 1])
        guard x1.d == x2.d else {
            throw LoweringError.invalid("\(name): points of dimension \(x1.d) and \(x2.d)", range)
        }
        if args.contains(where: { $0.varying || $0.laneSummed }) { throw VectorizationFallback() }
        let hyper = Array(args[pointSets...])
        guard hyper[0].isScalar else { throw LoweringError.invalid("\(name): sigma must be a real", range) }
        let sigmaSquared = graph.apply(.square, hyper[0].expr)
        let dims = [x1.n, x2.n], count = x1.n * x2.n
        if count == 0 { return constantValue([], type: type, dims: dims) }
        let allPairs = (0..<count).map { ($0 / x2.n, $0 % x2.n) }

        if kernel == .dotProduct {
            // σ² + x_iᵀ x_j
            let dots = pairwiseSum(x1, x2, allPairs) { a, b, _ in a * b }
            return Value(expr: dots + sigmaSquared, type: type, dims: dims)
        }
        let lengthScale = hyper[1]
        let ard = !lengthScale.isScalar
        if ard && lengthScale.count != x1.d {
            throw LoweringError.invalid("\(name): \(lengthScale.count) length scales for points of dimension \(x1.d)", range)
        }
        let inverseSquares = graph.apply(.inverse, graph.apply(.square, lengthScale.expr))
        if kernel == .expQuad {
            // σ² exp(−r²/2), r² = Σ_d (x_id − x_jd)² / l_d²: no square root, so every pair is computed.
            let r2 = scaledSquaredDistances(x1, x2, allPairs, inverseSquares: inverseSquares, ard: ard)
            return Value(expr: sigmaSquared * graph.apply(.exp, r2 * scalarConstant(-0.5)), type: type, dims: dims)
        }
        // The other kernels take a square root of the distance, whose derivative is infinite at 0; at distance 0
        // they all equal σ², so coinciding points (known for data, the diagonal for one set of parameter points)
        // take σ² and the square root only sees the other pairs.
        let constant = x1.value.constantValues != nil && x2.value.constantValues != nil
        let pairs: [(Int, Int)]
        if constant {
            let total = constantSquaredDistances(x1, x2)
            pairs = allPairs.enumerated().filter { total[$0.offset] > 0 }.map(\.element)
        } else {
            pairs = pointSets == 1 ? allPairs.filter { $0.0 != $0.1 } : allPairs
        }
        var values: GExpr?
        if !pairs.isEmpty {
            let shape: GExpr
            switch kernel {
            case .periodic:
                // σ² exp(−2 sin²(π d / p) / l²), d the Euclidean distance.
                let d = graph.apply(.sqrt, scaledSquaredDistances(x1, x2, pairs, inverseSquares: nil, ard: false))
                let angle = d * (graph.apply(.inverse, hyper[2].expr) * scalarConstant(Double.pi))
                shape = graph.apply(.exp, graph.apply(.square, graph.apply(.sin, angle)) * (inverseSquares * scalarConstant(-2)))
            case .exponential:
                let r = graph.apply(.sqrt, scaledSquaredDistances(x1, x2, pairs, inverseSquares: inverseSquares, ard: ard))
                shape = graph.apply(.exp, graph.apply(.negate, r))
            case .matern32:
                let r = graph.apply(.sqrt, scaledSquaredDistances(x1, x2, pairs, inverseSquares: inverseSquares, ard: ard))
                let s = r * scalarConstant(3.0.squareRoot())
                shape = (s + scalarConstant(1)) * graph.apply(.exp, graph.apply(.negate, s))
            default:
                let r = graph.apply(.sqrt, scaledSquaredDistances(x1, x2, pairs, inverseSquares: inverseSquares, ard: ard))
                let s = r * scalarConstant(5.0.squareRoot())
                let poly = s + scalarConstant(1) + graph.apply(.square, s) * scalarConstant(1.0 / 3.0)
                shape = poly * graph.apply(.exp, graph.apply(.negate, s))
            }
            values = sigmaSquared * shape
        }
        if pairs.count == count { return Value(expr: values!, type: type, dims: dims) }
        // Entries in order: the computed pairs, then σ² for every coinciding pair.
        var slot = [Int](repeating: pairs.count, count: count)
        for (k, p) in pairs.enumerated() { slot[p.0 * x2.n + p.1] = k }
        let pool = values.map { graph.concat([$0, sigmaSquared]) } ?? sigmaSquared
        return Value(expr: graph.gather(pool, index: slot), type: type, dims: dims)
    }

    /// Σ_d f(x1_id, x2_jd, d) for each pair (i, j).
    private func pairwiseSum(_ x1: KernelPoints, _ x2: KernelPoints, _ pairs: [(Int, Int)],
                             _ f: (GExpr, GExpr, Int) -> GExpr) -> GExpr {
        var total: GExpr?
        for d in 0..<x1.d {
            let left = graph.viewOrGather(x1.value.expr, pairs.map { $0.0 * x1.d + d })
            let right = graph.viewOrGather(x2.value.expr, pairs.map { $0.1 * x2.d + d })
            let term = f(left, right, d)
            total = total.map { $0 + term } ?? term
        }
        return total!
    }

    /// Σ_d (x1_id − x2_jd)² / l_d² for each pair; `inverseSquares` holds 1/l² (one, or one per dimension when
    /// `ard`), nil for the unscaled distance.
    private func scaledSquaredDistances(_ x1: KernelPoints, _ x2: KernelPoints, _ pairs: [(Int, Int)],
                                        inverseSquares: GExpr?, ard: Bool) -> GExpr {
        func scale(_ term: GExpr, _ d: Int) -> GExpr {
            guard let inverseSquares, ard else { return term }
            return term * graph.viewOrGather(inverseSquares, [d])
        }
        let total: GExpr
        if let a = x1.value.constantValues, let b = x2.value.constantValues {
            if ard {
                var sum: GExpr?
                for d in 0..<x1.d {
                    let squares = pairs.map { p -> Double in let t = a[p.0 * x1.d + d] - b[p.1 * x2.d + d]; return t * t }
                    let term = scale(graph.constant(squares), d)
                    sum = sum.map { $0 + term } ?? term
                }
                total = sum!
            } else {
                total = graph.constant(pairs.map { p in
                    (0..<x1.d).reduce(0.0) { s, d in let t = a[p.0 * x1.d + d] - b[p.1 * x2.d + d]; return s + t * t }
                })
            }
        } else {
            total = pairwiseSum(x1, x2, pairs) { l, r, d in scale(graph.apply(.square, l - r), d) }
        }
        if let inverseSquares, !ard { return total * inverseSquares }
        return total
    }

    /// ‖x1_i − x2_j‖² for constant points, row-major over all pairs.
    private func constantSquaredDistances(_ x1: KernelPoints, _ x2: KernelPoints) -> [Double] {
        let a = x1.value.constantValues!, b = x2.value.constantValues!
        return (0..<x1.n).flatMap { i in
            (0..<x2.n).map { j in (0..<x1.d).reduce(0.0) { s, d in let t = a[i * x1.d + d] - b[j * x2.d + d]; return s + t * t } }
        }
    }
}
