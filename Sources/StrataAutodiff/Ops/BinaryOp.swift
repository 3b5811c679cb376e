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
        if !a.isConstant {
            let ga = arena.adjoint(a)
            // d y / d a
            let da: (Int) -> Double
            switch function {
            case .add, .subtract: da = { gy[$0] }
            case .multiply: da = { gy[$0] * vb[$0 * sb] }
            case .divide: da = { gy[$0] / vb[$0 * sb] }
            case .power: da = { i in
                let bi = vb[i * sb]
                return bi == 0 ? 0 : gy[i] * bi * Glibc.pow(va[i * sa], bi - 1)
            }
            }
            if sa == 0 {
                var s = 0.0
                for i in range { s += da(i) }
                ga[0] += s
            } else {
                for i in range { ga[i] += da(i) }
            }
        }
        if !b.isConstant {
            let gb = arena.adjoint(b)
            let db: (Int) -> Double
            switch function {
            case .add: db = { gy[$0] }
            case .subtract: db = { -gy[$0] }
            case .multiply: db = { gy[$0] * va[$0 * sa] }
            case .divide: db = { -gy[$0] * y[$0] / vb[$0 * sb] }
            case .power: db = { i in
                let ai = va[i * sa]
                return ai == 0 ? 0 : gy[i] * y[i] * Glibc.log(ai)
            }
            }
            if sb == 0 {
                var s = 0.0
                for i in range { s += db(i) }
                gb[0] += s
            } else {
                for i in range { gb[i] += db(i) }
            }
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
