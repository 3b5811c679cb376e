// Type rules of tuples: tuple expressions, components `x.k`, tuple components of assignment targets, and unpacking.

extension BaseType {
    /// `true` for `tuple(...)`.
    public var isTuple: Bool {
        if case .tuple = self { return true }
        return false
    }
}

extension StanType {
    /// The component types of a non-array tuple (nil for anything else, arrays of tuples included).
    public var tupleComponents: [StanType]? {
        guard arrayDims == 0, case .tuple(let components) = base else { return nil }
        return components
    }

    /// The smallest type both `self` and `other` promote to, for tuples whose components promote in different
    /// directions (`tuple(int, real)` and `tuple(real, int)` join at `tuple(real, real)`); nil if there is none.
    public func promotedJoin(_ other: StanType) -> StanType? {
        if other.isAssignable(to: self) { return self }
        if isAssignable(to: other) { return other }
        guard arrayDims == other.arrayDims, case .tuple(let a) = base, case .tuple(let b) = other.base,
              a.count == b.count else { return nil }
        var joined: [StanType] = []
        for (x, y) in zip(a, b) {
            guard let j = x.promotedJoin(y) else { return nil }
            joined.append(j)
        }
        return StanType(.tuple(joined), arrayDims: arrayDims)
    }

    /// `true` for ints and arrays of ints, and tuples (or arrays of tuples) of nothing else.
    public var isIntOnly: Bool {
        switch base {
        case .int: return true
        case .tuple(let components): return components.allSatisfy(\.isIntOnly)
        default: return false
        }
    }
}

extension TypeChecker {
    /// Types `(a, b, ...)` and `base.k`.
    mutating func checkTupleExpression(_ expr: Expr) -> Expr {
        var out = expr
        switch expr.kind {
        case .tuple(let items):
            let checked = items.map { checkExpression($0) }
            out.kind = .tuple(checked)
            if checked.allSatisfy({ $0.type != nil }) { out.type = StanType(.tuple(checked.map { $0.type! })) }
        case .tupleComponent(let base, let k):
            let b = checkExpression(base)
            out.kind = .tupleComponent(b, k)
            if let t = b.type { out.type = component(k, of: t, expr.range) }
        default:
            return checkExpression(expr)
        }
        return out
    }

    /// Component `k` (one-based) of a value of type `t`, or nil after reporting why there is none.
    private mutating func component(_ k: Int, of t: StanType, _ range: SourceRange) -> StanType? {
        guard let components = t.tupleComponents else {
            let what = t.arrayDims > 0 && t.base.isTuple ? " (index the array first)" : ""
            report(.invalidIndex("'.\(k)' takes a tuple component, but the value has type \(t)\(what)", range))
            return nil
        }
        guard k <= components.count else {
            report(.invalidIndex("tuple component \(k) does not exist: the value has type \(t), with \(components.count) "
                                 + "component\(components.count == 1 ? "" : "s")", range))
            return nil
        }
        return components[k - 1]
    }

    /// The type of `lvalue`'s target after applying, to `type`, the tuple components taken after `groups` index groups.
    mutating func componentType(of type: StanType, _ lvalue: LValue, after groups: Int) -> StanType? {
        var t: StanType? = type
        for access in lvalue.components where access.afterGroups == groups {
            t = t.flatMap { component(access.component, of: $0, lvalue.range) }
        }
        return t
    }

    /// `(a, b, ...) = value;`: each target assignable, distinct, and matching its component of the value's type.
    mutating func checkUnpack(_ target: UnpackTarget, _ rhs: Expr) -> StmtKind {
        let value = checkExpression(rhs)
        let checkedTarget = checkUnpackTarget(target)
        checkUnpackOverlap(checkedTarget.lvalues)
        if let t = value.type { matchUnpack(checkedTarget, t, rhs.range) }
        return .unpack(checkedTarget, value)
    }

    /// Stan's rules for the targets of one unpacking: no two may overlap (the same variable, unless they are
    /// different components of a tuple; indices do not count), and no index may read an assigned variable.
    private mutating func checkUnpackOverlap(_ targets: [LValue]) {
        let paths = targets.map { [$0.name] + $0.components.map { String($0.component) } }
        for (j, b) in paths.enumerated() {
            for a in paths[..<j] where a.starts(with: b) || b.starts(with: a) {
                report(.invalidIndex("'\(StanPrinter.lvalue(targets[j]))' overlaps another target of this unpacking "
                                     + "assignment", targets[j].range))
                break
            }
        }
        let assigned = Set(targets.map(\.name))
        for lv in targets {
            let read = lv.indices.joined().flatMap(\.expressions).flatMap(\.referencedVariables)
            if let name = read.first(where: assigned.contains) {
                report(.invalidIndex("'\(name)' is assigned by this unpacking and read in the index of "
                                     + "'\(StanPrinter.lvalue(lv))'", lv.range))
            }
        }
    }

    private mutating func checkUnpackTarget(_ target: UnpackTarget) -> UnpackTarget {
        switch target {
        case .single(let lv): return .single(checkTarget(lv) ?? lv)
        case .tuple(let items, let range): return .tuple(items.map { checkUnpackTarget($0) }, range: range)
        }
    }

    private mutating func matchUnpack(_ target: UnpackTarget, _ type: StanType, _ range: SourceRange) {
        switch target {
        case .single(let lv):
            guard let lhsType = lv.type else { return }
            if !type.isAssignable(to: lhsType) {
                report(.typeMismatch(expected: lhsType.description, found: type.description,
                                     context: "unpacking into '\(lv.name)'", range))
            }
        case .tuple(let items, let targetRange):
            guard let components = type.tupleComponents, components.count == items.count else {
                report(.typeMismatch(expected: "a tuple of \(items.count) components", found: type.description,
                                     context: "unpacking assignment", targetRange))
                return
            }
            for (item, component) in zip(items, components) { matchUnpack(item, component, range) }
        }
    }

    /// Checks the sizes and constraint bounds of each component of a tuple declaration.
    mutating func checkTupleComponents(_ components: [DeclType], name: String) -> [DeclType] {
        components.map { c in
            var out = c
            out.arrayDims = c.arrayDims.map { requireInt(checkExpression($0), context: "size of '\(name)'") }
            out.base = checkSizes(c.base, context: "size of '\(name)'", name: name)
            out.constraint = checkConstraint(c.constraint, declared: c.stanType, name: name)
            return out
        }
    }
}

extension DeclType {
    /// `true` if this type or any tuple component carries a constraint or a constrained type (simplex, ...).
    public var isConstrained: Bool {
        if case .tuple(let components) = base { return components.contains(where: \.isConstrained) }
        if case .none = constraint { return !base.acceptsBounds && !base.baseType.isComplex }
        return true
    }
}

extension DeclType {
    /// `true` for an int declaration or a tuple with an int component (at any depth).
    public var containsInt: Bool {
        switch base {
        case .int: return true
        case .tuple(let components): return components.contains(where: \.containsInt)
        default: return false
        }
    }
}
