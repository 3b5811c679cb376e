// The binomial distribution on the logit scale as one fused vector log-mass kernel.
import StrataAutodiff
import StrataCore

/// log Binomial(n | N, logit⁻¹(α)) summed over broadcast elements (Stan's `binomial_logit_lpmf`):
/// log C(N, n) + n log logit⁻¹(α) + (N − n) log logit⁻¹(−α), evaluated without overflow.
/// With `propto` the binomial coefficient is dropped (and everything when α is data).
public struct BinomialLogitLpmfOp: GraphOperation {
    /// Argument slots (a count-1 slot is a scalar broadcast over every term).
    public let n: Slot, trials: Slot, alpha: Slot
    /// The scalar that receives the summed log density.
    public let output: Slot
    /// Number of broadcast terms.
    public let count: Int
    /// Drop terms that are constant in the parameters (Stan's `~`).
    public let propto: Bool
    /// The argument slots the kernel reads.
    public var inputs: [Slot] { [n, trials, alpha] }
    /// How the evaluator may split the work (see ``Tiling``).
    public var tiling: Tiling { .reduction(count: count) }

    /// Computes the log density (for element `range` of a reduction); throws a domain error for
    /// parameter-dependent arguments outside the support.
    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let pn = arena.value(n), pN = arena.value(trials), pa = arena.value(alpha)
        let sn = n.stride, sN = trials.stride, sa = alpha.stride
        if !alpha.isConstant {
            for i in range where !pa[i * sa].isFinite {
                throw DistributionArguments.domainError("binomial_logit", "logit-scaled probability", pa[i * sa], "finite")
            }
        }
        var lp = 0.0
        for i in range {
            let k = pn[i * sn], m = pN[i * sN] - k, a = pa[i * sa]
            if k > 0 { lp -= k * SpecialFunctions.log1pExp(-a) }
            if m > 0 { lp -= m * SpecialFunctions.log1pExp(a) }
        }
        if !propto { lp += BinomialCoefficient.logChooseSum(pN, sN, pn, sn, range: range) }
        arena.value(output)[0] += lp
    }

    /// Adds the analytic partials, times the output adjoint, to the adjoints of parameter-dependent arguments.
    public func backward(_ arena: Arena, range: Range<Int>) {
        if alpha.isConstant { return }
        let g = arena.adjoint(output)[0]
        let pn = arena.value(n), pN = arena.value(trials), pa = arena.value(alpha), ga = arena.adjoint(alpha)
        let sn = n.stride, sN = trials.stride, sa = alpha.stride
        for i in range {
            ga[i * sa] += g * (pn[i * sn] - pN[i * sN] * SpecialFunctions.invLogit(pa[i * sa]))
        }
    }
}

public extension Graph {
    /// Σ log Binomial(n | N, logit⁻¹(α)) for data n and N; with `propto` drops terms constant in the parameters.
    func binomialLogitLpmf(_ n: Expr, _ trials: Expr, _ alpha: Expr, propto: Bool = false) -> Expr {
        let f = "binomial_logit"
        guard let count = DistributionArguments.checkedCount([n, trials, alpha], family: f, graph: self) else { return constant(0) }
        BinomialCoefficient.checkData(f, n: n, trials: trials, count: count)
        DistributionArguments.checkConstant(alpha, family: f, argument: "logit-scaled probability", requirement: "finite") { $0.isFinite }
        if propto && alpha.isConstant { return constant(0) }
        let out = allocate(count: 1, isConstant: alpha.isConstant)
        return record(BinomialLogitLpmfOp(n: n.slot, trials: trials.slot, alpha: alpha.slot, output: out, count: count, propto: propto))
    }
}
