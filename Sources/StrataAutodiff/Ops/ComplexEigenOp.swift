// Graph node for the eigenvalues and eigenvectors of a parameter-dependent general (non-symmetric) complex matrix.
import StrataCore
import StrataLinearAlgebra

/// A = V diag(λ) V⁻¹ for an n×n complex matrix A (interleaved real and imaginary parts, row-major). Output: λ (2n),
/// V (2n², eigenvectors as columns, unit norm with LAPACK's phase), then V⁻¹ (2n²) and 2n² scratch for the reverse
/// sweep. λ is sorted by real part, then imaginary part.
///
/// Backward pass (first-order perturbation theory for distinct eigenvalues, Giles 2008 in complex form), with
/// adjoints X̄ = ∂L/∂Re X + i ∂L/∂Im X: Ā = V⁻ᴴ (diag(λ̄) + conj(F) ∘ (Vᴴ V̄)) Vᴴ, F_ij = 1/(λ_j − λ_i) off the diagonal.
/// This is the derivative for eigenvectors scaled so that diag(V⁻¹ dV) = 0; the phase and length LAPACK gives them are
/// another scaling, so callers must use V only through functions invariant to scaling each column (the lowering
/// normalises each column and fixes its phase on the graph), which makes the result exact whatever the scaling.
/// Repeated eigenvalues make the adjoint infinite or NaN and the sampler rejects the proposal; a matrix LAPACK cannot
/// decompose, or whose eigenvector matrix is singular, is a domain error.
public struct ComplexEigenOp: GraphOperation {
    public let input: Slot
    /// 2n + 6n² elements: λ, V, V⁻¹, scratch.
    public let output: Slot
    public let n: Int
    public let name: String
    public var inputs: [Slot] { [input] }
    public var tiling: Tiling { .whole }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let a = arena.value(input), out = arena.value(output)
        try requireFiniteMatrix(a, count: 2 * n * n, name)
        let n2 = 2 * n * n
        guard GeneralEigen.decompose(a, n: n, values: out, vectors: out + 2 * n, inverse: out + 2 * n + n2) else {
            throw LogDensityError.domain(variable: name, message: "the eigendecomposition failed (no convergence or a defective matrix)")
        }
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        if input.isConstant || n == 0 { return }
        let out = arena.value(output), adj = arena.adjoint(output)
        let n2 = 2 * n * n
        let lambda = out, v = out + 2 * n, w = v + n2, g = w + n2
        let lambdaBar = adj, vBar = adj + 2 * n
        func at(_ p: UnsafeMutablePointer<Double>, _ i: Int, _ j: Int) -> (Double, Double) { (p[2 * (i * n + j)], p[2 * (i * n + j) + 1]) }
        // G = diag(λ̄) + conj(F) ∘ (Vᴴ V̄)
        for i in 0..<n {
            for j in 0..<n {
                if i == j { g[2 * (i * n + j)] = lambdaBar[2 * i]; g[2 * (i * n + j) + 1] = lambdaBar[2 * i + 1]; continue }
                var mr = 0.0, mi = 0.0
                for k in 0..<n {
                    let (ar, ai) = at(v, k, i), (br, bi) = at(vBar, k, j)
                    mr += ar * br + ai * bi
                    mi += ar * bi - ai * br
                }
                // conj(1 / (λ_j − λ_i)) = 1 / conj(λ_j − λ_i)
                let dr = lambda[2 * j] - lambda[2 * i], di = -(lambda[2 * j + 1] - lambda[2 * i + 1])
                let d2 = dr * dr + di * di
                let fr = dr / d2, fi = -di / d2
                g[2 * (i * n + j)] = fr * mr - fi * mi
                g[2 * (i * n + j) + 1] = fr * mi + fi * mr
            }
        }
        // Ā = V⁻ᴴ G Vᴴ: T = G Vᴴ (T_ij = Σ_k G_ik conj(V_jk)), then Ā_ij += Σ_k conj(W_ki) T_kj, T kept in one row.
        let ga = arena.adjoint(input)
        var t = [Double](repeating: 0, count: 2 * n * n)
        for i in 0..<n {
            for j in 0..<n {
                var sr = 0.0, si = 0.0
                for k in 0..<n {
                    let (gr, gi) = at(g, i, k), (vr, vi) = at(v, j, k)
                    sr += gr * vr + gi * vi
                    si += gi * vr - gr * vi
                }
                t[2 * (i * n + j)] = sr; t[2 * (i * n + j) + 1] = si
            }
        }
        for i in 0..<n {
            for j in 0..<n {
                var sr = 0.0, si = 0.0
                for k in 0..<n {
                    let (wr, wi) = at(w, k, i), tr = t[2 * (k * n + j)], ti = t[2 * (k * n + j) + 1]
                    sr += wr * tr + wi * ti
                    si += wr * ti - wi * tr
                }
                ga[2 * (i * n + j)] += sr
                ga[2 * (i * n + j) + 1] += si
            }
        }
    }
}

public extension Graph {
    /// Eigenvalues (n complex, interleaved) and eigenvectors (n×n complex, columns, row-major interleaved, LAPACK's
    /// scaling: see ``ComplexEigenOp``) of the n×n complex matrix `a` (interleaved); `name` labels domain errors.
    func complexEigen(_ a: Expr, n: Int, name: String) -> (values: Expr, vectors: Expr) {
        if a.count != 2 * n * n { fail("\(name): expected \(2 * n * n) elements, got \(a.count)") }
        let out = allocate(count: 2 * n + 6 * n * n, isConstant: a.isConstant)
        if a.count != 2 * n * n { return (Expr(self, out.view(start: 0, count: 2 * n)), Expr(self, out.view(start: 2 * n, count: 2 * n * n))) }
        let full = record(ComplexEigenOp(input: a.slot, output: out, n: n, name: name))
        return (full[0..<(2 * n)], full[(2 * n)..<(2 * n + 2 * n * n)])
    }
}
