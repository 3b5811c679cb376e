// Lowers `*` between vectors and matrices: dot products, data-matrix products via BLAS, and general products.
import StrataAutodiff
import StrataLinearAlgebra
import StrataStanFrontEnd

extension Lowerer {
    /// `a * b` for non-scalar operands (Stan's matrix product; vectors are columns, row vectors rows).
    func matrixProduct(_ a: Value, _ b: Value, type: StanType, _ range: SourceRange) throws -> Value {
        if a.varying || b.varying { throw VectorizationFallback() }
        let (ar, ac) = shape2(a), (br, bc) = shape2(b)
        guard ac == br else {
            throw LoweringError.invalid("matrix product of \(ar)x\(ac) and \(br)x\(bc): inner sizes differ", range)
        }
        let outDims: [Int]
        switch (type.base, type.arrayDims) {
        case (.real, 0): outDims = []
        case (.vector, 0): outDims = [ar]
        case (.rowVector, 0): outDims = [bc]
        default: outDims = [ar, bc]
        }
        // Columns of the result, each A * b[:, j]; then laid out row-major.
        var columns: [GExpr] = []
        let bColumns: [GExpr] = (0..<bc).map { j in
            bc == 1 ? b.expr : graph.viewOrGather(b.expr, (0..<br).map { $0 * bc + j })
        }
        if ar == 1 {
            let row = a.expr
            let dots = bColumns.map { graph.dot(row, $0) }
            let out = dots.count == 1 ? dots[0] : graph.concat(dots)
            return Value(expr: out, type: type, dims: outDims)
        }
        if let values = a.constantValues {
            let m = Matrix(rows: ar, columns: ac, elements: values)
            columns = bColumns.map { graph.multiply(m, $0) }
        } else {
            let rows = (0..<ar).map { a.expr[($0 * ac)..<(($0 + 1) * ac)] }
            columns = bColumns.map { col in graph.concat(rows.map { graph.dot($0, col) }) }
        }
        if bc == 1 { return Value(expr: columns[0], type: type, dims: outDims) }
        let stacked = graph.concat(columns)  // column-major ar x bc
        var offsets: [Int] = []
        for i in 0..<ar { for j in 0..<bc { offsets.append(j * ar + i) } }
        return Value(expr: graph.viewOrGather(stacked, offsets), type: type, dims: outDims)
    }

    /// (rows, columns) of a vector (n x 1), row vector (1 x n) or matrix.
    func shape2(_ v: Value) -> (Int, Int) {
        if v.dims.count == 2 { return (v.dims[0], v.dims[1]) }
        if v.type.base == .rowVector { return (1, v.count) }
        return (v.count, 1)
    }
}
