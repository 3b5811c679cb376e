// The exponential distribution as one fused vector log-density kernel with analytic partials.
import StrataAutodiff
import StrataCore
#if canImport(Glibc)
import Glibc
#endif

/// log Exponential(y | β) summed over broadcast elements (Stan's `exponential_lpdf`, rate β):
/// log β − β y for y ≥ 0. With `propto`, log β is dropped when β is data.
public struct ExponentialLpdfOp: GraphOperation {
    /// Argument slots (a count-1 slot is a scalar broadcast over every term).
    public let y: Slot, beta: Slot
    /// The scalar that receives the summed log density.
    public let output: Slot
    /// Number of broadcast terms.
    public let count: Int
    /// Drop terms that are constant in the parameters (Stan's `~`).
    public let propto: Bool
    /// The argument slots the kernel reads.
    public var inputs: [Slot] { [y, beta] }
    /// How the evaluator may split the work (see ``Tiling``).
    public var tiling: Tiling { .reduction(count: count) }

    /// Computes the log density (for element `range` of a reduction); throws a domain error for
    /// parameter-dependent arguments outside the support.
    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let py = arena.value(y), pb = arena.value(beta)
        let sy = y.stride, sb = beta.stride
        if !beta.isConstant {
            for i in range where !(pb[i * sb] > 0) || !pb[i * sb].isFinite {
                throw DistributionArguments.domainError("exponential", "inverse scale", pb[i * sb], "positive and finite")
            }
        }
        if !y.isConstant {
            for i in range where !(py[i * sy] >= 0) {
                throw DistributionArguments.domainError("exponential", "random variable", py[i * sy], "nonnegative")
            }
        }
        var lp = 0.0
        for i in range { lp -= pb[i * sb] * py[i * sy] }
        if !propto || !beta.isConstant {
            if sb == 0 { lp += Double(range.count) * Glibc.log(pb[0]) } else { for i in range { lp += Glibc.log(pb[i]) } }
        }
        arena.value(output)[0] += lp
    }

    /// Adds the analytic partials, times the output adjoint, to the adjoints of parameter-dependent arguments.
    public func backward(_ arena: Arena, range: Range<Int>) {
        let g = arena.adjoint(output)[0]
        let py = arena.value(y), pb = arena.value(beta)
        let sy = y.stride, sb = beta.stride
        let gy = arena.adjoint(y), gb = arena.adjoint(beta)
        let dy = !y.isConstant, db = !beta.isConstant
        for i in range {
            let b = pb[i * sb]
            if dy { gy[i * sy] -= g * b }
            if db { gb[i * sb] += g * (1 / b - py[i * sy]) }
        }
    }
}

public extension Graph {
    /// Σ log Exponential(y | β) with rate β; with `propto` drops terms constant in the parameters.
    func exponentialLpdf(_ y: Expr, _ beta: Expr, propto: Bool = false) -> Expr {
        let f = "exponential"
        guard let n = DistributionArguments.checkedCount([y, beta], family: f, graph: self) else { return constant(0) }
        DistributionArguments.checkConstant(y, family: f, argument: "random variable", requirement: "nonnegative") { $0 >= 0 }
        DistributionArguments.checkConstant(beta, family: f, argument: "inverse scale", requirement: "positive and finite") { $0 > 0 && $0.isFinite }
        let allData = DistributionArguments.allConstant([y, beta])
        if propto && allData { return constant(0) }
        let out = allocate(count: 1, isConstant: allData)
        return record(ExponentialLpdfOp(y: y.slot, beta: beta.slot, output: out, count: n, propto: propto))
    }
}
