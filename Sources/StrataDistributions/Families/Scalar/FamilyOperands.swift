// Where a scalar family's broadcast arguments live in the arena, and their per-evaluation domain checks.
import StrataAutodiff

/// Offsets and strides of up to eight broadcast arguments, with the checks that run on each evaluation.
/// Not generic (its methods take the family as a parameter): a generic struct's metadata would be looked up in
/// the runtime's cache on every call of the unspecialised kernels that use it.
struct FamilyOperands {
    let offsets: SIMD8<Int>, strides: SIMD8<Int>
    let argumentCount: Int
    /// Parameter-dependent arguments (they receive adjoints).
    let active: [Int]
    /// Parameter-dependent arguments with a requirement, and the requirement (read once here: the family's
    /// static arrays would be retained and released on every unspecialised read).
    let checkedArguments: [(argument: Int, requirement: Requirement)]
    let runtimeRelations: [Int]
    /// Whether ``check(_:_:range:)`` has anything to check (read without touching the arrays).
    let checks: Bool

    /// `requirements` replaces the family's own (outcome first) and `relations` limits the relations checked (indices
    /// into the family's; nil: all), for the CDFs.
    init<F: ScalarFamily>(_ family: F.Type, _ arguments: [Slot], relations: [Int]? = nil, requirements: [Requirement]? = nil) {
        let requirements = requirements ?? F.arguments.map(\.requirement)
        var offsets = SIMD8<Int>(repeating: 0), strides = SIMD8<Int>(repeating: 0)
        for (j, s) in arguments.enumerated() { offsets[j] = s.offset; strides[j] = s.stride }
        self.offsets = offsets
        self.strides = strides
        argumentCount = arguments.count
        active = arguments.indices.filter { !arguments[$0].isConstant }
        checkedArguments = requirements.indices.filter { !arguments[$0].isConstant && requirements[$0] != .any }
            .map { ($0, requirements[$0]) }
        runtimeRelations = (relations ?? Array(F.relations.indices)).filter { r in
            F.relations[r].arguments.contains { !arguments[$0].isConstant }
        }
        checks = !checkedArguments.isEmpty || !runtimeRelations.isEmpty
    }

    @inline(__always) func point(_ v: UnsafeMutablePointer<Double>, _ i: Int) -> FamilyPoint {
        var x = FamilyPoint()
        for j in 0..<argumentCount { x[j] = v[offsets[j] &+ i &* strides[j]] }
        return x
    }

    /// Throws a domain error naming the family and argument for a parameter-dependent element out of range.
    @inline(__always)
    func check<F: ScalarFamily>(_ family: F.Type, _ v: UnsafeMutablePointer<Double>, range: Range<Int>) throws {
        if checks { try checkAll(family, v, range: range) }
    }

    private func checkAll<F: ScalarFamily>(_ family: F.Type, _ v: UnsafeMutablePointer<Double>, range: Range<Int>) throws {
        for (j, requirement) in checkedArguments {
            for i in range {
                let value = v[offsets[j] &+ i &* strides[j]]
                if !requirement.holds(value) {
                    throw DistributionArguments.domainError(F.name, F.arguments[j].name, value, requirement.text)
                }
            }
        }
        for r in runtimeRelations {
            for i in range {
                let x = point(v, i)
                if let bad = F.relations[r].violation(x) {
                    throw DistributionArguments.domainError(F.name, F.arguments[bad.argument].name, x[bad.argument], bad.requirement)
                }
            }
        }
    }
}
