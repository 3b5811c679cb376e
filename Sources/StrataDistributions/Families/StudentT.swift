// Student's t distribution as one fused vector log-density kernel with analytic partials.
import StrataAutodiff
import StrataCore
#if canImport(Glibc)
import Glibc
#endif

/// log StudentT(y | ν, μ, σ) summed over broadcast elements (Stan's `student_t_lpdf`):
/// lgamma((ν+1)/2) − lgamma(ν/2) − ½ log ν − ½ log π − log σ − (ν+1)/2 · log1p(((y−μ)/σ)²/ν).
/// With `propto`, ½ log π is dropped, the ν-only terms when ν is data, and log σ when σ is data.
public struct StudentTLpdfOp: GraphOperation {
    /// Argument slots (a count-1 slot is a scalar broadcast over every term).
    public let y: Slot, nu: Slot, mu: Slot, sigma: Slot
    /// The scalar that receives the summed log density.
    public let output: Slot
    /// Number of broadcast terms.
    public let count: Int
    /// Drop terms that are constant in the parameters (Stan's `~`).
    public let propto: Bool
    /// The argument slots the kernel reads.
    public var inputs: [Slot] { [y, nu, mu, sigma] }
    /// How the evaluator may split the work (see ``Tiling``).
    public var tiling: Tiling { .reduction(count: count) }

    /// Computes the log density (for element `range` of a reduction); throws a domain error for
    /// parameter-dependent arguments outside the support.
    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let py = arena.value(y), pn = arena.value(nu), pm = arena.value(mu), ps = arena.value(sigma)
        let sy = y.stride, sn = nu.stride, sm = mu.stride, ss = sigma.stride
        if !nu.isConstant {
            for i in range where !(pn[i * sn] > 0) || !pn[i * sn].isFinite {
                throw DistributionArguments.domainError("student_t", "degrees of freedom", pn[i * sn], "positive and finite")
            }
        }
        if !sigma.isConstant {
            for i in range where !(ps[i * ss] > 0) || !ps[i * ss].isFinite {
                throw DistributionArguments.domainError("student_t", "scale", ps[i * ss], "positive and finite")
            }
        }
        if !y.isConstant {
            for i in range where py[i * sy].isNaN { throw DistributionArguments.domainError("student_t", "random variable", py[i * sy], "not NaN") }
        }
        if !mu.isConstant {
            for i in range where !pm[i * sm].isFinite { throw DistributionArguments.domainError("student_t", "location", pm[i * sm], "finite") }
        }
        var lp = 0.0
        for i in range {
            let v = pn[i * sn], z = (py[i * sy] - pm[i * sm]) / ps[i * ss]
            lp -= 0.5 * (v + 1) * Glibc.log1p(z * z / v)
        }
        let n = Double(range.count)
        if !propto || !nu.isConstant {
            if sn == 0 {
                let v = pn[0]
                lp += n * (Glibc.lgamma(0.5 * (v + 1)) - Glibc.lgamma(0.5 * v) - 0.5 * Glibc.log(v))
            } else {
                for i in range { let v = pn[i]; lp += Glibc.lgamma(0.5 * (v + 1)) - Glibc.lgamma(0.5 * v) - 0.5 * Glibc.log(v) }
            }
        }
        if !propto || !sigma.isConstant {
            if ss == 0 { lp -= n * Glibc.log(ps[0]) } else { for i in range { lp -= Glibc.log(ps[i]) } }
        }
        if !propto { lp -= n * 0.5723649429247001 } // ½ log π
        arena.value(output)[0] += lp
    }

    /// Adds the analytic partials, times the output adjoint, to the adjoints of parameter-dependent arguments.
    public func backward(_ arena: Arena, range: Range<Int>) {
        let g = arena.adjoint(output)[0]
        let py = arena.value(y), pn = arena.value(nu), pm = arena.value(mu), ps = arena.value(sigma)
        let sy = y.stride, sn = nu.stride, sm = mu.stride, ss = sigma.stride
        let gy = arena.adjoint(y), gn = arena.adjoint(nu), gm = arena.adjoint(mu), gs = arena.adjoint(sigma)
        let dy = !y.isConstant, dn = !nu.isConstant, dm = !mu.isConstant, ds = !sigma.isConstant
        var nuConstantPart = 0.0
        if dn && sn == 0 {
            let v = pn[0]
            nuConstantPart = 0.5 * (SpecialFunctions.digamma(0.5 * (v + 1)) - SpecialFunctions.digamma(0.5 * v)) - 0.5 / v
        }
        for i in range {
            let v = pn[i * sn], s = ps[i * ss], d = py[i * sy] - pm[i * sm]
            let r = d * d / (v * s * s)
            let onePlusR = 1 + r
            if dy || dm {
                let dd = g * (v + 1) * d / (v * s * s * onePlusR)
                if dy { gy[i * sy] -= dd }
                if dm { gm[i * sm] += dd }
            }
            if ds { gs[i * ss] += g * (-1 + (v + 1) * r / onePlusR) / s }
            if dn {
                var dv = -0.5 * Glibc.log1p(r) + 0.5 * (v + 1) * r / (v * onePlusR)
                if sn == 0 { dv += nuConstantPart } else {
                    dv += 0.5 * (SpecialFunctions.digamma(0.5 * (v + 1)) - SpecialFunctions.digamma(0.5 * v)) - 0.5 / v
                }
                gn[i * sn] += g * dv
            }
        }
    }
}

public extension Graph {
    /// Σ log StudentT(y | ν, μ, σ); with `propto` drops terms constant in the parameters (as `~` does).
    func studentTLpdf(_ y: Expr, _ nu: Expr, _ mu: Expr, _ sigma: Expr, propto: Bool = false) -> Expr {
        let f = "student_t"
        guard let n = DistributionArguments.checkedCount([y, nu, mu, sigma], family: f, graph: self) else { return constant(0) }
        DistributionArguments.checkConstant(y, family: f, argument: "random variable", requirement: "not NaN") { !$0.isNaN }
        DistributionArguments.checkConstant(nu, family: f, argument: "degrees of freedom", requirement: "positive and finite") { $0 > 0 && $0.isFinite }
        DistributionArguments.checkConstant(mu, family: f, argument: "location", requirement: "finite") { $0.isFinite }
        DistributionArguments.checkConstant(sigma, family: f, argument: "scale", requirement: "positive and finite") { $0 > 0 && $0.isFinite }
        let allData = DistributionArguments.allConstant([y, nu, mu, sigma])
        if propto && allData { return constant(0) }
        let out = allocate(count: 1, isConstant: allData)
        return record(StudentTLpdfOp(y: y.slot, nu: nu.slot, mu: mu.slot, sigma: sigma.slot, output: out, count: n, propto: propto))
    }
}
