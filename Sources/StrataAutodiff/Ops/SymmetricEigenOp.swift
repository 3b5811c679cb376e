// Graph node for the eigenvalues and eigenvectors of a parameter-dependent symmetric matrix.
import StrataCore
import StrataLinearAlgebra

/// A = Q diag(λ) Qᵀ for an n×n symmetric matrix A (row-major; only its lower triangle is read, as LAPACK's
/// dsyevd reads it). Output: λ (n values, ascending), then Q (n² values, row-major, eigenvectors as columns),
/// then 2n² scratch values for the reverse sweep, so nothing is allocated per gradient by this node.
///
/// Backward pass (the standard first-order perturbation result for distinct eigenvalues, e.g. Giles 2008,
/// "Collected matrix derivative results"): Ā = Q (diag(λ̄) + F ∘ (Qᵀ Q̄)) Qᵀ with F_ij = 1 / (λ_j − λ_i) off the
/// diagonal and 0 on it. Because the forward pass reads only the lower triangle, entry (i, j), i > j, receives
/// Ā_ij + Ā_ji and the diagonal Ā_ii. Repeated eigenvalues make the eigenvectors non-unique and their
/// gradient undefined; the adjoint is then infinite or NaN, as in Stan, and the sampler rejects the proposal.
/// With `pairedDegenerate` the eigenvalues come in equal pairs (2k, 2k+1), as for the real embedding of a Hermitian
/// matrix, and F is 0 within each pair: the right adjoint when the caller's result does not depend on the rotation
/// of a pair's two eigenvectors within their plane (the complex phase of a Hermitian eigenvector).
public struct SymmetricEigenOp: GraphOperation {
    public let input: Slot
    /// n + 3n² elements: λ, Q, scratch.
    public let output: Slot
    public let n: Int
    public var pairedDegenerate = false
    public var inputs: [Slot] { [input] }
    public var tiling: Tiling { .whole }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let a = arena.value(input), out = arena.value(output)
        let q = out + n
        q.update(from: a, count: n * n)
        try requireFiniteMatrix(q, count: n * n, "eigenvectors_sym")
        guard symmetricEigenInPlace(q, values: out, n: n) else {
            throw LogDensityError.domain(variable: "eigenvectors_sym", message: "the eigendecomposition did not converge")
        }
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        if input.isConstant { return }
        let out = arena.value(output), adj = arena.adjoint(output)
        let lambda = out, q = out + n, lambdaBar = adj, qBar = adj + n
        let g = out + n + n * n, t = g + n * n
        // G = diag(λ̄) + F ∘ (Qᵀ Q̄)
        for i in 0..<n {
            for j in 0..<n {
                if i == j { g[i * n + j] = lambdaBar[i]; continue }
                if pairedDegenerate && i / 2 == j / 2 { g[i * n + j] = 0; continue }
                var s = 0.0
                for k in 0..<n { s += q[k * n + i] * qBar[k * n + j] }
                g[i * n + j] = s / (lambda[j] - lambda[i])
            }
        }
        // T = Q G, then Ā = T Qᵀ, folded onto the lower triangle.
        for i in 0..<n {
            for j in 0..<n {
                var s = 0.0
                for k in 0..<n { s += q[i * n + k] * g[k * n + j] }
                t[i * n + j] = s
            }
        }
        let ga = arena.adjoint(input)
        for i in 0..<n {
            for j in 0...i {
                var sij = 0.0, sji = 0.0
                for k in 0..<n {
                    sij += t[i * n + k] * q[j * n + k]
                    sji += t[j * n + k] * q[i * n + k]
                }
                ga[i * n + j] += i == j ? sij : sij + sji
            }
        }
    }
}

public extension Graph {
    /// Eigenvalues (ascending, n) and eigenvectors (n×n row-major, as columns) of the symmetric n×n matrix `a`.
    /// `pairedDegenerate`: the eigenvalues come in equal pairs (see ``SymmetricEigenOp``).
    func symmetricEigen(_ a: Expr, n: Int, pairedDegenerate: Bool = false) -> (values: Expr, vectors: Expr) {
        if a.count != n * n { fail("eigen*_sym: expected \(n * n) elements, got \(a.count)") }
        let out = allocate(count: n + 3 * n * n, isConstant: a.isConstant)
        if a.count != n * n { return (Expr(self, out.view(start: 0, count: n)), Expr(self, out.view(start: n, count: n * n))) }
        let full = record(SymmetricEigenOp(input: a.slot, output: out, n: n, pairedDegenerate: pairedDegenerate))
        return (full[0..<n], full[n..<(n + n * n)])
    }
}
