// Replays a static graph for one chain: forward values, reverse-mode adjoints, all in preallocated buffers.
import StrataCore

/// Evaluates a ``Graph``'s target and gradient. Owns its arena; use one per chain (not thread-safe).
public final class GraphEvaluator {
    /// The graph being evaluated.
    public let graph: Graph
    /// The scalar whose gradient is computed.
    public let target: Slot
    /// Every operation: the sweep that fills reported outputs (``forward(at:)``).
    private let plan: ExecutionPlan
    /// Only the operations the target needs (no generated quantities): gradients and log densities.
    private let densityPlan: ExecutionPlan
    private let operations: [any GraphOperation]
    /// The same operations behind class references, called in place (see ``OperationRunner``).
    private let ops: OperationRunners
    /// What the replay loop needs of each operation, read once here instead of through the protocol per call.
    private let layouts: UnsafeMutablePointer<OperationLayout>
    /// Runs of small steps replayed as instruction tapes (``ScalarTape``), for each plan.
    private let runs: ScalarRuns, densityRuns: ScalarRuns
    /// Each plan's steps as plain integers (``ReplayStep``), so the replay loop reads no reference-counted value.
    private let steps: UnsafeMutablePointer<ReplayStep>, densitySteps: UnsafeMutablePointer<ReplayStep>
    /// Number of steps of each plan, and of unconstrained parameters (read without touching the plans or graph).
    private let stepCount: Int, densityStepCount: Int, parameterCount: Int
    /// The parameters' offsets in x and slots in the arena, copied out of the graph.
    private let parameterInputs: [(xOffset: Int, slot: Slot)]
    /// The same as plain records (with whether gradients read the block in place), read without a retain per sweep.
    private let parameterTable: UnsafeMutablePointer<ParameterBlock>, parameterBlockCount: Int
    /// Each tape's instructions, for the plan and the density plan, indexed like ``ScalarRuns/tapes``: the replay
    /// loop reads them without retaining the runs' arrays.
    private let tapeCode: UnsafeMutablePointer<UnsafeBufferPointer<ScalarTape.Instruction>>,
                densityTapeCode: UnsafeMutablePointer<UnsafeBufferPointer<ScalarTape.Instruction>>
    /// Parameter blocks that gradients and log densities read from the caller's x and whose adjoints gradients
    /// accumulate in the caller's gradient, without copies (``ExternalParameterLayout``).
    private let externals: ExternalParameterLayout
    /// Tiled steps whose reverse sweep runs right after their forward sweep, tile by tile, in gradients.
    private let fusion: TileFusion
    /// Tiled steps split over fixed blocks on several threads (``init(graph:target:threadsPerChain:)``), or nil.
    private let blocked: BlockParallelReplay?
    /// Vectors of fused steps kept in tile-sized scratch in gradients and log densities (``TileLocalLayout``).
    private let tileLocals: TileLocalLayout
    private let scratch: TileScratch
    private let values: UnsafeMutablePointer<Double>
    private let adjoints: UnsafeMutablePointer<Double>
    private let size: Int

    /// Prepares an evaluator of `target` (a scalar of `graph`).
    /// - Parameter threadsPerChain: when set (T >= 1), large tiled steps run over fixed blocks of elements on
    ///   T threads, with the blocks' partial sums added in block order: results are bit-identical for every T
    ///   (but may differ in the last bits from an evaluator without it, which sums tile by tile).
    /// - Parameter tileLocal: keep the vectors that only a fused tile reads in tile-sized scratch buffers in
    ///   gradients and log densities (``TileLocalLayout``; bit-identical results, less memory traffic on long
    ///   vectors); false keeps every vector in the arena.
    /// - Parameter inPlaceParameters: gradients and log densities read long parameter blocks straight from the
    ///   caller's point and add their adjoints straight into the caller's gradient (``ExternalParameterLayout``;
    ///   bit-identical results, no copies); false copies every block into the arena and back. With
    ///   `threadsPerChain`, blocks that run in place (``BlockParallelReplay``) read and add to them in the caller's
    ///   buffers too, and the others copy their share through the arena's accessors.
    /// - Parameter affineLocations: likelihoods whose location is a sum of scalar × vector (or gathered vector)
    ///   terms compute it inside one node in gradients and log densities (``AffineLocationFusion``; bit-identical
    ///   results; an ``AffineInputConsumer`` computing an offset itself may sum in another order); false runs the
    ///   graph's gathers, products and sums as recorded.
    public convenience init(graph: Graph, target: Slot, threadsPerChain: Int? = nil, tileLocal: Bool = true,
                            inPlaceParameters: Bool = true, affineLocations: Bool = true) {
        self.init(graph: graph, target: target, threadsPerChain: threadsPerChain, scalarTapes: true, tileLocal: tileLocal,
                  inPlaceParameters: inPlaceParameters, affineLocations: affineLocations)
    }

    /// Locations shorter than this stay unfused: instruction tapes (``ScalarTape``) replay short vectors' nodes.
    public static let minimumAffineLocationCount = ScalarTape.maximumCount + 1

    /// ``init(graph:target:threadsPerChain:tileLocal:)`` choosing whether runs of small nodes replay as instruction
    /// tapes (``ScalarTape``; on by default). Off, every node runs through its operation: the same values and
    /// gradients, bit for bit, slower.
    /// - Parameter sharedSubexpressions: within a tape, an instruction that repeats an earlier one on the same values
    ///   copies its output (``ScalarTape/sharingRepeats(_:)``): the same values bit for bit; gradients add the
    ///   repeats' adjoints before the shared instruction's reverse step, so they may differ in the last bits.
    public init(graph: Graph, target: Slot, threadsPerChain: Int?, scalarTapes: Bool, sharedSubexpressions: Bool = true,
                tileLocal: Bool = true, inPlaceParameters: Bool = true, affineLocations: Bool = true,
                minimumAffineLocationCount: Int = GraphEvaluator.minimumAffineLocationCount) {
        precondition(target.count == 1, "target must be a scalar")
        self.graph = graph
        self.target = target
        let fused = AffineLocationFusion(operations: graph.operations, outputOnly: graph.operationIsOutputOnly,
                                         arenaSize: graph.arenaSize,
                                         minimumCount: affineLocations ? minimumAffineLocationCount : Int.max)
        operations = fused.operations
        fusedLocationCount = fused.fusedCount
        fusedInputCount = fused.fusedInputCount
        ops = OperationRunners(operations)
        plan = ExecutionPlan(operations: operations)
        let needed = Graph.neededForDensity(operations, outputOnly: fused.outputOnly, arenaSize: graph.arenaSize)
        gradientRunsOperation = needed
        densityPlan = needed.contains(false) ? ExecutionPlan(operations: operations, included: needed) : plan
        layouts = .allocate(capacity: max(operations.count, 1))
        layouts.initialize(from: operations.map(OperationLayout.init), count: operations.count)
        let tapedOperations = scalarTapes ? operations : []
        runs = ScalarRuns(plan: plan, operations: tapedOperations, sharing: sharedSubexpressions)
        densityRuns = needed.contains(false)
            ? ScalarRuns(plan: densityPlan, operations: tapedOperations, sharing: sharedSubexpressions) : runs
        fusion = TileFusion(plan: densityPlan, operations: operations, included: needed, target: target)
        tileLocals = TileLocalLayout(plan: densityPlan, fused: fusion.seeds.map { tileLocal && $0 != nil },
                                     operations: operations)
        scratch = TileScratch(slots: tileLocals.widest)
        steps = ReplayStep.table(plan, runs, fused: nil)
        densitySteps = ReplayStep.table(densityPlan, densityRuns, fused: fusion.seeds.map { $0 != nil })
        parameterInputs = graph.parameterInputs
        let externals = ExternalParameterLayout(parameters: inPlaceParameters ? graph.parameterInputs : [],
                                                operations: operations, included: needed)
        self.externals = externals
        parameterBlockCount = parameterInputs.count
        parameterTable = .allocate(capacity: max(parameterInputs.count, 1))
        for (p, (xOffset, slot)) in parameterInputs.enumerated() {
            (parameterTable + p).initialize(to: ParameterBlock(xOffset: xOffset, offset: slot.offset, count: slot.count,
                                                               external: !externals.isExternal.isEmpty && externals.isExternal[p]))
        }
        tapeCode = ScalarTape.instructionTable(runs)
        densityTapeCode = needed.contains(false) ? ScalarTape.instructionTable(densityRuns) : tapeCode
        stepCount = plan.steps.count
        densityStepCount = densityPlan.steps.count
        parameterCount = graph.parameterCount
        size = max(graph.arenaSize + fused.scratchCount, 1)
        let (plans, operations, size, locals) = ([self.plan, densityPlan], self.operations, self.size, tileLocals)
        blocked = threadsPerChain.map {
            BlockParallelReplay(plans: plans, operations: operations, initialValues: graph.initialValues, size: size,
                                threads: max($0, 1), tileLocals: locals)
        }
        values = .allocate(capacity: size)
        adjoints = .allocate(capacity: size)
        graph.initialValues.withUnsafeBufferPointer { src in
            values.initialize(repeating: 0, count: size)
            if let base = src.baseAddress { values.update(from: base, count: src.count) }
        }
        adjoints.initialize(repeating: 0, count: size)
    }

    deinit {
        ops.deallocate()
        layouts.deallocate()
        steps.deallocate()
        densitySteps.deallocate()
        values.deallocate()
        adjoints.deallocate()
        parameterTable.deallocate()
        if densityTapeCode != tapeCode { ScalarTape.deallocate(densityTapeCode, count: densityRuns.tapes.count) }
        ScalarTape.deallocate(tapeCode, count: runs.tapes.count)
    }

    /// Likelihoods whose affine location gradients and log densities compute inside one node (``AffineLocationOp``).
    public let fusedLocationCount: Int

    /// Operations computing an affine input (an offset, an exponential slope) themselves (``AffineInputConsumer``)
    /// in gradients and log densities.
    public let fusedInputCount: Int

    /// The operations this evaluator replays, indexed like the graph's: fused likelihoods (``AffineLocationOp``) in
    /// place of the graph's.
    public var replayedOperations: [any GraphOperation] { operations }

    /// For each of ``replayedOperations``, whether gradients and log densities run it: false for operations only
    /// reported outputs need (generated quantities) and for those a fused node absorbed (``AffineLocationFusion``).
    public let gradientRunsOperation: [Bool]

    /// Operations that gradients replay through instruction tapes (``ScalarTape``) instead of one call each.
    public var tapedOperationCount: Int {
        densityRuns.tapes.reduce(0) { n, run in run.tape.instructions.reduce(n) { $0 + $1.operationCount } }
    }

    /// Adjacent pairs of one-element tape instructions that gradients run as one fused instruction
    /// (`square(x - mu)`, `a * b + c`, `b * square(a)`, `sqrt(a + b)`; the same numbers bit for bit).
    public var fusedInstructionCount: Int { densityRuns.fusedCount }

    /// Tape instructions of gradients that copy an earlier instruction's result instead of recomputing it
    /// (``init(graph:target:threadsPerChain:scalarTapes:sharedSubexpressions:tileLocal:inPlaceParameters:)``).
    public var sharedInstructionCount: Int { densityRuns.sharedCount }

    /// Vectors of fused steps kept in tile-local scratch in gradients and log densities (0 with `tileLocal: false`).
    public var tileLocalSlotCount: Int { tileLocals.slotCount }

    /// Tiled steps whose reverse sweep runs tile by tile right after their forward sweep in gradients.
    public var fusedStepCount: Int { fusion.seeds.filter { $0 != nil }.count }

    /// Parameter blocks that gradients and log densities read in place from the caller's point (no copy).
    public var externalParameterBlockCount: Int { externals.blocks.count }

    /// Tiled steps that run over fixed blocks on several threads (0 without `threadsPerChain`).
    public var blockedStepCount: Int { blocked?.groups[1].filter { $0 != nil }.count ?? 0 }

    /// Of those, the steps whose blocks read their vector inputs and write their outputs in this evaluator's arena in
    /// place (``BlockParallelReplay``) instead of copying them.
    public var inPlaceBlockedStepCount: Int { blocked?.groups[1].filter { $0?.inPlace == true }.count ?? 0 }

    /// Number of unconstrained parameters.
    public var dimension: Int { graph.parameterCount }

    private var arena: Arena { Arena(values: values, adjoints: adjoints) }

    /// Number of operations a gradient or log-density evaluation runs (output-only ones left out).
    public var densityOperationCount: Int { Self.operationCount(densityPlan) }

    private static func operationCount(_ plan: ExecutionPlan) -> Int {
        plan.steps.reduce(0) { n, step in
            if case let .tiled(indices, _) = step { return n + indices.count }
            return n + 1
        }
    }

    /// Runs the forward sweep of every operation at `x` (reported outputs included) and returns the target's value.
    @discardableResult
    public func forward(at x: [Double]) throws -> Double {
        var probe = NoProbe()
        return try forward(at: x, probe: &probe)
    }

    /// ``forward(at:)`` reporting each operation to `probe` (profiling).
    @discardableResult
    public func forward<Probe: ReplayProbe>(at x: [Double], probe: inout Probe) throws -> Double {
        try forward(at: x, density: false, fused: false, probe: &probe)
    }

    /// The target's value at `x`, running only the operations it needs (output-only ones such as
    /// generated quantities are skipped, so their slots keep stale values).
    public func logDensity(at x: [Double]) throws -> Double {
        var probe = NoProbe()
        return try logDensity(at: x, probe: &probe)
    }

    /// ``logDensity(at:)`` reporting each operation to `probe` (profiling).
    public func logDensity<Probe: ReplayProbe>(at x: [Double], probe: inout Probe) throws -> Double {
        try forward(at: x, density: true, fused: false, probe: &probe)
    }

    /// The forward sweep of ``densityPlan`` (`density`) or of every operation; with `fused` (density only), the
    /// steps ``TileFusion`` allows also run their reverse sweep.
    private func forward<Probe: ReplayProbe>(at x: [Double], density: Bool, fused: Bool,
                                             probe: inout Probe) throws -> Double {
        guard x.count == parameterCount else {
            throw LogDensityError.invalidModel("expected \(parameterCount) unconstrained parameters, got \(x.count)")
        }
        return try x.withUnsafeBufferPointer { px in
            // A log density reads its long parameter blocks in place (their adjoints stay in the arena, untouched).
            let external = density && !fused
                ? externals.bind(x: px.baseAddress, adjoints: { [adjoints, externals] in adjoints + externals.blocks[$0].slot.offset })
                : nil
            let arena = Arena(values: values, adjoints: adjoints, local: nil, external: external)
            return try forward(px, arena: arena, density: density, fused: fused, probe: &probe)
        }
    }

    /// ``forward(at:density:fused:probe:)`` over `arena`, whose external blocks (if any) are those of
    /// ``externals`` bound to `x`: those are neither copied in nor, in gradients, zeroed in the arena (the
    /// caller's gradient is zeroed instead, through the arena's accessor).
    private func forward<Probe: ReplayProbe>(_ x: UnsafeBufferPointer<Double>, arena: Arena, density: Bool, fused: Bool,
                                             probe: inout Probe) throws -> Double {
        probe.beginSweep(reverse: false)
        defer { probe.endSweep() }
        // A log density runs no reverse sweep: it leaves adjoints alone (the next gradient's forward sweep zeroes them).
        let zeroAdjoints = fused || !density
        let inPlace = arena.external != nil
        let blocks = parameterTable, blockCount = parameterBlockCount
        for p in 0..<blockCount {
            let b = blocks[p]
            if inPlace && b.external {
                // The caller's gradient (through the accessor) is zeroed instead of the arena's adjoints.
                if zeroAdjoints { Self.zero(arena.adjoint(b.slot), count: b.count) }
                continue
            }
            Self.copy(x.baseAddress! + b.xOffset, to: values + b.offset, count: b.count)
            if zeroAdjoints { Self.zero(adjoints + b.offset, count: b.count) }
        }
        // Only plain values are read per step; the plans, runs and blocks (reference-counted) only when a step
        // needs them.
        let steps = density ? densitySteps : self.steps
        let stepCount = density ? densityStepCount : self.stepCount
        let tapes = density ? densityTapeCode : tapeCode
        var stepIndex = 0
        while stepIndex < stepCount {
            defer { stepIndex += 1 }
            let step = steps[stepIndex]
            if step.tapeStarting >= 0 {
                try ScalarTape.forward(tapes[Int(step.tapeStarting)], values, adjoints, probe: &probe)
                stepIndex += Int(step.tapeSteps) - 1
                continue
            }
            if step.operation >= 0 {
                let k = Int(step.operation)
                probe.willRun(k)
                let l = layouts[k]
                if l.accumulatorCount > 0 { Self.zero(values + l.accumulatorOffset, count: l.accumulatorCount) }
                try ops.forward(k, arena, range: 0..<l.elementCount)
                if zeroAdjoints { Self.zero(adjoints + l.outputOffset, count: l.outputCount) }
                continue
            }
            switch (density ? densityPlan : plan).steps[stepIndex] {
            case .single: preconditionFailure("single steps are replayed from the step table")
            case let .tiled(indices, count):
                if let blocked, let group = blocked.groups[density ? 1 : 0][stepIndex] {
                    try blocked.forward(group, operations: operations, main: arena,
                                        seeds: fused ? fusion.seeds[stepIndex] : nil, copyAllOutputs: !fused,
                                        localStep: fused ? stepIndex : nil)
                    continue
                }
                for k in indices {
                    let l = layouts[k]
                    if l.accumulatorCount > 0 {
                        (values + l.accumulatorOffset).update(repeating: 0, count: l.accumulatorCount)
                        (adjoints + l.accumulatorOffset).update(repeating: 0, count: l.accumulatorCount)
                    }
                }
                let seeds = fused ? fusion.seeds[stepIndex] : nil
                if let seeds { for s in seeds { adjoints[s.offset] = s.value } }
                // Only the density plan has tile-local slots; a log density (no reverse sweep) may use them too.
                let local = density
                var start = 0
                while start < count {
                    let range = start..<min(start + ExecutionPlan.tileSize, count)
                    let tile = local ? tileLocals.arena(arena, step: stepIndex, range: range, scratch: scratch) : arena
                    // The last operation may run its reverse sweep with its forward one (``GraphOperation/fusesOwnReverse``).
                    let last = indices[indices.count - 1]
                    let together = seeds != nil && layouts[last].fusesOwnReverse
                    for k in indices {
                        probe.willRun(k)
                        if together && k == last { try ops.forwardThenBackward(k, tile, range: range); break }
                        try ops.forward(k, tile, range: range)
                        let l = layouts[k]
                        if l.mappedCount > 0 && zeroAdjoints {
                            (tile.adjoint(l.output) + range.lowerBound).update(repeating: 0, count: range.count)
                        }
                    }
                    if seeds != nil {
                        probe.switchDirection(reverse: true)
                        for k in indices.reversed() where !(together && k == last) {
                            probe.willRun(k)
                            ops.backward(k, tile, range: range)
                        }
                        probe.switchDirection(reverse: false)
                    }
                    start = range.upperBound
                }
            }
        }
        return values[target.offset]
    }

    /// Runs the backward sweep after ``forward(at:)``; adjoints then hold d target / d node.
    public func backward() {
        var probe = NoProbe()
        backward(probe: &probe)
    }

    /// ``backward()`` reporting each operation to `probe` (profiling).
    public func backward<Probe: ReplayProbe>(probe: inout Probe) {
        backward(density: false, skippingFused: false, probe: &probe)
    }

    /// The reverse sweep of ``densityPlan`` (`density`) or of every operation; `skippingFused` (density only)
    /// leaves out the steps whose reverse sweep ran fused with the forward one.
    private func backward<Probe: ReplayProbe>(density: Bool, skippingFused: Bool, probe: inout Probe) {
        backward(arena: arena, density: density, skippingFused: skippingFused, probe: &probe)
    }

    /// ``backward(density:skippingFused:probe:)`` over `arena` (the one the forward sweep ran over).
    private func backward<Probe: ReplayProbe>(arena: Arena, density: Bool, skippingFused: Bool, probe: inout Probe) {
        if target.isConstant { return }
        probe.beginSweep(reverse: true)
        defer { probe.endSweep() }
        adjoints[target.offset] = 1
        let steps = density ? densitySteps : self.steps
        let tapes = density ? densityTapeCode : tapeCode
        var stepIndex = (density ? densityStepCount : stepCount) - 1
        while stepIndex >= 0 {
            defer { stepIndex -= 1 }
            let step = steps[stepIndex]
            if step.tapeEnding >= 0 {
                ScalarTape.backward(tapes[Int(step.tapeEnding)], values, adjoints, probe: &probe)
                stepIndex -= Int(step.tapeSteps) - 1
                continue
            }
            if skippingFused && step.fused { continue }
            if step.operation >= 0 {
                let k = Int(step.operation)
                probe.willRun(k)
                ops.backward(k, arena, range: 0..<layouts[k].elementCount)
                continue
            }
            switch (density ? densityPlan : plan).steps[stepIndex] {
            case .single: preconditionFailure("single steps are replayed from the step table")
            case let .tiled(indices, count):
                if let blocked, let group = blocked.groups[density ? 1 : 0][stepIndex] {
                    blocked.backward(group, operations: operations, main: arena)
                    continue
                }
                var start = 0
                while start < count {
                    let range = start..<min(start + ExecutionPlan.tileSize, count)
                    for k in indices.reversed() {
                        probe.willRun(k)
                        ops.backward(k, arena, range: range)
                    }
                    start = range.upperBound
                }
            }
        }
    }

    /// Whether ``pushTangents(_:directions:)`` covers the whole graph: every step of the full plan replays through
    /// instruction tapes with tangent rules (``ScalarTape``), except the one operation that writes `skipping`, a
    /// slot nothing else reads (such as a target that only reverse sweeps need).
    public func supportsTangents(skipping: Slot) -> Bool {
        var s = 0
        while s < stepCount {
            let step = steps[s]
            if step.tapeStarting >= 0 {
                guard runs.tapes[Int(step.tapeStarting)].tape.supportsTangents else { return false }
                s += Int(step.tapeSteps)
                continue
            }
            guard step.operation >= 0, layouts[Int(step.operation)].output == skipping else { return false }
            s += 1
        }
        return true
    }

    /// Forward-mode derivatives after ``forward(at:)``, when ``supportsTangents(skipping:)`` holds: fills the
    /// tangents of every tape instruction's output from those of its inputs, in `directions` directions at once
    /// (a multiple of ``tangentBlock``), `tangents[o * directions + d]` for arena offset o (the caller sizes it to the arena, zeroes it once and
    /// writes the parameter blocks' tangents; the skipped operation's output gets none).
    /// Tangent directions are pushed in blocks of this many (unused ones may be left zero).
    public static let tangentBlock = ScalarTape.Lanes.scalarCount

    public func pushTangents(_ tangents: UnsafeMutablePointer<Double>, directions: Int) {
        var s = 0
        while s < stepCount {
            let step = steps[s]
            if step.tapeStarting >= 0 {
                runs.tapes[Int(step.tapeStarting)].tape.pushTangents(values, tangents, directions: directions)
                s += Int(step.tapeSteps)
                continue
            }
            s += 1
        }
    }

    /// Sets `count` doubles to zero; a scalar without a call to memset.
    @inline(__always) private static func zero(_ p: UnsafeMutablePointer<Double>, count: Int) {
        if count == 1 { p.pointee = 0 } else { p.update(repeating: 0, count: count) }
    }

    /// Copies `count` doubles; a scalar without a call to memmove.
    @inline(__always) private static func copy(_ from: UnsafePointer<Double>, to p: UnsafeMutablePointer<Double>, count: Int) {
        if count == 1 { p.pointee = from.pointee } else { p.update(from: from, count: count) }
    }

    /// Target value and gradient with respect to the unconstrained parameters.
    /// - Throws: ``LogDensityError`` from an operation, or `.nonFinite` if the value or gradient is not finite.
    public func valueAndGradient(at x: [Double], gradient: inout [Double]) throws -> Double {
        var probe = NoProbe()
        return try valueAndGradient(at: x, gradient: &gradient, probe: &probe)
    }

    /// ``valueAndGradient(at:gradient:)`` reporting each operation to `probe` (profiling).
    ///
    /// Long parameter blocks (``ExternalParameterLayout``) are read straight from `x` and their adjoints
    /// accumulated straight into `gradient`; afterwards the arena holds no copy of those blocks' values.
    public func valueAndGradient<Probe: ReplayProbe>(at x: [Double], gradient: inout [Double],
                                                     probe: inout Probe) throws -> Double {
        guard x.count == parameterCount else {
            throw LogDensityError.invalidModel("expected \(parameterCount) unconstrained parameters, got \(x.count)")
        }
        if gradient.count != x.count { gradient = [Double](repeating: 0, count: x.count) }
        let (values, adjoints, externals, parameterTable, parameterBlockCount) =
            (self.values, self.adjoints, self.externals, self.parameterTable, self.parameterBlockCount)
        return try x.withUnsafeBufferPointer { px in
            try gradient.withUnsafeMutableBufferPointer { pg in
                let external = externals.bind(x: px.baseAddress, adjoints: { pg.baseAddress! + externals.blocks[$0].xOffset })
                let arena = Arena(values: values, adjoints: adjoints, local: nil, external: external)
                let lp = try forward(px, arena: arena, density: true, fused: true, probe: &probe)
                guard lp.isFinite || lp == -.infinity else { throw LogDensityError.nonFinite("log density is \(lp)") }
                if lp == -.infinity { throw LogDensityError.nonFinite("log density is -inf") }
                backward(arena: arena, density: true, skippingFused: true, probe: &probe)
                var finite = true
                let blocks = parameterTable
                for p in 0..<parameterBlockCount {
                    let b = blocks[p], g = pg.baseAddress! + b.xOffset
                    finite = (external != nil && b.external
                        ? allFinite(g, count: b.count)
                        : copyCheckingFinite(adjoints + b.offset, to: g, count: b.count)) && finite
                }
                if !finite { throw LogDensityError.nonFinite("gradient is not finite") }
                return lp
            }
        }
    }

    /// Runs `body` with this evaluator's arena (values after the last forward sweep), e.g. to fill a
    /// latent slot that no operation writes.
    public func withArena<T>(_ body: (Arena) throws -> T) rethrows -> T { try body(arena) }

    /// Adjoints of `slot` (d target / d slot) after the last ``backward()``.
    public func adjoints(of slot: Slot) -> [Double] {
        Array(UnsafeBufferPointer(start: adjoints + slot.offset, count: slot.count))
    }

    /// Values of `slot` after the last forward sweep.
    public func values(of slot: Slot) -> [Double] {
        Array(UnsafeBufferPointer(start: values + slot.offset, count: slot.count))
    }

    /// Copies `slot`'s values after the last forward sweep into `out` starting at `offset`.
    public func copyValues(of slot: Slot, into out: inout [Double], at offset: Int) {
        out.withUnsafeMutableBufferPointer { o in
            (o.baseAddress! + offset).update(from: values + slot.offset, count: slot.count)
        }
    }
}

/// One plan step as plain values: what the replay loop reads per step.
private struct ReplayStep {
    /// The operation of a single step (not replayed by a tape), or -1.
    var operation: Int32
    /// The tape (index into ``ScalarRuns/tapes``) that starts / ends at this step, or -1.
    var tapeStarting: Int32, tapeEnding: Int32
    /// Plan steps replaced by the tape starting or ending here.
    var tapeSteps: Int32
    /// Whether the step's reverse sweep runs fused with its forward sweep in gradients (``TileFusion``).
    var fused: Bool

    /// The table of `plan`'s steps (`fused[s]`: step s is fused; nil: none), allocated for the caller to free.
    static func table(_ plan: ExecutionPlan, _ runs: ScalarRuns, fused: [Bool]?) -> UnsafeMutablePointer<ReplayStep> {
        let table = UnsafeMutablePointer<ReplayStep>.allocate(capacity: max(plan.steps.count, 1))
        for (s, step) in plan.steps.enumerated() {
            var operation: Int32 = -1
            if case let .single(k) = step { operation = Int32(k) }
            let starting = runs.startingAt[s], ending = runs.endingAt[s]
            let tape = starting >= 0 ? starting : ending
            (table + s).initialize(to: ReplayStep(operation: operation, tapeStarting: starting, tapeEnding: ending,
                                                  tapeSteps: tape >= 0 ? Int32(runs.tapes[Int(tape)].steps) : 0,
                                                  fused: fused?[s] ?? false))
        }
        return table
    }
}

/// One parameter block as plain values: where it sits in x and in the arena, and whether gradients and log
/// densities read it in place (``ExternalParameterLayout``).
private struct ParameterBlock {
    let xOffset: Int, offset: Int, count: Int
    let external: Bool
    var slot: Slot { Slot(offset: offset, count: count, isConstant: false) }
}

/// The slots and counts of one operation, as plain integers.
private struct OperationLayout {
    let output: Slot
    let outputOffset: Int, outputCount: Int
    let accumulatorOffset: Int, accumulatorCount: Int
    let elementCount: Int, mappedCount: Int
    /// Whether fused steps run the operation's reverse sweep with its forward one.
    let fusesOwnReverse: Bool

    init(_ op: any GraphOperation) {
        output = op.output
        outputOffset = op.output.offset; outputCount = op.output.count
        let acc = op.accumulators
        accumulatorOffset = acc.offset; accumulatorCount = acc.count
        elementCount = op.elementCount; mappedCount = op.mappedCount
        fusesOwnReverse = op.runsReverseWithForward
    }
}
