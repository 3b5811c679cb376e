// Parameter blocks that gradients and log densities read from the caller's point and accumulate into the caller's gradient.
import CStrataKernels

/// One arena slot that lives outside the arena while a sweep runs: arena offsets `offset..<offset + count` are
/// `values[0..<count]` and `adjoints[0..<count]`.
public struct ExternalSlot {
    @usableFromInline let offset: Int
    @usableFromInline let count: Int
    @usableFromInline let values: UnsafeMutablePointer<Double>
    @usableFromInline let adjoints: UnsafeMutablePointer<Double>
}

/// The slots of an ``Arena`` that live in the caller's buffers (see ``ExternalParameterLayout``).
public struct ExternalSlots {
    @usableFromInline let entries: UnsafePointer<ExternalSlot>
    @usableFromInline let count: Int

    /// The entry whose arena range holds `offset`, or nil when the slot lives in the arena.
    @inlinable func entry(containing offset: Int) -> ExternalSlot? {
        var j = 0
        while j < count {
            let e = entries[j]
            if UInt(bitPattern: offset &- e.offset) < UInt(bitPattern: e.count) { return e }
            j &+= 1
        }
        return nil
    }
}

/// Which parameter blocks a density plan may read straight from the caller's `x` (and, in gradients, whose
/// adjoints it may add straight into the caller's gradient), instead of copying `x` into the arena, zeroing
/// the arena's adjoints and copying them out again: at 10^5 parameters those copies are four passes over
/// 800 KB per gradient that a hand-written loop does not make.
///
/// A block qualifies when it is long (short ones cost nothing to copy and would only lengthen the accessors'
/// search) and every operation of the plan that reads it reaches it only through ``Arena/value(_:)`` and
/// ``Arena/adjoint(_:)`` (``GraphOperation/usesSlotAccessors``), reads it whole (never a view, which such an
/// operation may index by raw offset when it is a scalar), and is not replayed by an instruction tape (which
/// reads raw offsets). The operations compute the same numbers from the same inputs in the same order: results
/// are bit-identical to copying.
final class ExternalParameterLayout {
    /// Blocks shorter than this are copied.
    static let minimumCount = 16
    /// At most this many blocks (the longest) are read in place: the accessors search them linearly.
    static let maximumBlocks = 4

    /// The qualifying blocks: x offset and arena slot.
    let blocks: [(xOffset: Int, slot: Slot)]
    /// Per entry of the graph's `parameterInputs`: whether that block is read in place.
    let isExternal: [Bool]
    private let entries: UnsafeMutablePointer<ExternalSlot>

    /// Finds the blocks of `parameters` that the operations with `included[k]` allow to be read in place.
    init(parameters: [(xOffset: Int, slot: Slot)], operations: [any GraphOperation], included: [Bool]) {
        func overlaps(_ a: Slot, _ b: Slot) -> Bool { a.offset < b.offset + b.count && b.offset < a.offset + a.count }
        let readers = operations.indices.filter { included[$0] }
        let candidates = parameters.indices.filter { p in
            let slot = parameters[p].slot
            guard slot.count >= Self.minimumCount else { return false }
            return readers.allSatisfy { k in
                let op = operations[k]
                let reads = (op.inputs + op.randomAccessInputs).filter { overlaps($0, slot) }
                if reads.isEmpty { return !overlaps(op.output, slot) }
                return op.usesSlotAccessors && reads.allSatisfy { $0 == slot }
                    && ScalarTapeCompiler.instructions(op, index: k) == nil
            }
        }
        let chosen = Set(candidates.sorted { parameters[$0].slot.count > parameters[$1].slot.count }
            .prefix(Self.maximumBlocks))
        blocks = parameters.indices.filter { chosen.contains($0) }.map { parameters[$0] }
        isExternal = parameters.indices.map { chosen.contains($0) }
        entries = .allocate(capacity: max(blocks.count, 1))
    }

    deinit { entries.deallocate() }

    /// The blocks over `x` (values) and `adjoints` (indexed like x): valid while both pointers are; nil when none.
    func bind(x: UnsafePointer<Double>?, adjoints: (Int) -> UnsafeMutablePointer<Double>) -> ExternalSlots? {
        guard !blocks.isEmpty, let x else { return nil }
        for (j, b) in blocks.enumerated() {
            (entries + j).initialize(to: ExternalSlot(offset: b.slot.offset, count: b.slot.count,
                                                      values: UnsafeMutablePointer(mutating: x + b.xOffset),
                                                      adjoints: adjoints(j)))
        }
        return ExternalSlots(entries: entries, count: blocks.count)
    }
}

/// Copies `count` adjoints into `out` and tells whether all are finite (one vectorised pass).
@inline(__always) func copyCheckingFinite(_ from: UnsafePointer<Double>, to out: UnsafeMutablePointer<Double>,
                                          count: Int) -> Bool {
    strata_copy_all_finite(from, out, count) != 0
}

/// Whether all `count` values are finite (one vectorised pass).
@inline(__always) func allFinite(_ p: UnsafePointer<Double>, count: Int) -> Bool {
    strata_all_finite(p, count) != 0
}
