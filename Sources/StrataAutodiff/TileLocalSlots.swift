// Tile-local scratch: vectors that only one fused tile reads live in tile-sized buffers instead of the arena.

/// Where the current tile's local slots live (see ``Arena``): local slot j (arena offset `offsets[j]`) has
/// element i of the tile at `values[j * ExecutionPlan.tileSize + i]`, `values` being the scratch buffer's start
/// shifted back by the tile's first element (so operations index it exactly as they index the arena).
public struct TileLocalSlots {
    @usableFromInline let offsets: UnsafePointer<Int>
    @usableFromInline let count: Int
    @usableFromInline let values: UnsafeMutablePointer<Double>
    @usableFromInline let adjoints: UnsafeMutablePointer<Double>

    init(offsets: UnsafePointer<Int>, count: Int, values: UnsafeMutablePointer<Double>,
         adjoints: UnsafeMutablePointer<Double>) {
        self.offsets = offsets; self.count = count; self.values = values; self.adjoints = adjoints
    }

    /// Scratch position of the slot at arena `offset` (times the tile size), or nil when it lives in the arena.
    /// Matched by offset: a local slot is only ever read whole (``ExecutionPlan``) and written by its operation.
    @inlinable func position(of offset: Int) -> Int? {
        var j = 0
        while j < count {
            if offsets[j] == offset { return j &* ExecutionPlan.tileSize }
            j &+= 1
        }
        return nil
    }
}

/// Which vectors of a plan's fused steps live in tile-local scratch, and the scratch itself (one per thread).
///
/// A fused step's element-by-element outputs are read by no operation outside it (``TileFusion``), and its
/// reverse sweep runs on each tile right after the forward sweep: so those outputs (values and adjoints) are
/// needed only while that tile runs. Kept in a scratch buffer of one tile per vector, they stay in L1/L2 cache
/// instead of streaming every intermediate vector of a long statement to memory and back. Only steps whose
/// operations all reach slots through ``Arena/value(_:)``/``Arena/adjoint(_:)`` qualify
/// (``GraphOperation/usesSlotAccessors``). Results are bit-identical: the same operations run on the same
/// numbers in the same order, only the addresses change.
final class TileLocalLayout {
    /// Per plan step: the range of `offsets` holding its local slots' arena offsets (empty: none).
    let steps: [Range<Int>]
    private let offsets: UnsafeMutablePointer<Int>
    /// Most local slots of any step.
    let widest: Int

    /// Local slots of `plan`'s steps for which `fused[step]` holds.
    init(plan: ExecutionPlan, fused: [Bool], operations: [any GraphOperation]) {
        let perStep: [[Int]] = plan.steps.enumerated().map { i, step in
            guard fused[i], case let .tiled(indices, count) = step,
                  indices.allSatisfy({ operations[$0].usesSlotAccessors }) else { return [] }
            return indices.compactMap { k in operations[k].mappedCount == count ? operations[k].output.offset : nil }
        }
        let flat = perStep.flatMap { $0 }
        offsets = .allocate(capacity: max(flat.count, 1))
        offsets.initialize(from: flat, count: flat.count)
        var next = 0
        steps = perStep.map { s in
            defer { next += s.count }
            return next..<(next + s.count)
        }
        widest = perStep.map(\.count).max() ?? 0
    }

    deinit { offsets.deallocate() }

    /// Number of local slots over all steps.
    var slotCount: Int { steps.reduce(0) { $0 + $1.count } }

    /// `arena` with step `step`'s local slots in `scratch`, for the tile `range` (`arena` itself if it has none).
    @inline(__always)
    func arena(_ arena: Arena, step: Int, range: Range<Int>, scratch: TileScratch) -> Arena {
        let r = steps[step]
        if r.isEmpty { return arena }
        return Arena(values: arena.values, adjoints: arena.adjoints,
                     local: TileLocalSlots(offsets: offsets + r.lowerBound, count: r.count,
                                           values: scratch.values - range.lowerBound,
                                           adjoints: scratch.adjoints - range.lowerBound),
                     external: arena.external)
    }
}

/// Tile-sized value and adjoint buffers for the local slots of one step at a time (one per thread).
final class TileScratch {
    let values: UnsafeMutablePointer<Double>
    let adjoints: UnsafeMutablePointer<Double>

    /// Room for `slots` vectors of one tile each.
    init(slots: Int) {
        let n = max(slots, 1) * ExecutionPlan.tileSize
        values = .allocate(capacity: n)
        values.initialize(repeating: 0, count: n)
        adjoints = .allocate(capacity: n)
        adjoints.initialize(repeating: 0, count: n)
    }

    deinit {
        values.deallocate()
        adjoints.deallocate()
    }
}
