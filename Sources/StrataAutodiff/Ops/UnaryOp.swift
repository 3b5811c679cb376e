// Graph node applying a UnaryFunction elementwise.
import StrataCore
import StrataKernels

/// y[i] = f(x[i]).
public struct UnaryOp: GraphOperation {
    public let function: UnaryFunction
    public let input: Slot
    public let output: Slot

    public var inputs: [Slot] { [input] }
    public var tiling: Tiling { .elementwise(count: output.count) }
    public var tileFusable: Bool { true }
    public var usesSlotAccessors: Bool { true }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let x = arena.value(input), y = arena.value(output)
        let f = function
        switch f {
        case .exp: VectorExp.apply(x, y, range: range)
        case .negate: for i in range { y[i] = -x[i] }
        case .square: for i in range { y[i] = x[i] * x[i] }
        case .log, .log1p:
            for i in range where !f.inDomain(x[i]) {
                throw LogDensityError.domain(variable: f.rawValue, message: "argument \(x[i]) is outside the domain")
            }
            if f == .log { VectorLog.applyLog(x, y, range: range) } else { VectorLog.applyLog1p(x, y, range: range) }
        default:
            for i in range {
                let xi = x[i]
                if !f.inDomain(xi) {
                    throw LogDensityError.domain(variable: f.rawValue, message: "argument \(xi) is outside the domain")
                }
                y[i] = f.value(xi)
            }
        }
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        if input.isConstant { return }
        let x = arena.value(input), y = arena.value(output)
        let gx = arena.adjoint(input), gy = arena.adjoint(output)
        switch function {
        case .exp: for i in range { gx[i] += gy[i] * y[i] }
        case .negate: for i in range { gx[i] -= gy[i] }
        case .square: for i in range { gx[i] += 2 * x[i] * gy[i] }
        default:
            let f = function
            for i in range { gx[i] += gy[i] * f.derivative(x[i], y[i]) }
        }
    }
}

public extension Graph {
    /// Applies `f` elementwise to `x`.
    func apply(_ f: UnaryFunction, _ x: Expr) -> Expr {
        let out = allocate(count: x.count, isConstant: x.isConstant)
        return record(UnaryOp(function: f, input: x.slot, output: out))
    }
}
