// Groups consecutive elementwise operations so the evaluator can run them tile by tile while data is in cache.

/// The order in which an evaluator runs a graph's operations.
///
/// Consecutive operations that iterate over the same number of elements, element by element, are
/// fused into a tiled step: the evaluator runs all of them on elements 0..<512, then 512..<1024, and
/// so on, so intermediate vectors are still in L1/L2 cache when the next operation reads them.
/// An operation joins a group only if every input it shares with the group is a whole, aligned
/// elementwise output of the group (so no element is read before it is computed). A small untiled
/// operation (a scalar such as `-alpha`) that reads nothing the group writes is run just before the
/// group instead of ending it, so one statement's vector work stays in one tiled pass.
public struct ExecutionPlan {
    /// One step of the plan.
    public enum Step {
        /// Run operation `index` over its whole range.
        case single(Int)
        /// Run operations `indices` chunk by chunk over `count` elements.
        case tiled(indices: [Int], count: Int)
    }

    /// Elements per tile.
    public static let tileSize = 512
    /// Groups over fewer elements than this run untiled.
    public static let minimumTiledCount = 2 * tileSize
    /// Untiled operations over at most this many elements may be hoisted before a tiled group.
    public static let maximumHoistedCount = 64

    /// The steps, in forward order.
    public let steps: [Step]

    /// Plans `operations` (in topological order), leaving out those with `included[k] == false` (nil: none).
    public init(operations: [any GraphOperation], included: [Bool]? = nil) {
        var steps: [Step] = []
        var group: [Int] = []
        var groupCount = 0
        var mapOutputs: [Slot] = []
        var otherOutputs: [Slot] = []
        var groupOutputs: [Slot] = []
        var groupInputs: [Slot] = []
        var hoisted: [Int] = []

        func flush() {
            for k in hoisted { steps.append(.single(k)) }
            hoisted = []; groupOutputs = []; groupInputs = []
            // A lone operation that fuses its own reverse sweep stays tiled, so TileFusion and block threads see it.
            if group.count == 1 && !operations[group[0]].fusesOwnReverse { steps.append(.single(group[0])) }
            else if group.count >= 1 { steps.append(.tiled(indices: group, count: groupCount)) }
            group = []; mapOutputs = []; otherOutputs = []; groupCount = 0
        }

        func tileCount(_ op: any GraphOperation) -> Int? {
            switch op.tiling {
            case let .elementwise(n), let .reduction(n): return n >= ExecutionPlan.minimumTiledCount ? n : nil
            case .whole: return nil
            }
        }

        func overlaps(_ a: Slot, _ b: Slot) -> Bool {
            a.offset < b.offset + b.count && b.offset < a.offset + a.count
        }

        func canJoin(_ op: any GraphOperation, count: Int) -> Bool {
            guard count == groupCount else { return false }
            for input in op.randomAccessInputs where groupOutputs.contains(where: { overlaps($0, input) }) { return false }
            for input in op.inputs {
                if otherOutputs.contains(where: { overlaps($0, input) }) { return false }
                for m in mapOutputs where overlaps(m, input) {
                    if m.offset != input.offset || m.count != input.count { return false }
                }
            }
            return true
        }

        /// Whether `op` must stay after the group: it reads what the group writes, or writes what the group reads.
        func dependsOnGroup(_ op: any GraphOperation) -> Bool {
            op.inputs.contains { input in groupOutputs.contains { overlaps($0, input) } }
                || groupInputs.contains { overlaps($0, op.output) } || groupOutputs.contains { overlaps($0, op.output) }
        }

        for (k, op) in operations.enumerated() where included?[k] ?? true {
            guard let n = tileCount(op) else {
                if !group.isEmpty && op.elementCount <= ExecutionPlan.maximumHoistedCount && !dependsOnGroup(op) {
                    hoisted.append(k)
                } else {
                    flush(); steps.append(.single(k))
                }
                continue
            }
            if group.isEmpty || !canJoin(op, count: n) {
                flush(); groupCount = n
            }
            group.append(k)
            groupOutputs.append(op.output)
            groupInputs += op.inputs
            let mapped = op.mappedCount
            if mapped > 0 { mapOutputs.append(op.output.view(start: 0, count: mapped)) }
            if op.accumulators.count > 0 { otherOutputs.append(op.accumulators) }
        }
        flush()
        self.steps = steps
    }
}
