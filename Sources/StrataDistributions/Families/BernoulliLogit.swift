// The Bernoulli distribution on the logit scale as one fused vector log-mass kernel.
import StrataAutodiff
import StrataCore

/// log Bernoulli(n | logit⁻¹(α)) summed over broadcast elements (Stan's `bernoulli_logit_lpmf`):
/// −log(1 + e^{−(2n−1)α}), evaluated without overflow. Outcomes are data; `propto` drops the
/// density only when α is data too.
public struct BernoulliLogitLpmfOp: GraphOperation {
    /// Argument slots (a count-1 slot is a scalar broadcast over every term).
    public let n: Slot, alpha: Slot
    /// The scalar that receives the summed log density.
    public let output: Slot
    /// Number of broadcast terms.
    public let count: Int
    /// The argument slots the kernel reads.
    public var inputs: [Slot] { [n, alpha] }
    /// How the evaluator may split the work (see ``Tiling``).
    public var tiling: Tiling { .reduction(count: count) }

    /// Computes the log density (for element `range` of a reduction); throws a domain error for
    /// parameter-dependent arguments outside the support.
    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let pn = arena.value(n), pa = arena.value(alpha)
        let sn = n.stride, sa = alpha.stride
        if !alpha.isConstant {
            for i in range where pa[i * sa].isNaN {
                throw DistributionArguments.domainError("bernoulli_logit", "logit-scaled probability", pa[i * sa], "not NaN")
            }
        }
        var lp = 0.0
        for i in range {
            let sign = 2 * pn[i * sn] - 1
            lp -= SpecialFunctions.log1pExp(-sign * pa[i * sa])
        }
        arena.value(output)[0] += lp
    }

    /// Adds the analytic partials, times the output adjoint, to the adjoints of parameter-dependent arguments.
    public func backward(_ arena: Arena, range: Range<Int>) {
        if alpha.isConstant { return }
        let g = arena.adjoint(output)[0]
        let pn = arena.value(n), pa = arena.value(alpha), ga = arena.adjoint(alpha)
        let sn = n.stride, sa = alpha.stride
        for i in range { ga[i * sa] += g * (pn[i * sn] - SpecialFunctions.invLogit(pa[i * sa])) }
    }
}

public extension Graph {
    /// Σ log Bernoulli(n | logit⁻¹(α)) for data outcomes n ∈ {0, 1}; with `propto` drops terms constant in the parameters.
    func bernoulliLogitLpmf(_ n: Expr, _ alpha: Expr, propto: Bool = false) -> Expr {
        let f = "bernoulli_logit"
        guard let count = DistributionArguments.checkedCount([n, alpha], family: f, graph: self) else { return constant(0) }
        DistributionArguments.checkInteger(n, family: f, argument: "outcome", minimum: 0)
        DistributionArguments.checkConstant(n, family: f, argument: "outcome", requirement: "0 or 1") { $0 == 0 || $0 == 1 }
        DistributionArguments.checkConstant(alpha, family: f, argument: "logit-scaled probability", requirement: "not NaN") { !$0.isNaN }
        if propto && alpha.isConstant { return constant(0) }
        let out = allocate(count: 1, isConstant: alpha.isConstant)
        return record(BernoulliLogitLpmfOp(n: n.slot, alpha: alpha.slot, output: out, count: count))
    }
}
