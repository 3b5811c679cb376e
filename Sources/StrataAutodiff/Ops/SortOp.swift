// Graph node for the order of a parameter-dependent vector: Stan's sort_asc/sort_desc, sort_indices_*, rank.
import StrataCore

/// The order of x (ties keep their order): by ``Result``, the sorted values (then the n source positions, as doubles,
/// that the reverse sweep reads: x̄[p_i] += ȳ_i), the 1-based positions alone, or the rank of one element (the number
/// of elements less than it). Positions and ranks are integers and carry no gradient, as in Stan. A NaN element is a
/// domain error, as Stan's sort rejects it.
public struct SortOp: GraphOperation {
    /// What the node outputs.
    public enum Result: Equatable, Sendable {
        /// sort_asc / sort_desc: n values, then n positions.
        case values
        /// sort_indices_asc / sort_indices_desc: n 1-based positions.
        case indices
        /// rank(x, s): one count; `s` is 1-based.
        case rank(Int)
    }

    public let input: Slot
    public let output: Slot
    public let descending: Bool
    public let result: Result
    public var inputs: [Slot] { [input] }
    public var tiling: Tiling { .whole }

    private var n: Int { input.count }

    /// The Stan function, for error messages.
    private var functionName: String {
        switch result {
        case .values: return descending ? "sort_desc" : "sort_asc"
        case .indices: return descending ? "sort_indices_desc" : "sort_indices_asc"
        case .rank: return "rank"
        }
    }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let x = arena.value(input), out = arena.value(output)
        for i in 0..<n where x[i].isNaN {
            throw LogDensityError.domain(variable: functionName, message: "element \(i + 1) is NaN")
        }
        if case .rank(let s) = result {
            var count = 0
            for i in 0..<n where x[i] < x[s - 1] { count += 1 }
            out[0] = Double(count)
            return
        }
        let descending = self.descending, result = self.result, n = self.n
        withUnsafeTemporaryAllocation(of: Int.self, capacity: n) { buffer in
            var order = buffer
            for i in 0..<n { order[i] = i }
            order.sort { a, b in
                let xa = x[a], xb = x[b]
                if xa != xb { return descending ? xa > xb : xa < xb }
                return a < b
            }
            for i in 0..<n {
                if result == .values {
                    out[i] = x[order[i]]
                    out[n + i] = Double(order[i])
                } else {
                    out[i] = Double(order[i] + 1)
                }
            }
        }
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        if input.isConstant || result != .values { return }
        let out = arena.value(output), gy = arena.adjoint(output), gx = arena.adjoint(input)
        for i in 0..<n { gx[Int(out[n + i])] += gy[i] }
    }
}

public extension Graph {
    /// The elements of `x` sorted ascending (or descending).
    func sorted(_ x: Expr, descending: Bool) -> Expr {
        let n = x.count
        let out = allocate(count: 2 * n, isConstant: x.isConstant)
        let full = record(SortOp(input: x.slot, output: out, descending: descending, result: .values))
        return full[0..<n]
    }

    /// The 1-based positions of `x`'s elements in ascending (or descending) order (no gradient).
    func sortIndices(_ x: Expr, descending: Bool) -> Expr {
        record(SortOp(input: x.slot, output: allocate(count: x.count, isConstant: x.isConstant), descending: descending, result: .indices))
    }

    /// The number of elements of `x` less than its `s`-th (1-based, checked by the caller; no gradient).
    func rank(_ x: Expr, of s: Int) -> Expr {
        record(SortOp(input: x.slot, output: allocate(count: 1, isConstant: x.isConstant), descending: false, result: .rank(s)))
    }
}
