// The beta distribution as one fused vector log-density kernel with analytic partials.
import StrataAutodiff
import StrataCore
#if canImport(Glibc)
import Glibc
#endif

/// log Beta(y | a, b) summed over broadcast elements (Stan's `beta_lpdf`):
/// lgamma(a+b) − lgamma(a) − lgamma(b) + (a−1) log y + (b−1) log(1−y) for 0 < y < 1.
/// With `propto`, the log-beta-function term goes when a and b are data, and each log term when
/// both arguments it involves are data.
public struct BetaLpdfOp: GraphOperation {
    public let y: Slot, a: Slot, b: Slot
    public let output: Slot
    public let count: Int
    public let propto: Bool
    public var inputs: [Slot] { [y, a, b] }
    public var tiling: Tiling { .reduction(count: count) }

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
        if !propto || !a.isConstant || !b.isConstant {
            if sa == 0 && sb == 0 {
                lp += Double(range.count) * (Glibc.lgamma(pa[0] + pb[0]) - Glibc.lgamma(pa[0]) - Glibc.lgamma(pb[0]))
            } else {
                for i in range {
                    let ai = pa[i * sa], bi = pb[i * sb]
                    lp += Glibc.lgamma(ai + bi) - Glibc.lgamma(ai) - Glibc.lgamma(bi)
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
