// Lowers Stan expressions: literals, variables, operators, conditionals and container literals.
import StrataAutodiff
import StrataStanFrontEnd

extension Lowerer {
    /// Lowers a checked expression to a graph value.
    func lower(_ e: SExpr) throws -> Value {
        let type = e.type ?? .real
        switch e.kind {
        case .intLiteral(let text):
            guard let n = Int(text) else { throw LoweringError.invalid("integer literal \(text) is out of range", e.range) }
            return intValue(n)
        case .realLiteral(let text):
            return realValue(Double(text) ?? .nan)
        case .imaginaryLiteral(let text):
            let im = Double(text.filter { $0 != "_" }) ?? .nan
            return complexValue(ComplexParts(re: realValue(0), im: realValue(im)), type: .complex)
        case .stringLiteral:
            throw LoweringError.unsupported("strings in expressions", e.range)
        case .variable(let name):
            return try lookup(name, e.range).read(in: graph)
        case .prefix(let op, let x):
            let v = try lower(x)
            switch op {
            case .plus: return v
            case .minus:
                if v.isInt { return try mapConstant([v], type: type, e.range) { -$0[0] } }
                return Value(expr: graph.apply(.negate, v.expr), type: type, dims: v.dims, varying: v.varying)
            case .not:
                if let compared = try graphComparison(.equal, v, intValue(0), e.range) { return compared }
                return try mapConstant([v], type: .int, e.range) { $0[0] == 0 ? 1 : 0 }
            }
        case .binary(let op, let a, let b):
            if op == .and || op == .or { return try shortCircuit(op, a, b, e.range) }
            if op == .multiply, let v = try rowProduct(a, b, type: type, e.range) { return v }
            return try checkIntRange(try binary(op, try lower(a), try lower(b), type: type, e.range), op, e.range)
        case .transpose(let x):
            let v = try lower(x)
            if v.type.base.isComplex { return try complexTranspose(v, type: type) }
            if v.dims.count == 2 { return transposeMatrix(v, type: type) }
            return Value(expr: v.expr, type: type, dims: v.dims, varying: v.varying)
        case .conditional(let c, let t, let f):
            let cond = try lower(c)
            guard let cv = cond.constantValues, cv.count == 1 else {
                if branchesOnGraph && !cond.isConstant && cond.isScalar {
                    return try selectValue(cond, try lower(t), try lower(f), type: type, e.range)
                }
                if cond.varying { throw VectorizationFallback() }
                throw LoweringError.needsPlainNumbers("a condition that depends on parameters", c.range)
            }
            return try lower(cv[0] != 0 ? t : f)
        case .call(let name, let args):
            return try call(name, args, type: type, e.range)
        case .conditionalCall(let name, let variate, let args):
            return try density(name, variate: variate, args, e.range)
        case .indexed(let base, let indices):
            return try indexed(base, indices, type: type, e.range)
        case .tupleComponent(let base, let k):
            return try tupleComponentValue(base, k, e.range)
        case .tuple:
            throw LoweringError.invalid("a tuple is used where a single value is expected", e.range)
        case .array(let items), .rowVector(let items):
            var values = try items.map(lower)
            if values.contains(where: \.varying) { throw VectorizationFallback() }
            if type.base.isComplex { values = try values.map { try promotedToComplex($0) } }
            let inner = values.first?.dims ?? []
            for v in values where v.dims != inner {
                throw LoweringError.invalid("container elements have different sizes", e.range)
            }
            let joined = values.count == 1 ? values[0].expr : graph.concat(values.map(\.expr))
            return Value(expr: joined, type: type, dims: [values.count] + inner)
        }
    }

    /// Stan's `int` is 32-bit: an integer result outside its range is an overflow error, not a silent real.
    private func checkIntRange(_ v: Value, _ op: BinaryOperator, _ range: SourceRange) throws -> Value {
        guard v.isInt, let values = v.constantValues else { return v }
        for x in values where !x.isNaN && !(x >= -2_147_483_648 && x <= 2_147_483_647) {
            throw LoweringError.invalid("integer overflow: the result of '\(op.rawValue)' is \(Self.formatNumber(x)), outside "
                                        + "Stan's int range [-2147483648, 2147483647]", range)
        }
        return v
    }

    /// `a && b` / `a || b` evaluating `b` only when `a` does not decide the result, as Stan does
    /// (`(i <= N) && (x[i] > 0)` must not index past N). Lane-varying left operands decide per
    /// iteration: if `b` cannot be lowered for every lane, the loop is unrolled instead.
    private func shortCircuit(_ op: BinaryOperator, _ a: SExpr, _ b: SExpr, _ range: SourceRange) throws -> Value {
        let left = try lower(a)
        if !left.varying, let values = left.constantValues, values.count == 1 {
            let decided = op == .and ? values[0] == 0 : values[0] != 0
            if decided { return intValue(op == .and ? 0 : 1) }
        }
        let right: Value
        do {
            right = try lower(b)
        } catch let error as LoweringError where left.varying {
            _ = error
            throw VectorizationFallback()
        }
        return try binary(op, left, right, type: .int, range)
    }

    /// Applies `f` to constant operands elementwise (with scalar broadcasting); lanes broadcast too.
    func mapConstant(_ args: [Value], type: StanType, _ range: SourceRange, what: String = "this operation",
                     _ f: ([Double]) -> Double) throws -> Value {
        var columns: [[Double]] = []
        for a in args {
            guard let c = a.constantValues else {
                if args.contains(where: \.varying) { throw VectorizationFallback() }
                throw LoweringError.needsPlainNumbers("\(what) on parameter-dependent values (the graph is built once and cannot branch on them)", range)
            }
            columns.append(c)
        }
        let n = columns.map(\.count).max() ?? 1
        for c in columns where c.count != 1 && c.count != n {
            throw LoweringError.invalid("size mismatch (\(c.count) vs \(n))", range)
        }
        let out = (0..<n).map { i in f(columns.map { $0.count == 1 ? $0[0] : $0[i] }) }
        let shaped = args.first { $0.count == n && !$0.varying }?.dims ?? []
        return constantValue(out, type: type, dims: n == 1 ? [] : shaped, varying: args.contains(where: \.varying))
    }

    /// Elementwise `f(a, b)` on the graph, broadcasting scalars.
    func elementwise(_ f: BinaryFunction, _ a: Value, _ b: Value, type: StanType, _ range: SourceRange) throws -> Value {
        if a.laneSummed || b.laneSummed { throw VectorizationFallback() }
        if (a.varying && !b.isScalar) || (b.varying && !a.isScalar) { throw VectorizationFallback() }
        if !a.isScalar && !b.isScalar && a.dims != b.dims {
            throw LoweringError.invalid("size mismatch: \(a.dims) vs \(b.dims)", range)
        }
        let before = graph.buildErrors.count
        let out: GExpr
        if f == .power, let c = b.constantValues, c == [2] { out = graph.apply(.square, a.expr) }
        else { out = graph.apply(f, a.expr, b.expr) }
        try checkGraph(since: before, range)
        let dims = a.isScalar ? b.dims : a.dims
        return Value(expr: out, type: type, dims: dims, varying: a.varying || b.varying)
    }

    func binary(_ op: BinaryOperator, _ a: Value, _ b: Value, type: StanType, _ range: SourceRange) throws -> Value {
        if a.type.base.isComplex || b.type.base.isComplex { return try complexBinary(op, a, b, type: type, range) }
        let ints = a.isInt && b.isInt
        if ints, [a, b].contains(where: { $0.constantValues?.contains { $0.isNaN } ?? false }) {
            throw LoweringError.invalid("integer operand has no value here (is it assigned?)", range)
        }
        if let compared = try graphComparison(op, a, b, range) { return compared }
        switch op {
        case .or: return try mapConstant([a, b], type: .int, range, what: "operator '\(op.rawValue)'") { ($0[0] != 0 || $0[1] != 0) ? 1 : 0 }
        case .and: return try mapConstant([a, b], type: .int, range, what: "operator '\(op.rawValue)'") { ($0[0] != 0 && $0[1] != 0) ? 1 : 0 }
        case .equal: return try mapConstant([a, b], type: .int, range, what: "operator '\(op.rawValue)'") { $0[0] == $0[1] ? 1 : 0 }
        case .notEqual: return try mapConstant([a, b], type: .int, range, what: "operator '\(op.rawValue)'") { $0[0] != $0[1] ? 1 : 0 }
        case .less: return try mapConstant([a, b], type: .int, range, what: "operator '\(op.rawValue)'") { $0[0] < $0[1] ? 1 : 0 }
        case .lessEqual: return try mapConstant([a, b], type: .int, range, what: "operator '\(op.rawValue)'") { $0[0] <= $0[1] ? 1 : 0 }
        case .greater: return try mapConstant([a, b], type: .int, range, what: "operator '\(op.rawValue)'") { $0[0] > $0[1] ? 1 : 0 }
        case .greaterEqual: return try mapConstant([a, b], type: .int, range, what: "operator '\(op.rawValue)'") { $0[0] >= $0[1] ? 1 : 0 }
        case .modulo:
            if let z = b.constantValues, z.contains(0) { throw LoweringError.invalid("integer modulus by zero", range) }
            return try mapConstant([a, b], type: .int, range) { Double(Int($0[0]) % Int($0[1])) }
        case .intDivide:
            if let z = b.constantValues, z.contains(0) { throw LoweringError.invalid("integer division by zero", range) }
            return try mapConstant([a, b], type: .int, range) { Double(Int($0[0]) / Int($0[1])) }
        case .add: return try elementwise(.add, a, b, type: type, range)
        case .subtract: return try elementwise(.subtract, a, b, type: type, range)
        case .elementMultiply: return try elementwise(.multiply, a, b, type: type, range)
        case .elementDivide where ints && a.isScalar && b.isScalar: return try binary(.divide, a, b, type: type, range)
        case .elementDivide: return try elementwise(.divide, a, b, type: type, range)
        case .power, .elementPower: return try elementwise(.power, a, b, type: type, range)
        case .divide:
            if ints {
                if let z = b.constantValues, z.contains(0) { throw LoweringError.invalid("integer division by zero", range) }
                return try mapConstant([a, b], type: .int, range) { Double(Int($0[0]) / Int($0[1])) }
            }
            if a.isScalar || b.isScalar { return try elementwise(.divide, a, b, type: type, range) }
            return try matrixDivision(op, a, b, type: type, range)
        case .multiply:
            if a.isScalar || b.isScalar { return try elementwise(.multiply, a, b, type: type, range) }
            return try matrixProduct(a, b, type: type, range)
        case .leftDivide:
            return try matrixDivision(op, a, b, type: type, range)
        }
    }

    /// The transpose of a row-major matrix (a permuting gather).
    func transposeMatrix(_ v: Value, type: StanType) -> Value {
        let r = v.dims[0], c = v.dims[1]
        var offsets: [Int] = []
        offsets.reserveCapacity(r * c)
        for j in 0..<c { for i in 0..<r { offsets.append(i * c + j) } }
        return Value(expr: graph.viewOrGather(v.expr, offsets), type: type, dims: [c, r])
    }
}
