// The continuous uniform distribution as one fused vector log-density kernel with analytic partials.
import StrataAutodiff
import StrataCore
#if canImport(Glibc)
import Glibc
#endif

/// log Uniform(y | a, b) summed over broadcast elements (Stan's `uniform_lpdf`): −log(b − a) for
/// a ≤ y ≤ b, −∞ outside. A parameter-dependent point outside [a, b] is a domain error (a rejected
/// proposal); data outside constant bounds is a build error. With `propto`, −log(b − a) is dropped
/// when a and b are data.
public struct UniformLpdfOp: GraphOperation {
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
        for i in range {
            let lo = pa[i * sa], hi = pb[i * sb], yi = py[i * sy]
            if !(lo.isFinite && hi.isFinite && hi > lo) {
                throw DistributionArguments.domainError("uniform", "upper bound", hi, "finite and greater than the lower bound \(lo)")
            }
            if !(yi >= lo && yi <= hi) {
                throw DistributionArguments.domainError("uniform", "random variable", yi, "in [\(lo), \(hi)]")
            }
        }
        var lp = 0.0
        if !propto || !a.isConstant || !b.isConstant {
            if sa == 0 && sb == 0 { lp -= Double(range.count) * Glibc.log(pb[0] - pa[0]) }
            else { for i in range { lp -= Glibc.log(pb[i * sb] - pa[i * sa]) } }
        }
        arena.value(output)[0] += lp
    }

    /// Adds the analytic partials, times the output adjoint, to the adjoints of parameter-dependent arguments.
    public func backward(_ arena: Arena, range: Range<Int>) {
        let g = arena.adjoint(output)[0]
        let pa = arena.value(a), pb = arena.value(b)
        let sa = a.stride, sb = b.stride
        let ga = arena.adjoint(a), gb = arena.adjoint(b)
        let da = !a.isConstant, db = !b.isConstant
        if !da && !db { return }
        for i in range {
            let inv = g / (pb[i * sb] - pa[i * sa])
            if da { ga[i * sa] += inv }
            if db { gb[i * sb] -= inv }
        }
    }
}

public extension Graph {
    /// Σ log Uniform(y | a, b); with `propto` drops terms constant in the parameters (as `~` does).
    func uniformLpdf(_ y: Expr, _ a: Expr, _ b: Expr, propto: Bool = false) -> Expr {
        let f = "uniform"
        guard let n = DistributionArguments.checkedCount([y, a, b], family: f, graph: self) else { return constant(0) }
        DistributionArguments.checkConstant(a, family: f, argument: "lower bound", requirement: "finite") { $0.isFinite }
        DistributionArguments.checkConstant(b, family: f, argument: "upper bound", requirement: "finite") { $0.isFinite }
        if a.isConstant && b.isConstant && n > 0 {
            let v = initialValues, sa = a.slot.stride, sb = b.slot.stride
            for i in 0..<n where !(v[b.slot.offset + i * sb] > v[a.slot.offset + i * sa]) {
                fail("\(f): upper bound\(b.count == 1 ? "" : "[\(i + 1)]") is \(v[b.slot.offset + i * sb]), but must be greater than the lower bound \(v[a.slot.offset + i * sa])")
                break
            }
            if y.isConstant && y.count <= n {
                let sy = y.slot.stride
                for i in 0..<n {
                    let yi = v[y.slot.offset + i * sy]
                    let lo = v[a.slot.offset + i * sa], hi = v[b.slot.offset + i * sb]
                    if !(yi >= lo && yi <= hi) {
                        fail("\(f): random variable\(y.count == 1 ? "" : "[\(i + 1)]") is \(yi), but must be in [\(lo), \(hi)]")
                        break
                    }
                }
            }
        }
        let allData = DistributionArguments.allConstant([y, a, b])
        if propto && allData { return constant(0) }
        let out = allocate(count: 1, isConstant: allData)
        return record(UniformLpdfOp(y: y.slot, a: a.slot, b: b.slot, output: out, count: n, propto: propto))
    }
}
