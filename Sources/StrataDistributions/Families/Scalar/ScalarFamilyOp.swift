// The one kernel every scalar family runs: broadcast arguments, domain checks, kept terms, partials.
import StrataAutodiff
import StrataCore

/// Σ log p(y | θ) of a ``ScalarFamily`` over broadcast elements, as one reduction node.
///
/// Which terms are kept (under `propto`) and how each is evaluated (once for broadcast scalars, once per
/// element otherwise) is decided when the graph is built, from which arguments are data and which are scalars.
public struct ScalarFamilyOp<F: ScalarFamily>: GraphOperation {
    /// How one kept term is evaluated.
    struct TermPlan {
        /// Index into `F.terms`.
        let k: Int
        /// True when every argument the term reads (its weight aside) is a broadcast scalar.
        let once: Bool
        /// True for a weighted term.
        let weighted: Bool
        /// The term's parameter-dependent arguments (they receive adjoints).
        let active: [Int]
    }

    /// Argument slots, outcome first (a count-1 slot is a scalar broadcast over every element).
    public let arguments: [Slot]
    /// The scalar that receives the summed log density.
    public let output: Slot
    /// Number of broadcast elements.
    public let count: Int
    let plans: [TermPlan]
    let checkedArguments: [Int]
    let runtimeRelations: [Int]
    let offsets: SIMD8<Int>, strides: SIMD8<Int>

    /// The argument slots the kernel reads.
    public var inputs: [Slot] { arguments }
    /// How the evaluator may split the work (see ``Tiling``).
    public var tiling: Tiling { .reduction(count: count) }

    /// Plans the kernel for `arguments` (already checked for size) with `propto` dropping data-only terms.
    public init(arguments: [Slot], output: Slot, count: Int, propto: Bool) {
        self.arguments = arguments
        self.output = output
        self.count = count
        var offsets = SIMD8<Int>(repeating: 0), strides = SIMD8<Int>(repeating: 0)
        for (j, s) in arguments.enumerated() { offsets[j] = s.offset; strides[j] = s.stride }
        self.offsets = offsets
        self.strides = strides
        let constant = arguments.map(\.isConstant)
        plans = F.terms.enumerated().compactMap { k, t in
            let active = t.dependsOn.filter { !constant[$0] }
            if propto && active.isEmpty { return nil }
            let factorReads = t.dependsOn.filter { !t.weightReads.contains($0) }
            return TermPlan(k: k, once: factorReads.allSatisfy { strides[$0] == 0 }, weighted: !t.weightReads.isEmpty, active: active)
        }
        checkedArguments = F.arguments.indices.filter { !constant[$0] && F.arguments[$0].requirement != .any }
        runtimeRelations = F.relations.indices.filter { r in F.relations[r].arguments.contains { !constant[$0] } }
    }

    @inline(__always) func point(_ v: UnsafeMutablePointer<Double>, _ i: Int) -> FamilyPoint {
        var x = FamilyPoint()
        for j in 0..<arguments.count { x[j] = v[offsets[j] &+ i &* strides[j]] }
        return x
    }

    /// Throws a domain error naming the family and argument for a parameter-dependent element out of range.
    func check(_ v: UnsafeMutablePointer<Double>, range: Range<Int>) throws {
        for j in checkedArguments {
            let requirement = F.arguments[j].requirement
            for i in range {
                let value = v[offsets[j] &+ i &* strides[j]]
                if !requirement.holds(value) {
                    throw DistributionArguments.domainError(F.name, F.arguments[j].name, value, requirement.text)
                }
            }
        }
        for r in runtimeRelations {
            for i in range {
                if let bad = F.relations[r].violation(point(v, i)) {
                    throw DistributionArguments.domainError(F.name, F.arguments[bad.argument].name,
                                                            point(v, i)[bad.argument], bad.requirement)
                }
            }
        }
    }

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
        try check(v, range: range)
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
        for plan in plans where !plan.active.isEmpty {
            if plan.once {
                let w = weightSum(plan, v, range: range)
                if w == 0 { continue }
                let d = F.termGradient(plan.k, point(v, range.lowerBound)) * (g * w)
                for j in plan.active { a[offsets[j] &+ range.lowerBound &* strides[j]] += d[j] }
                continue
            }
            for i in range {
                let x = point(v, i)
                let w = plan.weighted ? F.weight(plan.k, x) : 1
                if w == 0 { continue }
                let d = F.termGradient(plan.k, x) * (g * w)
                for j in plan.active { a[offsets[j] &+ i &* strides[j]] += d[j] }
            }
        }
    }
}
