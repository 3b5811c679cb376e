// Infers and checks expression types: literals, variables, operators, indexing, container literals.

extension TypeChecker {
    /// Checks `expr` and returns it with `type` filled in at every node (nil where an error was reported;
    /// parents of an erroneous child stay silent to avoid cascades).
    mutating func checkExpression(_ expr: Expr) -> Expr {
        var out = expr
        switch expr.kind {
        case .intLiteral(let text):
            if Int(text) == nil { report(.malformedNumber(text, expr.range)) } else { out.type = .int }
        case .realLiteral:
            out.type = .real
        case .imaginaryLiteral:
            out.type = .complex
        case .stringLiteral:
            report(.misplacedStatement("string literals are only allowed in print, reject and fatal_error",
                                       expr.range))
        case .variable(let name):
            if let symbol = symbols.lookup(name) {
                out.type = symbol.type
            } else if BuiltinFunctions.signatures[name] != nil || userFunctions[name] != nil {
                report(.misplacedStatement("function '\(name)' used as a variable; call it as '\(name)(…)'",
                                           expr.range))
            } else {
                report(.undeclaredIdentifier(name, suggestion: NameSuggester.suggest(name, from: symbols.visibleNames),
                                             expr.range))
            }
        case .binary(let op, let lhs, let rhs):
            let l = checkExpression(lhs), r = checkExpression(rhs)
            out.kind = .binary(op, l, r)
            if let lt = l.type, let rt = r.type {
                out.type = OperatorTypes.binary(op, lt, rt)
                if out.type == nil { report(.invalidOperands(op: op.rawValue, operands: [lt, rt], expr.range)) }
            }
        case .prefix(let op, let operand):
            let o = checkExpression(operand)
            out.kind = .prefix(op, o)
            if let t = o.type {
                out.type = OperatorTypes.prefix(op, t)
                if out.type == nil { report(.invalidOperands(op: op.rawValue, operands: [t], expr.range)) }
            }
        case .transpose(let operand):
            let o = checkExpression(operand)
            out.kind = .transpose(o)
            if let t = o.type {
                out.type = OperatorTypes.transpose(t)
                if out.type == nil { report(.invalidOperands(op: "'", operands: [t], expr.range)) }
            }
        case .conditional(let c, let t, let e):
            let cc = checkExpression(c), tt = checkExpression(t), ee = checkExpression(e)
            out.kind = .conditional(cc, tt, ee)
            if let ct = cc.type, ct != .int {
                report(.typeMismatch(expected: "int", found: ct.description, context: "condition of '?:'", c.range))
            }
            if let a = tt.type, let b = ee.type {
                if a.isAssignable(to: b) { out.type = b } else if b.isAssignable(to: a) { out.type = a } else {
                    report(.typeMismatch(expected: a.description, found: b.description,
                                         context: "branches of '?:'", e.range))
                }
            }
        case .call(let name, let args):
            if userFunctions[name] == nil, let signature = LaplaceSignature.of(name) {
                return checkLaplaceCall(name, signature, variate: nil, args, expr)
            }
            if let rewritten = Self.operatorCall(name, args, expr),
               userFunctions[name] == nil, BuiltinFunctions.signatures[name] == nil {
                return checkExpression(rewritten)
            }
            if Self.odeSolverNames.contains(name) { return checkOdeCall(name, args, expr) }
            if VariadicHigherOrderSignature.supported.contains(name) { return checkSupportedHigherOrderCall(name, args, expr) }
            if BuiltinFunctions.unsupported.contains(name) {
                // Report the unsupported callee once; the arguments (often function names) of the higher-order
                // built-ins Strata knows the signature of are checked, the others not.
                checkHigherOrderCall(name, args, range: expr.range)
                report(.unsupportedFeature("function '\(name)'", expr.range))
                return out
            }
            let checked = args.map { checkExpression($0) }
            out.kind = .call(name: name, arguments: checked)
            if Distributions.split(name).map({ $0.suffix != "_rng" }) == true && checked.count > 1 {
                report(.expected("'|' after the first argument of '\(name)'", found: "','", expr.range))
            } else if checked.allSatisfy({ $0.type != nil }) {
                out.type = value(of: resolveCall(name, checked.map { $0.type! }, range: expr.range), name, expr.range)
                checkDataArguments(name, checked)
            }
        case .conditionalCall(let name, let variate, let args):
            if userFunctions[name] == nil, let signature = LaplaceSignature.of(name) {
                return checkLaplaceCall(name, signature, variate: variate, args, expr)
            }
            let v = checkExpression(variate)
            let checked = args.map { checkExpression($0) }
            out.kind = .conditionalCall(name: name, variate: v, arguments: checked)
            if Distributions.split(name).map({ $0.suffix == "_rng" }) ?? true {
                report(.misplacedStatement("the '|' syntax is only for _lpdf, _lpmf, _cdf, _lcdf and _lccdf "
                                           + "functions", expr.range))
            } else if let vt = v.type, checked.allSatisfy({ $0.type != nil }) {
                let types = [vt] + checked.map { $0.type! }
                out.type = value(of: resolveCall(name, types, range: expr.range), name, expr.range)
                checkDataArguments(name, [v] + checked)
            }
        case .indexed(let base, let indices):
            let b = checkExpression(base)
            let (checkedIndices, kinds) = checkIndices(indices)
            out.kind = .indexed(b, checkedIndices)
            if let t = b.type, let kinds {
                out.type = OperatorTypes.indexed(t, kinds)
                if out.type == nil {
                    report(.invalidIndex("\(indices.count) indices applied to a value of type \(t)", expr.range))
                }
            }
        case .array(let items):
            let checked = items.map { checkExpression($0) }
            out.kind = .array(checked)
            out.type = commonType(checked, context: "array expression").map {
                StanType($0.base, arrayDims: $0.arrayDims + 1)
            }
        case .tuple, .tupleComponent:
            return checkTupleExpression(expr)
        case .rowVector(let items):
            let checked = items.map { checkExpression($0) }
            out.kind = .rowVector(checked)
            if checked.isEmpty {
                out.type = .rowVector
            } else if let common = commonType(checked, context: "row vector expression") {
                if common.isNumericScalar { out.type = .rowVector } else if common == .rowVector { out.type = .matrix }
                else if common == .complex { out.type = StanType(.complexRowVector) }
                else if common == StanType(.complexRowVector) { out.type = StanType(.complexMatrix) }
                else {
                    report(.typeMismatch(expected: "int, real or row_vector elements", found: common.description,
                                         context: "row vector expression", expr.range))
                }
            }
        }
        return out
    }

    private mutating func value(of resolution: CallResolution, _ name: String, _ range: SourceRange) -> StanType? {
        switch resolution {
        case .value(let t): return t
        case .failed: return nil
        case .void:
            report(.misplacedStatement("void function '\(name)' does not return a value", range))
            return nil
        }
    }

    /// The type all `items` share (int promoted to real when mixed with real), or nil after reporting a mismatch.
    private mutating func commonType(_ items: [Expr], context: String) -> StanType? {
        var common: StanType?
        for item in items {
            guard let t = item.type else { return nil }
            guard let c = common else { common = t; continue }
            if t.isAssignable(to: c) { continue }
            if c.isAssignable(to: t) { common = t; continue }
            if let joined = c.promotedJoin(t) { common = joined; continue }
            report(.typeMismatch(expected: c.description, found: t.description, context: context, item.range))
            return nil
        }
        return common
    }

    /// Checks each index; returns the annotated indices and their kinds (nil if any index is ill-typed).
    mutating func checkIndices(_ indices: [Index]) -> ([Index], [OperatorTypes.IndexKind]?) {
        var kinds: [OperatorTypes.IndexKind]? = []
        let checked: [Index] = indices.map { index in
            switch index {
            case .all:
                kinds?.append(.multiple)
                return .all
            case .single(let e):
                let c = checkExpression(e)
                if let t = c.type {
                    if t == .int { kinds?.append(.single) } else if t == .array(.int) { kinds?.append(.multiple) } else {
                        report(.invalidIndex("index must be int or array[] int, found \(t)", e.range))
                        kinds = nil
                    }
                } else {
                    kinds = nil
                }
                return .single(c)
            case .range(let lower, let upper):
                let lo = lower.map { requireInt(checkExpression($0), context: "range index") }
                let hi = upper.map { requireInt(checkExpression($0), context: "range index") }
                kinds?.append(.multiple)
                return .range(lower: lo, upper: hi)
            }
        }
        return (checked, kinds)
    }
}
