// Graph node for the Cholesky factor of a parameter-dependent symmetric positive-definite matrix.
import StrataCore

/// L = cholesky(A) for an n×n matrix A (row-major; only its lower triangle is read), L lower
/// triangular and row-major with zeros above the diagonal.
///
/// Backward pass: the unblocked reverse-mode algorithm of Murray (2016), "Differentiation of the
/// Cholesky decomposition" (arXiv:1602.07527, Alg. "chol_unblocked_rev"), run in the output slot's
/// second half (n² scratch values), so nothing is allocated per gradient. The adjoint goes to A's
/// lower triangle, which is all the forward pass reads. A matrix that is not positive definite is a
/// domain error (a rejected proposal), as Stan's `cholesky_decompose` rejects.
public struct CholeskyDecomposeOp: GraphOperation {
    public let input: Slot
    /// 2n² elements: L, then scratch.
    public let output: Slot
    public let n: Int
    public var inputs: [Slot] { [input] }
    public var tiling: Tiling { .whole }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let a = arena.value(input), l = arena.value(output)
        l.update(repeating: 0, count: n * n)
        for j in 0..<n {
            var d = a[j * n + j]
            for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
            guard d > 0, d.isFinite else {
                throw LogDensityError.domain(variable: "cholesky_decompose", message: "matrix is not positive definite (pivot \(j + 1) is \(d))")
            }
            let ljj = d.squareRoot()
            l[j * n + j] = ljj
            for i in (j + 1)..<max(n, j + 1) {
                var s = a[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = s / ljj
            }
        }
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        if input.isConstant { return }
        let l = arena.value(output), gl = arena.adjoint(output)
        let b = arena.value(output) + n * n  // scratch: Ā, starts as the lower triangle of L̄
        for i in 0..<n { for j in 0..<n { b[i * n + j] = j <= i ? gl[i * n + j] : 0 } }
        for j in stride(from: n - 1, through: 0, by: -1) {
            let ljj = l[j * n + j]
            var s = 0.0
            for i in (j + 1)..<max(n, j + 1) { s += b[i * n + j] * l[i * n + j] }
            b[j * n + j] -= s / ljj
            for i in j..<n { b[i * n + j] /= ljj }
            for k in 0..<j {
                var t = 0.0
                for i in j..<n { t += b[i * n + j] * l[i * n + k] }
                b[j * n + k] -= t
            }
            for i in (j + 1)..<max(n, j + 1) {
                let bij = b[i * n + j]
                for k in 0..<j { b[i * n + k] -= bij * l[j * n + k] }
            }
            b[j * n + j] *= 0.5
        }
        let ga = arena.adjoint(input)
        for i in 0..<n { for j in 0...i { ga[i * n + j] += b[i * n + j] } }
    }
}

public extension Graph {
    /// The lower Cholesky factor of the n×n matrix `a` (row-major), as an n² expression.
    func choleskyDecompose(_ a: Expr, n: Int) -> Expr {
        if a.count != n * n { fail("cholesky_decompose: expected \(n * n) elements, got \(a.count)") }
        let out = allocate(count: 2 * n * n, isConstant: a.isConstant)
        if a.count != n * n { return Expr(self, out.view(start: 0, count: n * n)) }
        let full = record(CholeskyDecomposeOp(input: a.slot, output: out, n: n))
        return full[0..<(n * n)]
    }
}
