// The binomial distribution (probability parametrisation) as one fused vector log-mass kernel.
import StrataAutodiff
import StrataCore
#if canImport(Glibc)
import Glibc
#endif

/// log Binomial(n | N, θ) summed over broadcast elements (Stan's `binomial_lpmf`):
/// log C(N, n) + n log θ + (N − n) log(1 − θ), with 0 · log 0 = 0. Outcomes n and trials N are data;
/// with `propto` the binomial coefficient is dropped (and everything when θ is data).
public struct BinomialLpmfOp: GraphOperation {
    /// Argument slots (a count-1 slot is a scalar broadcast over every term).
    public let n: Slot, trials: Slot, theta: Slot
    /// The scalar that receives the summed log density.
    public let output: Slot
    /// Number of broadcast terms.
    public let count: Int
    /// Drop terms that are constant in the parameters (Stan's `~`).
    public let propto: Bool
    /// The argument slots the kernel reads.
    public var inputs: [Slot] { [n, trials, theta] }
    /// How the evaluator may split the work (see ``Tiling``).
    public var tiling: Tiling { .reduction(count: count) }

    /// Computes the log density (for element `range` of a reduction); throws a domain error for
    /// parameter-dependent arguments outside the support.
    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let pn = arena.value(n), pN = arena.value(trials), pt = arena.value(theta)
        let sn = n.stride, sN = trials.stride, st = theta.stride
        if !theta.isConstant {
            for i in range where !(pt[i * st] >= 0 && pt[i * st] <= 1) {
                throw DistributionArguments.domainError("binomial", "probability parameter", pt[i * st], "in [0, 1]")
            }
        }
        var lp = 0.0
        for i in range {
            let k = pn[i * sn], m = pN[i * sN] - k, t = pt[i * st]
            if k > 0 { lp += k * Glibc.log(t) }
            if m > 0 { lp += m * Glibc.log1p(-t) }
        }
        if !propto { lp += BinomialCoefficient.logChooseSum(pN, sN, pn, sn, range: range) }
        arena.value(output)[0] += lp
    }

    /// Adds the analytic partials, times the output adjoint, to the adjoints of parameter-dependent arguments.
    public func backward(_ arena: Arena, range: Range<Int>) {
        if theta.isConstant { return }
        let g = arena.adjoint(output)[0]
        let pn = arena.value(n), pN = arena.value(trials), pt = arena.value(theta), gt = arena.adjoint(theta)
        let sn = n.stride, sN = trials.stride, st = theta.stride
        for i in range {
            let k = pn[i * sn], m = pN[i * sN] - k, t = pt[i * st]
            var d = 0.0
            if k > 0 { d += k / t }
            if m > 0 { d -= m / (1 - t) }
            gt[i * st] += g * d
        }
    }
}

/// log C(N, n) = lgamma(N+1) − lgamma(n+1) − lgamma(N−n+1) and the build-time checks shared by the binomial families.
enum BinomialCoefficient {
    static func logChooseSum(_ pN: UnsafeMutablePointer<Double>, _ sN: Int, _ pn: UnsafeMutablePointer<Double>, _ sn: Int,
                             range: Range<Int>) -> Double {
        var s = 0.0
        for i in range {
            let bigN = pN[i * sN], k = pn[i * sn]
            s += Glibc.lgamma(bigN + 1) - Glibc.lgamma(k + 1) - Glibc.lgamma(bigN - k + 1)
        }
        return s
    }

    /// Checks that n and N are nonnegative integer data with n ≤ N elementwise.
    static func checkData(_ family: String, n: Expr, trials: Expr, count: Int) {
        DistributionArguments.checkInteger(n, family: family, argument: "successes", minimum: 0)
        DistributionArguments.checkInteger(trials, family: family, argument: "population size", minimum: 0)
        guard n.isConstant && trials.isConstant else { return }
        let v = n.graph.initialValues, sn = n.slot.stride, sN = trials.slot.stride
        for i in 0..<count where v[n.slot.offset + i * sn] > v[trials.slot.offset + i * sN] {
            n.graph.fail("\(family): successes\(n.count == 1 ? "" : "[\(i + 1)]") is \(v[n.slot.offset + i * sn]), "
                + "but must be <= population size \(v[trials.slot.offset + i * sN])")
            return
        }
    }
}

public extension Graph {
    /// Σ log Binomial(n | N, θ) for data n and N; with `propto` drops terms constant in the parameters.
    func binomialLpmf(_ n: Expr, _ trials: Expr, _ theta: Expr, propto: Bool = false) -> Expr {
        let f = "binomial"
        guard let count = DistributionArguments.checkedCount([n, trials, theta], family: f, graph: self) else { return constant(0) }
        BinomialCoefficient.checkData(f, n: n, trials: trials, count: count)
        DistributionArguments.checkConstant(theta, family: f, argument: "probability parameter", requirement: "in [0, 1]") { $0 >= 0 && $0 <= 1 }
        if propto && theta.isConstant { return constant(0) }
        let out = allocate(count: 1, isConstant: theta.isConstant)
        return record(BinomialLpmfOp(n: n.slot, trials: trials.slot, theta: theta.slot, output: out, count: count, propto: propto))
    }
}
