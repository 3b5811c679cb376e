// The Cauchy distribution as one fused vector log-density kernel with analytic partials.
import StrataAutodiff
import StrataCore
#if canImport(Glibc)
import Glibc
#endif

/// log Cauchy(y | μ, σ) summed over broadcast elements (Stan's `cauchy_lpdf`):
/// −log π − log σ − log1p(((y−μ)/σ)²). With `propto`, log π is dropped, and log σ when σ is data.
public struct CauchyLpdfOp: GraphOperation {
    /// Argument slots (a count-1 slot is a scalar broadcast over every term).
    public let y: Slot, mu: Slot, sigma: Slot
    /// The scalar that receives the summed log density.
    public let output: Slot
    /// Number of broadcast terms.
    public let count: Int
    /// Drop terms that are constant in the parameters (Stan's `~`).
    public let propto: Bool
    /// The argument slots the kernel reads.
    public var inputs: [Slot] { [y, mu, sigma] }
    /// How the evaluator may split the work (see ``Tiling``).
    public var tiling: Tiling { .reduction(count: count) }

    /// Computes the log density (for element `range` of a reduction); throws a domain error for
    /// parameter-dependent arguments outside the support.
    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let py = arena.value(y), pm = arena.value(mu), ps = arena.value(sigma)
        let sy = y.stride, sm = mu.stride, ss = sigma.stride
        if !sigma.isConstant {
            for i in range where !(ps[i * ss] > 0) || !ps[i * ss].isFinite {
                throw DistributionArguments.domainError("cauchy", "scale", ps[i * ss], "positive and finite")
            }
        }
        if !y.isConstant {
            for i in range where py[i * sy].isNaN { throw DistributionArguments.domainError("cauchy", "random variable", py[i * sy], "not NaN") }
        }
        if !mu.isConstant {
            for i in range where !pm[i * sm].isFinite { throw DistributionArguments.domainError("cauchy", "location", pm[i * sm], "finite") }
        }
        var lp = 0.0
        for i in range {
            let z = (py[i * sy] - pm[i * sm]) / ps[i * ss]
            lp -= Glibc.log1p(z * z)
        }
        let n = Double(range.count)
        if !propto || !sigma.isConstant {
            if ss == 0 { lp -= n * Glibc.log(ps[0]) } else { for i in range { lp -= Glibc.log(ps[i]) } }
        }
        if !propto { lp -= n * 1.1447298858494002 } // log π
        arena.value(output)[0] += lp
    }

    /// Adds the analytic partials, times the output adjoint, to the adjoints of parameter-dependent arguments.
    public func backward(_ arena: Arena, range: Range<Int>) {
        let g = arena.adjoint(output)[0]
        let py = arena.value(y), pm = arena.value(mu), ps = arena.value(sigma)
        let sy = y.stride, sm = mu.stride, ss = sigma.stride
        let gy = arena.adjoint(y), gm = arena.adjoint(mu), gs = arena.adjoint(sigma)
        let dy = !y.isConstant, dm = !mu.isConstant, ds = !sigma.isConstant
        for i in range {
            let s = ps[i * ss], d = py[i * sy] - pm[i * sm]
            let denom = s * s + d * d
            if dy || dm {
                let dd = 2 * g * d / denom
                if dy { gy[i * sy] -= dd }
                if dm { gm[i * sm] += dd }
            }
            // d/dσ [−log σ − log(1 + d²/σ²)] = −1/σ + 2d²/(σ(σ² + d²)) = (d² − σ²)/(σ(σ² + d²))
            if ds { gs[i * ss] += g * (d * d - s * s) / (s * denom) }
        }
    }
}

public extension Graph {
    /// Σ log Cauchy(y | μ, σ); with `propto` drops terms constant in the parameters (as `~` does).
    func cauchyLpdf(_ y: Expr, _ mu: Expr, _ sigma: Expr, propto: Bool = false) -> Expr {
        let f = "cauchy"
        guard let n = DistributionArguments.checkedCount([y, mu, sigma], family: f, graph: self) else { return constant(0) }
        DistributionArguments.checkConstant(y, family: f, argument: "random variable", requirement: "not NaN") { !$0.isNaN }
        DistributionArguments.checkConstant(mu, family: f, argument: "location", requirement: "finite") { $0.isFinite }
        DistributionArguments.checkConstant(sigma, family: f, argument: "scale", requirement: "positive and finite") { $0 > 0 && $0.isFinite }
        let allData = DistributionArguments.allConstant([y, mu, sigma])
        if propto && allData { return constant(0) }
        let out = allocate(count: 1, isConstant: allData)
        return record(CauchyLpdfOp(y: y.slot, mu: mu.slot, sigma: sigma.slot, output: out, count: n, propto: propto))
    }
}
