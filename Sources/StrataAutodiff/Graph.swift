// Builds the static AD graph once per model and data: allocates slots, folds constants, records operations.
import StrataCore

/// A static computation graph under construction.
///
/// Build it once: declare parameter inputs, constants and operations through ``Expr`` arithmetic
/// and the distribution functions; then ``GraphEvaluator`` replays it for every gradient with
/// preallocated buffers. Operations whose inputs are all constant are evaluated immediately
/// (constant folding), so data-only expressions cost nothing per gradient.
public final class Graph {
    /// Initial arena contents: constants are filled in, everything else is zero.
    public private(set) var initialValues: [Double] = []
    /// Recorded operations in topological (creation) order.
    public private(set) var operations: [any GraphOperation] = []
    /// Where each unconstrained-parameter block is copied from `x` into the arena: (x offset, slot).
    public private(set) var parameterInputs: [(xOffset: Int, slot: Slot)] = []
    /// Number of unconstrained parameters declared so far.
    public private(set) var parameterCount = 0
    /// Errors found while building (size mismatches and the like); reported by ``validate()``.
    public private(set) var buildErrors: [String] = []
    /// The tag stored with each operation recorded from now on (a front end sets it to the source
    /// statement it is lowering, so profilers can attribute time to it); -1 means untagged.
    public var sourceTag: Int32 = -1
    /// ``sourceTag`` at the time each operation in ``operations`` was recorded.
    public private(set) var operationTags: [Int32] = []
    /// While true, recorded operations are marked as needed only for reported outputs (Stan's generated
    /// quantities): gradient and log-density evaluations skip them unless something else reads them.
    public var recordsOutputOnly = false
    /// ``recordsOutputOnly`` at the time each operation in ``operations`` was recorded.
    public private(set) var operationIsOutputOnly: [Bool] = []

    /// Creates an empty graph.
    public init() {}

    /// Total arena length.
    public var arenaSize: Int { initialValues.count }

    /// Allocates a fresh slot of `count` elements.
    public func allocate(count: Int, isConstant: Bool) -> Slot {
        let s = Slot(offset: initialValues.count, count: max(count, 0), isConstant: isConstant)
        initialValues.append(contentsOf: repeatElement(0, count: max(count, 0)))
        return s
    }

    /// Declares `count` unconstrained parameters; they occupy the next entries of `x`.
    public func parameterInput(count: Int) -> Expr {
        let s = allocate(count: count, isConstant: false)
        parameterInputs.append((parameterCount, s))
        parameterCount += count
        return Expr(self, s)
    }

    /// A latent input: a non-constant slot that no operation writes and that is not part of `x`. Its
    /// values are set between sweeps (exact conditional draws of integrated-out parameters).
    public func latent(count: Int, initial: Double) -> Expr {
        let s = allocate(count: count, isConstant: false)
        for i in s.range { initialValues[i] = initial }
        latentSlots.append(s)
        return Expr(self, s)
    }

    /// Latent input slots, in declaration order.
    public private(set) var latentSlots: [Slot] = []

    /// True if some recorded operation reads one of the latent slots.
    public var operationsReadLatents: Bool {
        guard !latentSlots.isEmpty else { return false }
        return operations.contains { op in
            op.inputs.contains { input in
                latentSlots.contains { $0.range.overlaps(input.range) }
            }
        }
    }

    /// A constant vector (data).
    public func constant(_ values: [Double]) -> Expr {
        let s = allocate(count: values.count, isConstant: true)
        for (i, v) in values.enumerated() { initialValues[s.offset + i] = v }
        return Expr(self, s)
    }

    /// A constant scalar (data).
    public func constant(_ value: Double) -> Expr { constant([value]) }

    /// Records a build error (e.g. a size mismatch) and keeps building so all errors can be reported.
    public func fail(_ message: String) { buildErrors.append(message) }

    /// Throws the first build error, if any.
    public func validate() throws {
        if let first = buildErrors.first {
            let more = buildErrors.count > 1 ? " (and \(buildErrors.count - 1) more)" : ""
            throw LogDensityError.invalidModel(first + more)
        }
    }

    /// Adds an operation. If all inputs are constant it is evaluated now and not recorded.
    /// - Returns: the operation's output as an expression.
    @discardableResult
    public func record(_ op: some GraphOperation) -> Expr {
        if op.output.isConstant {
            let n = op.elementCount
            initialValues.withUnsafeMutableBufferPointer { buf in
                var scratch = [Double](repeating: 0, count: 0)
                scratch.withUnsafeMutableBufferPointer { adj in
                    let arena = Arena(values: buf.baseAddress!, adjoints: adj.baseAddress ?? buf.baseAddress!)
                    let acc = op.accumulators
                    if acc.count > 0 { arena.value(acc).update(repeating: 0, count: acc.count) }
                    do { try op.forward(arena, range: 0..<n) } catch { fail("constant expression: \(error)") }
                }
            }
        } else {
            operations.append(op)
            operationTags.append(sourceTag)
            operationIsOutputOnly.append(recordsOutputOnly)
        }
        return Expr(self, op.output)
    }

    /// A point to return to with ``rollback(to:)``.
    public struct Mark: Sendable {
        /// Arena length at the mark.
        public let arenaSize: Int
        let operations: Int, errors: Int, parameters: Int, latents: Int
    }

    /// The current size of everything recorded so far.
    public func mark() -> Mark {
        Mark(arenaSize: initialValues.count, operations: operations.count, errors: buildErrors.count,
             parameters: parameterInputs.count, latents: latentSlots.count)
    }

    /// Drops every slot, operation and build error recorded after `mark` (no parameter or latent may have
    /// been declared since): a scratch region for values computed once and discarded.
    public func rollback(to mark: Mark) {
        precondition(parameterInputs.count == mark.parameters && latentSlots.count == mark.latents,
                     "rollback past a parameter declaration")
        initialValues.removeSubrange(mark.arenaSize...)
        operations.removeSubrange(mark.operations...)
        operationTags.removeSubrange(mark.operations...)
        operationIsOutputOnly.removeSubrange(mark.operations...)
        buildErrors.removeSubrange(mark.errors...)
    }

    /// For each operation, whether a log-density or gradient evaluation must run it: every operation not
    /// marked output-only, and every output-only one whose output such an operation reads (directly or not).
    public var operationsNeededForDensity: [Bool] {
        Graph.neededForDensity(operations, outputOnly: operationIsOutputOnly, arenaSize: arenaSize)
    }

    /// ``operationsNeededForDensity`` of `operations` whose output-only marks are `outputOnly` (an arena of `arenaSize`).
    static func neededForDensity(_ operations: [any GraphOperation], outputOnly: [Bool], arenaSize: Int) -> [Bool] {
        var needed = outputOnly.map { !$0 }
        guard needed.contains(false) else { return needed }
        var read = [Bool](repeating: false, count: arenaSize)
        for k in operations.indices.reversed() {
            let op = operations[k]
            if !needed[k] { needed[k] = op.output.range.contains { read[$0] } }
            guard needed[k] else { continue }
            for input in op.inputs where !input.isConstant { for i in input.range { read[i] = true } }
        }
        return needed
    }

    /// True if every slot is constant.
    public static func allConstant(_ slots: [Slot]) -> Bool { slots.allSatisfy(\.isConstant) }

    /// Broadcast length of several operands (1 for all-scalar), recording an error on mismatch.
    public func broadcastCount(_ slots: [Slot], context: String) -> Int {
        var n = 1
        for s in slots where s.count != 1 {
            if n == 1 { n = s.count } else if s.count != n {
                fail("\(context): size mismatch (\(n) vs \(s.count))")
            }
        }
        if slots.contains(where: { $0.count == 0 }) { return 0 }
        return n
    }
}
