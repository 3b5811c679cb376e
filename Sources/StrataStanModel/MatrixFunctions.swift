// Lowers matrix-building functions: cholesky_decompose, the Gaussian-process covariances, diag_matrix, identity_matrix.
import StrataAutodiff
import StrataStanFrontEnd

extension Lowerer {
    /// Matrix functions; nil when `name` is not one of them.
    func matrixCall(_ name: String, _ args: [Value], type: StanType, _ range: SourceRange) throws -> Value? {
        if let k = try gaussianProcessCall(name, args, type: type, range) { return k }
        switch (name, args.count) {
        case ("cholesky_decompose", 1):
            let a = args[0]
            guard a.dims.count == 2, a.dims[0] == a.dims[1] else {
                throw LoweringError.invalid("cholesky_decompose needs a square matrix, got sizes \(a.dims)", range)
            }
            return Value(expr: graph.choleskyDecompose(a.expr, n: a.dims[0]), type: type, dims: a.dims)
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
