// Graph node for the exponential of a parameter-dependent square matrix (Stan's matrix_exp).
import StrataCore
import StrataLinearAlgebra

/// E = exp(A) for an n×n matrix A (row-major), by scaling and squaring with Padé(13).
///
/// Backward pass: Ā += L(Aᵀ, Ē), the Fréchet derivative of exp at Aᵀ in the direction Ē, read off the upper-right
/// block of exp([[Aᵀ, Ē], [0, Aᵀ]]) (Najfeld and Havel 1995; Higham, "Functions of Matrices", Thm 3.6). A matrix with
/// a non-finite entry is a domain error.
public struct MatrixExpOp: GraphOperation {
    public let input: Slot
    public let output: Slot
    public let n: Int
    public var inputs: [Slot] { [input] }
    public var tiling: Tiling { .whole }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let a = Matrix(rows: n, columns: n, elements: Array(UnsafeBufferPointer(start: arena.value(input), count: n * n)))
        guard let e = a.exponential() else {
            throw LogDensityError.domain(variable: "matrix_exp", message: "matrix has a non-finite element")
        }
        arena.value(output).update(from: e.elements, count: n * n)
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        if input.isConstant || n == 0 { return }
        let a = arena.value(input), ge = arena.adjoint(output)
        var block = Matrix(rows: 2 * n, columns: 2 * n)
        for i in 0..<n {
            for j in 0..<n {
                block[i, j] = a[j * n + i]
                block[n + i, n + j] = a[j * n + i]
                block[i, n + j] = ge[i * n + j]
            }
        }
        guard let e = block.exponential() else { return }
        let ga = arena.adjoint(input)
        for i in 0..<n { for j in 0..<n { ga[i * n + j] += e[i, n + j] } }
    }
}

public extension Graph {
    /// exp(A) of the n×n matrix `a` (row-major).
    func matrixExp(_ a: Expr, n: Int) -> Expr {
        if a.count != n * n { fail("matrix_exp: expected \(n * n) elements, got \(a.count)") }
        let out = allocate(count: n * n, isConstant: a.isConstant)
        if a.count != n * n { return Expr(self, out) }
        return record(MatrixExpOp(input: a.slot, output: out, n: n))
    }
}
