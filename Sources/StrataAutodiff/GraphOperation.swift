// The protocol every node of the static AD graph implements: a forward and a backward sweep over slots.

/// How the evaluator may split an operation's work into element ranges.
public enum Tiling: Equatable, Sendable {
    /// Must run over its whole input at once (gathers, matrix products, transforms that couple elements).
    case whole
    /// Output element i (for i < count) depends only on input elements i (or broadcast scalars): any
    /// sub-range may run alone. Output elements past `count`, if any, are accumulators (e.g. a
    /// transform's log-Jacobian): the evaluator zeroes them first and each chunk adds to them.
    case elementwise(count: Int)
    /// Sums `count` independent per-element terms into a scalar output; runs chunk by chunk, adding
    /// each chunk's partial sum to the output, which the evaluator zeroes first.
    case reduction(count: Int)
}

/// One node of the static computation graph.
///
/// An operation reads its input slots and writes its output slot in ``forward(_:range:)``; in
/// ``backward(_:range:)`` it reads the output's adjoint and **adds** its contribution to the adjoints
/// of non-constant inputs. Operations hold only slots and immutable data, so one graph serves
/// every chain; all mutable state lives in the evaluator's arena.
public protocol GraphOperation {
    /// The slot this operation writes.
    var output: Slot { get }
    /// The slots it reads.
    var inputs: [Slot] { get }
    /// How the work may be split; see ``Tiling``.
    var tiling: Tiling { get }
    /// Computes output values for element `range` (the full range for `.whole`).
    /// - Throws: ``StrataCore/LogDensityError`` when an argument is outside the domain.
    func forward(_ arena: Arena, range: Range<Int>) throws
    /// Propagates adjoints for element `range` (the full range for `.whole`).
    func backward(_ arena: Arena, range: Range<Int>)
    /// See the default implementation (false).
    var tileFusable: Bool { get }
    /// See the default implementation (none).
    var randomAccessInputs: [Slot] { get }
    /// See the default implementation (false).
    var usesSlotAccessors: Bool { get }
    /// See the default implementation (false).
    var fusesOwnReverse: Bool { get }
    /// See the default implementation (forward, then backward).
    func forwardThenBackward(_ arena: Arena, range: Range<Int>) throws
}

public extension GraphOperation {
    /// Whether the operation's reverse sweep over a tile needs only that tile's values and adjoints and
    /// the adjoints of its scalar outputs (never their final values), so ``TileFusion`` may run it right
    /// after the tile's forward sweep. Opt-in: false unless an operation declares otherwise.
    var tileFusable: Bool { false }

    /// Inputs an `.elementwise` operation reads at elements other than the one it computes (a gather's
    /// source vector): the planner never tiles the operation together with the one that writes them, and
    /// within-chain threads do not split its step. Empty unless an operation declares otherwise.
    var randomAccessInputs: [Slot] { [] }

    /// Whether the operation reaches every vector slot (scalars are never tile-local) only through ``Arena/value(_:)``
    /// and ``Arena/adjoint(_:)``, its
    /// accumulators (if any) through views of their own (never by raw offsets into `values`/`adjoints`, nor past
    /// its mapped elements from the output's pointer), so a fused tile's intermediate vectors may live in
    /// tile-sized scratch (``TileLocalSlots``). Opt-in: false unless an operation declares otherwise.
    var usesSlotAccessors: Bool { false }

    /// Whether the operation computes its forward and reverse sweeps over a range in one pass
    /// (``forwardThenBackward(_:range:)``), which the evaluator then calls in fused steps (``TileFusion``) instead of
    /// ``forward(_:range:)`` followed by ``backward(_:range:)``. Honoured only for operations without element-by-element
    /// outputs (reductions), whose adjoints the evaluator seeds before the forward sweep; such an operation, alone in
    /// its group, still runs as a tiled step (``ExecutionPlan``). Opt-in: false unless an operation declares otherwise.
    var fusesOwnReverse: Bool { false }

    /// Whether fused steps run the reverse sweep inside the forward one (``forwardThenBackward(_:range:)``): the
    /// operation opts in (``fusesOwnReverse``) and has no element-by-element output. One rule for the evaluator's
    /// own fused steps and for the blocks of ``BlockParallelReplay``.
    var runsReverseWithForward: Bool { fusesOwnReverse && mappedCount == 0 }

    /// The forward sweep over `range` followed at once by the reverse sweep over it, the output's adjoint already
    /// known: the same results as ``forward(_:range:)`` then ``backward(_:range:)``, which is what it does unless
    /// an operation overrides it.
    func forwardThenBackward(_ arena: Arena, range: Range<Int>) throws {
        try forward(arena, range: range)
        backward(arena, range: range)
    }

    /// Number of leading output elements computed element by element (0 for reductions, all for `.whole`).
    var mappedCount: Int {
        switch tiling {
        case .whole: return output.count
        case let .elementwise(n): return n
        case .reduction: return 0
        }
    }

    /// Output elements that accumulate over chunks and must be zeroed before the forward sweep.
    var accumulators: Slot { output.view(start: mappedCount, count: output.count - mappedCount) }

    /// Number of elements the operation iterates over.
    var elementCount: Int {
        switch tiling {
        case .whole: return output.count
        case let .elementwise(n), let .reduction(n): return n
        }
    }
}
