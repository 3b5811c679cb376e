// Running sums and products of a vector: cumulative_sum and prod.

/// y[i] = x[0] + ... + x[i]. Backward: each x[i] receives the sum of the output adjoints from i on.
public struct CumulativeSumOp: GraphOperation {
    public let input: Slot
    public let output: Slot
    public var inputs: [Slot] { [input] }
    public var tiling: Tiling { .whole }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let x = arena.value(input), y = arena.value(output)
        var s = 0.0
        for i in 0..<output.count { s += x[i]; y[i] = s }
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        if input.isConstant { return }
        let gx = arena.adjoint(input), gy = arena.adjoint(output)
        var s = 0.0
        for i in stride(from: output.count - 1, through: 0, by: -1) { s += gy[i]; gx[i] += s }
    }
}

/// The product of all elements. Backward uses prefix and suffix products, so zeros are exact.
///
/// `output` has `input.count + 1` elements: element 0 is the product, the rest are scratch space for the
/// suffix products of the reverse sweep (so a gradient allocates nothing); only element 0 is exposed.
public struct ProductOp: GraphOperation {
    public let input: Slot
    public let output: Slot
    public var inputs: [Slot] { [input] }
    public var tiling: Tiling { .whole }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let x = arena.value(input)
        var p = 1.0
        for i in 0..<input.count { p *= x[i] }
        arena.value(output)[0] = p
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        if input.isConstant { return }
        let x = arena.value(input), gx = arena.adjoint(input), g = arena.adjoint(output)[0]
        // suffix[i] = x[i + 1] * ... * x[n - 1] (1 for i = n - 1), held in the output's scratch elements 1...n.
        let n = input.count, suffix = arena.value(output) + 1
        if n == 0 { return }
        suffix[n - 1] = 1
        for i in stride(from: n - 1, through: 1, by: -1) { suffix[i - 1] = suffix[i] * x[i] }
        var prefix = 1.0
        for i in 0..<n {
            gx[i] += g * prefix * suffix[i]
            prefix *= x[i]
        }
    }
}

public extension Graph {
    /// Running sums of `x` (Stan's `cumulative_sum`).
    func cumulativeSum(_ x: Expr) -> Expr {
        record(CumulativeSumOp(input: x.slot, output: allocate(count: x.count, isConstant: x.isConstant)))
    }

    /// The product of the elements of `x` (Stan's `prod`; 1 for an empty container).
    func product(_ x: Expr) -> Expr {
        let out = allocate(count: x.count + 1, isConstant: x.isConstant)
        record(ProductOp(input: x.slot, output: out))
        return Expr(self, out.view(start: 0, count: 1))
    }
}
