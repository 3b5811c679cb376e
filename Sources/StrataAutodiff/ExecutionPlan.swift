// Groups consecutive elementwise operations so the evaluator can run them tile by tile while data is in cache.

/// The order in which an evaluator runs a graph's operations.
///
/// Consecutive operations that iterate over the same number of elements, element by element, are
/// fused into a tiled step: the evaluator runs all of them on elements 0..<512, then 512..<1024, and
/// so on, so intermediate vectors are still in L1/L2 cache when the next operation reads them.
/// An operation joins a group only if every input it shares with the group is a whole, aligned
/// elementwise output of the group (so no element is read before it is computed).
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

    /// The steps, in forward order.
    public let steps: [Step]

    /// Plans `operations` (in topological order).
    public init(operations: [any GraphOperation]) {
        var steps: [Step] = []
        var group: [Int] = []
        var groupCount = 0
        var mapOutputs: [Slot] = []
        var otherOutputs: [Slot] = []

        func flush() {
            if group.count == 1 { steps.append(.single(group[0])) }
            else if group.count > 1 { steps.append(.tiled(indices: group, count: groupCount)) }
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
            for input in op.inputs {
                if otherOutputs.contains(where: { overlaps($0, input) }) { return false }
                for m in mapOutputs where overlaps(m, input) {
                    if m.offset != input.offset || m.count != input.count { return false }
                }
            }
            return true
        }

        for (k, op) in operations.enumerated() {
            guard let n = tileCount(op) else {
                flush(); steps.append(.single(k)); continue
            }
            if group.isEmpty || !canJoin(op, count: n) {
                flush(); groupCount = n
            }
            group.append(k)
            let mapped = op.mappedCount
            if mapped > 0 { mapOutputs.append(op.output.view(start: 0, count: mapped)) }
            if op.accumulators.count > 0 { otherOutputs.append(op.accumulators) }
        }
        flush()
        self.steps = steps
    }
}
