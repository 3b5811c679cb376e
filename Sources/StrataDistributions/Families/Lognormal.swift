// The lognormal distribution as one fused vector log-density kernel with analytic partials.
import StrataAutodiff
import StrataCore
#if canImport(Glibc)
import Glibc
#endif

/// log LogNormal(y | μ, σ) summed over broadcast elements (Stan's `lognormal_lpdf`):
/// −½ log 2π − log σ − log y − ½((log y − μ)/σ)² for y > 0. With `propto`, ½ log 2π is dropped,
/// log σ when σ is data and log y when y is data.
public struct LognormalLpdfOp: GraphOperation {
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
                throw DistributionArguments.domainError("lognormal", "scale", ps[i * ss], "positive and finite")
            }
        }
        if !mu.isConstant {
            for i in range where !pm[i * sm].isFinite { throw DistributionArguments.domainError("lognormal", "location", pm[i * sm], "finite") }
        }
        if !y.isConstant {
            for i in range where !(py[i * sy] > 0) || !py[i * sy].isFinite {
                throw DistributionArguments.domainError("lognormal", "random variable", py[i * sy], "positive and finite")
            }
        }
        var quad = 0.0, logY = 0.0
        let keepLogY = !propto || !y.isConstant
        for i in range {
            let ly = Glibc.log(py[i * sy])
            let z = (ly - pm[i * sm]) / ps[i * ss]
            quad += z * z
            logY += ly
        }
        var lp = -0.5 * quad
        if keepLogY { lp -= logY }
        let n = Double(range.count)
        if !propto || !sigma.isConstant {
            if ss == 0 { lp -= n * Glibc.log(ps[0]) } else { for i in range { lp -= Glibc.log(ps[i]) } }
        }
        if !propto { lp -= n * 0.9189385332046727 }
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
            let yi = py[i * sy], inv = 1 / ps[i * ss]
            let z = (Glibc.log(yi) - pm[i * sm]) * inv
            if dy { gy[i * sy] -= g * (1 + z * inv) / yi }
            if dm { gm[i * sm] += g * z * inv }
            if ds { gs[i * ss] += g * (z * z - 1) * inv }
        }
    }
}

public extension Graph {
    /// Σ log LogNormal(y | μ, σ); with `propto` drops terms constant in the parameters (as `~` does).
    func lognormalLpdf(_ y: Expr, _ mu: Expr, _ sigma: Expr, propto: Bool = false) -> Expr {
        let f = "lognormal"
        guard let n = DistributionArguments.checkedCount([y, mu, sigma], family: f, graph: self) else { return constant(0) }
        DistributionArguments.checkConstant(y, family: f, argument: "random variable", requirement: "positive and finite") { $0 > 0 && $0.isFinite }
        DistributionArguments.checkConstant(mu, family: f, argument: "location", requirement: "finite") { $0.isFinite }
        DistributionArguments.checkConstant(sigma, family: f, argument: "scale", requirement: "positive and finite") { $0 > 0 && $0.isFinite }
        let allData = DistributionArguments.allConstant([y, mu, sigma])
        if propto && allData { return constant(0) }
        let out = allocate(count: 1, isConstant: allData)
        return record(LognormalLpdfOp(y: y.slot, mu: mu.slot, sigma: sigma.slot, output: out, count: n, propto: propto))
    }
}
