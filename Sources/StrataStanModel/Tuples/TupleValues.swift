// Tuples while lowering: a tuple value is the list of its components' values (an array of tuples, a tuple of arrays).
import StrataAutodiff
import StrataStanFrontEnd

/// A lowered value of any Stan type: an ordinary graph value, or a tuple of lowered components.
///
/// Tuples exist only at compile time. An array of tuples is stored as a tuple of arrays ("struct of arrays"):
/// `array[3] tuple(int, vector[2])` is the pair (`array[3] int`, `array[3] vector[2]`), so indexing the array
/// indexes every component, and each component is an ordinary value on the graph with exact gradients.
indirect enum Lowered {
    /// A non-tuple value.
    case value(Value)
    /// A tuple (or an array of tuples, by component) of Stan type `type`.
    case tuple([Lowered], type: StanType)

    /// The value of a non-tuple.
    func plain(_ range: SourceRange) throws -> Value {
        guard case .value(let v) = self else {
            throw LoweringError.invalid("a tuple is used where a single value is expected", range)
        }
        return v
    }

    /// The leaf values, depth first.
    var leaves: [Value] {
        switch self {
        case .value(let v): return [v]
        case .tuple(let items, _): return items.flatMap(\.leaves)
        }
    }
}

extension StanType {
    /// The types of the components of a tuple or array of tuples, each with the array's dimensions in front:
    /// `array[N] tuple(int, array[] real)` has components `array[N] int` and `array[N, ] real`.
    var distributedComponents: [StanType]? {
        guard case .tuple(let components) = base else { return nil }
        return components.map { StanType($0.base, arrayDims: $0.arrayDims + arrayDims) }
    }

    /// `(suffix, leaf type)` for every non-tuple leaf, depth first: `.1`, `.2.1`, ... (just `("", self)` for a
    /// non-tuple). Leaf types carry the dimensions of every array of tuples around them.
    var tupleLeaves: [(suffix: String, type: StanType)] {
        guard let components = distributedComponents else { return [("", self)] }
        return components.enumerated().flatMap { k, c in c.tupleLeaves.map { (".\(k + 1)" + $0.suffix, $0.type) } }
    }
}

extension Lowerer {
    /// Lowers an expression of any type (tuples included).
    func lowerAny(_ e: SExpr) throws -> Lowered {
        if let t = e.type, t.base.isTuple { return try lowerTuple(e, type: t) }
        return .value(try lower(e))
    }

    /// `base.k` where the component is not a tuple.
    func tupleComponentValue(_ base: SExpr, _ k: Int, _ range: SourceRange) throws -> Value {
        guard case .tuple(let items, _) = try lowerAny(base), k >= 1, k <= items.count else {
            throw LoweringError.invalid("'.\(k)' applied to a value that is not a tuple", range)
        }
        return try items[k - 1].plain(range)
    }

    private func lowerTuple(_ e: SExpr, type: StanType) throws -> Lowered {
        if lanes != nil { throw VectorizationFallback() }
        switch e.kind {
        case .variable(let name):
            return try readTuple(name, type: type, e.range)
        case .tuple(let items):
            return .tuple(try items.map(lowerAny), type: type)
        case .tupleComponent(let base, let k):
            guard case .tuple(let items, _) = try lowerAny(base), k >= 1, k <= items.count else {
                throw LoweringError.invalid("'.\(k)' applied to a value that is not a tuple", e.range)
            }
            return items[k - 1]
        case .indexed(let base, let indices):
            return try index(try lowerAny(base), indices, name: StanPrinter.expression(base), e.range)
        case .array(let items):
            return try stack(try items.map(lowerAny), type: type, e.range)
        case .conditional(let c, let t, let f):
            return try promote(try lowerAny(try constantCondition(c) ? t : f), to: type)
        case .call(let name, let args):
            if let def = userFunction(name, args) {
                guard let result = try inlineAny(def, try args.map(lowerAny), e.range) else {
                    throw LoweringError.invalid("function '\(name)' returns no value", e.range)
                }
                return result
            }
            if name.hasPrefix("laplace_latent_solve") { return try laplaceLatentSolve(name, args, type: type, e.range) }
            if name == "generate_laplace_options" { return try generateLaplaceOptions(args, type: type, e.range) }
            return try tupleFunction(name, args, type: type, e.range)
        default:
            throw LoweringError.unsupported("this tuple expression", e.range)
        }
    }

    /// The tuple variable `name` of type `type`, read from its leaf variables (`name.1`, `name.2.1`, ...).
    func readTuple(_ name: String, type: StanType, _ range: SourceRange) throws -> Lowered {
        guard let components = type.distributedComponents else { return .value(try lookup(name, range).read(in: graph)) }
        return .tuple(try components.enumerated().map { k, c in try readTuple(name + ".\(k + 1)", type: c, range) },
                      type: type)
    }

    /// Element `i` (zero-based) of an array of tuples.
    func element(_ value: Lowered, _ i: Int, _ range: SourceRange) throws -> Lowered {
        try index(value, [.single(SExpr(.intLiteral("\(i + 1)"), range: range, type: .int))], name: "tuple array", range)
    }

    /// `value[indices]` for an array of tuples: every component indexed alike.
    func index(_ value: Lowered, _ indices: [Index], name: String, _ range: SourceRange) throws -> Lowered {
        let singles = indices.filter { index in
            if case .single(let e) = index { return e.type == .int }
            return false
        }.count
        switch value {
        case .value(let v):
            let sels = try selections(indices, dims: v.dims, name: name, range)
            let (offs, dims, varying) = try offsets(sels, dims: v.dims, range)
            let type = StanType(v.type.base, arrayDims: max(0, v.type.arrayDims - singles))
            return .value(Value(expr: graph.viewOrGather(v.expr, offs), type: type, dims: dims, varying: varying))
        case .tuple(let items, let type):
            return .tuple(try items.map { try index($0, indices, name: name, range) },
                          type: StanType(type.base, arrayDims: type.arrayDims - singles))
        }
    }

    /// `{t1, t2, ...}` of tuples: each component stacked into an array.
    private func stack(_ items: [Lowered], type: StanType, _ range: SourceRange) throws -> Lowered {
        guard let components = type.distributedComponents else {
            let values = try items.map { try promoted(try $0.plain(range), to: type) }
            let inner = values.first?.dims ?? []
            for v in values where v.dims != inner {
                throw LoweringError.invalid("container elements have different sizes", range)
            }
            let joined = values.count == 1 ? values[0].expr : graph.concat(values.map(\.expr))
            return .value(Value(expr: joined, type: type, dims: [values.count] + inner))
        }
        return .tuple(try components.enumerated().map { k, c in
            try stack(try items.map { item -> Lowered in
                guard case .tuple(let parts, _) = item else { throw LoweringError.invalid("an array mixes tuples and values", range) }
                return parts[k]
            }, type: c, range)
        }, type: type)
    }

    /// `value` with its components promoted to those of `type` (int → real → complex).
    func promote(_ value: Lowered, to type: StanType) throws -> Lowered {
        switch value {
        case .value(let v): return .value(try promoted(v, to: type))
        case .tuple(let items, _):
            guard let components = type.distributedComponents, components.count == items.count else { return value }
            return .tuple(try zip(items, components).map { try promote($0, to: $1) }, type: type)
        }
    }
}
