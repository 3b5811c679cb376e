// The inverse-gamma distribution as one fused vector log-density kernel with analytic partials.
import StrataAutodiff
import StrataCore
#if canImport(Glibc)
import Glibc
#endif

/// log InvGamma(y | α, β) summed over broadcast elements (Stan's `inv_gamma_lpdf`, shape α, scale β):
/// α log β − lgamma(α) − (α+1) log y − β / y for y > 0. With `propto`, each term is kept only if
/// one of the arguments it involves is a parameter.
public struct InvGammaLpdfOp: GraphOperation {
    /// Argument slots (a count-1 slot is a scalar broadcast over every term).
    public let y: Slot, alpha: Slot, beta: Slot
    /// The scalar that receives the summed log density.
    public let output: Slot
    /// Number of broadcast terms.
    public let count: Int
    /// Drop terms that are constant in the parameters (Stan's `~`).
    public let propto: Bool
    /// The argument slots the kernel reads.
    public var inputs: [Slot] { [y, alpha, beta] }
    /// How the evaluator may split the work (see ``Tiling``).
    public var tiling: Tiling { .reduction(count: count) }

    /// Computes the log density (for element `range` of a reduction); throws a domain error for
    /// parameter-dependent arguments outside the support.
    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let py = arena.value(y), pa = arena.value(alpha), pb = arena.value(beta)
        let sy = y.stride, sa = alpha.stride, sb = beta.stride
        try GammaFamilyChecks.check("inv_gamma", betaName: "scale", arena, y: y, alpha: alpha, beta: beta, range: range)
        let keepLgamma = !propto || !alpha.isConstant
        let keepAlphaLogBeta = !propto || !alpha.isConstant || !beta.isConstant
        let keepLogY = !propto || !alpha.isConstant || !y.isConstant
        var lp = 0.0
        if !propto || !beta.isConstant || !y.isConstant { for i in range { lp -= pb[i * sb] / py[i * sy] } }
        if keepLgamma {
            if sa == 0 { lp -= Double(range.count) * Glibc.lgamma(pa[0]) } else { for i in range { lp -= Glibc.lgamma(pa[i]) } }
        }
        if keepAlphaLogBeta {
            if sa == 0 && sb == 0 { lp += Double(range.count) * pa[0] * Glibc.log(pb[0]) }
            else { for i in range { lp += pa[i * sa] * Glibc.log(pb[i * sb]) } }
        }
        if keepLogY {
            for i in range { lp -= (pa[i * sa] + 1) * Glibc.log(py[i * sy]) }
        }
        arena.value(output)[0] += lp
    }

    /// Adds the analytic partials, times the output adjoint, to the adjoints of parameter-dependent arguments.
    public func backward(_ arena: Arena, range: Range<Int>) {
        let g = arena.adjoint(output)[0]
        let py = arena.value(y), pa = arena.value(alpha), pb = arena.value(beta)
        let sy = y.stride, sa = alpha.stride, sb = beta.stride
        let gy = arena.adjoint(y), ga = arena.adjoint(alpha), gb = arena.adjoint(beta)
        let dy = !y.isConstant, da = !alpha.isConstant, db = !beta.isConstant
        let scalarDigamma = da && sa == 0 ? SpecialFunctions.digamma(pa[0]) : 0
        for i in range {
            let a = pa[i * sa], b = pb[i * sb], yi = py[i * sy]
            let invY = 1 / yi
            if dy { gy[i * sy] += g * (-(a + 1) + b * invY) * invY }
            if da {
                let psi = sa == 0 ? scalarDigamma : SpecialFunctions.digamma(a)
                ga[i * sa] += g * (Glibc.log(b) - psi - Glibc.log(yi))
            }
            if db { gb[i * sb] += g * (a / b - invY) }
        }
    }
}

public extension Graph {
    /// Σ log InvGamma(y | α, β) (shape α, scale β); with `propto` drops terms constant in the parameters.
    func invGammaLpdf(_ y: Expr, _ alpha: Expr, _ beta: Expr, propto: Bool = false) -> Expr {
        guard let n = DistributionArguments.checkedCount([y, alpha, beta], family: "inv_gamma", graph: self) else { return constant(0) }
        GammaFamilyChecks.checkData("inv_gamma", betaName: "scale", y: y, alpha: alpha, beta: beta)
        let allData = DistributionArguments.allConstant([y, alpha, beta])
        if propto && allData { return constant(0) }
        let out = allocate(count: 1, isConstant: allData)
        return record(InvGammaLpdfOp(y: y.slot, alpha: alpha.slot, beta: beta.slot, output: out, count: n, propto: propto))
    }
}
