// The Bernoulli distribution (probability parametrisation) as one fused vector log-mass kernel.
import StrataAutodiff
import StrataCore
#if canImport(Glibc)
import Glibc
#endif

/// log Bernoulli(n | θ) summed over broadcast elements (Stan's `bernoulli_lpmf`):
/// log θ if n = 1, log(1 − θ) if n = 0. Outcomes are data; every term involves θ, so `propto`
/// only matters when θ is data too (then the whole density is dropped).
public struct BernoulliLpmfOp: GraphOperation {
    /// Argument slots (a count-1 slot is a scalar broadcast over every term).
    public let n: Slot, theta: Slot
    /// The scalar that receives the summed log density.
    public let output: Slot
    /// Number of broadcast terms.
    public let count: Int
    /// The argument slots the kernel reads.
    public var inputs: [Slot] { [n, theta] }
    /// How the evaluator may split the work (see ``Tiling``).
    public var tiling: Tiling { .reduction(count: count) }

    /// Computes the log density (for element `range` of a reduction); throws a domain error for
    /// parameter-dependent arguments outside the support.
    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let pn = arena.value(n), pt = arena.value(theta)
        let sn = n.stride, st = theta.stride
        if !theta.isConstant {
            for i in range where !(pt[i * st] >= 0 && pt[i * st] <= 1) {
                throw DistributionArguments.domainError("bernoulli", "probability parameter", pt[i * st], "in [0, 1]")
            }
        }
        var lp = 0.0
        if st == 0 {
            var ones = 0.0
            for i in range { ones += pn[i * sn] }
            let zeros = Double(range.count) - ones
            if ones > 0 { lp += ones * Glibc.log(pt[0]) }
            if zeros > 0 { lp += zeros * Glibc.log1p(-pt[0]) }
        } else {
            for i in range { lp += pn[i * sn] == 1 ? Glibc.log(pt[i]) : Glibc.log1p(-pt[i]) }
        }
        arena.value(output)[0] += lp
    }

    /// Adds the analytic partials, times the output adjoint, to the adjoints of parameter-dependent arguments.
    public func backward(_ arena: Arena, range: Range<Int>) {
        if theta.isConstant { return }
        let g = arena.adjoint(output)[0]
        let pn = arena.value(n), pt = arena.value(theta), gt = arena.adjoint(theta)
        let sn = n.stride, st = theta.stride
        for i in range {
            let t = pt[i * st]
            gt[i * st] += pn[i * sn] == 1 ? g / t : -g / (1 - t)
        }
    }
}

public extension Graph {
    /// Σ log Bernoulli(n | θ) for data outcomes n ∈ {0, 1}; with `propto` drops terms constant in the parameters.
    func bernoulliLpmf(_ n: Expr, _ theta: Expr, propto: Bool = false) -> Expr {
        let f = "bernoulli"
        guard let count = DistributionArguments.checkedCount([n, theta], family: f, graph: self) else { return constant(0) }
        DistributionArguments.checkInteger(n, family: f, argument: "outcome", minimum: 0)
        DistributionArguments.checkConstant(n, family: f, argument: "outcome", requirement: "0 or 1") { $0 == 0 || $0 == 1 }
        DistributionArguments.checkConstant(theta, family: f, argument: "probability parameter", requirement: "in [0, 1]") { $0 >= 0 && $0 <= 1 }
        if propto && theta.isConstant { return constant(0) }
        let out = allocate(count: 1, isConstant: theta.isConstant)
        return record(BernoulliLpmfOp(n: n.slot, theta: theta.slot, output: out, count: count))
    }
}
