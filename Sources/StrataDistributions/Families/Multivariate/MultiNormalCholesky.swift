// The multivariate normal with a Cholesky-factor covariance as one fused log-density node.
import StrataAutodiff
import StrataCore
#if canImport(Glibc)
import Glibc
#endif

/// log MultiNormal(y_m | μ_m, L Lᵀ) summed over m = 1…M (Stan's `multi_normal_cholesky_lpdf`):
/// Σ_m −K/2 log 2π − Σ_k log L_kk − ½ |L⁻¹(y_m − μ_m)|².
///
/// `y` and `μ` each hold K or M·K elements (a single vector is shared by all M rows); `L` is the
/// K×K lower-triangular factor stored row-major (its upper triangle is ignored). The forward sweep
/// keeps z_m = L⁻¹(y_m − μ_m) in a scratch slot; the backward sweep solves w_m = L⁻ᵀ z_m and uses
/// ∂/∂y_m = −w_m, ∂/∂μ_m = w_m, ∂/∂L = Σ_m w_m z_mᵀ (lower triangle) − M diag(1/L_kk).
/// With `propto` the 2π term is dropped, and the log-determinant when L is data.
public struct MultiNormalCholeskyLpdfOp: GraphOperation {
    /// Argument slots (a count-1 slot is a scalar broadcast over every term).
    public let y: Slot, mu: Slot, cholesky: Slot
    /// The scalar that receives the summed log density.
    public let output: Slot
    /// M·K elements for z, then K for w.
    public let scratch: Slot
    /// K, the size of each vector (L is K×K).
    public let dimension: Int
    /// M, the number of vectors.
    public let rows: Int
    /// Drop terms that are constant in the parameters (Stan's `~`).
    public let propto: Bool
    /// The argument slots the kernel reads.
    public var inputs: [Slot] { [y, mu, cholesky] }
    /// How the evaluator may split the work (see ``Tiling``).
    public var tiling: Tiling { .whole }

    /// Computes the log density (for element `range` of a reduction); throws a domain error for
    /// parameter-dependent arguments outside the support.
    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let K = dimension, M = rows
        let py = arena.value(y), pm = arena.value(mu), pL = arena.value(cholesky), z = arena.value(scratch)
        let sy = y.count == K ? 0 : K, sm = mu.count == K ? 0 : K
        var logDet = 0.0
        for k in 0..<K {
            let d = pL[k * K + k]
            if !(d > 0) || !d.isFinite {
                throw DistributionArguments.domainError("multi_normal_cholesky", "Cholesky factor diagonal [\(k + 1)]", d, "positive and finite")
            }
            logDet += Glibc.log(d)
        }
        var quad = 0.0
        for m in 0..<M {
            let ym = py + m * sy, mm = pm + m * sm, zm = z + m * K
            for i in 0..<K {
                var s = ym[i] - mm[i]
                let row = pL + i * K
                for j in 0..<i { s -= row[j] * zm[j] }
                let zi = s / row[i]
                zm[i] = zi
                quad += zi * zi
            }
        }
        if !quad.isFinite {
            throw DistributionArguments.domainError("multi_normal_cholesky", "random variable or location", quad, "finite")
        }
        var lp = -0.5 * quad
        if !propto || !cholesky.isConstant { lp -= Double(M) * logDet }
        if !propto { lp -= Double(M * K) * 0.9189385332046727 }
        arena.value(output)[0] = lp
    }

    /// Adds the analytic partials, times the output adjoint, to the adjoints of parameter-dependent arguments.
    public func backward(_ arena: Arena, range: Range<Int>) {
        let K = dimension, M = rows
        let g = arena.adjoint(output)[0]
        let pL = arena.value(cholesky), z = arena.value(scratch), w = z + M * K
        let sy = y.count == K ? 0 : K, sm = mu.count == K ? 0 : K
        let gy = arena.adjoint(y), gm = arena.adjoint(mu), gL = arena.adjoint(cholesky)
        let dy = !y.isConstant, dm = !mu.isConstant, dL = !cholesky.isConstant
        for m in 0..<M {
            let zm = z + m * K
            // w = L⁻ᵀ z by back substitution: w_i = (z_i − Σ_{j>i} L_ji w_j) / L_ii
            var i = K - 1
            while i >= 0 {
                var s = zm[i]
                for j in (i + 1)..<max(i + 1, K) { s -= pL[j * K + i] * w[j] }
                w[i] = s / pL[i * K + i]
                i -= 1
            }
            if dy { let gym = gy + m * sy; for k in 0..<K { gym[k] -= g * w[k] } }
            if dm { let gmm = gm + m * sm; for k in 0..<K { gmm[k] += g * w[k] } }
            if dL {
                for r in 0..<K {
                    let gw = g * w[r], row = gL + r * K
                    for c in 0...r { row[c] += gw * zm[c] }
                }
            }
        }
        if dL { for k in 0..<K { gL[k * K + k] -= g * Double(M) / pL[k * K + k] } }
    }
}

public extension Graph {
    /// Σ_m log MultiNormal(y_m | μ_m, L Lᵀ) with K inferred from `cholesky.count` = K².
    /// - Parameters:
    ///   - y: K or M·K elements (M vectors laid end to end).
    ///   - mu: K or M·K elements (a single location is shared by every row).
    ///   - cholesky: the K×K lower-triangular Cholesky factor of the covariance, row-major.
    ///   - rows: M, if the caller wants it checked; inferred from the sizes otherwise.
    ///   - propto: drop terms constant in the parameters (as `~` does).
    func multiNormalCholeskyLpdf(_ y: Expr, _ mu: Expr, _ cholesky: Expr, rows: Int? = nil, propto: Bool = false) -> Expr {
        let f = "multi_normal_cholesky"
        let K = Int(Double(cholesky.count).squareRoot().rounded())
        guard K > 0 && K * K == cholesky.count else {
            fail("\(f): Cholesky factor has \(cholesky.count) elements, which is not K*K for a K > 0"); return constant(0)
        }
        guard y.count % K == 0 && mu.count % K == 0 && y.count > 0 && mu.count > 0 else {
            fail("\(f): random variable (\(y.count) elements) and location (\(mu.count) elements) must hold multiples of K = \(K)")
            return constant(0)
        }
        let M = max(y.count, mu.count) / K
        if (y.count != K && y.count != M * K) || (mu.count != K && mu.count != M * K) || (rows.map { $0 != M } ?? false) {
            fail("\(f): size mismatch (random variable \(y.count), location \(mu.count), K = \(K)\(rows.map { ", rows = \($0)" } ?? ""))")
            return constant(0)
        }
        DistributionArguments.checkConstant(y, family: f, argument: "random variable", requirement: "finite") { $0.isFinite }
        DistributionArguments.checkConstant(mu, family: f, argument: "location", requirement: "finite") { $0.isFinite }
        if cholesky.isConstant {
            let v = initialValues, o = cholesky.slot.offset
            for k in 0..<K where !(v[o + k * K + k] > 0 && v[o + k * K + k].isFinite) {
                fail("\(f): Cholesky factor[\(k + 1),\(k + 1)] is \(v[o + k * K + k]), but must be positive and finite"); break
            }
        }
        let allData = DistributionArguments.allConstant([y, mu, cholesky])
        if propto && allData { return constant(0) }
        let out = allocate(count: 1, isConstant: allData)
        let scratch = allocate(count: M * K + K, isConstant: allData)
        return record(MultiNormalCholeskyLpdfOp(y: y.slot, mu: mu.slot, cholesky: cholesky.slot, output: out,
                                                scratch: scratch, dimension: K, rows: M, propto: propto))
    }
}
