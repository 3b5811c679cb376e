// Tuple variables while lowering: declarations become one variable per leaf, assignments and unpacking store leaf by leaf.
import StrataAutodiff
import StrataStanFrontEnd

extension DeclType {
    /// `(suffix, leaf declaration type)` for every non-tuple leaf, depth first (`("", self)` for a non-tuple); each
    /// leaf's array sizes start with those of every array of tuples around it.
    var tupleLeaves: [(suffix: String, type: DeclType)] {
        guard case .tuple(let components) = base else { return [("", self)] }
        return components.enumerated().flatMap { k, c in
            c.tupleLeaves.map { leaf in
                (".\(k + 1)" + leaf.suffix,
                 DeclType(arrayDims: arrayDims + leaf.type.arrayDims, base: leaf.type.base, constraint: leaf.type.constraint))
            }
        }
    }

    /// Number of non-tuple leaves.
    var leafCount: Int {
        if case .tuple(let components) = base { return components.reduce(0) { $0 + $1.leafCount } }
        return 1
    }
}

extension VarDecl {
    /// The declaration itself, or for a tuple one declaration per leaf, named `x.1`, `x.2.1`, ...
    var leafDeclarations: [VarDecl] {
        guard case .tuple = type.base else { return [self] }
        return type.tupleLeaves.map {
            VarDecl(type: $0.type, name: name + $0.suffix, initializer: nil, range: range, nameRange: nameRange)
        }
    }

    /// `true` for a tuple or an array of tuples.
    var isTuple: Bool { type.base.baseType.isTuple }
}

extension Lowerer {
    /// A tuple declaration: one variable per leaf, then the initial value if any.
    func declareTuple(_ d: VarDecl) throws {
        if lanes != nil { throw VectorizationFallback() }
        for leaf in d.leafDeclarations {
            let v = Variable(name: leaf.name, type: leaf.type.stanType, dims: try dims(of: leaf.type, name: d.name))
            v.initializeUnassigned(nan: nanSlot)
            declare(v)
        }
        if let initial = d.initializer {
            try store(d.name, indices: [], try promote(try lowerAny(initial), to: d.type.stanType), d.range)
        }
    }

    /// An assignment whose target is a tuple or a tuple's component (`x = (a, b)`, `x[i].2 = v`).
    func assignTuple(_ lv: LValue, _ rhs: SExpr, _ range: SourceRange) throws {
        try store(leafName(lv), indices: lv.indices, try lowerAny(rhs), range)
    }

    /// `(a, b[i], (c, d)) = value;`: the right side is evaluated in full before anything is stored.
    func unpack(_ target: UnpackTarget, _ rhs: SExpr, _ range: SourceRange) throws {
        if lanes != nil { throw VectorizationFallback() }
        try store(target, try lowerAny(rhs), range)
    }

    private func store(_ target: UnpackTarget, _ value: Lowered, _ range: SourceRange) throws {
        switch target {
        case .single(let lv):
            try store(leafName(lv), indices: lv.indices, value, range)
        case .tuple(let targets, _):
            guard case .tuple(let items, _) = value, items.count == targets.count else {
                throw LoweringError.invalid("unpacking needs a tuple of \(targets.count) components", range)
            }
            for (t, item) in zip(targets, items) { try store(t, item, range) }
        }
    }

    /// The variable holding an lvalue's target: tuple components commute with array indexing, so `x[i].2[j]` is
    /// element `[i][j]` of the leaf variable `x.2`.
    private func leafName(_ lv: LValue) -> String {
        lv.name + lv.components.map { ".\($0.component)" }.joined()
    }

    /// Stores `value` into variable `name` (a leaf, or a tuple whose leaves are `name.1`, ...) at `indices`.
    private func store(_ name: String, indices: [[Index]], _ value: Lowered, _ range: SourceRange) throws {
        switch value {
        case .tuple(let items, _):
            for (k, item) in items.enumerated() { try store(name + ".\(k + 1)", indices: indices, item, range) }
        case .value(let v):
            let variable = try lookup(name, range)
            let lv = LValue(name: name, indices: indices, range: range,
                            type: StanType(variable.type.base, arrayDims: v.type.arrayDims))
            try assignValue(lv, .assign, v, range)
        }
    }
}

extension Lowerer {
    /// Binds a tuple argument of an inlined function: one read-only variable per leaf (`p.1`, `p.2.1`, ...).
    func bindTupleArgument(_ name: String, _ value: Lowered, into frame: inout [String: Variable],
                           _ range: SourceRange) throws {
        switch value {
        case .value(let v):
            let variable = Variable(name: name, type: v.type, dims: v.dims)
            variable.assignWhole(v)
            frame[name] = variable
        case .tuple(let items, _):
            for (k, item) in items.enumerated() { try bindTupleArgument(name + ".\(k + 1)", item, into: &frame, range) }
        }
    }

    /// `for (t in tuples) body` over an array of tuples: the loop variable is each element in turn.
    func forEachTuple(_ name: String, _ collection: SExpr, _ body: Stmt) throws {
        guard let type = collection.type, type.arrayDims >= 1 else {
            throw LoweringError.invalid("foreach over a tuple needs an array of tuples", collection.range)
        }
        let all = try lowerAny(collection)
        let count = all.leaves.first?.dims.first ?? 0
        for i in 0..<count {
            let element = try self.element(all, i, collection.range)
            let exit = try iterate {
                try withScope {
                    var frame: [String: Variable] = [:]
                    try bindTupleArgument(name, element, into: &frame, collection.range)
                    for v in frame.values { declare(v) }
                    try lower(body)
                }
            }
            if exit == .breakLoop { break }
        }
    }
}
