// Graph node for log Σ exp(x[i]) (Stan's log_sum_exp of a container), stable via the running maximum.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// y = log Σ exp(x[i]), computed as m + log Σ exp(x[i] − m) with m = max x (Stan math's
/// `log_sum_exp`). Backward: ∂y/∂x[i] = exp(x[i] − y), the softmax. An empty or all −∞ input gives −∞
/// and no gradient.
public struct LogSumExpOp: GraphOperation {
    public let input: Slot
    public let output: Slot
    public var inputs: [Slot] { [input] }
    public var tiling: Tiling { .whole }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let x = arena.value(input)
        var m = -Double.infinity
        for i in 0..<input.count where x[i] > m { m = x[i] }
        if !m.isFinite { arena.value(output)[0] = m; return }
        var s = 0.0
        for i in 0..<input.count { s += exp(x[i] - m) }
        arena.value(output)[0] = m + log(s)
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        if input.isConstant { return }
        let y = arena.value(output)[0]
        if !y.isFinite { return }
        let g = arena.adjoint(output)[0], x = arena.value(input), gx = arena.adjoint(input)
        for i in 0..<input.count { gx[i] += g * exp(x[i] - y) }
    }
}

public extension Graph {
    /// log Σ exp(x) over all elements of `x`.
    func logSumExp(_ x: Expr) -> Expr {
        let out = allocate(count: 1, isConstant: x.isConstant)
        return record(LogSumExpOp(input: x.slot, output: out))
    }
}
