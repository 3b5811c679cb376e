// Graph nodes for the inverse and the determinant of a parameter-dependent square matrix (LU with partial pivoting).
import StrataCore
import StrataLinearAlgebra

/// B = A⁻¹ for an n×n matrix A (row-major). Output: B (n²), then n² scratch for the reverse sweep.
///
/// Backward pass: Ā += −Bᵀ B̄ Bᵀ (from dB = −B dA B). A singular matrix, or one with a non-finite entry, is a domain
/// error (a rejected proposal), as Stan's `inverse` rejects.
public struct MatrixInverseOp: GraphOperation {
    public let input: Slot
    /// 2n² elements: A⁻¹, then scratch.
    public let output: Slot
    public let n: Int
    public let name: String
    public var inputs: [Slot] { [input] }
    public var tiling: Tiling { .whole }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let b = arena.value(output)
        b.update(from: arena.value(input), count: n * n)
        guard luInvertInPlace(b, n: n).invertible else {
            throw LogDensityError.domain(variable: name, message: "matrix is singular or has a non-finite element")
        }
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        if input.isConstant || n == 0 { return }
        let b = arena.value(output), gb = arena.adjoint(output), t = b + n * n
        // T = B̄ Bᵀ, then Ā −= Bᵀ T.
        BLAS.gemm(transposeB: true, m: n, n: n, k: n, a: gb, b: b, c: t)
        BLAS.gemm(transposeA: true, m: n, n: n, k: n, alpha: -1, a: b, b: t, beta: 1, c: arena.adjoint(input))
    }
}

/// (det A, log |det A|) for an n×n matrix A (row-major). Output: the two values, then A⁻¹ (n², kept from the forward
/// sweep for the reverse one).
///
/// Backward pass: Ā += (d̄ det A + l̄) A⁻ᵀ. A singular matrix has det 0 and log |det| −inf, as in Stan; its gradient
/// is then NaN (Stan's is not finite either) and the sampler rejects the proposal.
public struct DeterminantOp: GraphOperation {
    public let input: Slot
    /// 2 + n² elements.
    public let output: Slot
    public let n: Int
    public var inputs: [Slot] { [input] }
    public var tiling: Tiling { .whole }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let out = arena.value(output), inverse = out + 2
        inverse.update(from: arena.value(input), count: n * n)
        let lu = luInvertInPlace(inverse, n: n)
        out[0] = lu.determinant
        out[1] = lu.logAbsDeterminant
        if !lu.invertible { inverse.update(repeating: .nan, count: n * n) }
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        if input.isConstant { return }
        let out = arena.value(output), adj = arena.adjoint(output), inverse = out + 2
        let w = adj[0] * out[0] + adj[1]
        if w == 0 { return }
        let ga = arena.adjoint(input)
        for i in 0..<n { for j in 0..<n { ga[i * n + j] += w * inverse[j * n + i] } }
    }
}

public extension Graph {
    /// The inverse of the n×n matrix `a` (row-major), as an n² expression; `name` labels domain errors.
    func inverse(_ a: Expr, n: Int, name: String = "inverse") -> Expr {
        if a.count != n * n { fail("\(name): expected \(n * n) elements, got \(a.count)") }
        let out = allocate(count: 2 * n * n, isConstant: a.isConstant)
        if a.count != n * n { return Expr(self, out.view(start: 0, count: n * n)) }
        let full = record(MatrixInverseOp(input: a.slot, output: out, n: n, name: name))
        return full[0..<(n * n)]
    }

    /// det A and log |det A| of the n×n matrix `a` (row-major), as two scalar expressions.
    func determinant(_ a: Expr, n: Int) -> (determinant: Expr, logAbsDeterminant: Expr) {
        if a.count != n * n { fail("determinant: expected \(n * n) elements, got \(a.count)") }
        let out = allocate(count: 2 + n * n, isConstant: a.isConstant)
        if a.count != n * n { return (Expr(self, out.view(start: 0, count: 1)), Expr(self, out.view(start: 1, count: 1))) }
        let full = record(DeterminantOp(input: a.slot, output: out, n: n))
        return (full[0..<1], full[1..<2])
    }
}
