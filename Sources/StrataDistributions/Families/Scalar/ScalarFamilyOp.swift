// The one kernel every scalar family runs: broadcast arguments, domain checks, kept terms, partials.
import StrataAutodiff
import StrataCore

/// Σ log p(y | θ) of a ``ScalarFamily`` over broadcast elements, as one reduction node.
///
/// Which terms are kept (under `propto`) and how each is evaluated (once for broadcast scalars, once per
/// element otherwise) is decided when the graph is built, from which arguments are data and which are scalars.
///
/// A final class, not a struct, and no generic types inside: the evaluator calls it unspecialised, where a generic
/// struct is copied on every call and a nested generic type's metadata is looked up in the runtime's cache.
public final class ScalarFamilyOp<F: ScalarFamily>: GraphOperation {
    typealias TermPlan = ScalarFamilyTermPlan

    /// Argument slots, outcome first (a count-1 slot is a scalar broadcast over every element).
    public let arguments: [Slot]
    /// The scalar that receives the summed log density.
    public let output: Slot
    /// Number of broadcast elements.
    public let count: Int
    /// The kept terms' plans, in a buffer the kernels read without retaining an array per call.
    let plans: UnsafeMutableBufferPointer<TermPlan>
    let operands: FamilyOperands

    /// The argument slots the kernel reads.
    public var inputs: [Slot] { arguments }
    /// How the evaluator may split the work (see ``Tiling``).
    public var tiling: Tiling { .reduction(count: count) }

    /// Plans the kernel for `arguments` (already checked for size) with `propto` dropping data-only terms.
    public init(arguments: [Slot], output: Slot, count: Int, propto: Bool) {
        self.arguments = arguments
        self.output = output
        self.count = count
        let operands = FamilyOperands(F.self, arguments)
        self.operands = operands
        let constant = arguments.map(\.isConstant)
        let kept: [TermPlan] = F.terms.enumerated().compactMap { k, t in
            let active = t.dependsOn.filter { !constant[$0] }
            if propto && active.isEmpty { return nil }
            let factorReads = t.dependsOn.filter { !t.weightReads.contains($0) }
            return TermPlan(k: k, once: factorReads.allSatisfy { operands.strides[$0] == 0 }, weighted: !t.weightReads.isEmpty,
                            active: active)
        }
        plans = .allocate(capacity: kept.count)
        _ = plans.initialize(from: kept)
    }

    deinit { plans.deallocate() }

    @inline(__always) func point(_ v: UnsafeMutablePointer<Double>, _ i: Int) -> FamilyPoint { operands.point(v, i) }

    /// Σ of the term's weights over `range` (the number of elements for an unweighted term).
    func weightSum(_ plan: TermPlan, _ v: UnsafeMutablePointer<Double>, range: Range<Int>) -> Double {
        guard plan.weighted else { return Double(range.count) }
        var w = 0.0
        for i in range { w += F.weight(plan.k, point(v, i)) }
        return w
    }

    /// Adds the kept terms' sum over `range` to the output; throws a domain error for arguments out of range.
    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let v = arena.values
        try operands.check(F.self, v, range: range)
        var lp = 0.0
        for plan in plans {
            if plan.once {
                let w = weightSum(plan, v, range: range)
                if w != 0 { lp += w * F.term(plan.k, point(v, range.lowerBound)) }
            } else if plan.weighted {
                for i in range {
                    let x = point(v, i), w = F.weight(plan.k, x)
                    if w != 0 { lp += w * F.term(plan.k, x) }
                }
            } else {
                for i in range { lp += F.term(plan.k, point(v, i)) }
            }
        }
        v[output.offset] += lp
    }

    /// Adds the analytic partials, times the output adjoint, to the adjoints of parameter-dependent arguments.
    public func backward(_ arena: Arena, range: Range<Int>) {
        let v = arena.values, a = arena.adjoints
        let g = a[output.offset]
        for plan in plans where plan.activeCount != 0 {
            if plan.once {
                let w = weightSum(plan, v, range: range)
                if w == 0 { continue }
                let d = F.termGradient(plan.k, point(v, range.lowerBound)) * (g * w)
                plan.forEachActive { j in a[operands.offsets[j] &+ range.lowerBound &* operands.strides[j]] += d[j] }
                continue
            }
            for i in range {
                let x = point(v, i)
                let w = plan.weighted ? F.weight(plan.k, x) : 1
                if w == 0 { continue }
                let d = F.termGradient(plan.k, x) * (g * w)
                plan.forEachActive { j in a[operands.offsets[j] &+ i &* operands.strides[j]] += d[j] }
            }
        }
    }
}

/// How one kept term of a ``ScalarFamilyOp`` is evaluated.
struct ScalarFamilyTermPlan {
    /// Index into the family's `terms`.
    let k: Int
    /// True when every argument the term reads (its weight aside) is a broadcast scalar.
    let once: Bool
    /// True for a weighted term.
    let weighted: Bool
    /// The term's parameter-dependent arguments (they receive adjoints), in the family's order: four bits each
    /// (arguments are at most 8), `activeCount` of them; no array, so reading a plan retains nothing.
    let activeList: UInt32, activeCount: Int

    init(k: Int, once: Bool, weighted: Bool, active: [Int]) {
        precondition(active.count <= 8 && active.allSatisfy { $0 < 16 }, "a scalar family has at most 8 arguments")
        self.k = k; self.once = once; self.weighted = weighted
        activeList = active.enumerated().reduce(0) { $0 | UInt32($1.element) << UInt32(4 * $1.offset) }
        activeCount = active.count
    }

    /// Calls `body` with each parameter-dependent argument, in the order of the family's `dependsOn`.
    @inline(__always) func forEachActive(_ body: (Int) -> Void) {
        var list = activeList
        for _ in 0..<activeCount {
            body(Int(list & 0xF))
            list >>= 4
        }
    }
}
