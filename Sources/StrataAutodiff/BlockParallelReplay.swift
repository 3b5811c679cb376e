// Deterministic within-chain threads: tiled steps split into fixed blocks whose partial sums are reduced in block order.

/// Runs the tiled steps of an ``ExecutionPlan`` over fixed blocks of ``blockSize`` elements on several
/// threads, so that one chain's log density and gradient use more than one core.
///
/// Results do not depend on the number of threads: block boundaries depend only on the step's element
/// count; each block starts its scalar sums (reductions, log-Jacobian accumulators, adjoints of broadcast
/// scalars such as a shared `alpha`) from zero in a private arena, and the evaluator adds the blocks'
/// partial sums in block order. Block `j` always runs on worker `j mod T`, forward and backward, so
/// intermediate values an operation keeps for its reverse sweep stay in that worker's arena.
/// A tiled step is split only if every input it reads from outside is a scalar, a vector of its element
/// count (read element by element) or a gather's source (copied whole, adjoints reduced like scalars'); other
/// steps run as usual.
///
/// When every operation of a split step reaches its vectors through the arena's accessors
/// (``GraphOperation/usesSlotAccessors``), its blocks run in place (``Group/inPlace``): the worker's arena
/// redirects the step's vector inputs and element-by-element outputs to the evaluator's own arena, where blocks
/// read and write disjoint element ranges, and only what blocks share (scalars, gather sources, accumulators)
/// lives in the worker's arena. Otherwise each block copies its inputs in and its outputs and adjoints back.
final class BlockParallelReplay: TeamWork {
    /// Elements per block (8 tiles): fixed, so the partial sums, hence the draws, never depend on the thread count.
    static let blockSize = 8 * ExecutionPlan.tileSize

    /// How one tiled step is split.
    struct Group {
        let indices: [Int]
        let count: Int
        /// Inputs read from outside the step that change between sweeps: whole vectors of `count` elements.
        let vectorInputs: [Slot]
        /// ... and broadcast scalars and vectors read anywhere (a gather's source), copied whole into each
        /// block's arena; their adjoints are summed per block and reduced in block order.
        let sharedInputs: [Slot]
        /// Elements of `sharedInputs` together.
        var sharedCount: Int { sharedInputs.reduce(0) { $0 + $1.count } }
        /// Accumulating outputs (sums, log-Jacobians) of the step's operations.
        let accumulators: [Slot]
        /// Element-by-element outputs, and whether an operation outside the step reads each.
        let mappedOutputs: [(slot: Slot, readOutside: Bool)]
        /// Whether fused blocks run the last operation's reverse sweep with its forward one, as the evaluator's own
        /// fused steps do (``GraphOperation/runsReverseWithForward``: e.g. the one-pass Gaussian likelihoods).
        let lastRunsReverseWithForward: Bool
        /// Whether blocks read the vector inputs and write the element-by-element outputs (values and adjoints) in
        /// the evaluator's arena in place instead of copying them: every operation uses the slot accessors.
        let inPlace: Bool
        /// Slots a block reaches in the evaluator's arena when it runs in place (``bindRedirects(_:main:)``: vector
        /// inputs, then mapped outputs).
        var redirectedCount: Int { inPlace ? vectorInputs.count + mappedOutputs.count : 0 }
        /// Number of blocks.
        var blocks: Int { (count + BlockParallelReplay.blockSize - 1) / BlockParallelReplay.blockSize }
        func blockRange(_ j: Int) -> Range<Int> {
            j * BlockParallelReplay.blockSize..<min((j + 1) * BlockParallelReplay.blockSize, count)
        }
    }

    let threads: Int
    /// Per plan (in the order given to `init`), per step: the split, or nil when the step runs on the
    /// evaluator's own arena.
    let groups: [[Group?]]
    private let workerValues: [UnsafeMutablePointer<Double>]
    private let workerAdjoints: [UnsafeMutablePointer<Double>]
    /// Tile-local slots of fused steps (of the density plan) and each worker's scratch for them.
    private let tileLocals: TileLocalLayout
    private let workerScratch: [TileScratch]
    private let size: Int
    /// Per block, the partial sums of one step (accumulators, then shared-input adjoints).
    private var partials: [Double] = []
    /// The threads that run the blocks (started on the first split step, kept for the evaluator's life).
    private let team: WorkerTeam
    /// Per worker, the first block that failed in the current sweep and its error: one element per worker, each
    /// written only by its worker (a buffer, not an array property, which two threads may not modify at once).
    private let failures: UnsafeMutablePointer<(block: Int, error: any Error)?>
    /// The current in-place sweep's redirections to the evaluator's arena (``Group/redirectedCount`` entries), filled on the
    /// calling thread before its blocks run and read by the workers' arenas.
    private let redirect: UnsafeMutablePointer<ExternalSlot>
    private let redirectCapacity: Int

    /// Plans the split of each plan's tiled steps for `threads` workers, each with its own arena copy
    /// (shared by the plans, which run one at a time).
    init(plans: [ExecutionPlan], operations: [any GraphOperation], initialValues: [Double], size: Int, threads: Int,
         tileLocals: TileLocalLayout) {
        precondition(threads >= 1)
        self.threads = threads
        self.size = size
        self.tileLocals = tileLocals
        team = WorkerTeam(size: threads)
        failures = .allocate(capacity: threads)
        failures.initialize(repeating: nil, count: threads)
        groups = plans.map { plan in
            plan.steps.map { step in
                guard case let .tiled(indices, count) = step, count > BlockParallelReplay.blockSize else { return nil }
                return BlockParallelReplay.split(indices, count: count, operations: operations)
            }
        }
        let used = groups.contains { $0.contains { $0 != nil } }
        redirectCapacity = groups.joined().reduce(0) { max($0, $1?.redirectedCount ?? 0) }
        redirect = .allocate(capacity: max(redirectCapacity, 1))
        workerValues = (0..<(used ? threads : 0)).map { _ in
            let p = UnsafeMutablePointer<Double>.allocate(capacity: size)
            p.initialize(repeating: 0, count: size)
            initialValues.withUnsafeBufferPointer { src in
                if let base = src.baseAddress { p.update(from: base, count: min(src.count, size)) }
            }
            return p
        }
        workerAdjoints = (0..<(used ? threads : 0)).map { _ in
            let p = UnsafeMutablePointer<Double>.allocate(capacity: size)
            p.initialize(repeating: 0, count: size)
            return p
        }
        workerScratch = (0..<(used ? threads : 0)).map { _ in TileScratch(slots: tileLocals.widest) }
    }

    deinit {
        failures.deinitialize(count: threads)
        failures.deallocate()
        redirect.deallocate()
        for p in workerValues { p.deallocate() }
        for p in workerAdjoints { p.deallocate() }
    }

    private static func overlaps(_ a: Slot, _ b: Slot) -> Bool {
        a.offset < b.offset + b.count && b.offset < a.offset + a.count
    }

    /// The split of one tiled step, or nil when one of its outside inputs is neither a scalar, a whole vector
    /// nor a gather's source.
    private static func split(_ indices: [Int], count: Int, operations: [any GraphOperation]) -> Group? {
        let members = Set(indices)
        let mapped = indices.map { operations[$0].output.view(start: 0, count: operations[$0].mappedCount) }
            .filter { $0.count > 0 }
        var vectors: [Slot] = [], scalars: [Slot] = []
        for k in indices {
            let anywhere = operations[k].randomAccessInputs
            for input in operations[k].inputs where input.count > 0 && !mapped.contains(where: { overlaps($0, input) }) {
                if input.isConstant { continue }
                if input.count == 1 || anywhere.contains(input) {
                    if !scalars.contains(input) { scalars.append(input) }
                } else if input.count == count {
                    if !vectors.contains(input) { vectors.append(input) }
                } else {
                    return nil
                }
            }
        }
        // Outside inputs must not overlap each other partially (each element is copied and reduced once).
        let outside = vectors + scalars
        for (i, a) in outside.enumerated() {
            for b in outside[(i + 1)...] where overlaps(a, b) { return nil }
        }
        let readers = operations.enumerated().filter { !members.contains($0.offset) }.map(\.element)
        let mappedOutputs = mapped.map { m in (slot: m, readOutside: readers.contains { $0.inputs.contains { overlaps($0, m) } }) }
        let accumulators = indices.map { operations[$0].accumulators }.filter { $0.count > 0 }
        return Group(indices: indices, count: count, vectorInputs: vectors, sharedInputs: scalars,
                     accumulators: accumulators, mappedOutputs: mappedOutputs,
                     lastRunsReverseWithForward: operations[indices[indices.count - 1]].runsReverseWithForward,
                     inPlace: indices.allSatisfy { operations[$0].usesSlotAccessors })
    }

    /// Worker `w`'s arena for a block of `sweep`: its own buffers, with the step's redirected slots in `main`'s.
    private func arena(_ w: Int, _ sweep: Sweep) -> Arena {
        Arena(values: workerValues[w], adjoints: workerAdjoints[w], local: nil,
              external: sweep.redirects > 0 ? ExternalSlots(entries: redirect, count: sweep.redirects) : nil)
    }

    /// Points ``redirect`` at `main`'s storage of `g`'s redirected slots (through its accessors, so slots that live
    /// outside `main`'s buffers are followed too) and returns their number.
    private func bindRedirects(_ g: Group, main: Arena) -> Int {
        guard g.inPlace else { return 0 }
        var n = 0
        for slot in g.vectorInputs { bind(slot, main: main, at: n); n += 1 }
        for (slot, _) in g.mappedOutputs { bind(slot, main: main, at: n); n += 1 }
        return n
    }

    private func bind(_ slot: Slot, main: Arena, at j: Int) {
        precondition(j < redirectCapacity)
        (redirect + j).initialize(to: ExternalSlot(offset: slot.offset, count: slot.count,
                                                   values: main.value(slot), adjoints: main.adjoint(slot)))
    }

    /// One sweep over a split step: what every block of it needs (set by ``forward(_:operations:main:seeds:copyAllOutputs:localStep:)``
    /// and ``backward(_:operations:main:)`` for the sweep's duration, read by the workers).
    private struct Sweep {
        let group: Group
        let operations: [any GraphOperation]
        let main: Arena
        /// Forward sweep: the adjoint seeds of a fused step (its tiles' reverse sweeps run too), or nil.
        let seeds: [(offset: Int, value: Double)]?
        let isForward: Bool
        let copyAllOutputs: Bool
        let localStep: Int?
        /// Slots of the step redirected to `main` (the first entries of ``redirect``): 0 unless the step runs in place.
        let redirects: Int
        /// Per block, `width` partial sums from `partial + block * width`.
        let width: Int
        let partial: UnsafeMutablePointer<Double>
    }
    private var sweep: Sweep?

    /// Runs every block of `sweep`, block j on worker j mod T, and throws the error of the lowest block that failed
    /// (each worker stops at its first failure), so errors do not depend on T either. Blocks report an error by
    /// returning it (not by throwing: a throwing closure here once lost the error register after the arena grew,
    /// 2026-11-30, so errors cross this boundary as plain values).
    private func runBlocks(_ sweep: Sweep) throws {
        self.sweep = sweep
        defer { self.sweep = nil }
        if threads == 1 || sweep.group.blocks == 1 { for w in 0..<threads { work(member: w) } } else { team.run(self) }
        var first: (block: Int, error: any Error)?
        for w in 0..<threads {
            if let failure = failures[w], first == nil || failure.block < first!.block { first = failure }
        }
        if let first { throw first.error }
    }

    /// Worker `member`'s share of the current sweep: blocks member, member + T, ...
    func work(member w: Int) {
        let sweep = sweep!
        failures[w] = nil
        var j = w
        while j < sweep.group.blocks {
            if let error = sweep.isForward ? forwardBlock(sweep, worker: w, block: j) : backwardBlock(sweep, worker: w, block: j) {
                failures[w] = (j, error)
                return
            }
            j += threads
        }
    }

    /// The forward sweep of step `group` into `main`; `seeds` (fused steps) run each tile's reverse sweep too.
    /// `copyAllOutputs` copies every element-by-element output back to `main` (otherwise only those that
    /// operations outside the step read). `localStep` (fused steps only): the step's index in the density plan,
    /// whose tile-local slots then live in the worker's scratch (they are never copied back: nothing outside reads them).
    func forward(_ g: Group, operations: [any GraphOperation], main: Arena,
                 seeds: [(offset: Int, value: Double)]?, copyAllOutputs: Bool, localStep: Int?) throws {
        let accCount = g.accumulators.reduce(0) { $0 + $1.count }
        let width = accCount + (seeds != nil ? g.sharedCount : 0)
        if partials.count < width * g.blocks { partials = [Double](repeating: 0, count: width * g.blocks) }
        try partials.withUnsafeMutableBufferPointer { partial in
            try runBlocks(Sweep(group: g, operations: operations, main: main, seeds: seeds, isForward: true,
                                copyAllOutputs: copyAllOutputs, localStep: localStep,
                                redirects: bindRedirects(g, main: main), width: width, partial: partial.baseAddress!))
            var p = partial.baseAddress!
            for acc in g.accumulators {
                for e in 0..<acc.count {
                    var sum = 0.0
                    for j in 0..<g.blocks { sum += p[j * width + e] }
                    main.value(acc)[e] = sum
                    if let seeds, let s = seeds.first(where: { $0.offset == acc.offset + e }) { main.adjoints[s.offset] = s.value }
                    else { main.adjoint(acc)[e] = 0 }
                }
                p += acc.count
            }
            if seeds != nil { addSharedAdjoints(g, main, partial: partial.baseAddress!, width: width, first: accCount) }
        }
    }

    /// Block `j` of a forward sweep, on worker `w`'s arena.
    private func forwardBlock(_ sweep: Sweep, worker w: Int, block j: Int) -> (any Error)? {
        let g = sweep.group, main = sweep.main, operations = sweep.operations
        let a = arena(w, sweep), range = g.blockRange(j)
        copyIn(g, from: main, to: a, range: range)
        for acc in g.accumulators {
            a.value(acc).update(repeating: 0, count: acc.count)
            a.adjoint(acc).update(repeating: 0, count: acc.count)
        }
        if let seeds = sweep.seeds {
            for s in seeds { a.adjoints[s.offset] = s.value }
            zeroInputAdjoints(g, a, range: range)
        }
        let last = g.indices[g.indices.count - 1]
        let together = sweep.seeds != nil && g.lastRunsReverseWithForward
        var start = range.lowerBound
        while start < range.upperBound {
            let tile = start..<min(start + ExecutionPlan.tileSize, range.upperBound)
            var t = a
            if let localStep = sweep.localStep {
                t = tileLocals.arena(a, step: localStep, range: tile, scratch: workerScratch[w])
            }
            for k in g.indices {
                if together && k == last {
                    do { try operations[k].forwardThenBackward(t, range: tile) } catch { return error }
                    break
                }
                do { try operations[k].forward(t, range: tile) } catch { return error }
                let m = operations[k].mappedCount
                if m > 0 { (t.adjoint(operations[k].output) + tile.lowerBound).update(repeating: 0, count: tile.count) }
            }
            if sweep.seeds != nil {
                for k in g.indices.reversed() where !(together && k == last) { operations[k].backward(t, range: tile) }
            }
            start = tile.upperBound
        }
        var p = sweep.partial + j * sweep.width
        for acc in g.accumulators {
            p.update(from: a.value(acc), count: acc.count)
            p += acc.count
        }
        for (slot, readOutside) in g.mappedOutputs where !g.inPlace && (readOutside || sweep.copyAllOutputs) {
            (main.value(slot) + range.lowerBound).update(from: a.value(slot) + range.lowerBound, count: range.count)
            if readOutside { (main.adjoint(slot) + range.lowerBound).update(repeating: 0, count: range.count) }
        }
        if sweep.seeds != nil { collectInputAdjoints(g, a, into: main, range: range, partial: p) }
        return nil
    }

    /// The reverse sweep of a step whose forward sweep ran unfused through ``forward(_:operations:main:seeds:copyAllOutputs:localStep:)``.
    func backward(_ g: Group, operations: [any GraphOperation], main: Arena) {
        let width = g.sharedCount
        if partials.count < width * g.blocks { partials = [Double](repeating: 0, count: width * g.blocks) }
        partials.withUnsafeMutableBufferPointer { partial in
            try? runBlocks(Sweep(group: g, operations: operations, main: main, seeds: nil, isForward: false,
                                 copyAllOutputs: false, localStep: nil, redirects: bindRedirects(g, main: main),
                                 width: width, partial: partial.baseAddress!))
            addSharedAdjoints(g, main, partial: partial.baseAddress!, width: width, first: 0)
        }
    }

    /// Block `j` of a reverse sweep, on worker `w`'s arena (never fails).
    private func backwardBlock(_ sweep: Sweep, worker w: Int, block j: Int) -> (any Error)? {
        let g = sweep.group, main = sweep.main
        let a = arena(w, sweep), range = g.blockRange(j)
        for acc in g.accumulators { a.adjoint(acc).update(from: main.adjoint(acc), count: acc.count) }
        for (slot, readOutside) in g.mappedOutputs where readOutside && !g.inPlace {
            (a.adjoint(slot) + range.lowerBound).update(from: main.adjoint(slot) + range.lowerBound, count: range.count)
        }
        zeroInputAdjoints(g, a, range: range)
        var start = range.lowerBound
        while start < range.upperBound {
            let tile = start..<min(start + ExecutionPlan.tileSize, range.upperBound)
            for k in g.indices.reversed() { sweep.operations[k].backward(a, range: tile) }
            start = tile.upperBound
        }
        collectInputAdjoints(g, a, into: main, range: range, partial: sweep.partial + j * sweep.width)
        return nil
    }

    /// Copies the block's part of the step's changing inputs (unless it reads them in place) and every changing
    /// shared input into a worker's arena.
    private func copyIn(_ g: Group, from main: Arena, to a: Arena, range: Range<Int>) {
        for v in g.vectorInputs where !g.inPlace {
            (a.value(v) + range.lowerBound).update(from: main.value(v) + range.lowerBound, count: range.count)
        }
        for s in g.sharedInputs { a.value(s).update(from: main.value(s), count: s.count) }
    }

    /// Zeroes the worker's adjoints of the step's inputs (in place, the vector inputs' adjoints in the evaluator's
    /// arena are added to directly, as the evaluator's own tiles do).
    private func zeroInputAdjoints(_ g: Group, _ a: Arena, range: Range<Int>) {
        for v in g.vectorInputs where !g.inPlace { (a.adjoint(v) + range.lowerBound).update(repeating: 0, count: range.count) }
        for s in g.sharedInputs { a.adjoint(s).update(repeating: 0, count: s.count) }
    }

    /// Adds the block's vector-input adjoints to `main` (each element belongs to one block) and stores its
    /// shared-input adjoints in `partial` for the ordered reduction.
    private func collectInputAdjoints(_ g: Group, _ a: Arena, into main: Arena, range: Range<Int>,
                                      partial: UnsafeMutablePointer<Double>) {
        for v in g.vectorInputs where !g.inPlace {
            let src = a.adjoint(v), dst = main.adjoint(v)
            for i in range { dst[i] += src[i] }
        }
        var p = partial
        for s in g.sharedInputs {
            p.update(from: a.adjoint(s), count: s.count)
            p += s.count
        }
    }

    /// Adds the blocks' shared-input adjoints to `main` in block order.
    private func addSharedAdjoints(_ g: Group, _ main: Arena, partial: UnsafeMutablePointer<Double>, width: Int, first: Int) {
        var offset = first
        for s in g.sharedInputs {
            let dst = main.adjoint(s)
            for e in 0..<s.count {
                var sum = 0.0
                for j in 0..<g.blocks { sum += partial[j * width + offset + e] }
                dst[e] += sum
            }
            offset += s.count
        }
    }
}
