// sum_to_zero_matrix, row_stochastic_matrix and column_stochastic_matrix, composed from the vector transforms along
// rows and columns (values row-major).
import StrataAutodiff

/// `sum_to_zero_matrix[R, C]` (Stan 2.37): every row and every column sums to zero. Y = V_R X V_Cᵀ from the
/// (R − 1)(C − 1) unconstrained values X, with V the orthonormal Helmert basis of ``SumToZeroTransform``: an isometry,
/// so, as for the vector, log J is constant and reported as 0.
public struct SumToZeroMatrixTransform: ParameterTransform {
    public let rows: Int, columns: Int

    /// Creates the transform for an R×C matrix.
    public init(rows: Int, columns: Int) { self.rows = rows; self.columns = columns }

    public func unconstrainedCount(constrainedCount: Int) -> Int { max(rows - 1, 0) * max(columns - 1, 0) }

    public func constrain(_ u: Expr, constrainedCount: Int, in graph: Graph) -> (value: Expr, logJacobian: Expr) {
        let r = rows, c = columns
        guard r >= 1, c >= 1, constrainedCount == r * c, u.count == (r - 1) * (c - 1) else {
            graph.fail("sum_to_zero_matrix[\(r), \(c)] needs \(max(r - 1, 0) * max(c - 1, 0)) unconstrained values, got \(u.count)")
            return (Expr(graph, graph.allocate(count: max(constrainedCount, 0), isConstant: true)), graph.constant(0))
        }
        let vector = SumToZeroTransform()
        // Columns of X (R − 1 values each, strided) expanded to R values: an R × (C − 1) matrix stored by column.
        let expandedColumns = (0..<(c - 1)).map { j in
            vector.constrain(graph.gather(u, index: (0..<(r - 1)).map { $0 * (c - 1) + j }), constrainedCount: r, in: graph).value
        }
        // Each row of that (C − 1 values) expanded to C values.
        let byColumn = expandedColumns.isEmpty ? nil : graph.concat(expandedColumns)
        let rowsOut = (0..<r).map { i -> Expr in
            guard let byColumn else { return graph.constant([Double](repeating: 0, count: c)) }
            let row = graph.gather(byColumn, index: (0..<(c - 1)).map { $0 * r + i })
            return vector.constrain(row, constrainedCount: c, in: graph).value
        }
        return (rowsOut.count == 1 ? rowsOut[0] : graph.concat(rowsOut), graph.constant(0))
    }

    /// X = V_Rᵀ Y V_C.
    /// - Throws: ``TransformError`` for a non-finite element or a row or column whose sum is not 0.
    public func unconstrain(_ y: [Double], variable: String, in graph: Graph) throws -> [Double] {
        try validate(y, variable: variable, in: graph)
        let r = rows, c = columns
        // Row coordinates: R × (C − 1), then column coordinates of each of those columns.
        let rowCoordinates = (0..<r).map { i in Helmert.coordinates(of: Array(y[(i * c)..<((i + 1) * c)])) }
        var x = [Double](repeating: 0, count: max(r - 1, 0) * max(c - 1, 0))
        for j in 0..<max(c - 1, 0) {
            let column = Helmert.coordinates(of: rowCoordinates.map { $0[j] })
            for i in 0..<(r - 1) { x[i * (c - 1) + j] = column[i] }
        }
        return x
    }

    public func validate(_ y: [Double], variable: String, in graph: Graph) throws {
        let r = rows, c = columns
        guard y.count == r * c else {
            throw TransformError(variable: variable, message: "\(y.count) values for a \(r)x\(c) sum_to_zero_matrix")
        }
        for (k, v) in y.enumerated() where !v.isFinite {
            throw TransformError(variable: "\(variable)[\(k / c + 1), \(k % c + 1)]", message: "value \(v) is not finite")
        }
        for i in 0..<r {
            let total = (0..<c).reduce(0.0) { $0 + y[i * c + $1] }
            guard Swift.abs(total) <= SumToZeroTransform.tolerance else {
                throw TransformError(variable: variable, message: "row \(i + 1) sums to \(total), not 0; not a sum_to_zero_matrix")
            }
        }
        for j in 0..<c {
            let total = (0..<r).reduce(0.0) { $0 + y[$1 * c + j] }
            guard Swift.abs(total) <= SumToZeroTransform.tolerance else {
                throw TransformError(variable: variable, message: "column \(j + 1) sums to \(total), not 0; not a sum_to_zero_matrix")
            }
        }
    }
}

/// `row_stochastic_matrix[R, C]` (every row a simplex) and `column_stochastic_matrix[R, C]` (every column a simplex),
/// Stan 2.36: each row (column) through ``SimplexTransform`` from C − 1 (R − 1) unconstrained values; log J is the sum
/// of the simplexes' log-Jacobians.
public struct StochasticMatrixTransform: ParameterTransform {
    public let rows: Int, columns: Int
    /// `true` for row-stochastic, `false` for column-stochastic.
    public let byRow: Bool

    /// Creates the transform for an R×C matrix.
    public init(rows: Int, columns: Int, byRow: Bool) { self.rows = rows; self.columns = columns; self.byRow = byRow }

    /// Number of simplexes and the size of each.
    private var shape: (count: Int, size: Int) { byRow ? (rows, columns) : (columns, rows) }
    private var kind: String { byRow ? "row_stochastic_matrix" : "column_stochastic_matrix" }

    public func unconstrainedCount(constrainedCount: Int) -> Int { shape.count * max(shape.size - 1, 0) }

    public func constrain(_ u: Expr, constrainedCount: Int, in graph: Graph) -> (value: Expr, logJacobian: Expr) {
        let (count, size) = shape
        guard count >= 1, size >= 1, constrainedCount == rows * columns, u.count == count * (size - 1) else {
            graph.fail("\(kind)[\(rows), \(columns)] needs \(count * max(size - 1, 0)) unconstrained values, got \(u.count)")
            return (Expr(graph, graph.allocate(count: max(constrainedCount, 0), isConstant: true)), graph.constant(0))
        }
        let simplex = SimplexTransform()
        let parts = (0..<count).map { k in
            simplex.constrain(size == 1 ? u[0..<0] : u[(k * (size - 1))..<((k + 1) * (size - 1))], constrainedCount: size, in: graph)
        }
        let logJacobian = parts.count == 1 ? parts[0].logJacobian : graph.addScalars(parts.map(\.logJacobian))
        let joined = parts.count == 1 ? parts[0].value : graph.concat(parts.map(\.value))
        if byRow { return (joined, logJacobian) }
        // Column simplexes are stored one after another; the matrix is row-major.
        let rowMajor = graph.gather(joined, index: (0..<(rows * columns)).map { ($0 % columns) * rows + $0 / columns })
        return (rowMajor, logJacobian)
    }

    public func unconstrain(_ y: [Double], variable: String, in graph: Graph) throws -> [Double] {
        try simplexes(of: y, variable: variable).enumerated().flatMap { k, s in
            try SimplexTransform().unconstrain(s, variable: "\(variable) \(byRow ? "row" : "column") \(k + 1)", in: graph)
        }
    }

    public func validate(_ y: [Double], variable: String, in graph: Graph) throws {
        for (k, s) in try simplexes(of: y, variable: variable).enumerated() {
            try SimplexTransform().validate(s, variable: "\(variable) \(byRow ? "row" : "column") \(k + 1)", in: graph)
        }
    }

    /// The rows (or columns) of a row-major R×C matrix.
    private func simplexes(of y: [Double], variable: String) throws -> [[Double]] {
        guard y.count == rows * columns else {
            throw TransformError(variable: variable, message: "\(y.count) values for a \(rows)x\(columns) \(kind)")
        }
        if byRow { return (0..<rows).map { i in Array(y[(i * columns)..<((i + 1) * columns)]) } }
        return (0..<columns).map { j in (0..<rows).map { y[$0 * columns + j] } }
    }
}
