// Graph node for a constant (data) matrix times a parameter-dependent vector, through BLAS dgemv.
import StrataLinearAlgebra

/// y = X b for a data matrix X (rows x columns, row-major) and vector b. Backward: gb += Xᵀ gy.
public struct MatrixVectorOp: GraphOperation {
    public let matrix: Matrix
    public let vector: Slot
    public let output: Slot
    public var inputs: [Slot] { [vector] }
    public var tiling: Tiling { .whole }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        if matrix.rows == 0 { return }
        if matrix.columns == 0 { arena.value(output).update(repeating: 0, count: matrix.rows); return }
        matrix.elements.withUnsafeBufferPointer { a in
            BLAS.gemv(rows: matrix.rows, columns: matrix.columns, a: a.baseAddress!,
                      x: arena.value(vector), y: arena.value(output))
        }
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        if vector.isConstant || matrix.rows == 0 || matrix.columns == 0 { return }
        matrix.elements.withUnsafeBufferPointer { a in
            BLAS.gemv(transpose: true, rows: matrix.rows, columns: matrix.columns, a: a.baseAddress!,
                      x: arena.adjoint(output), beta: 1, y: arena.adjoint(vector))
        }
    }
}

public extension Graph {
    /// X b for a data matrix X.
    func multiply(_ x: Matrix, _ b: Expr) -> Expr {
        if x.columns != b.count { fail("matrix-vector product: matrix has \(x.columns) columns, vector has \(b.count) elements") }
        let out = allocate(count: x.rows, isConstant: b.isConstant)
        if x.columns != b.count { return Expr(self, out) }
        return record(MatrixVectorOp(matrix: x, vector: b.slot, output: out))
    }
}
