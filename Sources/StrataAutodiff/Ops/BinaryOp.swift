// Graph node for +, -, *, /, pow between vectors and scalars with broadcasting.
import StrataCore
import StrataKernels
#if canImport(Glibc)
import Glibc
#endif

/// An elementwise arithmetic operator of two arguments.
public enum BinaryFunction: String, Sendable {
    case add, subtract, multiply, divide, power
}

/// y[i] = f(a[i], b[i]) where a scalar argument (count 1) is broadcast.
public struct BinaryOp: GraphOperation {
    public let function: BinaryFunction
    public let a: Slot
    public let b: Slot
    public let output: Slot

    public var inputs: [Slot] { [a, b] }
    public var tiling: Tiling { .elementwise(count: output.count) }
    public var tileFusable: Bool { true }
    public var usesSlotAccessors: Bool { true }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let pa = UnsafePointer(arena.value(a)), pb = UnsafePointer(arena.value(b)), y = arena.value(output)
        let sa = a.stride, sb = b.stride
        typealias K = ElementwiseKernels
        switch function {
        case .add: K.binary(pa, strideA: sa, pb, strideB: sb, y, range: range, simd: { $0 + $1 }, scalar: { $0 + $1 })
        case .subtract: K.binary(pa, strideA: sa, pb, strideB: sb, y, range: range, simd: { $0 - $1 }, scalar: { $0 - $1 })
        case .multiply: K.binary(pa, strideA: sa, pb, strideB: sb, y, range: range, simd: { $0 * $1 }, scalar: { $0 * $1 })
        case .divide: K.binary(pa, strideA: sa, pb, strideB: sb, y, range: range, simd: { $0 / $1 }, scalar: { $0 / $1 })
        case .power: for i in range { y[i] = Glibc.pow(pa[i * sa], pb[i * sb]) }
        }
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        let va = arena.value(a), vb = arena.value(b), y = arena.value(output), gy = arena.adjoint(output)
        let sa = a.stride, sb = b.stride
        typealias K = ElementwiseKernels
        if !a.isConstant && sa == 0 && function != .power && function != .divide {
            // A broadcast scalar: its adjoint is a sum over the range, taken in SIMD lanes.
            let ga = arena.adjoint(a)
            switch function {
            case .add, .subtract: ga[0] += K.sum(gy, range: range)
            default: ga[0] += sb == 0 ? vb[0] * K.sum(gy, range: range) : K.dot(gy, vb, range: range)
            }
        } else if !a.isConstant {
            let ga = arena.adjoint(a)
            switch function {
            case .add, .subtract: BinaryOp.accumulate(ga, sa, range) { gy[$0] }
            case .multiply: BinaryOp.accumulate(ga, sa, range) { gy[$0] * vb[$0 * sb] }
            case .divide: BinaryOp.accumulate(ga, sa, range) { gy[$0] / vb[$0 * sb] }
            case .power:
                BinaryOp.accumulate(ga, sa, range) { i in
                    let bi = vb[i * sb]
                    return bi == 0 ? 0 : gy[i] * bi * Glibc.pow(va[i * sa], bi - 1)
                }
            }
        }
        if !b.isConstant && sb == 0 && (function == .add || function == .subtract || function == .multiply) {
            let gb = arena.adjoint(b)
            switch function {
            case .add: gb[0] += K.sum(gy, range: range)
            case .subtract: gb[0] -= K.sum(gy, range: range)
            default: gb[0] += sa == 0 ? va[0] * K.sum(gy, range: range) : K.dot(gy, va, range: range)
            }
        } else if !b.isConstant {
            let gb = arena.adjoint(b)
            switch function {
            case .add: BinaryOp.accumulate(gb, sb, range) { gy[$0] }
            case .subtract: BinaryOp.accumulate(gb, sb, range) { -gy[$0] }
            case .multiply: BinaryOp.accumulate(gb, sb, range) { gy[$0] * va[$0 * sa] }
            case .divide: BinaryOp.accumulate(gb, sb, range) { -gy[$0] * y[$0] / vb[$0 * sb] }
            case .power:
                BinaryOp.accumulate(gb, sb, range) { i in
                    let ai = va[i * sa]
                    return ai == 0 ? 0 : gy[i] * y[i] * Glibc.log(ai)
                }
            }
        }
    }

    /// Adds term(i) to g[i] (vector argument) or their sum to g[0] (broadcast scalar).
    @inline(__always)
    static func accumulate(_ g: UnsafeMutablePointer<Double>, _ stride: Int, _ range: Range<Int>,
                           _ term: (Int) -> Double) {
        if stride == 0 {
            var s = 0.0
            for i in range { s += term(i) }
            g[0] += s
        } else {
            for i in range { g[i] += term(i) }
        }
    }
}

public extension Graph {
    /// Applies a broadcasting binary operator.
    func apply(_ f: BinaryFunction, _ a: Expr, _ b: Expr) -> Expr {
        let n = broadcastCount([a.slot, b.slot], context: "operator \(f.rawValue)")
        let out = allocate(count: n, isConstant: a.isConstant && b.isConstant)
        return record(BinaryOp(function: f, a: a.slot, b: b.slot, output: out))
    }
}
