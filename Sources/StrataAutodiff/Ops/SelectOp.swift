// Graph nodes for branches on parameter values: comparisons (0/1, no gradient) and elementwise selection.
import StrataCore

/// A comparison or logical operator whose result is 1 (true) or 0 (false).
public enum ComparisonFunction: String, Sendable {
    case less, lessEqual, greater, greaterEqual, equal, notEqual, and, or

    /// The operator applied to two numbers.
    public func holds(_ a: Double, _ b: Double) -> Bool {
        switch self {
        case .less: return a < b
        case .lessEqual: return a <= b
        case .greater: return a > b
        case .greaterEqual: return a >= b
        case .equal: return a == b
        case .notEqual: return a != b
        case .and: return a != 0 && b != 0
        case .or: return a != 0 || b != 0
        }
    }
}

/// y[i] = (a[i] op b[i]) ? 1 : 0, scalars broadcast. Piecewise constant: no adjoint flows back.
public struct ComparisonOp: GraphOperation {
    public let function: ComparisonFunction
    public let a: Slot, b: Slot
    public let output: Slot
    public var inputs: [Slot] { [a, b] }
    public var tiling: Tiling { .elementwise(count: output.count) }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let pa = arena.value(a), pb = arena.value(b), y = arena.value(output), sa = a.stride, sb = b.stride
        for i in range { y[i] = function.holds(pa[i * sa], pb[i * sb]) ? 1 : 0 }
    }

    public func backward(_ arena: Arena, range: Range<Int>) {}
}

/// y[i] = condition[i] != 0 ? a[i] : b[i], scalars broadcast; the adjoint goes to the chosen side only.
/// Both sides are computed (the static graph cannot skip work), so they must be defined for every value.
public struct SelectOp: GraphOperation {
    public let condition: Slot, a: Slot, b: Slot
    public let output: Slot
    public var inputs: [Slot] { [condition, a, b] }
    public var tiling: Tiling { .elementwise(count: output.count) }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let c = arena.value(condition), pa = arena.value(a), pb = arena.value(b), y = arena.value(output)
        let sc = condition.stride, sa = a.stride, sb = b.stride
        for i in range { y[i] = c[i * sc] != 0 ? pa[i * sa] : pb[i * sb] }
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        let c = arena.value(condition), gy = arena.adjoint(output)
        let sc = condition.stride, sa = a.stride, sb = b.stride
        if !a.isConstant {
            let ga = arena.adjoint(a)
            for i in range where c[i * sc] != 0 { ga[i * sa] += gy[i] }
        }
        if !b.isConstant {
            let gb = arena.adjoint(b)
            for i in range where c[i * sc] == 0 { gb[i * sb] += gy[i] }
        }
    }
}

/// Throws a domain error (the proposal is rejected, as Stan's `reject`) when `condition` is non-zero:
/// a `reject(...)` reached only on some branches of a parameter-dependent `if`.
public struct RejectWhenOp: GraphOperation {
    public let condition: Slot
    /// The message, built from the values at the time of the rejection.
    public let message: (Arena) -> String
    public let output: Slot
    public let messageInputs: [Slot]
    public var inputs: [Slot] { [condition] + messageInputs }
    public var tiling: Tiling { .whole }

    /// Rejects when `condition` (a 0/1 scalar) is 1, with `message` read from the arena.
    public init(condition: Slot, message: @escaping (Arena) -> String, output: Slot, messageInputs: [Slot]) {
        self.condition = condition; self.message = message; self.output = output; self.messageInputs = messageInputs
    }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        if arena.value(condition)[0] != 0 { throw LogDensityError.domain(variable: "reject", message: message(arena)) }
    }

    public func backward(_ arena: Arena, range: Range<Int>) {}
}

public extension Graph {
    /// `a op b` as 1/0 (constant-folded when both are data).
    func compare(_ f: ComparisonFunction, _ a: Expr, _ b: Expr) -> Expr {
        let n = broadcastCount([a.slot, b.slot], context: "comparison \(f.rawValue)")
        return record(ComparisonOp(function: f, a: a.slot, b: b.slot, output: allocate(count: n, isConstant: a.isConstant && b.isConstant)))
    }

    /// `condition ? a : b` elementwise (constant-folded when all three are data).
    func select(_ condition: Expr, _ a: Expr, _ b: Expr) -> Expr {
        let n = broadcastCount([condition.slot, a.slot, b.slot], context: "conditional")
        let out = allocate(count: n, isConstant: condition.isConstant && a.isConstant && b.isConstant)
        return record(SelectOp(condition: condition.slot, a: a.slot, b: b.slot, output: out))
    }
}
