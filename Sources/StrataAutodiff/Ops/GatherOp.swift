// Graph nodes that rearrange elements: gather by an index array (a[group]) and concatenation.

/// y[i] = x[index[i]] (0-based indices, checked when the node is built). Backward scatters-adds.
///
/// Elementwise over the output (element i needs only the finished source `x`), so a gather joins the tiled
/// pass of the statement that reads it; `x` is a ``GraphOperation/randomAccessInputs`` input.
public struct GatherOp: GraphOperation {
    public let input: Slot
    public let index: [Int32]
    public let output: Slot
    public var inputs: [Slot] { [input] }
    public var randomAccessInputs: [Slot] { [input] }
    public var tiling: Tiling { .elementwise(count: index.count) }
    public var tileFusable: Bool { true }
    public var usesSlotAccessors: Bool { true }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let x = arena.value(input), y = arena.value(output)
        index.withUnsafeBufferPointer { idx in
            for i in range { y[i] = x[Int(idx[i])] }
        }
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        if input.isConstant { return }
        let gx = arena.adjoint(input), gy = arena.adjoint(output)
        index.withUnsafeBufferPointer { idx in
            for i in range { gx[Int(idx[i])] += gy[i] }
        }
    }
}

/// y = [x_1; x_2; ...] (scalars and vectors laid end to end).
public struct ConcatOp: GraphOperation {
    public let parts: [Slot]
    public let output: Slot
    public var inputs: [Slot] { parts }
    public var tiling: Tiling { .whole }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        var o = arena.value(output)
        for p in parts {
            o.update(from: arena.value(p), count: p.count)
            o += p.count
        }
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        var g = arena.adjoint(output)
        for p in parts {
            if !p.isConstant {
                let gp = arena.adjoint(p)
                for i in 0..<p.count { gp[i] += g[i] }
            }
            g += p.count
        }
    }
}

public extension Graph {
    /// x[index] with 0-based indices; out-of-range indices are a build error naming `name`.
    func gather(_ x: Expr, index: [Int], name: String = "index") -> Expr {
        var idx = [Int32](); idx.reserveCapacity(index.count)
        for (k, i) in index.enumerated() {
            if i < 0 || i >= x.count {
                fail("\(name)[\(k + 1)] = \(i + 1) is out of range [1, \(x.count)]"); idx.append(0)
            } else { idx.append(Int32(i)) }
        }
        let out = allocate(count: index.count, isConstant: x.isConstant)
        return record(GatherOp(input: x.slot, index: idx, output: out))
    }

    /// Concatenation of scalars and vectors into one vector.
    func concat(_ parts: [Expr]) -> Expr {
        let n = parts.reduce(0) { $0 + $1.count }
        let out = allocate(count: n, isConstant: parts.allSatisfy(\.isConstant))
        return record(ConcatOp(parts: parts.map(\.slot), output: out))
    }
}
