// Branches on parameter values in the model block, transformed parameters and functions: select nodes on the static graph.
import StrataAutodiff
import StrataStanFrontEnd

/// How the static graph branches on parameter values (see README, "Branches on parameter values"):
/// comparisons become 0/1 nodes without gradient, `c ? a : b`, `min`, `max` become select nodes, and an
/// `if` whose condition depends on parameters lowers both branches and merges every variable they assign
/// (and the `target` terms they add) with a select node on the condition; a `reject` inside such a branch
/// becomes a node that rejects the proposal when the branch is taken. Both sides are computed at every
/// evaluation, so they must be defined (finite, in their functions' domains) whichever side is taken.
/// Generated quantities do not use this: they run on plain numbers per draw (`QuantityInterpreter`).
extension Lowerer {
    /// Whether a parameter-dependent branch may become select nodes here.
    var branchesOnGraph: Bool { (block != .generatedQuantities || recordsFunction) && !plainNumbers }

    static func comparisonFunction(_ op: BinaryOperator) -> ComparisonFunction? {
        switch op {
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .greater: return .greater
        case .greaterEqual: return .greaterEqual
        case .equal: return .equal
        case .notEqual: return .notEqual
        case .and: return .and
        case .or: return .or
        default: return nil
        }
    }

    /// `a op b` as a 0/1 graph node when an operand depends on parameters (nil: leave it to the constant path).
    func graphComparison(_ op: BinaryOperator, _ a: Value, _ b: Value, _ range: SourceRange) throws -> Value? {
        guard let f = Self.comparisonFunction(op), branchesOnGraph, !(a.isConstant && b.isConstant) else { return nil }
        return try comparisonNode(f, a, b, range)
    }

    /// `a f b` as a 0/1 graph node, elementwise with scalar broadcasting (whatever the block).
    func comparisonNode(_ f: ComparisonFunction, _ a: Value, _ b: Value, _ range: SourceRange) throws -> Value {
        if a.laneSummed || b.laneSummed { throw VectorizationFallback() }
        if (a.varying && !b.isScalar) || (b.varying && !a.isScalar) { throw VectorizationFallback() }
        guard a.isScalar || b.isScalar || a.dims == b.dims else {
            throw LoweringError.invalid("size mismatch: \(a.dims) vs \(b.dims)", range)
        }
        return Value(expr: graph.compare(f, a.expr, b.expr), type: .int, dims: a.isScalar ? b.dims : a.dims,
                     varying: a.varying || b.varying)
    }

    /// `condition ? a : b` on the graph.
    func selectValue(_ condition: Value, _ a: Value, _ b: Value, type: StanType, _ range: SourceRange) throws -> Value {
        if [condition, a, b].contains(where: \.laneSummed) { throw VectorizationFallback() }
        if [condition, a, b].contains(where: \.varying) && !(a.isScalar && b.isScalar && condition.isScalar) {
            throw VectorizationFallback()
        }
        guard condition.isScalar || condition.dims == a.dims || a.isScalar else {
            throw LoweringError.invalid("conditional: the condition has sizes \(condition.dims), the value \(a.dims)", range)
        }
        guard a.dims == b.dims || a.isScalar || b.isScalar else {
            throw LoweringError.invalid("conditional: the two sides have sizes \(a.dims) and \(b.dims)", range)
        }
        let dims = a.isScalar ? b.dims : a.dims
        return Value(expr: graph.select(condition.expr, a.expr, b.expr), type: type, dims: dims,
                     varying: condition.varying || a.varying || b.varying)
    }

    /// `min`/`max`/`fmin`/`fmax` of two values, elementwise, as a select on their comparison (also on plain numbers:
    /// the result is exactly one of the arguments).
    func selectExtreme(_ isMin: Bool, _ a: Value, _ b: Value, type: StanType, _ range: SourceRange) throws -> Value {
        let c = try comparisonNode(isMin ? .lessEqual : .greaterEqual, a, b, range)
        return try selectValue(c, a, b, type: type, range)
    }

    /// `min`/`max` of a parameter-dependent container: a chain of selects over its elements.
    func selectExtreme(_ isMin: Bool, of x: Value, type: StanType, _ range: SourceRange) throws -> Value {
        if x.varying || x.laneSummed { throw VectorizationFallback() }
        guard x.count > 0 else { return realValue(isMin ? .infinity : -.infinity) }
        var best = Value(expr: x.expr[0], type: type, dims: [])
        for i in 1..<x.count {
            best = try selectExtreme(isMin, best, Value(expr: x.expr[i], type: type, dims: []), type: type, range)
        }
        return best
    }

    /// `if (cond) then else otherwise` with a parameter-dependent scalar condition: both branches are
    /// lowered from the same state; variables either one assigns are merged with select nodes and the
    /// `target` terms each adds are selected as one term.
    func lowerBranches(_ condition: Value, _ then: Stmt, _ otherwise: Stmt?, _ range: SourceRange) throws {
        guard condition.isScalar else {
            throw LoweringError.invalid("the condition of 'if' must be a single value", range)
        }
        if lanes != nil { throw VectorizationFallback() }
        let variables = scopes.flatMap { $0.values }
        let before = variables.map(\.snapshot)
        let termsBefore = terms.count, jacobiansBefore = jacobianTerms.count
        typealias Branch = (states: [(Value?, [Slot]?)], terms: [GExpr], jacobians: [GExpr], returned: FunctionReturn?)
        func branch(_ body: Stmt?, taken: GExpr) throws -> Branch {
            for (v, s) in zip(variables, before) { v.restore(s) }
            terms.removeSubrange(termsBefore...)
            jacobianTerms.removeSubrange(jacobiansBefore...)
            branchConditions.append(taken)
            defer { branchConditions.removeLast() }
            var returned: FunctionReturn?
            if let body {
                do { try withScope { try lower(body) } } catch let exit as LoopExit {
                    _ = exit
                    throw LoweringError.unsupported("'break' or 'continue' under a condition that depends on parameters", range)
                } catch let r as FunctionReturn {
                    returned = r
                }
            }
            return (variables.map(\.snapshot), Array(terms[termsBefore...]), Array(jacobianTerms[jacobiansBefore...]), returned)
        }
        let notTaken = graph.compare(.equal, condition.expr, scalarConstant(0))
        let thenBranch = try branch(then, taken: condition.expr)
        let elseBranch = try branch(otherwise, taken: notTaken)
        let returned = try mergedReturn(condition, thenBranch.returned, elseBranch.returned, range)
        terms.removeSubrange(termsBefore...)
        jacobianTerms.removeSubrange(jacobiansBefore...)
        for (k, v) in variables.enumerated() {
            let (t, e, b) = (thenBranch.states[k], elseBranch.states[k], before[k])
            if Self.sameStorage(t, b) && Self.sameStorage(e, b) { v.restore(b); continue }
            v.restore(t); let thenValue = v.read(in: graph)
            v.restore(e); let elseValue = v.read(in: graph)
            if thenValue.varying || elseValue.varying { throw VectorizationFallback() }
            v.assignWhole(try selectValue(condition, thenValue, elseValue, type: v.type, range))
        }
        func total(_ list: [GExpr]) -> GExpr {
            list.isEmpty ? scalarConstant(0) : graph.addScalars(list.map { $0.count == 1 ? $0 : graph.sum($0) })
        }
        if !thenBranch.terms.isEmpty || !elseBranch.terms.isEmpty {
            terms.append(graph.select(condition.expr, total(thenBranch.terms), total(elseBranch.terms)))
        }
        if !thenBranch.jacobians.isEmpty || !elseBranch.jacobians.isEmpty {
            jacobianTerms.append(graph.select(condition.expr, total(thenBranch.jacobians), total(elseBranch.jacobians)))
        }
        if let returned { throw returned }
    }

    /// The function's return when both branches of a parameter-dependent `if` return (a select of the two values),
    /// nil when neither does; a return in only one branch cannot be expressed on the static graph.
    private func mergedReturn(_ condition: Value, _ a: FunctionReturn?, _ b: FunctionReturn?,
                              _ range: SourceRange) throws -> FunctionReturn? {
        switch (a, b) {
        case (nil, nil):
            return nil
        case (let a?, let b?):
            switch (a.value, b.value) {
            case (nil, nil):
                return FunctionReturn(value: nil)
            case (.value(let x)?, .value(let y)?):
                let type = x.type.base == .int && y.type.base != .int ? y.type : x.type
                return FunctionReturn(value: .value(try selectValue(condition, x, y, type: type, range)))
            default:
                throw LoweringError.unsupported("returning a tuple under a condition that depends on parameters", range)
            }
        default:
            throw LoweringError.unsupported("'return' in only one branch of a condition that depends on parameters (return in "
                                            + "both branches, or assign a local and return it after the 'if')", range)
        }
    }

    /// A function body's statements with every `if` whose one branch always returns taking the statements after it into
    /// its other branch (`if (c) return a; return b;` becomes `if (c) return a; else return b;`): the same program,
    /// in which a return under a parameter-dependent condition ends both branches, so it can become a select.
    static func absorbingEarlyReturns(_ statements: [Stmt]) -> [Stmt] {
        for (i, s) in statements.enumerated() where i + 1 < statements.count {
            guard case .ifElse(let c, let then, let otherwise) = s.kind else { continue }
            let rest = Array(statements[(i + 1)...])
            let restRange = SourceRange(start: rest.first!.range.start, end: rest.last!.range.end)
            let restBlock = Stmt(.block(rest), range: restRange)
            if alwaysReturns(then) && otherwise == nil {
                return statements[..<i] + [Stmt(.ifElse(condition: c, then: then, otherwise: restBlock), range: s.range)]
            }
            if let o = otherwise, alwaysReturns(o) && !alwaysReturns(then) {
                let joined = Stmt(.block([then] + rest), range: SourceRange(start: then.range.start, end: restRange.end))
                return statements[..<i] + [Stmt(.ifElse(condition: c, then: joined, otherwise: o), range: s.range)]
            }
        }
        return statements
    }

    /// Whether every path through `s` ends in a `return`.
    static func alwaysReturns(_ s: Stmt) -> Bool {
        switch s.kind {
        case .returnStatement: return true
        case .block(let list), .profile(_, let list): return list.contains(where: alwaysReturns)
        case .ifElse(_, let then, let otherwise?): return alwaysReturns(then) && alwaysReturns(otherwise)
        default: return false
        }
    }

    private static func sameStorage(_ a: (Value?, [Slot]?), _ b: (Value?, [Slot]?)) -> Bool {
        a.0?.expr.slot == b.0?.expr.slot && a.1 == b.1
    }

    /// The product of the enclosing parameter-dependent branch conditions (1 when the current statement is
    /// reached), or nil outside such branches.
    var reachedCondition: GExpr? {
        guard let first = branchConditions.first else { return nil }
        return branchConditions.dropFirst().reduce(first) { graph.compare(.and, $0, $1) }
    }
}
