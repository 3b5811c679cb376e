// Lowers Stan's matrix exponential and powers, the generalized inverse, and the compressed-sparse-row (CSR) functions.
import StrataAutodiff
import StrataStanFrontEnd

extension Lowerer {
    /// Matrix exponentials, powers, generalized inverse and CSR functions; nil when `name` is not one of them.
    func matrixPowerCall(_ name: String, _ args: [Value], type: StanType, _ range: SourceRange) throws -> Value? {
        switch (name, args.count) {
        case ("matrix_exp", 1):
            let n = try squareSize(args[0], name, range)
            return Value(expr: graph.matrixExp(args[0].expr, n: n), type: type, dims: [n, n])
        case ("matrix_exp_multiply", 2):
            let n = try squareSize(args[0], name, range)
            let e = Value(expr: graph.matrixExp(args[0].expr, n: n), type: .matrix, dims: [n, n])
            return try matrixProduct(e, args[1], type: type, range)
        case ("scale_matrix_exp_multiply", 3):
            let n = try squareSize(args[1], name, range)
            let e = Value(expr: graph.matrixExp(args[0].expr * args[1].expr, n: n), type: .matrix, dims: [n, n])
            return try matrixProduct(e, args[2], type: type, range)
        case ("matrix_power", 2):
            let n = try squareSize(args[0], name, range), k = try intOf(args[1], range)
            guard k >= 0 else { throw LoweringError.invalid("matrix_power: the power must be >= 0, got \(k)", range) }
            return try power(args[0], k, n: n, type: type, range)
        case ("generalized_inverse", 1):
            // The Moore–Penrose inverse of a full-rank matrix, as Stan computes it.
            let g = args[0], (r, c) = shape2(g)
            let gm = Value(expr: g.expr, type: .matrix, dims: [r, c]), t = transposeMatrix(gm, type: .matrix)
            if r == c { return Value(expr: graph.inverse(g.expr, n: r, name: name), type: type, dims: [r, r]) }
            if r < c {
                let ggt = try matrixProduct(gm, t, type: .matrix, range)
                return try matrixProduct(t, Value(expr: graph.inverse(ggt.expr, n: r, name: name), type: .matrix, dims: [r, r]), type: type, range)
            }
            let gtg = try matrixProduct(t, gm, type: .matrix, range)
            return try matrixProduct(Value(expr: graph.inverse(gtg.expr, n: c, name: name), type: .matrix, dims: [c, c]), t, type: type, range)
        case ("csr_matrix_times_vector", 6), ("csr_to_dense_matrix", 5):
            let m = try intOf(args[0], range), n = try intOf(args[1], range), w = args[2]
            let (columns, starts) = try csrStructure(m: m, n: n, w: w, v: args[3], u: args[4], name, range)
            if name == "csr_to_dense_matrix" {
                var index = [Int](repeating: w.count, count: m * n)
                for i in 0..<m { for k in starts[i]..<starts[i + 1] { index[i * n + columns[k]] = k } }
                let padded = graph.concat([w.expr, scalarConstant(0)])
                return Value(expr: graph.gather(padded, index: index), type: type, dims: [m, n])
            }
            let b = args[5]
            guard b.count == n else { throw LoweringError.invalid("\(name): the vector has \(b.count) elements, the matrix \(n) columns", range) }
            let products = w.count == 0 ? w.expr : w.expr * graph.viewOrGather(b.expr, columns)
            let rows = (0..<m).map { i in starts[i] == starts[i + 1] ? scalarConstant(0) : graph.sum(products[starts[i]..<starts[i + 1]]) }
            return Value(expr: rows.count == 1 ? rows[0] : graph.concat(rows), type: type, dims: [m])
        case ("csr_extract_w", 1), ("csr_extract_v", 1), ("csr_extract_u", 1):
            // The non-zero structure of a matrix: read from its values, so only of data (Stan reads it from the values too).
            guard let values = args[0].constantValues else {
                throw LoweringError.needsPlainNumbers("\(name) of a parameter-dependent matrix (its size depends on the values)", range)
            }
            let (r, c) = shape2(args[0])
            var w: [Double] = [], v: [Double] = [], u: [Double] = [1]
            for i in 0..<r {
                for j in 0..<c where values[i * c + j] != 0 { w.append(values[i * c + j]); v.append(Double(j + 1)) }
                u.append(Double(w.count + 1))
            }
            let out = name == "csr_extract_w" ? w : name == "csr_extract_v" ? v : u
            return Value(expr: graph.constant(out), type: type, dims: [out.count])
        default:
            return nil
        }
    }

    /// A^k by repeated squaring (k >= 0).
    private func power(_ a: Value, _ k: Int, n: Int, type: StanType, _ range: SourceRange) throws -> Value {
        var result: Value? = nil, base = Value(expr: a.expr, type: .matrix, dims: [n, n]), e = k
        while e > 0 {
            if e & 1 == 1 { result = try result.map { try matrixProduct($0, base, type: .matrix, range) } ?? base }
            e >>= 1
            if e > 0 { base = try matrixProduct(base, base, type: .matrix, range) }
        }
        guard let r = result else {
            return constantValue((0..<(n * n)).map { $0 / n == $0 % n ? 1 : 0 }, type: type, dims: [n, n])
        }
        return Value(expr: r.expr, type: type, dims: [n, n])
    }

    /// The 0-based column of each stored value and the 0-based start of each row (m + 1 entries) of a CSR matrix,
    /// checked as Stan checks them.
    private func csrStructure(m: Int, n: Int, w: Value, v: Value, u: Value, _ name: String,
                              _ range: SourceRange) throws -> ([Int], [Int]) {
        guard m >= 0, n >= 0 else { throw LoweringError.invalid("\(name): sizes must be >= 0 (m = \(m), n = \(n))", range) }
        guard let vs = v.constantValues, let us = u.constantValues else {
            throw LoweringError.invalid("\(name): the column indices and row starts must be known from the data", range)
        }
        let columns = vs.map { Int($0) - 1 }, starts = us.map { Int($0) - 1 }
        guard starts.count == m + 1, columns.count == w.count, starts.first == 0, starts.last == w.count,
              zip(starts, starts.dropFirst()).allSatisfy({ $0 <= $1 }), columns.allSatisfy({ $0 >= 0 && $0 < n }) else {
            throw LoweringError.invalid("\(name): inconsistent CSR arrays (\(w.count) values, \(columns.count) column indices, "
                                        + "\(starts.count) row starts for \(m) rows and \(n) columns)", range)
        }
        return (columns, starts)
    }
}
