// The LKJ distribution over Cholesky factors of correlation matrices as one fused log-density node.
import StrataAutodiff
import StrataCore
#if canImport(Glibc)
import Glibc
#endif

/// log LkjCorrCholesky(L | η) for a K×K Cholesky factor L of a correlation matrix (Stan's
/// `lkj_corr_cholesky_lpdf`): Σ_{k=2..K} (K − k + 2η − 2) log L_kk − log c_K(η).
///
/// This is the LKJ density det(Ω)^{η−1} / c_K(η) of Ω = L Lᵀ (Lewandowski, Kurowicka & Joe 2009)
/// times the Jacobian Π_k L_kk^{K−k} of the map L ↦ L Lᵀ. The normaliser is
/// log c_K(η) = Σ_{i=1}^{K−1} [(2η − 2 + K − i)(K − i) log 2 + (K − i) log B(b_i, b_i)],
/// b_i = η + (K − i − 1)/2 (LKJ 2009); `make_reference.py` checks that −log c_K(η) equals Stan's
/// `do_lkj_constant` closed forms and, by quadrature, the integral of det(Ω)^{η−1}.
/// With `propto`, the normaliser is dropped when η is data, the (K − k) log L_kk part when L is
/// data (Stan keeps that constant when η is a parameter; the difference is a constant), and
/// everything when both are.
public struct LkjCorrCholeskyLpdfOp: GraphOperation {
    /// Argument slots (a count-1 slot is a scalar broadcast over every term).
    public let cholesky: Slot, eta: Slot
    /// The scalar that receives the summed log density.
    public let output: Slot
    /// K, the size of each vector (L is K×K).
    public let dimension: Int
    /// Drop terms that are constant in the parameters (Stan's `~`).
    public let propto: Bool
    /// The argument slots the kernel reads.
    public var inputs: [Slot] { [cholesky, eta] }
    /// How the evaluator may split the work (see ``Tiling``).
    public var tiling: Tiling { .whole }

    /// log c_K(η), the log of the LKJ normalising constant, and its derivative in η.
    public static func logNormalizer(eta: Double, dimension K: Int) -> (value: Double, derivative: Double) {
        var value = 0.0, derivative = 0.0
        let ln2 = 0.6931471805599453
        if K < 2 { return (0, 0) }
        for i in 1..<K {
            let d = Double(K - i)
            let b = eta + 0.5 * (d - 1)
            value += (2 * eta - 2 + d) * d * ln2 + d * (2 * Glibc.lgamma(b) - Glibc.lgamma(2 * b))
            derivative += 2 * d * ln2 + 2 * d * (SpecialFunctions.digamma(b) - SpecialFunctions.digamma(2 * b))
        }
        return (value, derivative)
    }

    /// Computes the log density (for element `range` of a reduction); throws a domain error for
    /// parameter-dependent arguments outside the support.
    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let K = dimension
        let pL = arena.value(cholesky), e = arena.value(eta)[0]
        if !eta.isConstant && (!(e > 0) || !e.isFinite) {
            throw DistributionArguments.domainError("lkj_corr_cholesky", "shape", e, "positive and finite")
        }
        var weighted = 0.0, plain = 0.0
        if K >= 2 {
            for k in 1..<K {
                let d = pL[k * K + k]
                if !(d > 0) {
                    throw DistributionArguments.domainError("lkj_corr_cholesky", "Cholesky factor diagonal [\(k + 1)]", d, "positive")
                }
                let l = Glibc.log(d)
                weighted += Double(K - k - 1) * l // K − k for 1-based k
                plain += l
            }
        }
        var lp = 0.0
        if !propto || !cholesky.isConstant { lp += weighted }
        if !propto || !cholesky.isConstant || !eta.isConstant { lp += (2 * e - 2) * plain }
        if !propto || !eta.isConstant { lp -= Self.logNormalizer(eta: e, dimension: K).value }
        arena.value(output)[0] = lp
    }

    /// Adds the analytic partials, times the output adjoint, to the adjoints of parameter-dependent arguments.
    public func backward(_ arena: Arena, range: Range<Int>) {
        let K = dimension
        let g = arena.adjoint(output)[0]
        let pL = arena.value(cholesky), e = arena.value(eta)[0]
        if K < 2 { return }
        if !cholesky.isConstant {
            let gL = arena.adjoint(cholesky)
            for k in 1..<K { gL[k * K + k] += g * (Double(K - k - 1) + 2 * e - 2) / pL[k * K + k] }
        }
        if !eta.isConstant {
            var plain = 0.0
            for k in 1..<K { plain += Glibc.log(pL[k * K + k]) }
            arena.adjoint(eta)[0] += g * (2 * plain - Self.logNormalizer(eta: e, dimension: K).derivative)
        }
    }
}

public extension Graph {
    /// log LkjCorrCholesky(L | η) with K inferred from `cholesky.count` = K²; with `propto` drops
    /// terms constant in the parameters (as `~` does). Data factors are checked to be lower
    /// triangular with positive diagonal and unit-length rows.
    func lkjCorrCholeskyLpdf(_ cholesky: Expr, _ eta: Expr, propto: Bool = false) -> Expr {
        let f = "lkj_corr_cholesky"
        let K = Int(Double(cholesky.count).squareRoot().rounded())
        guard K > 0 && K * K == cholesky.count else {
            fail("\(f): random variable has \(cholesky.count) elements, which is not K*K for a K > 0"); return constant(0)
        }
        guard eta.count == 1 else { fail("\(f): shape must be a scalar, got \(eta.count) elements"); return constant(0) }
        DistributionArguments.checkConstant(eta, family: f, argument: "shape", requirement: "positive and finite") { $0 > 0 && $0.isFinite }
        if cholesky.isConstant { LkjDataCheck.check(cholesky, dimension: K, family: f) }
        let allData = cholesky.isConstant && eta.isConstant
        if propto && allData { return constant(0) }
        let out = allocate(count: 1, isConstant: allData)
        return record(LkjCorrCholeskyLpdfOp(cholesky: cholesky.slot, eta: eta.slot, output: out, dimension: K, propto: propto))
    }
}

/// Build-time validation of a data Cholesky factor of a correlation matrix (rows of unit norm to 1e-6,
/// looser than Stan's `check_cholesky_factor`, which does not test the norms at all).
enum LkjDataCheck {
    static func check(_ L: Expr, dimension K: Int, family: String) {
        let v = L.graph.initialValues, o = L.slot.offset
        for r in 0..<K {
            var norm = 0.0
            for c in 0..<K {
                let x = v[o + r * K + c]
                if c > r && x != 0 {
                    L.graph.fail("\(family): random variable[\(r + 1),\(c + 1)] is \(x), but must be 0 (lower triangular)"); return
                }
                norm += x * x
            }
            if !(v[o + r * K + r] > 0) {
                L.graph.fail("\(family): random variable[\(r + 1),\(r + 1)] is \(v[o + r * K + r]), but must be positive"); return
            }
            if Swift.abs(norm - 1) > 1e-6 {
                L.graph.fail("\(family): row \(r + 1) of the random variable has squared norm \(norm), but must have norm 1"); return
            }
        }
    }
}
