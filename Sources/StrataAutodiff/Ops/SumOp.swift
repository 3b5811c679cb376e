// Graph nodes reducing vectors to scalars: sum of a vector, and the sum of many scalar terms.
import StrataKernels

/// y = Σ x[i].
public struct SumOp: GraphOperation {
    public let input: Slot
    public let output: Slot
    public var inputs: [Slot] { [input] }
    public var tiling: Tiling { .reduction(count: input.count) }
    public var tileFusable: Bool { true }
    public var usesSlotAccessors: Bool { true }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        arena.value(output)[0] += ElementwiseKernels.sum(arena.value(input), range: range)
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        if input.isConstant { return }
        let g = arena.adjoint(output)[0], gx = arena.adjoint(input)
        for i in range { gx[i] += g }
    }
}

/// y = Σ_k x_k over scalar slots anywhere in the arena (used to add up a model's target terms).
public struct AddScalarsOp: GraphOperation {
    public let terms: [Slot]
    public let output: Slot
    public var inputs: [Slot] { terms }
    public var tiling: Tiling { .whole }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        var s = 0.0
        for t in terms { s += arena.value(t)[0] }
        arena.value(output)[0] = s
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        let g = arena.adjoint(output)[0]
        for t in terms where !t.isConstant { arena.adjoint(t)[0] += g }
    }
}

/// y = Σ a[i] b[i].
public struct DotOp: GraphOperation {
    public let a: Slot
    public let b: Slot
    public let output: Slot
    public var inputs: [Slot] { [a, b] }
    public var tiling: Tiling { .reduction(count: a.count) }
    public var tileFusable: Bool { true }
    public var usesSlotAccessors: Bool { true }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        arena.value(output)[0] += ElementwiseKernels.dot(arena.value(a), arena.value(b), range: range)
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        let g = arena.adjoint(output)[0]
        if !a.isConstant { ElementwiseKernels.axpy(g, arena.value(b), arena.adjoint(a), range: range) }
        if !b.isConstant { ElementwiseKernels.axpy(g, arena.value(a), arena.adjoint(b), range: range) }
    }
}

public extension Graph {
    /// Σ x.
    func sum(_ x: Expr) -> Expr {
        if x.count == 1 { return x }
        let out = allocate(count: 1, isConstant: x.isConstant)
        return record(SumOp(input: x.slot, output: out))
    }

    /// Σ terms (each a scalar).
    func addScalars(_ terms: [Expr]) -> Expr {
        for t in terms where t.count != 1 { fail("addScalars: term of size \(t.count) is not a scalar") }
        let out = allocate(count: 1, isConstant: terms.allSatisfy(\.isConstant))
        return record(AddScalarsOp(terms: terms.map(\.slot), output: out))
    }

    /// a · b.
    func dot(_ a: Expr, _ b: Expr) -> Expr {
        if a.count != b.count { fail("dot_product: size mismatch (\(a.count) vs \(b.count))") }
        let out = allocate(count: 1, isConstant: a.isConstant && b.isConstant)
        return record(DotOp(a: a.slot, b: b.count == a.count ? b.slot : a.slot, output: out))
    }
}
