// Lowers Stan's container functions: slices (col, row, sub_col, sub_row), reshapes, repeats, appends, scans and products.
import StrataAutodiff
import StrataLinearAlgebra
import StrataStanFrontEnd

extension Lowerer {
    /// Container functions; nil when `name` is not one of them.
    func containerCall(_ name: String, _ args: [Value], type: StanType, _ range: SourceRange) throws -> Value? {
        switch (name, args.count) {
        case ("cumulative_sum", 1):
            return Value(expr: graph.cumulativeSum(args[0].expr), type: type, dims: args[0].dims)
        case ("prod", 1):
            return Value(expr: graph.product(args[0].expr), type: type, dims: [])
        case ("dims", 1):
            // A complex value's trailing (re, im) dimension is not one of its Stan dimensions.
            let dims = args[0].type.base.isComplex ? Array(args[0].dims.dropLast()) : args[0].dims
            return constantValue(dims.map(Double.init), type: type, dims: [dims.count])
        case ("col", 2), ("row", 2):
            let (r, c) = shape2(args[0]), k = try intOf(args[1], range)
            let n = name == "col" ? c : r
            guard k >= 1 && k <= n else { throw LoweringError.invalid("\(name) index \(k) out of range [1, \(n)]", range) }
            let offsets = name == "col" ? (0..<r).map { $0 * c + k - 1 } : (0..<c).map { (k - 1) * c + $0 }
            return Value(expr: graph.viewOrGather(args[0].expr, offsets), type: type, dims: [offsets.count])
        case ("sub_col", 4), ("sub_row", 4):
            let (r, c) = shape2(args[0])
            let i = try intOf(args[1], range), j = try intOf(args[2], range), n = try intOf(args[3], range)
            let column = name == "sub_col"
            guard i >= 1, j >= 1, n >= 0, column ? (i - 1 + n <= r && j <= c) : (j - 1 + n <= c && i <= r) else {
                throw LoweringError.invalid("\(name)(\(i), \(j), \(n)) out of range for a \(r)x\(c) matrix", range)
            }
            let offsets = (0..<n).map { column ? (i - 1 + $0) * c + j - 1 : (i - 1) * c + j - 1 + $0 }
            return Value(expr: graph.viewOrGather(args[0].expr, offsets), type: type, dims: [n])
        case ("transpose", 1):
            let v = args[0]
            return v.dims.count == 2 ? transposeMatrix(v, type: type) : Value(expr: v.expr, type: type, dims: v.dims)
        case ("to_matrix", 1):
            let v = args[0]
            if v.dims.count == 2 { return Value(expr: v.expr, type: type, dims: v.dims) }
            return Value(expr: v.expr, type: type, dims: v.type.base == .rowVector ? [1, v.count] : [v.count, 1])
        case ("to_matrix", 4) where try intOf(args[3], range) == 0:
            // `col_major = 0`: filled row by row, which is the storage order of a matrix here.
            let m = try intOf(args[1], range), n = try intOf(args[2], range)
            guard m >= 0, n >= 0, m * n == args[0].count else {
                throw LoweringError.invalid("to_matrix: \(args[0].count) elements cannot fill a \(m)x\(n) matrix", range)
            }
            // A matrix argument is read column-major, as in the column-major form.
            let source = args[0].dims.count == 2 && args[0].type.base == .matrix ? transposeMatrix(args[0], type: type).expr : args[0].expr
            return Value(expr: source, type: type, dims: [m, n])
        case ("to_matrix", 3), ("to_matrix", 4):
            let m = try intOf(args[1], range), n = try intOf(args[2], range)
            guard m >= 0, n >= 0, m * n == args[0].count else {
                throw LoweringError.invalid("to_matrix: \(args[0].count) elements cannot fill a \(m)x\(n) matrix", range)
            }
            // Stan fills column-major, reading a matrix argument column-major too.
            let source = args[0].dims.count == 2 && args[0].type.base == .matrix ? transposeMatrix(args[0], type: type).expr : args[0].expr
            let offsets = (0..<m).flatMap { i in (0..<n).map { j in j * m + i } }
            return Value(expr: graph.viewOrGather(source, offsets), type: type, dims: [m, n])
        case ("rep_matrix", 2):
            let v = args[0], k = try intOf(args[1], range)
            guard k >= 0 else { throw LoweringError.invalid("rep_matrix size must be >= 0", range) }
            if v.type.base == .rowVector {
                return Value(expr: graph.concat([GExpr](repeating: v.expr, count: k)), type: type, dims: [k, v.count])
            }
            let offsets = (0..<v.count).flatMap { i in [Int](repeating: i, count: k) }
            return Value(expr: graph.viewOrGather(v.expr, offsets), type: type, dims: [v.count, k])
        case ("append_row", 2):
            let (ra, ca) = shape2(args[0]), (rb, cb) = shape2(args[1])
            guard ca == cb else { throw LoweringError.invalid("append_row: column counts differ (\(ca) and \(cb))", range) }
            return Value(expr: graph.concat([args[0].expr, args[1].expr]), type: type, dims: [ra + rb, ca])
        case ("append_col", 2):
            let (ra, ca) = shape2(args[0]), (rb, cb) = shape2(args[1])
            guard ra == rb else { throw LoweringError.invalid("append_col: row counts differ (\(ra) and \(rb))", range) }
            let joined = graph.concat([args[0].expr, args[1].expr])
            var offsets: [Int] = []
            for i in 0..<ra {
                for j in 0..<ca { offsets.append(i * ca + j) }
                for j in 0..<cb { offsets.append(ra * ca + i * cb + j) }
            }
            return Value(expr: graph.viewOrGather(joined, offsets), type: type, dims: [ra, ca + cb])
        case ("diag_pre_multiply", 2), ("diag_post_multiply", 2):
            let pre = name == "diag_pre_multiply"
            let v = pre ? args[0] : args[1], m = pre ? args[1] : args[0]
            let (r, c) = shape2(m)
            guard v.count == (pre ? r : c) else { throw LoweringError.invalid("\(name): vector of size \(v.count) for a \(r)x\(c) matrix", range) }
            let scale = graph.viewOrGather(v.expr, (0..<(r * c)).map { pre ? $0 / c : $0 % c })
            return Value(expr: m.expr * scale, type: type, dims: [r, c])
        case ("quad_form_diag", 2):
            let m = args[0], v = args[1], (r, c) = shape2(m)
            guard r == c, v.count == r else { throw LoweringError.invalid("quad_form_diag: needs a square matrix and a vector of its size", range) }
            let rows = graph.viewOrGather(v.expr, (0..<(r * c)).map { $0 / c }), cols = graph.viewOrGather(v.expr, (0..<(r * c)).map { $0 % c })
            return Value(expr: m.expr * rows * cols, type: type, dims: [r, c])
        case ("multiply_lower_tri_self_transpose", 1):
            let (r, c) = shape2(args[0])
            let mask = graph.constant((0..<(r * c)).map { $0 % c <= $0 / c ? 1.0 : 0.0 })
            let lower = Value(expr: args[0].expr * mask, type: .matrix, dims: [r, c])
            return try matrixProduct(lower, transposeMatrix(lower, type: .matrix), type: type, range)
        case ("tcrossprod", 1), ("crossprod", 1):
            let m = Value(expr: args[0].expr, type: .matrix, dims: [shape2(args[0]).0, shape2(args[0]).1])
            let t = transposeMatrix(m, type: .matrix)
            return try name == "tcrossprod" ? matrixProduct(m, t, type: type, range) : matrixProduct(t, m, type: type, range)
        case ("quad_form", 2), ("quad_form_sym", 2):
            let a = args[0], b = args[1]
            let bMatrix = b.dims.count == 2 ? b : Value(expr: b.expr, type: .matrix, dims: [b.count, 1])
            let ab = try matrixProduct(a, bMatrix, type: .matrix, range)
            let out = try matrixProduct(transposeMatrix(bMatrix, type: .matrix), Value(expr: ab.expr, type: .matrix, dims: [shape2(a).0, bMatrix.dims[1]]),
                                        type: b.dims.count == 2 ? type : .matrix, range)
            return b.dims.count == 2 ? out : Value(expr: out.expr, type: type, dims: [])
        case ("log_mix", 3):
            let theta = args[0].expr
            let parts = graph.concat([graph.apply(.log, theta) + args[1].expr, graph.apply(.log1m, theta) + args[2].expr])
            return Value(expr: graph.logSumExp(parts), type: type, dims: [])
        case ("log_mix", 2):
            let logTheta = graph.apply(.log, args[0].expr), k = args[0].count, lps = args[1]
            guard k > 0, lps.count % k == 0 else {
                throw LoweringError.invalid("log_mix: \(lps.count) log densities for \(k) mixture weights", range)
            }
            let terms = (0..<(lps.count / k)).map { graph.logSumExp(logTheta + lps.expr[($0 * k)..<(($0 + 1) * k)]) }
            return Value(expr: terms.count == 1 ? terms[0] : graph.addScalars(terms), type: type, dims: [])
        case ("eigenvalues_sym", 1), ("eigenvectors_sym", 1):
            let (r, c) = shape2(args[0])
            guard r == c else { throw LoweringError.invalid("\(name) needs a square matrix, got \(r)x\(c)", range) }
            guard let values = args[0].constantValues else {
                let eigen = graph.symmetricEigen(args[0].expr, n: r)
                return name == "eigenvalues_sym" ? Value(expr: eigen.values, type: type, dims: [r])
                    : Value(expr: eigen.vectors, type: type, dims: [r, c])
            }
            let eigen = try SymmetricEigen(Matrix(rows: r, columns: c, elements: values))
            return name == "eigenvalues_sym" ? constantValue(eigen.values, type: type, dims: [r])
                : constantValue(eigen.vectors.elements, type: type, dims: [r, c])
        default:
            return nil
        }
    }
}
