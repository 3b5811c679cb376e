// Lowers matrix-building functions: cholesky_decompose, gp_exp_quad_cov (cov_exp_quad), diag_matrix, identity_matrix.
import StrataAutodiff
import StrataStanFrontEnd

extension Lowerer {
    /// Matrix functions; nil when `name` is not one of them.
    func matrixCall(_ name: String, _ args: [Value], type: StanType, _ range: SourceRange) throws -> Value? {
        switch (name, args.count) {
        case ("cholesky_decompose", 1):
            let a = args[0]
            guard a.dims.count == 2, a.dims[0] == a.dims[1] else {
                throw LoweringError.invalid("cholesky_decompose needs a square matrix, got sizes \(a.dims)", range)
            }
            return Value(expr: graph.choleskyDecompose(a.expr, n: a.dims[0]), type: type, dims: a.dims)
        case ("gp_exp_quad_cov", 3), ("cov_exp_quad", 3):
            let x = args[0], alpha = args[1], rho = args[2]
            guard let xs = x.constantValues, x.dims.count == 1 else {
                throw LoweringError.unsupported("\(name) of parameter-dependent or vector-valued points", range)
            }
            guard alpha.isScalar, rho.isScalar else {
                throw LoweringError.unsupported("\(name) with non-scalar alpha or rho", range)
            }
            let n = xs.count
            var d2 = [Double](repeating: 0, count: n * n)
            for i in 0..<n { for j in 0..<n { d2[i * n + j] = (xs[i] - xs[j]) * (xs[i] - xs[j]) } }
            // alpha^2 exp(-d^2 / (2 rho^2))
            let scale = -0.5 / graph.apply(.square, rho.expr)
            let k = graph.apply(.square, alpha.expr) * graph.apply(.exp, graph.constant(d2) * scale)
            return Value(expr: k, type: type, dims: [n, n])
        case ("diag_matrix", 1):
            let v = args[0], n = v.count
            if let c = v.constantValues {
                var m = [Double](repeating: 0, count: n * n)
                for i in 0..<n { m[i * n + i] = c[i] }
                return constantValue(m, type: type, dims: [n, n])
            }
            let padded = graph.concat([v.expr, scalarConstant(0)])
            var index = [Int](repeating: n, count: n * n)
            for i in 0..<n { index[i * n + i] = i }
            return Value(expr: graph.gather(padded, index: index), type: type, dims: [n, n])
        case ("identity_matrix", 1):
            let n = try intOf(args[0], range)
            guard n >= 0 else { throw LoweringError.invalid("identity_matrix size must be >= 0", range) }
            var m = [Double](repeating: 0, count: n * n)
            for i in 0..<n { m[i * n + i] = 1 }
            return constantValue(m, type: type, dims: [n, n])
        default:
            return try containerCall(name, args, type: type, range)
        }
    }
}
