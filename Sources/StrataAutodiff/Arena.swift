// Where node values and adjoints live: one flat buffer of each per evaluator, addressed by slots.

/// A node's place in the arena: `count` consecutive doubles starting at `offset`.
public struct Slot: Hashable, Sendable {
    /// First element's index in the arena.
    public let offset: Int
    /// Number of elements (1 for scalars).
    public let count: Int
    /// True when no parameter influences the value (data or data-derived): no adjoint flows back.
    public let isConstant: Bool

    /// Creates a slot.
    public init(offset: Int, count: Int, isConstant: Bool) {
        self.offset = offset; self.count = count; self.isConstant = isConstant
    }

    /// The arena indices this slot covers.
    @inlinable public var range: Range<Int> { offset..<(offset + count) }

    /// Stride to use when iterating a broadcast argument: 0 for a scalar, 1 for a vector.
    @inlinable public var stride: Int { count == 1 ? 0 : 1 }

    /// A slot viewing `count` elements of this one starting at element `start`.
    public func view(start: Int, count: Int) -> Slot {
        Slot(offset: offset + start, count: count, isConstant: isConstant)
    }
}

/// Raw pointers to an evaluator's value and adjoint buffers, handed to operations.
///
/// While a fused tile runs, the vectors only that tile reads may live in tile-sized scratch buffers instead
/// (``TileLocalSlots``): ``value(_:)`` and ``adjoint(_:)`` then point into the scratch, shifted so that element
/// `i` of the tile is still at index `i`. Operations that index `values`/`adjoints` by raw offsets must not
/// declare ``GraphOperation/usesSlotAccessors``.
public struct Arena {
    /// Node values.
    public let values: UnsafeMutablePointer<Double>
    /// Node adjoints (d target / d value), accumulated in the backward pass.
    public let adjoints: UnsafeMutablePointer<Double>
    /// The current tile's local slots, if any.
    @usableFromInline let local: TileLocalSlots?
    /// Parameter blocks read from the caller's point and accumulated into the caller's gradient, if any.
    @usableFromInline let external: ExternalSlots?

    /// Creates an arena over existing buffers.
    public init(values: UnsafeMutablePointer<Double>, adjoints: UnsafeMutablePointer<Double>) {
        self.values = values; self.adjoints = adjoints; local = nil; external = nil
    }

    /// An arena whose slots in `local` live in its scratch buffers and whose slots in `external` in the caller's.
    init(values: UnsafeMutablePointer<Double>, adjoints: UnsafeMutablePointer<Double>, local: TileLocalSlots?,
         external: ExternalSlots?) {
        self.values = values; self.adjoints = adjoints; self.local = local; self.external = external
    }

    /// Pointer to a slot's values.
    @inlinable @inline(__always) public func value(_ s: Slot) -> UnsafeMutablePointer<Double> {
        if let local, let j = local.position(of: s.offset) { return local.values + j }
        if let external, let e = external.entry(containing: s.offset) { return e.values + (s.offset &- e.offset) }
        return values + s.offset
    }

    /// Pointer to a slot's adjoints.
    @inlinable @inline(__always) public func adjoint(_ s: Slot) -> UnsafeMutablePointer<Double> {
        if let local, let j = local.position(of: s.offset) { return local.adjoints + j }
        if let external, let e = external.entry(containing: s.offset) { return e.adjoints + (s.offset &- e.offset) }
        return adjoints + s.offset
    }
}
