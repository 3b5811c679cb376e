// The beta distribution as one fused vector log-density kernel with analytic partials.
import StrataAutodiff
import StrataCore
#if canImport(Glibc)
import Glibc
#endif

/// log Beta(y | a, b) summed over broadcast elements (Stan's `beta_lpdf`):
/// lgamma(a+b) − lgamma(a) − lgamma(b) + (a−1) log y + (b−1) log(1−y) for 0 < y < 1.
/// With `propto` (as Stan's `beta_lpdf`), lgamma(a) goes when a is data, lgamma(b) when b is data,
/// lgamma(a+b) when both are, and each log term when both arguments it involves are data.
public struct BetaLpdfOp: GraphOperation {
    /// Argument slots (a count-1 slot is a scalar broadcast over every term).
    public let y: Slot, a: Slot, b: Slot
    /// The scalar that receives the summed log density.
    public let output: Slot
    /// Number of broadcast terms.
    public let count: Int
    /// Drop terms that are constant in the parameters (Stan's `~`).
    public let propto: Bool
    /// The argument slots the kernel reads.
    public var inputs: [Slot] { [y, a, b] }
    /// How the evaluator may split the work (see ``Tiling``).
    public var tiling: Tiling { .reduction(count: count) }

    /// Computes the log density (for element `range` of a reduction); throws a domain error for
    /// parameter-dependent arguments outside the support.
    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let py = arena.value(y), pa = arena.value(a), pb = arena.value(b)
        let sy = y.stride, sa = a.stride, sb = b.stride
        if !a.isConstant {
            for i in range where !(pa[i * sa] > 0) || !pa[i * sa].isFinite {
                throw DistributionArguments.domainError("beta", "first shape", pa[i * sa], "positive and finite")
            }
        }
        if !b.isConstant {
            for i in range where !(pb[i * sb] > 0) || !pb[i * sb].isFinite {
                throw DistributionArguments.domainError("beta", "second shape", pb[i * sb], "positive and finite")
            }
        }
        if !y.isConstant {
            for i in range where !(py[i * sy] > 0 && py[i * sy] < 1) {
                throw DistributionArguments.domainError("beta", "random variable", py[i * sy], "in (0, 1)")
            }
        }
        var lp = 0.0
        let keepA = !propto || !a.isConstant, keepB = !propto || !b.isConstant
        if keepA || keepB {
            if sa == 0 && sb == 0 {
                var term: Double = Glibc.lgamma(pa[0] + pb[0])
                if keepA { term -= Glibc.lgamma(pa[0]) }
                if keepB { term -= Glibc.lgamma(pb[0]) }
                lp += Double(range.count) * term
            } else {
                for i in range {
                    let ai = pa[i * sa], bi = pb[i * sb]
                    lp += Glibc.lgamma(ai + bi)
                    if keepA { lp -= Glibc.lgamma(ai) }
                    if keepB { lp -= Glibc.lgamma(bi) }
                }
            }
        }
        if !propto || !a.isConstant || !y.isConstant {
            for i in range { lp += (pa[i * sa] - 1) * Glibc.log(py[i * sy]) }
        }
        if !propto || !b.isConstant || !y.isConstant {
            for i in range { lp += (pb[i * sb] - 1) * Glibc.log1p(-py[i * sy]) }
        }
        arena.value(output)[0] += lp
    }

    /// Adds the analytic partials, times the output adjoint, to the adjoints of parameter-dependent arguments.
    public func backward(_ arena: Arena, range: Range<Int>) {
        let g = arena.adjoint(output)[0]
        let py = arena.value(y), pa = arena.value(a), pb = arena.value(b)
        let sy = y.stride, sa = a.stride, sb = b.stride
        let gy = arena.adjoint(y), ga = arena.adjoint(a), gb = arena.adjoint(b)
        let dy = !y.isConstant, da = !a.isConstant, db = !b.isConstant
        let scalarShapes = sa == 0 && sb == 0
        let psiSum0 = (da || db) && scalarShapes ? SpecialFunctions.digamma(pa[0] + pb[0]) : 0
        let psiA0 = da && scalarShapes ? SpecialFunctions.digamma(pa[0]) : 0
        let psiB0 = db && scalarShapes ? SpecialFunctions.digamma(pb[0]) : 0
        for i in range {
            let ai = pa[i * sa], bi = pb[i * sb], yi = py[i * sy]
            if dy { gy[i * sy] += g * ((ai - 1) / yi - (bi - 1) / (1 - yi)) }
            if da || db {
                let psiSum = scalarShapes ? psiSum0 : SpecialFunctions.digamma(ai + bi)
                if da {
                    let psiA = scalarShapes ? psiA0 : SpecialFunctions.digamma(ai)
                    ga[i * sa] += g * (psiSum - psiA + Glibc.log(yi))
                }
                if db {
                    let psiB = scalarShapes ? psiB0 : SpecialFunctions.digamma(bi)
                    gb[i * sb] += g * (psiSum - psiB + Glibc.log1p(-yi))
                }
            }
        }
    }
}

public extension Graph {
    /// Σ log Beta(y | a, b); with `propto` drops terms constant in the parameters (as `~` does).
    func betaLpdf(_ y: Expr, _ a: Expr, _ b: Expr, propto: Bool = false) -> Expr {
        let f = "beta"
        guard let n = DistributionArguments.checkedCount([y, a, b], family: f, graph: self) else { return constant(0) }
        DistributionArguments.checkConstant(y, family: f, argument: "random variable", requirement: "in (0, 1)") { $0 > 0 && $0 < 1 }
        DistributionArguments.checkConstant(a, family: f, argument: "first shape", requirement: "positive and finite") { $0 > 0 && $0.isFinite }
        DistributionArguments.checkConstant(b, family: f, argument: "second shape", requirement: "positive and finite") { $0 > 0 && $0.isFinite }
        let allData = DistributionArguments.allConstant([y, a, b])
        if propto && allData { return constant(0) }
        let out = allocate(count: 1, isConstant: allData)
        return record(BetaLpdfOp(y: y.slot, a: a.slot, b: b.slot, output: out, count: n, propto: propto))
    }
}
