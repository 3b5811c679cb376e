// Lowers Stan statements: declarations, assignments, sampling, target increments, loops and conditionals.
import StrataAutodiff
import StrataStanFrontEnd

extension Lowerer {
    func lower(_ statements: [Stmt]) throws {
        for s in inlineDepth > 0 ? Self.absorbingEarlyReturns(statements) : statements { try lower(s) }
    }

    func lower(_ s: Stmt) throws {
        try tagged(s.range) { try lowerUntagged(s) }
    }

    private func lowerUntagged(_ s: Stmt) throws {
        if !marginal.plans.isEmpty, try lowerMarginalStatement(s) { return }
        let before = graph.buildErrors.count
        switch s.kind {
        case .declaration(let d):
            if d.isTuple { try declareTuple(d) } else { try declareLocal(d) }
        case .assignment(let lv, let op, let rhs):
            if !lv.components.isEmpty || (lv.type?.base.isTuple ?? false) { try assignTuple(lv, rhs, s.range) }
            else { try assign(lv, op, rhs, s.range) }
        case .unpack(let target, let rhs):
            try unpack(target, rhs, s.range)
        case .tilde(let t):
            if let truncation = t.truncation {
                if let def = userDensity(t.distribution, [t.lhs] + t.arguments) {
                    try truncatedUserTilde(t, def, truncation, s.range)
                } else {
                    try truncatedTilde(t, truncation, s.range)
                }
            } else if let def = userDensity(t.distribution, [t.lhs] + t.arguments) {
                guard let lp = try inline(def, try ([t.lhs] + t.arguments).map(lowerAny), t.distributionRange) else {
                    throw LoweringError.invalid("density '\(def.name)' returned no value", s.range)
                }
                addTarget(lp)
            } else {
                let lp = try logDensity(family: t.distribution, variate: t.lhs, t.arguments, propto: true, t.distributionRange)
                addTarget(lp)
            }
        case .targetIncrement(let e):
            addTarget(try lower(e))
        case .jacobianIncrement(let e):
            try addJacobian(try lower(e))
        case .forRange(let name, let lo, let hi, let body):
            try forLoop(name, lo, hi, body, s.range)
        case .forEach(let name, let collection, let body):
            if lanes != nil { throw VectorizationFallback() }
            if collection.type?.base.isTuple ?? false {
                try forEachTuple(name, collection, body)
                break
            }
            let c = try lower(collection)
            guard c.dims.count <= 1 else { throw LoweringError.unsupported("foreach over multi-dimensional containers", s.range) }
            let elementType = StanType(c.type.arrayDims > 0 ? c.type.base : (c.isInt ? .int : .real))
            for i in 0..<c.count {
                let exit = try iterate {
                    try withScope {
                        let v = Variable(name: name, type: elementType, dims: [])
                        v.assignWhole(Value(expr: c.expr[i], type: elementType, dims: []))
                        declare(v)
                        try lower(body)
                    }
                }
                if exit == .breakLoop { break }
            }
        case .whileLoop(let cond, let body):
            if lanes != nil { throw VectorizationFallback() }
            var iterations = 0
            while try constantCondition(cond) {
                iterations += 1
                if iterations > 1_000_000 {
                    throw LoweringError.invalid("while loop still running after 1000000 iterations: does its condition ever become "
                                                + "false? (loops on data are unrolled when the model is built)", s.range)
                }
                if try iterate({ try withScope { try lower(body) } }) == .breakLoop { break }
            }
        case .ifElse(let cond, let then, let otherwise):
            let c = try lower(cond)
            if branchesOnGraph && !c.isConstant && !c.varying {
                try lowerBranches(c, then, otherwise, cond.range)
            } else if try constantCondition(c, cond.range) { try withScope { try lower(then) } }
            else if let o = otherwise { try withScope { try lower(o) } }
        case .block(let list):
            try withScope { try lower(list) }
        case .profile(let name, let list):
            try tagging.inProfile(name) { try withScope { try lower(list) } }
        case .empty:
            break
        case .print(let args):
            try lowerPrint(args)
        case .reject(let args):
            try lowerReject(args, fatal: false, s.range)
        case .fatalError(let args):
            try lowerReject(args, fatal: true, s.range)
        case .breakStatement:
            if lanes != nil { throw VectorizationFallback() }
            throw LoopExit.breakLoop
        case .continueStatement:
            if lanes != nil { throw VectorizationFallback() }
            throw LoopExit.continueLoop
        case .returnStatement(let e):
            guard inlineDepth > 0 else { throw LoweringError.invalid("return outside a function", s.range) }
            throw FunctionReturn(value: try e.map(lowerAny))
        case .call(let name, let args):
            guard let def = userFunction(name, args) else {
                throw LoweringError.unsupported("function '\(name)' called as a statement", s.range)
            }
            _ = try inlineAny(def, try args.map(lowerAny), s.range)
        }
        try checkGraph(since: before, s.range)
    }

    /// Runs one loop iteration, turning `break` / `continue` into a result.
    func iterate(_ body: () throws -> Void) throws -> LoopExit? {
        do { try body(); return nil } catch let exit as LoopExit { return exit }
    }

    /// A condition that must be known while building the graph (data only).
    func constantCondition(_ e: SExpr) throws -> Bool {
        try constantCondition(try lower(e), e.range)
    }

    /// The truth of a condition already lowered to `v` (it must be data).
    func constantCondition(_ v: Value, _ range: SourceRange) throws -> Bool {
        guard let c = v.constantValues, c.count == 1, !v.varying else {
            if v.varying { throw VectorizationFallback() }
            throw LoweringError.needsPlainNumbers("a condition that depends on parameters", range)
        }
        return c[0] != 0
    }

    /// A local (or transformed data / transformed parameter / generated quantity) declaration.
    func declareLocal(_ d: VarDecl) throws {
        if d.type.arrayDims.isEmpty == false || !(d.type.base == .int || d.type.base == .real) {
            if lanes != nil { throw VectorizationFallback() }
        }
        let dims = try self.dims(of: d.type, name: d.name)
        let v = Variable(name: d.name, type: d.type.stanType, dims: dims)
        v.isLaneLocal = lanes != nil
        if let initial = d.initializer {
            if initial.referencedVariables.contains(d.name) {
                // Stan's variable is in scope in its own initializer, not yet assigned.
                v.initializeUnassigned(nan: nanSlot)
                declare(v)
            }
            let value = try promoted(try lower(initial), to: v.type)
            try checkSize(value, v, d.range)
            v.assignWhole(value)
        } else {
            v.initializeUnassigned(nan: nanSlot)
        }
        declare(v)
    }

    func checkSize(_ value: Value, _ v: Variable, _ range: SourceRange) throws {
        if value.laneSummed { throw VectorizationFallback() }
        if value.varying {
            guard v.dims.isEmpty else { throw VectorizationFallback() }
            return
        }
        guard value.count == v.count else {
            throw LoweringError.invalid("size mismatch in assignment to '\(v.name)': it has \(v.count) element\(v.count == 1 ? "" : "s"), the value has \(value.count)", range)
        }
    }

    func assign(_ lv: LValue, _ op: AssignmentOperator, _ rhsExpr: SExpr, _ range: SourceRange) throws {
        try assignValue(lv, op, try lower(rhsExpr), range)
    }

    /// Stores the lowered value `given` into `lv` (a compound operator combines it with the current value first).
    func assignValue(_ lv: LValue, _ op: AssignmentOperator, _ given: Value, _ range: SourceRange) throws {
        let v = try lookup(lv.name, lv.range)
        let indices = lv.indices.flatMap { $0 }
        var rhs = given
        let lhsType = lv.type ?? v.type
        if let binop = op.binaryOperator {
            let current: Value
            if indices.isEmpty { current = v.read(in: graph) }
            else {
                var e = SExpr(.variable(lv.name), range: lv.range, type: v.type)
                for group in lv.indices { e = SExpr(.indexed(e, group), range: lv.range, type: lhsType) }
                current = try lower(e)
            }
            rhs = try binary(binop, current, rhs, type: lhsType, range)
        }
        rhs = try promoted(rhs, to: lhsType)
        if indices.isEmpty {
            if lanes != nil && !v.isLaneLocal { throw VectorizationFallback() }
            try checkSize(rhs, v, range)
            v.assignWhole(rhs)
            return
        }
        if rhs.laneSummed { throw VectorizationFallback() }
        guard lv.indices.count == 1 || indices.count <= v.dims.count else {
            throw LoweringError.invalid("too many indices for '\(lv.name)'", lv.range)
        }
        let sels = try selections(indices, dims: v.dims, name: lv.name, lv.range)
        let (offs, _, varying) = try offsets(sels, dims: v.dims, lv.range)
        if lanes != nil && v.isLaneLocal { throw VectorizationFallback() }
        if varying {
            guard Set(offs).count == offs.count else { throw VectorizationFallback() }
            guard rhs.isScalar else { throw VectorizationFallback() }
        } else if lanes != nil && (rhs.varying || !v.isLaneLocal) {
            throw VectorizationFallback()
        }
        guard rhs.count == offs.count || rhs.count == 1 else {
            throw LoweringError.invalid("size mismatch in assignment to '\(lv.name)': \(offs.count) element\(offs.count == 1 ? "" : "s") indexed, the value has \(rhs.count)", range)
        }
        v.write(offsets: offs, value: rhs.expr, nan: nanSlot)
    }
}

/// `break` / `continue` unwinding to the innermost unrolled loop (conditions are data, so this is decided while building).
enum LoopExit: Error {
    case breakLoop, continueLoop
}
