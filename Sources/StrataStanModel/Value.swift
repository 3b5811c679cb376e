// A lowered Stan value: a graph expression (flat, row-major) plus its Stan type and sizes.
import StrataAutodiff
import StrataStanFrontEnd

typealias GExpr = StrataAutodiff.Expr
typealias SExpr = StrataStanFrontEnd.Expr

/// A Stan value on the graph. Containers are flat and row-major: `array[J] vector[K]` has
/// `dims == [J, K]`, a matrix `[R, C]`. Ints are constant graph nodes holding whole numbers.
///
/// Inside a vectorised loop (see `LoopVectorizer`), a `varying` value is a per-iteration scalar
/// stored as one element per iteration ("lane"); `laneSummed` marks a log density already summed
/// over lanes, usable only as a `target +=` operand.
struct Value {
    var expr: GExpr
    var type: StanType
    var dims: [Int]
    var varying = false
    var laneSummed = false

    var count: Int { expr.count }
    var isInt: Bool { type.base == .int }
    /// True for a non-array int or real.
    var isScalar: Bool { dims.isEmpty }
    var isConstant: Bool { expr.isConstant }

    /// The elements of a constant value (nil for parameter-dependent values).
    var constantValues: [Double]? {
        guard expr.isConstant else { return nil }
        return Array(expr.graph.initialValues[expr.slot.range])
    }
}

extension Graph {
    /// `x` restricted to flat positions `offsets`: a view when they are consecutive, else a gather.
    func viewOrGather(_ x: GExpr, _ offsets: [Int]) -> GExpr {
        if let first = offsets.first, offsets.count == 1 || zip(offsets, offsets.dropFirst()).allSatisfy({ $1 == $0 + 1 }) {
            return x[first..<(first + offsets.count)]
        }
        if offsets.isEmpty { return x[0..<0] }
        return gather(x, index: offsets)
    }

    /// Scalar slots laid end to end: one view when they are adjacent in the arena, else a concatenation of runs.
    func join(_ slots: [Slot]) -> GExpr {
        var runs: [Slot] = []
        for s in slots {
            if let last = runs.last, last.offset + last.count == s.offset, last.isConstant == s.isConstant {
                runs[runs.count - 1] = Slot(offset: last.offset, count: last.count + s.count, isConstant: last.isConstant)
            } else { runs.append(s) }
        }
        if runs.count == 1 { return GExpr(self, runs[0]) }
        if runs.allSatisfy(\.isConstant) {
            let v = initialValues
            return constant(runs.flatMap { Array(v[$0.range]) })
        }
        return concat(runs.map { GExpr(self, $0) })
    }
}
