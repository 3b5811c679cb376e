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
        arena.value(output)[0] = Self.value(arena.value(input), count: input.count)
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        if input.isConstant { return }
        Self.addGradient(arena.adjoint(output)[0], y: arena.value(output)[0], arena.value(input), arena.adjoint(input),
                         count: input.count)
    }

    /// log Σ exp(x[i]) for i < count (−∞ or +∞ when the maximum is not finite); shared with ``ScalarTape``.
    @inline(__always)
    static func value(_ x: UnsafeMutablePointer<Double>, count: Int) -> Double {
        var m = -Double.infinity
        for i in 0..<count where x[i] > m { m = x[i] }
        if !m.isFinite { return m }
        var s = 0.0
        for i in 0..<count { s += exponential(x[i] - m) }
        return m + log(s)
    }

    /// gx[i] += g · exp(x[i] − y) (nothing when y is not finite); shared with ``ScalarTape``.
    @inline(__always)
    static func addGradient(_ g: Double, y: Double, _ x: UnsafeMutablePointer<Double>, _ gx: UnsafeMutablePointer<Double>,
                            count: Int) {
        if !y.isFinite { return }
        for i in 0..<count { gx[i] += g * exponential(x[i] - y) }
    }

    /// exp(d) for d <= 0, without the library call where its result is known exactly: exp(0) = 1 (the maximum's
    /// term), and 0 below -746, where exp underflows (e^-745.14 is half the smallest subnormal) after a slow
    /// path that sets errno.
    @inline(__always)
    static func exponential(_ d: Double) -> Double {
        if d == 0 { return 1 }
        if d < -746 { return 0 }
        return exp(d)
    }
}

public extension Graph {
    /// log Σ exp(x) over all elements of `x`.
    func logSumExp(_ x: Expr) -> Expr {
        let out = allocate(count: 1, isConstant: x.isConstant)
        return record(LogSumExpOp(input: x.slot, output: out))
    }
}
