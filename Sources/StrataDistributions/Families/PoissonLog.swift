// The Poisson distribution on the log scale as one fused vector log-mass kernel.
import StrataAutodiff
import StrataCore
#if canImport(Glibc)
import Glibc
#endif

/// log Poisson(n | e^α) summed over broadcast elements (Stan's `poisson_log_lpmf`):
/// n α − e^α − lgamma(n + 1). With `propto`, lgamma(n + 1) is dropped (and everything when α is data).
public struct PoissonLogLpmfOp: GraphOperation {
    /// Argument slots (a count-1 slot is a scalar broadcast over every term).
    public let n: Slot, alpha: Slot
    /// The scalar that receives the summed log density.
    public let output: Slot
    /// Number of broadcast terms.
    public let count: Int
    /// Drop terms that are constant in the parameters (Stan's `~`).
    public let propto: Bool
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
            for i in range where !pa[i * sa].isFinite {
                throw DistributionArguments.domainError("poisson_log", "log rate", pa[i * sa], "finite")
            }
        }
        var lp = 0.0
        if sa == 0 {
            var total = 0.0
            for i in range { total += pn[i * sn] }
            lp += total * pa[0] - Double(range.count) * Glibc.exp(pa[0])
        } else {
            for i in range { let a = pa[i]; lp += pn[i * sn] * a - Glibc.exp(a) }
        }
        if !propto { for i in range { lp -= Glibc.lgamma(pn[i * sn] + 1) } }
        arena.value(output)[0] += lp
    }

    /// Adds the analytic partials, times the output adjoint, to the adjoints of parameter-dependent arguments.
    public func backward(_ arena: Arena, range: Range<Int>) {
        if alpha.isConstant { return }
        let g = arena.adjoint(output)[0]
        let pn = arena.value(n), pa = arena.value(alpha), ga = arena.adjoint(alpha)
        let sn = n.stride, sa = alpha.stride
        if sa == 0 {
            var s = 0.0
            let e = Glibc.exp(pa[0])
            for i in range { s += pn[i * sn] - e }
            ga[0] += g * s
        } else {
            for i in range { ga[i] += g * (pn[i * sn] - Glibc.exp(pa[i])) }
        }
    }
}

public extension Graph {
    /// Σ log Poisson(n | e^α) for data counts n; with `propto` drops terms constant in the parameters.
    func poissonLogLpmf(_ n: Expr, _ alpha: Expr, propto: Bool = false) -> Expr {
        let f = "poisson_log"
        guard let count = DistributionArguments.checkedCount([n, alpha], family: f, graph: self) else { return constant(0) }
        DistributionArguments.checkInteger(n, family: f, argument: "outcome", minimum: 0)
        DistributionArguments.checkConstant(alpha, family: f, argument: "log rate", requirement: "finite") { $0.isFinite }
        if propto && alpha.isConstant { return constant(0) }
        let out = allocate(count: 1, isConstant: alpha.isConstant)
        return record(PoissonLogLpmfOp(n: n.slot, alpha: alpha.slot, output: out, count: count, propto: propto))
    }
}
