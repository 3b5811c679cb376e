// Non-owning views into a workspace's raw storage, and the O(d) kernels the tree builder runs on them.
import StrataKernels

/// A view of `count` doubles inside a ``NUTSWorkspace`` allocation.
///
/// Views are plain pointers (no reference counting), so passing them through the recursive tree
/// builder costs nothing; they are valid only while their workspace is alive.
@usableFromInline
struct RawVector {
    @usableFromInline let base: UnsafeMutablePointer<Double>
    @usableFromInline let count: Int

    @inlinable init(base: UnsafeMutablePointer<Double>, count: Int) { self.base = base; self.count = count }

    /// self = 0.
    @inlinable func zero() { base.update(repeating: 0, count: count) }

    /// self = other.
    @inlinable func assign(_ other: RawVector) { base.update(from: other.base, count: count) }

    /// self = array.
    @inlinable func assign(_ array: [Double]) {
        if count == 0 { return }
        array.withUnsafeBufferPointer { a in base.update(from: a.baseAddress!, count: count) }
    }

    /// array = self.
    @inlinable func write(into array: inout [Double]) {
        let n = count, source = base
        if n == 0 { return }
        array.withUnsafeMutableBufferPointer { a in a.baseAddress!.update(from: source, count: n) }
    }

    /// self += array.
    @inlinable func add(_ array: [Double]) {
        array.withUnsafeBufferPointer { a in
            for i in 0..<count { base[i] += a[i] }
        }
    }

    /// self = x + y.
    @inlinable func assignSum(_ x: RawVector, _ y: RawVector) {
        for i in 0..<count { base[i] = x.base[i] + y.base[i] }
    }

    /// self += x.
    @inlinable func add(_ x: RawVector) {
        for i in 0..<count { base[i] += x.base[i] }
    }

    /// self · other.
    @inlinable func dot(_ other: RawVector) -> Double {
        ElementwiseKernels.dot(base, other.base, range: 0..<count)
    }
}

/// A stored phase point inside workspace storage: `[q | p | v | g | logDensity, kinetic]`,
/// contiguous, so copying one slot to another is a single memory move.
@usableFromInline
struct PointSlot {
    @usableFromInline let base: UnsafeMutablePointer<Double>
    @usableFromInline let dimension: Int

    @inlinable init(base: UnsafeMutablePointer<Double>, dimension: Int) { self.base = base; self.dimension = dimension }

    /// Doubles one slot occupies.
    @inlinable static func stride(_ d: Int) -> Int { 4 * d + 2 }

    @inlinable var momentum: RawVector { RawVector(base: base + dimension, count: dimension) }
    @inlinable var velocity: RawVector { RawVector(base: base + 2 * dimension, count: dimension) }
    @inlinable var hamiltonian: Double {
        let h = base[4 * dimension + 1] - base[4 * dimension]
        return h.isNaN ? .infinity : h
    }

    /// self = other.
    @inlinable func assign(_ other: PointSlot) { base.update(from: other.base, count: PointSlot.stride(dimension)) }

    /// self = point.
    @inlinable func assign(_ point: PhasePoint) {
        let d = dimension
        RawVector(base: base, count: d).assign(point.position)
        RawVector(base: base + d, count: d).assign(point.momentum)
        RawVector(base: base + 2 * d, count: d).assign(point.velocity)
        RawVector(base: base + 3 * d, count: d).assign(point.gradient)
        base[4 * d] = point.logDensity
        base[4 * d + 1] = point.kineticEnergy
    }

    /// point = self.
    @inlinable func write(into point: inout PhasePoint) {
        let d = dimension
        RawVector(base: base, count: d).write(into: &point.position)
        RawVector(base: base + d, count: d).write(into: &point.momentum)
        RawVector(base: base + 2 * d, count: d).write(into: &point.velocity)
        RawVector(base: base + 3 * d, count: d).write(into: &point.gradient)
        point.logDensity = base[4 * d]
        point.kineticEnergy = base[4 * d + 1]
    }
}
