// Vector mode for `X[i] * beta`: per-iteration rows of a data matrix times a loop-invariant vector, via one BLAS product.
import StrataAutodiff
import StrataLinearAlgebra
import StrataStanFrontEnd

extension Lowerer {
    /// True for `X[i] * b` where `X[i]` is a row vector picked by per-iteration indices (checked by the
    /// loop vectoriser); `b` must not vary by iteration.
    static func isRowProduct(_ lhs: SExpr, _ rhs: SExpr) -> Bool {
        guard lhs.type == .rowVector, rhs.type == .vector, case .indexed(let base, _) = lhs.kind,
              case .variable = base.kind else { return false }
        return true
    }

    /// In vector mode, lowers `X[i] * b` to (rows of X selected per lane) · b: a data matrix-vector
    /// product giving one scalar per lane. Returns nil when the pattern does not apply (normal lowering follows).
    func rowProduct(_ lhs: SExpr, _ rhs: SExpr, type: StanType, _ range: SourceRange) throws -> Value? {
        guard lanes != nil, Self.isRowProduct(lhs, rhs), case .indexed(let base, let indices) = lhs.kind,
              case .variable(let name) = base.kind else { return nil }
        let x = try lookup(name, base.range)
        guard x.dims.count == 2, indices.count == 1 else { return nil }
        let sels = try selections(indices, dims: x.dims, name: name, range)
        guard case .lanes(let rows) = sels[0] else { return nil }
        let b = try lower(rhs)
        if b.varying || b.laneSummed { throw VectorizationFallback() }
        let columns = x.dims[1]
        guard b.count == columns else {
            throw LoweringError.invalid("row vector of \(columns) elements times vector of \(b.count)", range)
        }
        let whole = x.read(in: graph)
        guard let values = whole.constantValues else { throw VectorizationFallback() }
        var picked = [Double]()
        picked.reserveCapacity(rows.count * columns)
        for r in rows { picked.append(contentsOf: values[(r * columns)..<((r + 1) * columns)]) }
        let product = graph.multiply(Matrix(rows: rows.count, columns: columns, elements: picked), b.expr)
        return Value(expr: product, type: type, dims: [], varying: true)
    }
}
