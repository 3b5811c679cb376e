// Finds tiled steps whose reverse sweep can run tile by tile right after their forward sweep.

/// Which tiled steps of a plan may run fused: forward then reverse on each tile while its data is in
/// cache, instead of a whole forward sweep followed by a whole reverse sweep (which at 10^5 elements
/// re-reads every intermediate vector from memory).
///
/// A tiled step qualifies when every operation in it opts in (``GraphOperation/tileFusable``), no operation
/// outside the step reads its element-by-element outputs, and its scalar outputs (sums, log-Jacobian
/// accumulators) reach the target only through ``AddScalarsOp``s, so their adjoints are known constants
/// before the reverse sweep starts (the target's adjoint is 1).
struct TileFusion {
    /// Per plan step: nil if it runs unfused, else the adjoints to seed (arena offset, value).
    let seeds: [[(offset: Int, value: Double)]?]

    /// Analyses `plan`'s tiled steps; only operations with `included[k]` (all when nil) count as readers.
    init(plan: ExecutionPlan, operations: [any GraphOperation], included: [Bool]? = nil, target: Slot) {
        let readers = operations.indices.filter { included?[$0] ?? true }
        var memo: [Int: Double?] = [:]

        func overlaps(_ a: Slot, _ b: Slot) -> Bool { a.offset < b.offset + b.count && b.offset < a.offset + a.count }

        /// d target / d (scalar at `offset`) when it is a constant of the graph's structure, else nil.
        func coefficient(_ offset: Int, depth: Int) -> Double? {
            if let known = memo[offset] { return known }
            guard depth < 64 else { return nil }
            let scalar = Slot(offset: offset, count: 1, isConstant: false)
            var c = offset == target.offset ? 1.0 : 0.0
            for op in readers.lazy.map({ operations[$0] }) where op.inputs.contains(where: { overlaps($0, scalar) }) {
                guard let add = op as? AddScalarsOp,
                      add.terms.allSatisfy({ !overlaps($0, scalar) || ($0.offset == offset && $0.count == 1) }),
                      let outer = coefficient(add.output.offset, depth: depth + 1) else {
                    memo[offset] = .some(nil)
                    return nil
                }
                c += Double(add.terms.filter { $0.offset == offset }.count) * outer
            }
            memo[offset] = c
            return c
        }

        func analyse(_ group: [Int]) -> [(offset: Int, value: Double)]? {
            let members = Set(group)
            var seeds: [(offset: Int, value: Double)] = []
            for k in group {
                let op = operations[k]
                guard op.tileFusable else { return nil }
                let mapped = op.output.view(start: 0, count: op.mappedCount)
                if mapped.count > 0 {
                    for j in readers where !members.contains(j) {
                        if operations[j].inputs.contains(where: { overlaps($0, mapped) }) { return nil }
                    }
                }
                let acc = op.accumulators
                for offset in acc.offset..<(acc.offset + acc.count) {
                    guard let c = coefficient(offset, depth: 0) else { return nil }
                    seeds.append((offset, c))
                }
            }
            return seeds
        }

        seeds = plan.steps.map { step in
            if case let .tiled(indices, _) = step { return analyse(indices) }
            return nil
        }
    }
}
