// Inlines calls of user-defined functions: the body is lowered with the arguments bound to its parameters.
import StrataAutodiff
import StrataStanFrontEnd

/// Carries a function's return value out of its body.
struct FunctionReturn: Error {
    let value: Lowered?
}

extension Lowerer {
    /// The overload of user function `name` (with body) that arguments `args` select, if any
    /// (exact match first, then fewest promotions, as the type checker resolved it).
    func userFunction(_ name: String, _ args: [SExpr]) -> FunctionDef? {
        guard let overloads = functions[name] else { return nil }
        // A user overload of a library function (`to_vector(real, real, real)`) is taken only when it matches;
        // other calls of that name go to the library.
        let overloadsLibrary = TypeChecker.isLibraryName(name)
        if overloads.count == 1 && !overloadsLibrary { return overloads[0] }
        let types = args.compactMap(\.type)
        guard types.count == args.count else { return overloadsLibrary ? nil : overloads[0] }
        switch OverloadResolver.resolve(overloads, types) {
        case .match(let def): return def
        case .ambiguous, .noMatch: return overloadsLibrary ? nil : overloads[0]
        }
    }

    /// User density for a `~` family or `_lpdf`/`_lupdf` name (`foo` / `foo_lupdf` -> `foo_lpdf`), resolved
    /// on `args` (variate first).
    func userDensity(_ name: String, _ args: [SExpr]) -> FunctionDef? {
        var base = name
        for suffix in ["_lupdf", "_lupmf", "_lpdf", "_lpmf"] where base.hasSuffix(suffix) { base = String(base.dropLast(suffix.count)) }
        return userFunction(base + "_lpdf", args) ?? userFunction(base + "_lpmf", args)
    }

    /// Lowers `def(args)` for a function returning a non-tuple value (or nothing).
    func inline(_ def: FunctionDef, _ args: [Value], _ range: SourceRange) throws -> Value? {
        try inline(def, args.map { .value($0) }, range)
    }

    /// Lowers `def(args)` for a function returning a non-tuple value (or nothing); arguments may be tuples.
    func inline(_ def: FunctionDef, _ args: [Lowered], _ range: SourceRange) throws -> Value? {
        try inlineAny(def, args, range).map { try $0.plain(range) }
    }

    /// Lowers `def(args)`: a fresh scope holding only the parameters; `return` ends the body.
    func inlineAny(_ def: FunctionDef, _ args: [Lowered], _ range: SourceRange) throws -> Lowered? {
        guard inlineDepth < 64 else {
            throw LoweringError.unsupported("recursion deeper than 64 calls of '\(def.name)'", range)
        }
        guard let body = def.body else {
            throw LoweringError.invalid("function '\(def.name)' is declared but never defined", range)
        }
        let savedScopes = scopes, savedLanes = lanes
        // A call whose arguments are all loop-invariant is itself loop-invariant: lower it normally
        // (unless it may add to target, which must then count once per lane).
        let anyVarying = args.flatMap(\.leaves).contains { $0.varying || $0.laneSummed }
        if !anyVarying && !def.name.hasSuffix("_lp") { lanes = nil }
        inlineDepth += 1
        defer { scopes = savedScopes; lanes = savedLanes; inlineDepth -= 1 }
        var frame: [String: Variable] = [:]
        for (p, argument) in zip(def.parameters, args) {
            guard case .value(let given) = argument else {
                try bindTupleArgument(p.name, try promote(argument, to: p.type), into: &frame, range)
                continue
            }
            let a = try promoted(given, to: p.type)
            let type = p.type.base == .real && a.type.base == .int ? p.type : a.type
            let v = Variable(name: p.name, type: type, dims: a.dims)
            v.assignWhole(Value(expr: a.expr, type: type, dims: a.dims, varying: a.varying, laneSummed: a.laneSummed))
            v.isLaneLocal = a.varying
            frame[p.name] = v
        }
        scopes = [frame]
        do {
            try lower(Self.endingInReturn(body, void: def.returnType == nil))
        } catch let r as FunctionReturn {
            guard case .value(var value)? = r.value else {
                if let t = def.returnType, let tuple = r.value { return try promote(tuple, to: t) }
                return nil
            }
            if let t = def.returnType { value = try promoted(value, to: t) }
            if let t = def.returnType { value.type = t.base == .real && value.type.base == .int ? t : value.type }
            if value.varying && lanes == nil && savedLanes == nil { throw VectorizationFallback() }
            return .value(value)
        }
        if def.returnType != nil {
            throw LoweringError.invalid("function '\(def.name)' ended without returning a value", range)
        }
        return nil
    }

    /// A void function's body with the `return;` its end implies made explicit (so an early return under a
    /// parameter-dependent condition has a return on the other path too; see `absorbingEarlyReturns`).
    static func endingInReturn(_ body: Stmt, void: Bool) -> Stmt {
        guard void, case .block(let list) = body.kind, !alwaysReturns(body) else { return body }
        let end = SourceRange(start: body.range.end, end: body.range.end)
        return Stmt(.block(list + [Stmt(.returnStatement(nil), range: end)]), range: body.range)
    }
}
