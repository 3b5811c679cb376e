// Checks declared bounds of transformed parameters on every evaluation, rejecting the draw like Stan does.
import StrataAutodiff
import StrataCore
import StrataStanFrontEnd

/// Throws a domain error (a rejected proposal) when `value` leaves `[lower, upper]`; Stan validates
/// transformed parameters' declared constraints at the end of the block the same way. Writes a dummy
/// scalar and passes no adjoint.
struct BoundCheckOp: GraphOperation {
    let name: String
    let value: Slot
    let bound: Slot
    let isLower: Bool
    let output: Slot
    var inputs: [Slot] { [value, bound] }
    var tiling: Tiling { .whole }

    func forward(_ arena: Arena, range: Range<Int>) throws {
        let v = arena.value(value), b = arena.value(bound), sb = bound.stride
        for i in 0..<value.count {
            let ok = isLower ? v[i] >= b[i * sb] : v[i] <= b[i * sb]
            if !ok {
                let at = value.count == 1 ? name : "\(name)[\(i + 1)]"
                throw LogDensityError.domain(variable: at, message: "is \(v[i]), but must be \(isLower ? ">=" : "<=") \(b[i * sb])")
            }
        }
    }

    func backward(_ arena: Arena, range: Range<Int>) {}
}

extension Lowerer {
    /// Records checks of a transformed parameter's `<lower, upper>` declaration.
    func checkBounds(of d: VarDecl, _ v: Variable) throws {
        guard case .bounds(let lo, let hi) = d.type.constraint else { return }
        let value = v.read(in: graph)
        for (bound, isLower) in [(lo, true), (hi, false)] {
            guard let bound else { continue }
            let b = try lower(bound)
            guard b.count == 1 || b.count == value.count else {
                throw LoweringError.invalid("bound of '\(d.name)' has \(b.count) elements, the variable has \(value.count)", bound.range)
            }
            if value.isConstant && b.isConstant {
                let vs = value.constantValues!, bs = b.constantValues!
                for (i, x) in vs.enumerated() where isLower ? !(x >= bs[bs.count == 1 ? 0 : i]) : !(x <= bs[bs.count == 1 ? 0 : i]) {
                    throw LoweringError.invalid("'\(elementName(d.name, i, v.dims))' is \(format(x)), but must be \(isLower ? ">=" : "<=") \(format(bs[bs.count == 1 ? 0 : i]))", d.range)
                }
                continue
            }
            let out = graph.allocate(count: 1, isConstant: false)
            graph.record(BoundCheckOp(name: d.name, value: value.expr.slot, bound: b.expr.slot, isLower: isLower, output: out))
        }
    }
}
