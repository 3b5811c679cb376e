// Lowers Stan's linear-algebra functions: inverses, determinants, the matrix divisions and solves, traces and diagonals.
import StrataAutodiff
import StrataStanFrontEnd

extension Lowerer {
    /// Linear-algebra functions; nil when `name` is not one of them.
    func linearAlgebraCall(_ name: String, _ args: [Value], type: StanType, _ range: SourceRange) throws -> Value? {
        switch (name, args.count) {
        case ("inverse", 1):
            let n = try squareSize(args[0], name, range)
            return Value(expr: graph.inverse(args[0].expr, n: n), type: type, dims: [n, n])
        case ("inverse_spd", 1):
            return try inverseSPD(args[0], name, type: type, range)
        case ("chol2inv", 1):
            let n = try squareSize(args[0], name, range)
            return try inverseFromCholesky(lowerTriangle(args[0], n), n: n, type: type, range)
        case ("determinant", 1), ("log_determinant", 1):
            let n = try squareSize(args[0], name, range)
            let det = graph.determinant(args[0].expr, n: n)
            return Value(expr: name == "determinant" ? det.determinant : det.logAbsDeterminant, type: type, dims: [])
        case ("log_determinant_spd", 1):
            // log det A = 2 Σ log L_ii for A = L Lᵀ (which also rejects a matrix that is not positive definite).
            let n = try squareSize(args[0], name, range)
            let l = graph.choleskyDecompose(args[0].expr, n: n)
            let diagonal = graph.viewOrGather(l, (0..<n).map { $0 * n + $0 })
            return Value(expr: 2.0 * graph.sum(graph.apply(.log, diagonal)), type: type, dims: [])
        case ("mdivide_left", 2), ("mdivide_left_tri_low", 2), ("mdivide_left_spd", 2):
            let inverse = try solveInverse(name, args[0], range)
            return try matrixProduct(inverse, args[1], type: type, range)
        case ("mdivide_right", 2), ("mdivide_right_tri_low", 2), ("mdivide_right_spd", 2):
            let inverse = try solveInverse(name, args[1], range)
            return try matrixProduct(args[0], inverse, type: type, range)
        case ("trace", 1):
            let (r, c) = shape2(args[0])
            return Value(expr: graph.sum(graph.viewOrGather(args[0].expr, (0..<min(r, c)).map { $0 * c + $0 })), type: type, dims: [])
        case ("diagonal", 1):
            let (r, c) = shape2(args[0]), k = min(r, c)
            return Value(expr: graph.viewOrGather(args[0].expr, (0..<k).map { $0 * c + $0 }), type: type, dims: [k])
        case ("add_diag", 2):
            let (r, c) = shape2(args[0]), k = min(r, c), d = args[1]
            guard d.isScalar || d.count == k else {
                throw LoweringError.invalid("add_diag: \(d.count) diagonal values for a \(r)x\(c) matrix", range)
            }
            // The additions as an r×c matrix gathered from [d, 0].
            let padded = graph.concat([d.expr, scalarConstant(0)])
            let zero = d.count
            let index = (0..<(r * c)).map { $0 / c == $0 % c ? (d.isScalar ? 0 : $0 / c) : zero }
            return Value(expr: args[0].expr + graph.gather(padded, index: index), type: type, dims: [r, c])
        case ("block", 5):
            let (r, c) = shape2(args[0])
            let i = try intOf(args[1], range), j = try intOf(args[2], range), nr = try intOf(args[3], range), nc = try intOf(args[4], range)
            guard i >= 1, j >= 1, nr >= 0, nc >= 0, i - 1 + nr <= r, j - 1 + nc <= c else {
                throw LoweringError.invalid("block(\(i), \(j), \(nr), \(nc)) out of range for a \(r)x\(c) matrix", range)
            }
            let offsets = (0..<nr).flatMap { a in (0..<nc).map { b in (i - 1 + a) * c + j - 1 + b } }
            return Value(expr: graph.viewOrGather(args[0].expr, offsets), type: type, dims: [nr, nc])
        case ("symmetrize_from_lower_tri", 1):
            let n = try squareSize(args[0], name, range)
            let offsets = (0..<(n * n)).map { k -> Int in let i = k / n, j = k % n; return i >= j ? k : j * n + i }
            return Value(expr: graph.viewOrGather(args[0].expr, offsets), type: type, dims: [n, n])
        case ("columns_dot_product", 2), ("rows_dot_product", 2), ("columns_dot_self", 1), ("rows_dot_self", 1):
            let a = args[0], b = args.count == 2 ? args[1] : args[0]
            guard a.count == b.count, shape2(a) == shape2(b) else {
                throw LoweringError.invalid("\(name): sizes differ (\(shape2(a)) and \(shape2(b)))", range)
            }
            let (r, c) = shape2(a)
            let products = args.count == 2 ? a.expr * b.expr : graph.apply(.square, a.expr)
            let byColumn = name.hasPrefix("columns")
            let sums = (0..<(byColumn ? c : r)).map { k in
                graph.sum(graph.viewOrGather(products, byColumn ? (0..<r).map { $0 * c + k } : (0..<c).map { k * c + $0 }))
            }
            return Value(expr: sums.count == 1 ? sums[0] : graph.concat(sums), type: type, dims: [sums.count])
        case ("trace_dot", 2):
            // trace(A B) = Σ_ij A_ij B_ji for A m×n and B n×m.
            let (m, n) = shape2(args[0]), (p, q) = shape2(args[1])
            guard m == q, n == p else {
                throw LoweringError.invalid("trace_dot: a \(m)x\(n) matrix and a \(p)x\(q) matrix", range)
            }
            let bt = transposeMatrix(args[1], type: .matrix)
            return Value(expr: graph.sum(args[0].expr * bt.expr), type: type, dims: [])
        case ("trace_quad_form", 2):
            guard let form = try containerCall("quad_form", args, type: args[1].dims.count == 2 ? .matrix : .real, range) else { return nil }
            if form.isScalar { return Value(expr: form.expr, type: type, dims: []) }
            return try linearAlgebraCall("trace", [form], type: type, range)
        case ("trace_gen_quad_form", 3):
            // trace(D Bᵀ A B)
            guard let form = try containerCall("quad_form", [args[1], args[2]], type: .matrix, range) else { return nil }
            let product = try matrixProduct(args[0], form, type: .matrix, range)
            return try linearAlgebraCall("trace", [product], type: type, range)
        default:
            return nil
        }
    }

    /// `a / b` and `a \ b` with a matrix divisor: Stan's mdivide_right and mdivide_left.
    func matrixDivision(_ op: BinaryOperator, _ a: Value, _ b: Value, type: StanType, _ range: SourceRange) throws -> Value {
        let out = try checkedNode(range) {
            op == .leftDivide ? try matrixProduct(try solveInverse("mdivide_left", a, range), b, type: type, range)
                : try matrixProduct(a, try solveInverse("mdivide_right", b, range), type: type, range)
        }
        return out
    }

    /// The inverse a solve multiplies by: of the lower triangle for the `_tri_low` forms, through a Cholesky factor
    /// (rejecting a matrix that is not positive definite) for the `_spd` forms.
    private func solveInverse(_ name: String, _ m: Value, _ range: SourceRange) throws -> Value {
        let n = try squareSize(m, name, range)
        if name.hasSuffix("_tri_low") {
            return Value(expr: graph.inverse(lowerTriangle(m, n), n: n, name: name), type: .matrix, dims: [n, n])
        }
        if name.hasSuffix("_spd") { return try inverseSPD(m, name, type: .matrix, range) }
        return Value(expr: graph.inverse(m.expr, n: n, name: name), type: .matrix, dims: [n, n])
    }

    /// A⁻¹ = L⁻ᵀ L⁻¹ for A = L Lᵀ; Stan's inverse_spd also requires A symmetric (checked when A is data).
    private func inverseSPD(_ m: Value, _ name: String, type: StanType, _ range: SourceRange) throws -> Value {
        let n = try squareSize(m, name, range)
        if let values = m.constantValues {
            for i in 0..<n { for j in 0..<i where Swift.abs(values[i * n + j] - values[j * n + i]) > 1e-8 * max(1, Swift.abs(values[i * n + j])) {
                throw LoweringError.invalid("\(name): the matrix is not symmetric (element [\(i + 1), \(j + 1)] is \(values[i * n + j]), "
                                            + "[\(j + 1), \(i + 1)] is \(values[j * n + i]))", range)
            } }
        }
        return try inverseFromCholesky(graph.choleskyDecompose(m.expr, n: n), n: n, type: type, range)
    }

    /// (L Lᵀ)⁻¹ = L⁻ᵀ L⁻¹ for a lower-triangular n×n `l`.
    private func inverseFromCholesky(_ l: GExpr, n: Int, type: StanType, _ range: SourceRange) throws -> Value {
        let li = Value(expr: graph.inverse(l, n: n, name: "chol2inv"), type: .matrix, dims: [n, n])
        return try matrixProduct(transposeMatrix(li, type: .matrix), li, type: type, range)
    }

    /// The lower triangle of an n×n matrix (zeros above the diagonal), as Stan's triangular functions read it.
    private func lowerTriangle(_ m: Value, _ n: Int) -> GExpr {
        if n == 0 { return m.expr }
        let padded = graph.concat([m.expr, scalarConstant(0)])
        return graph.gather(padded, index: (0..<(n * n)).map { $0 % n <= $0 / n ? $0 : n * n })
    }

    /// The size of a square matrix argument.
    func squareSize(_ m: Value, _ name: String, _ range: SourceRange) throws -> Int {
        let (r, c) = shape2(m)
        guard r == c else { throw LoweringError.invalid("\(name) needs a square matrix, got \(r)x\(c)", range) }
        return r
    }
}
