// Complex values on the graph: a trailing dimension of 2 (real, imaginary) and complex arithmetic as real operations.
import StrataAutodiff
import StrataStanFrontEnd
#if canImport(Glibc)
import Glibc
#endif

/// The real and imaginary parts of a complex value, each a real value of the complex value's logical sizes.
///
/// A complex value is stored like any other value with one more, innermost dimension of size 2: `complex` has
/// `dims == [2]`, `complex_vector[N]` `[N, 2]`, `complex_matrix[R, C]` `[R, C, 2]` (row-major, so indexing,
/// assignment, data and outputs need nothing special). Every complex operation splits its operands into parts,
/// computes the result's parts with real graph operations (exact gradients through each), and interleaves them.
struct ComplexParts {
    var re: Value
    var im: Value
}

extension Lowerer {
    /// The sizes without the trailing real/imaginary dimension.
    func logicalDims(_ v: Value) -> [Int] { v.type.base.isComplex ? Array(v.dims.dropLast()) : v.dims }

    /// The parts of `v`; a real (or int) value has a zero imaginary part.
    func complexParts(_ v: Value) throws -> ComplexParts {
        if v.varying || v.laneSummed { throw VectorizationFallback() }
        let realType = StanType(v.type.base.realShape == .int ? .real : v.type.base.realShape, arrayDims: v.type.arrayDims)
        guard v.type.base.isComplex else {
            let re = Value(expr: v.expr, type: realType, dims: v.dims)
            return ComplexParts(re: re, im: constantValue([Double](repeating: 0, count: v.count), type: realType, dims: v.dims))
        }
        let n = v.count / 2, dims = Array(v.dims.dropLast())
        let re = graph.viewOrGather(v.expr, (0..<n).map { 2 * $0 }), im = graph.viewOrGather(v.expr, (0..<n).map { 2 * $0 + 1 })
        return ComplexParts(re: Value(expr: re, type: realType, dims: dims), im: Value(expr: im, type: realType, dims: dims))
    }

    /// The complex value of `type` whose parts are `p` (a count-1 part is broadcast to the other's size).
    func complexValue(_ p: ComplexParts, type: StanType) -> Value {
        let n = max(p.re.count, p.im.count)
        func widened(_ x: GExpr) -> GExpr { x.count == n ? x : graph.gather(x, index: [Int](repeating: 0, count: n)) }
        let dims = p.re.count == n ? p.re.dims : p.im.dims
        let re = widened(p.re.expr), im = widened(p.im.expr)
        let joined = graph.concat([re, im])
        let expr = n == 1 ? joined : graph.gather(joined, index: (0..<n).flatMap { [$0, n + $0] })
        return Value(expr: expr, type: StanType(type.base.complexShape, arrayDims: type.arrayDims), dims: dims + [2])
    }

    /// `v` as a complex value of the same shape (real → complex promotion); complex values unchanged.
    func promotedToComplex(_ v: Value) throws -> Value {
        if v.type.base.isComplex { return v }
        return complexValue(try complexParts(v), type: v.type)
    }

    /// `v` promoted when `target` is complex (assignments, initialisers, arguments, container literals).
    func promoted(_ v: Value, to target: StanType) throws -> Value {
        target.base.isComplex && !v.type.base.isComplex ? try promotedToComplex(v) : v
    }

    /// `a op b` where either operand is complex (the other promoted).
    func complexBinary(_ op: BinaryOperator, _ a: Value, _ b: Value, type: StanType, _ range: SourceRange) throws -> Value {
        let x = try complexParts(a), y = try complexParts(b)
        let k = ComplexAlgebra(lowerer: self, range: range)
        switch op {
        case .add: return complexValue(try k.add(x, y, op: .add), type: type)
        case .subtract: return complexValue(try k.add(x, y, op: .subtract), type: type)
        case .multiply, .elementMultiply:
            if !a.type.base.isComplex {
                return complexValue(ComplexParts(re: try k.real(op, x.re, y.re), im: try k.real(op, x.re, y.im)), type: type)
            }
            if !b.type.base.isComplex {
                return complexValue(ComplexParts(re: try k.real(op, x.re, y.re), im: try k.real(op, x.im, y.re)), type: type)
            }
            return complexValue(try k.multiply(x, y, op: op), type: type)
        case .divide, .elementDivide:
            if op == .divide && logicalDims(b).count == 2 { return try complexDivideRight(a, b, type: type, range) }
            guard op == .elementDivide || logicalDims(b).isEmpty || logicalDims(a).isEmpty else {
                throw LoweringError.invalid("'/' needs a scalar or square matrix divisor", range)
            }
            return complexValue(try k.divide(x, y), type: type)
        case .power, .elementPower:
            return complexValue(try k.power(x, y), type: type)
        case .equal, .notEqual:
            let combine: BinaryOperator = op == .equal ? .and : .or
            return try binary(combine, try binary(op, x.re, y.re, type: .int, range), try binary(op, x.im, y.im, type: .int, range),
                              type: .int, range)
        default:
            throw LoweringError.invalid("operator '\(op.rawValue)' is not defined for complex values", range)
        }
    }

    /// The transpose of a complex vector or matrix.
    func complexTranspose(_ v: Value, type: StanType) throws -> Value {
        let p = try complexParts(v)
        guard p.re.dims.count == 2 else { return Value(expr: v.expr, type: type, dims: v.dims) }
        return complexValue(ComplexParts(re: transposeMatrix(p.re, type: p.re.type), im: transposeMatrix(p.im, type: p.im.type)),
                            type: type)
    }
}

/// Complex arithmetic and elementary functions on parts, written as real graph operations.
struct ComplexAlgebra {
    let lowerer: Lowerer
    let range: SourceRange

    func real(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        let t = a.dims.count >= b.dims.count ? a.type : b.type
        return try lowerer.binary(op, a, b, type: t, range)
    }
    func apply(_ f: UnaryFunction, _ a: Value) -> Value {
        Value(expr: lowerer.graph.apply(f, a.expr), type: a.type, dims: a.dims)
    }
    func scaled(_ a: Value, _ c: Double) throws -> Value { try real(.elementMultiply, a, lowerer.realValue(c)) }
    func constant(_ c: Double) -> Value { lowerer.realValue(c) }

    func add(_ x: ComplexParts, _ y: ComplexParts, op: BinaryOperator) throws -> ComplexParts {
        ComplexParts(re: try real(op, x.re, y.re), im: try real(op, x.im, y.im))
    }

    /// `x * y` with `op` the real product (`*` is bilinear, so matrix products follow the same formula).
    func multiply(_ x: ComplexParts, _ y: ComplexParts, op: BinaryOperator = .elementMultiply) throws -> ComplexParts {
        ComplexParts(re: try real(.subtract, try real(op, x.re, y.re), try real(op, x.im, y.im)),
                     im: try real(.add, try real(op, x.re, y.im), try real(op, x.im, y.re)))
    }

    func divide(_ x: ComplexParts, _ y: ComplexParts) throws -> ComplexParts {
        let d = try norm(y)
        let re = try real(.add, try real(.elementMultiply, x.re, y.re), try real(.elementMultiply, x.im, y.im))
        let im = try real(.subtract, try real(.elementMultiply, x.im, y.re), try real(.elementMultiply, x.re, y.im))
        return ComplexParts(re: try real(.elementDivide, re, d), im: try real(.elementDivide, im, d))
    }

    /// `|x|²`.
    func norm(_ x: ComplexParts) throws -> Value { try real(.add, apply(.square, x.re), apply(.square, x.im)) }

    /// `|x|`.
    func abs(_ x: ComplexParts) throws -> Value { apply(.sqrt, try norm(x)) }

    /// The principal argument `atan2(im, re)` in (-π, π]: `t = 2 atan(im / (|x| + |re|))` is the half-angle form
    /// (no division by zero off the origin); for `re < 0` the angle is `±π − t`. The two cases meet through a
    /// select node (each side finite wherever the other is taken), so the gradient is exact on both.
    func arg(_ x: ComplexParts) throws -> Value {
        let g = lowerer.graph
        if let re = x.re.constantValues, let im = x.im.constantValues {
            let values = zip(re, im).map { atan2($0.1, $0.0) }
            return lowerer.constantValue(values, type: x.re.type, dims: x.re.dims)
        }
        let t = try scaled(apply(.atan, try real(.elementDivide, x.im, try real(.add, try abs(x), apply(.abs, x.re)))), 2)
        let upper = g.compare(.greaterEqual, x.im.expr, g.constant(0))
        let pi = g.select(upper, g.constant(Double.pi), g.constant(-Double.pi))
        let mirrored = g.apply(.subtract, pi, t.expr)
        let right = g.compare(.greaterEqual, x.re.expr, g.constant(0))
        return Value(expr: g.select(right, t.expr, mirrored), type: t.type, dims: t.dims)
    }

    func exp(_ x: ComplexParts) throws -> ComplexParts {
        let m = apply(.exp, x.re)
        return ComplexParts(re: try real(.elementMultiply, m, apply(.cos, x.im)), im: try real(.elementMultiply, m, apply(.sin, x.im)))
    }

    func log(_ x: ComplexParts) throws -> ComplexParts {
        ComplexParts(re: try scaled(apply(.log, try norm(x)), 0.5), im: try arg(x))
    }

    /// `r (cos θ + i sin θ)`.
    func polar(_ r: Value, _ theta: Value) throws -> ComplexParts {
        ComplexParts(re: try real(.elementMultiply, r, apply(.cos, theta)), im: try real(.elementMultiply, r, apply(.sin, theta)))
    }

    func sqrt(_ x: ComplexParts) throws -> ComplexParts {
        try polar(apply(.sqrt, try abs(x)), try scaled(try arg(x), 0.5))
    }

    func power(_ x: ComplexParts, _ y: ComplexParts) throws -> ComplexParts { try exp(try multiply(y, try log(x))) }

    func conj(_ x: ComplexParts) -> ComplexParts { ComplexParts(re: x.re, im: apply(.negate, x.im)) }

    /// `i x`.
    func timesI(_ x: ComplexParts) -> ComplexParts { ComplexParts(re: apply(.negate, x.im), im: x.re) }

    /// `-i x`.
    func timesMinusI(_ x: ComplexParts) -> ComplexParts { ComplexParts(re: x.im, im: apply(.negate, x.re)) }

    func plus(_ x: ComplexParts, _ c: Double) throws -> ComplexParts {
        ComplexParts(re: try real(.add, x.re, constant(c)), im: x.im)
    }

    func cosh(_ a: Value) throws -> Value {
        try scaled(try real(.add, apply(.exp, a), apply(.exp, apply(.negate, a))), 0.5)
    }
    func sinh(_ a: Value) throws -> Value {
        try scaled(try real(.subtract, apply(.exp, a), apply(.exp, apply(.negate, a))), 0.5)
    }

    /// Stan's complex elementary functions by name (principal branches, as C++ `std::complex`).
    func function(_ name: String, _ x: ComplexParts) throws -> ComplexParts? {
        func mul(_ a: Value, _ b: Value) throws -> Value { try real(.elementMultiply, a, b) }
        switch name {
        case "exp": return try exp(x)
        case "log": return try log(x)
        case "log10":
            let l = try log(x)
            return ComplexParts(re: try scaled(l.re, 1 / M_LN10_), im: try scaled(l.im, 1 / M_LN10_))
        case "sqrt": return try sqrt(x)
        case "conj": return conj(x)
        case "proj": return x
        case "sin":
            return ComplexParts(re: try mul(apply(.sin, x.re), try cosh(x.im)), im: try mul(apply(.cos, x.re), try sinh(x.im)))
        case "cos":
            return ComplexParts(re: try mul(apply(.cos, x.re), try cosh(x.im)),
                                im: apply(.negate, try mul(apply(.sin, x.re), try sinh(x.im))))
        case "tan": return try divide(try function("sin", x)!, try function("cos", x)!)
        case "sinh":
            return ComplexParts(re: try mul(try sinh(x.re), apply(.cos, x.im)), im: try mul(try cosh(x.re), apply(.sin, x.im)))
        case "cosh":
            return ComplexParts(re: try mul(try cosh(x.re), apply(.cos, x.im)), im: try mul(try sinh(x.re), apply(.sin, x.im)))
        case "tanh": return try divide(try function("sinh", x)!, try function("cosh", x)!)
        case "asinh":
            // log(x + sqrt(x² + 1))
            return try log(try add(x, try sqrt(try plus(try multiply(x, x), 1)), op: .add))
        case "acosh":
            // log(x + sqrt(x + 1) sqrt(x − 1))
            return try log(try add(x, try multiply(try sqrt(try plus(x, 1)), try sqrt(try plus(x, -1))), op: .add))
        case "atanh":
            // (log(1 + x) − log(1 − x)) / 2
            let d = try add(try log(try plus(x, 1)), try log(try plus(ComplexParts(re: apply(.negate, x.re), im: apply(.negate, x.im)), 1)),
                            op: .subtract)
            return ComplexParts(re: try scaled(d.re, 0.5), im: try scaled(d.im, 0.5))
        case "asin": return timesMinusI(try function("asinh", timesI(x))!)
        case "acos":
            let s = try function("asin", x)!
            return ComplexParts(re: try real(.subtract, constant(Double.pi / 2), s.re), im: apply(.negate, s.im))
        case "atan": return timesMinusI(try function("atanh", timesI(x))!)
        default: return nil
        }
    }
}

private let M_LN10_ = 2.302585092994045684017991454684364208
