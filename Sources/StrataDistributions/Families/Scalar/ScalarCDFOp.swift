// The kernel and builder of Σ log CDF (or log CCDF) of a scalar family over broadcast elements.
import StrataAutodiff
import StrataCore

/// Σ log P(Y ≤ y) (or Σ log P(Y > y) when `complement`) over broadcast elements, as one reduction node.
/// A final class, not a struct: the evaluator calls it unspecialised, where a generic struct is copied per call.
public final class ScalarCDFOp<F: ScalarCDF>: GraphOperation {
    /// Argument slots, outcome first.
    public let arguments: [Slot]
    /// The scalar that receives the sum.
    public let output: Slot
    /// Number of broadcast elements.
    public let count: Int
    /// log CCDF instead of log CDF.
    public let complement: Bool
    let operands: FamilyOperands

    public var inputs: [Slot] { arguments }
    public var tiling: Tiling { .reduction(count: count) }

    init(arguments: [Slot], output: Slot, count: Int, complement: Bool) {
        self.arguments = arguments; self.output = output; self.count = count; self.complement = complement
        operands = FamilyOperands(F.self, arguments, relations: F.cdfRelations, requirements: F.cdfRequirements)
    }

    @inline(__always) func evaluate(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        complement ? F.logCCDF(x) : F.logCDF(x)
    }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let v = arena.values
        try operands.check(F.self, v, range: range)
        var s = 0.0
        for i in range { s += evaluate(operands.point(v, i)).value }
        v[output.offset] += s
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        let v = arena.values, a = arena.adjoints, g = a[output.offset]
        for i in range {
            let d = evaluate(operands.point(v, i)).gradient * g
            for j in operands.active { a[operands.offsets[j] &+ i &* operands.strides[j]] += d[j] }
        }
    }
}

public extension Graph {
    /// Σ log CDF (or log CCDF when `complement`) of family `F` at `args[0]` given `args[1...]`.
    func scalarFamilyLogCDF<F: ScalarCDF>(_ family: F.Type, _ args: [Expr], complement: Bool) -> Expr {
        let what = F.name + (complement ? "_lccdf" : "_lcdf")
        guard let n = DistributionArguments.checkedCount(args, family: what, graph: self) else { return constant(0) }
        for (j, (a, r)) in zip(F.arguments, F.cdfRequirements).enumerated() where r != .any {
            DistributionArguments.checkConstant(args[j], family: what, argument: a.name, requirement: r.text) { r.holds($0) }
        }
        for r in F.cdfRelations where F.relations[r].arguments.allSatisfy({ args[$0].isConstant }) {
            checkRelation(F.relations[r], F.self, args, count: n)
        }
        let out = allocate(count: 1, isConstant: args.allSatisfy(\.isConstant))
        return record(ScalarCDFOp<F>(arguments: args.map(\.slot), output: out, count: n, complement: complement))
    }
}
