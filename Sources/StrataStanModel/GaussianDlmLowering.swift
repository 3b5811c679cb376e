// Lowers gaussian_dlm_obs: the log likelihood of a Gaussian dynamic linear model by the Kalman filter, on graph nodes.
import StrataAutodiff
import StrataStanFrontEnd
#if canImport(Glibc)
import Glibc
#endif

extension Lowerer {
    /// `y ~ gaussian_dlm_obs(F, G, V, W, m0, C0)` for y (r × T): y_t ~ N(Fᵀθ_t, V), θ_t ~ N(G θ_{t−1}, W),
    /// θ_0 ~ N(m0, C0); V an r × r covariance or a vector of its diagonal. The Kalman filter's one-step predictions
    /// a = G m, R = G C Gᵀ + W, f = Fᵀa, Q = Fᵀ R F + V give log p(y_t | y_{1..t−1}) = −½(r log 2π + log|Q| + eᵀQ⁻¹e)
    /// for e = y_t − f (through Q = L Lᵀ: log|Q| = 2 Σ log L_ii, eᵀQ⁻¹e = |L⁻¹e|²), then m = a + A e and
    /// C = R − A Q Aᵀ with the gain A = R F Q⁻¹. Every step is a graph node, so gradients are exact in all arguments.
    func gaussianDlmLogDensity(variate: SExpr, _ argExprs: [SExpr], propto: Bool, _ range: SourceRange) throws -> Value {
        guard argExprs.count == 6 else { throw LoweringError.invalid("gaussian_dlm_obs takes 6 arguments", range) }
        let y = try lower(variate), args = try argExprs.map(lower)
        if ([y] + args).contains(where: { $0.varying || $0.laneSummed }) { throw VectorizationFallback() }
        if propto && ([y] + args).allSatisfy(\.isConstant) { return realValue(0) }
        let f = args[0], g = args[1], m0 = args[4], c0 = args[5]
        let (n, r) = shape2(f), steps = y.dims.count == 2 ? y.dims[1] : 0
        func fail(_ what: String) -> LoweringError { LoweringError.invalid("gaussian_dlm_obs: \(what)", range) }
        guard y.dims.count == 2, y.dims[0] == r else { throw fail("y is \(y.dims), but F is \(n) × \(r), so y must have \(r) rows") }
        guard shape2(g) == (n, n) else { throw fail("G must be \(n) × \(n), got \(g.dims)") }
        guard shape2(args[3]) == (n, n) else { throw fail("W must be \(n) × \(n), got \(args[3].dims)") }
        guard m0.count == n, shape2(c0) == (n, n) else { throw fail("m0 must have \(n) elements and C0 be \(n) × \(n)") }
        let v: Value
        if args[2].dims.count == 1 {
            guard args[2].count == r else { throw fail("V has \(args[2].count) elements for \(r) observed series") }
            v = try builtin("diag_matrix", [args[2]], type: .matrix, range)
        } else {
            guard shape2(args[2]) == (r, r) else { throw fail("V must be \(r) × \(r), got \(args[2].dims)") }
            v = args[2]
        }
        let before = graph.buildErrors.count
        func product(_ a: Value, _ b: Value, _ type: StanType) throws -> Value { try binary(.multiply, a, b, type: type, range) }
        func transposed(_ a: Value) -> Value { transposeMatrix(a, type: .matrix) }
        let ft = transposed(f), gt = transposed(g), w = args[3]
        var m = m0, c = c0
        var terms: [GExpr] = []
        for t in 0..<steps {
            let a = try product(g, m, .vector)
            let rCov = try binary(.add, try product(try product(g, c, .matrix), gt, .matrix), w, type: .matrix, range)
            let forecast = try product(ft, a, .vector)
            let q = try binary(.add, try product(try product(ft, rCov, .matrix), f, .matrix), v, type: .matrix, range)
            let column = Value(expr: graph.viewOrGather(y.expr, (0..<r).map { $0 * steps + t }), type: .vector, dims: [r])
            let e = try binary(.subtract, column, forecast, type: .vector, range)
            let l = graph.choleskyDecompose(q.expr, n: r)
            let lInverse = Value(expr: graph.inverse(l, n: r, name: "gaussian_dlm_obs"), type: .matrix, dims: [r, r])
            let whitened = try product(lInverse, e, .vector)
            let logDeterminant = 2.0 * graph.sum(graph.apply(.log, graph.viewOrGather(l, (0..<r).map { $0 * r + $0 })))
            terms.append(-0.5 * (logDeterminant + graph.sum(graph.apply(.square, whitened.expr))))
            let qInverse = try product(transposed(lInverse), lInverse, .matrix)
            let gain = try product(try product(rCov, f, .matrix), qInverse, .matrix)
            m = try binary(.add, a, try product(gain, e, .vector), type: .vector, range)
            let correction = try product(try product(gain, q, .matrix), transposed(gain), .matrix)
            c = try binary(.subtract, rCov, correction, type: .matrix, range)
        }
        try checkGraph(since: before, range)
        if !propto { terms.append(scalarConstant(-0.5 * Double(r * steps) * log(2 * Double.pi))) }
        return Value(expr: terms.isEmpty ? scalarConstant(0) : graph.addScalars(terms), type: .real, dims: [])
    }
}
