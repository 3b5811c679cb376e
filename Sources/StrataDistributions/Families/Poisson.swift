// The Poisson distribution (rate parametrisation) as one fused vector log-mass kernel.
import StrataAutodiff
import StrataCore
#if canImport(Glibc)
import Glibc
#endif

/// log Poisson(n | λ) summed over broadcast elements (Stan's `poisson_lpmf`):
/// n log λ − λ − lgamma(n + 1), with 0 · log 0 = 0 (so λ = 0 is allowed where n = 0).
/// With `propto`, lgamma(n + 1) is dropped (and everything when λ is data).
public struct PoissonLpmfOp: GraphOperation {
    /// Argument slots (a count-1 slot is a scalar broadcast over every term).
    public let n: Slot, lambda: Slot
    /// The scalar that receives the summed log density.
    public let output: Slot
    /// Number of broadcast terms.
    public let count: Int
    /// Drop terms that are constant in the parameters (Stan's `~`).
    public let propto: Bool
    /// The argument slots the kernel reads.
    public var inputs: [Slot] { [n, lambda] }
    /// How the evaluator may split the work (see ``Tiling``).
    public var tiling: Tiling { .reduction(count: count) }

    /// Computes the log density (for element `range` of a reduction); throws a domain error for
    /// parameter-dependent arguments outside the support.
    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let pn = arena.value(n), pl = arena.value(lambda)
        let sn = n.stride, sl = lambda.stride
        if !lambda.isConstant {
            for i in range where !(pl[i * sl] >= 0) || !pl[i * sl].isFinite {
                throw DistributionArguments.domainError("poisson", "rate", pl[i * sl], "nonnegative and finite")
            }
        }
        var lp = 0.0
        if sl == 0 {
            var total = 0.0
            for i in range { total += pn[i * sn] }
            lp -= Double(range.count) * pl[0]
            if total > 0 { lp += total * Glibc.log(pl[0]) }
        } else {
            for i in range {
                let k = pn[i * sn], l = pl[i]
                lp -= l
                if k > 0 { lp += k * Glibc.log(l) }
            }
        }
        if !propto { for i in range { lp -= Glibc.lgamma(pn[i * sn] + 1) } }
        arena.value(output)[0] += lp
    }

    /// Adds the analytic partials, times the output adjoint, to the adjoints of parameter-dependent arguments.
    public func backward(_ arena: Arena, range: Range<Int>) {
        if lambda.isConstant { return }
        let g = arena.adjoint(output)[0]
        let pn = arena.value(n), pl = arena.value(lambda), gl = arena.adjoint(lambda)
        let sn = n.stride, sl = lambda.stride
        for i in range {
            let k = pn[i * sn]
            gl[i * sl] += g * ((k > 0 ? k / pl[i * sl] : 0) - 1)
        }
    }
}

public extension Graph {
    /// Σ log Poisson(n | λ) for data counts n; with `propto` drops terms constant in the parameters.
    func poissonLpmf(_ n: Expr, _ lambda: Expr, propto: Bool = false) -> Expr {
        let f = "poisson"
        guard let count = DistributionArguments.checkedCount([n, lambda], family: f, graph: self) else { return constant(0) }
        DistributionArguments.checkInteger(n, family: f, argument: "outcome", minimum: 0)
        DistributionArguments.checkConstant(lambda, family: f, argument: "rate", requirement: "nonnegative and finite") { $0 >= 0 && $0.isFinite }
        if propto && lambda.isConstant { return constant(0) }
        let out = allocate(count: 1, isConstant: lambda.isConstant)
        return record(PoissonLpmfOp(n: n.slot, lambda: lambda.slot, output: out, count: count, propto: propto))
    }
}
