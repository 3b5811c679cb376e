// Lowers the thin QR decomposition and the singular values of a matrix, composed from graph operations (modified
// Gram–Schmidt; the eigenvalues of AᵀA), so that parameter-dependent matrices get exact reverse-mode gradients.
import StrataAutodiff
import StrataStanFrontEnd

extension Lowerer {
    /// qr_thin_Q, qr_thin_R and singular_values; nil when `name` is not one of them.
    func decompositionCall(_ name: String, _ args: [Value], type: StanType, _ range: SourceRange) throws -> Value? {
        switch (name, args.count) {
        case ("qr_thin_Q", 1), ("qr_thin_R", 1):
            let (m, n) = shape2(args[0])
            guard m > 0, n > 0 else { throw LoweringError.invalid("\(name) needs a non-empty matrix, got \(m)x\(n)", range) }
            let (q, r) = thinQR(args[0].expr, m: m, n: n)
            return name == "qr_thin_Q" ? Value(expr: q, type: type, dims: [m, min(m, n)]) : Value(expr: r, type: type, dims: [min(m, n), n])
        case ("singular_values", 1):
            // The square roots of the eigenvalues of AᵀA (or AAᵀ, the smaller), largest first as Stan returns them.
            let a = Value(expr: args[0].expr, type: .matrix, dims: [shape2(args[0]).0, shape2(args[0]).1])
            let (m, n) = (a.dims[0], a.dims[1]), k = min(m, n)
            if k == 0 { return Value(expr: graph.constant([]), type: type, dims: [0]) }
            let t = transposeMatrix(a, type: .matrix)
            let gram = m >= n ? try matrixProduct(t, a, type: .matrix, range) : try matrixProduct(a, t, type: .matrix, range)
            let values = graph.symmetricEigen(gram.expr, n: k).values
            let descending = graph.viewOrGather(values, (0..<k).reversed().map { $0 })
            return Value(expr: graph.apply(.sqrt, descending), type: type, dims: [k])
        default:
            return nil
        }
    }

    /// Q (m×k, orthonormal columns) and R (k×n, upper triangular with a non-negative diagonal, Stan's sign convention)
    /// with A = Q R, k = min(m, n), both row-major, by modified Gram–Schmidt on A's columns.
    private func thinQR(_ a: GExpr, m: Int, n: Int) -> (GExpr, GExpr) {
        let k = min(m, n)
        let columns = (0..<n).map { j in graph.viewOrGather(a, (0..<m).map { $0 * n + j }) }
        var q: [GExpr] = []
        var r = [[GExpr?]](repeating: [GExpr?](repeating: nil, count: n), count: k)
        for j in 0..<n {
            var v = columns[j]
            for i in 0..<min(j, k) {
                let rij = graph.dot(q[i], v)
                r[i][j] = rij
                v = v - rij * q[i]
            }
            if j < k {
                let norm = graph.apply(.sqrt, graph.dot(v, v))
                r[j][j] = norm
                q.append(v / norm)
            }
        }
        let stacked = q.count == 1 ? q[0] : graph.concat(q)  // column-major m×k
        let qRowMajor = graph.viewOrGather(stacked, (0..<(m * k)).map { ($0 % k) * m + $0 / k })
        let zero = scalarConstant(0)
        let rRowMajor = graph.concat(r.flatMap { row in row.map { $0 ?? zero } })
        return (qRowMajor, rRowMajor)
    }
}
