// Checks statements: assignment rules per block, ~ and target +=, loops, conditionals, returns and print.

extension TypeChecker {
    /// `true` where `target +=`, `~` and `target()` are allowed: the model block and `_lp` functions.
    var allowsTarget: Bool {
        block == .model || (function?.name.hasSuffix("_lp") ?? false)
    }

    /// Checks `stmt`; top-level declarations are given `declarationOrigin` (nested ones are locals).
    mutating func checkStatement(_ stmt: Stmt, declarationOrigin: VariableOrigin) -> Stmt {
        var out = stmt
        switch stmt.kind {
        case .declaration(let decl):
            out.kind = .declaration(checkDeclaration(decl, origin: declarationOrigin))
        case .assignment(let lvalue, let op, let rhs):
            out.kind = checkAssignment(lvalue, op, rhs, range: stmt.range)
        case .tilde(let tilde):
            out.kind = .tilde(checkTilde(tilde, range: stmt.range))
        case .targetIncrement(let value):
            if !allowsTarget {
                report(.misplacedStatement("'target +=' is only allowed in the model block and _lp functions",
                                           stmt.range))
            }
            let checked = checkExpression(value)
            if let t = checked.type, t.base == .complex {
                report(.typeMismatch(expected: "real or a real container", found: t.description,
                                     context: "'target +='", value.range))
            }
            out.kind = .targetIncrement(checked)
        case .jacobianIncrement(let value):
            let inJacobianFunction = function?.name.hasSuffix("_jacobian") ?? false
            if !(block == .transformedParameters && function == nil) && !inJacobianFunction {
                report(.misplacedStatement("'jacobian +=' is only allowed in the transformed parameters block and in "
                                           + "functions whose names end in _jacobian", stmt.range))
            }
            let checked = checkExpression(value)
            if let t = checked.type, t.base == .complex {
                report(.typeMismatch(expected: "real or a real container", found: t.description,
                                     context: "'jacobian +='", value.range))
            }
            out.kind = .jacobianIncrement(checked)
        case .forRange(let variable, let lower, let upper, let body):
            let lo = requireInt(checkExpression(lower), context: "loop bound")
            let hi = requireInt(checkExpression(upper), context: "loop bound")
            let newBody = checkLoopBody(body, variable: variable, type: .int, range: stmt.range)
            out.kind = .forRange(variable: variable, lower: lo, upper: hi, body: newBody)
        case .forEach(let variable, let collection, let body):
            let checked = checkExpression(collection)
            var elementType: StanType?
            if let t = checked.type {
                if t.arrayDims > 0 {
                    elementType = StanType(t.base, arrayDims: t.arrayDims - 1)
                } else if t.base == .vector || t.base == .rowVector || t.base == .matrix {
                    elementType = .real
                } else if t.base.isComplex && !t.base.isScalar {
                    elementType = .complex
                } else {
                    report(.typeMismatch(expected: "an array, vector, row_vector or matrix", found: t.description,
                                         context: "foreach loop", collection.range))
                }
            }
            let newBody = checkLoopBody(body, variable: variable, type: elementType ?? .real, range: stmt.range)
            out.kind = .forEach(variable: variable, collection: checked, body: newBody)
        case .whileLoop(let condition, let body):
            let c = checkCondition(condition)
            loopDepth += 1
            let newBody = checkNested(body)
            loopDepth -= 1
            out.kind = .whileLoop(condition: c, body: newBody)
        case .ifElse(let condition, let then, let otherwise):
            let c = checkCondition(condition)
            out.kind = .ifElse(condition: c, then: checkNested(then), otherwise: otherwise.map { checkNested($0) })
        case .block(let body):
            symbols.push()
            out.kind = .block(body.map { checkStatement($0, declarationOrigin: .local) })
            symbols.pop()
        case .profile(let name, let body):
            symbols.push()
            out.kind = .profile(name: name, body: body.map { checkStatement($0, declarationOrigin: .local) })
            symbols.pop()
        case .breakStatement, .continueStatement:
            if loopDepth == 0 {
                report(.misplacedStatement("'\(stmt.kind == .breakStatement ? "break" : "continue")' is only "
                                           + "allowed inside a loop", stmt.range))
            }
        case .returnStatement(let value):
            out.kind = .returnStatement(checkReturn(value, range: stmt.range))
        case .print(let args): out.kind = .print(checkPrintable(args))
        case .reject(let args): out.kind = .reject(checkPrintable(args))
        case .fatalError(let args): out.kind = .fatalError(checkPrintable(args))
        case .call(let name, let args):
            let checkedArgs = args.map { checkExpression($0) }
            if checkedArgs.allSatisfy({ $0.type != nil }) {
                let resolution = resolveCall(name, checkedArgs.map { $0.type! }, range: stmt.range)
                checkDataArguments(name, checkedArgs)
                if case .value = resolution {
                    report(.misplacedStatement("the value returned by '\(name)' is unused; only void functions "
                                               + "can be called as statements", stmt.range))
                }
            }
            out.kind = .call(name: name, arguments: checkedArgs)
        case .empty:
            break
        case .unpack(let target, let rhs):
            out.kind = checkUnpack(target, rhs)
        }
        return out
    }

    /// A nested statement: its declarations are locals in a fresh scope.
    private mutating func checkNested(_ stmt: Stmt) -> Stmt {
        symbols.push()
        defer { symbols.pop() }
        return checkStatement(stmt, declarationOrigin: .local)
    }

    private mutating func checkLoopBody(_ body: Stmt, variable: String, type: StanType, range: SourceRange) -> Stmt {
        symbols.push()
        if let previous = symbols.declare(Symbol(name: variable, type: type, origin: .loopVariable, range: range)) {
            report(.redeclaration(variable, previous: previous.range, range))
        }
        loopDepth += 1
        let out = checkStatement(body, declarationOrigin: .local)
        loopDepth -= 1
        symbols.pop()
        return out
    }

    /// Conditions must be `int`: real values as conditions were removed from Stan (compare explicitly).
    private mutating func checkCondition(_ condition: Expr) -> Expr {
        let checked = checkExpression(condition)
        if let t = checked.type, t != .int {
            report(.typeMismatch(expected: "int", found: t.description, context: "condition", condition.range))
        }
        return checked
    }

    private mutating func checkPrintable(_ args: [Expr]) -> [Expr] {
        args.map { arg in
            if case .stringLiteral = arg.kind { return arg }
            return checkExpression(arg)
        }
    }

    private mutating func checkReturn(_ value: Expr?, range: SourceRange) -> Expr? {
        guard let function else {
            report(.misplacedStatement("'return' is only allowed inside function definitions", range))
            return value.map { checkExpression($0) }
        }
        guard let value else {
            if let expected = function.returnType {
                report(.typeMismatch(expected: expected.description, found: "no value",
                                     context: "return from '\(function.name)'", range))
            }
            return nil
        }
        let checked = checkExpression(value)
        guard let t = checked.type else { return checked }
        guard let expected = function.returnType else {
            report(.typeMismatch(expected: "no value (void function)", found: t.description,
                                 context: "return from '\(function.name)'", value.range))
            return checked
        }
        if !t.isAssignable(to: expected) {
            report(.typeMismatch(expected: expected.description, found: t.description,
                                 context: "return from '\(function.name)'", value.range))
        }
        return checked
    }

    mutating func checkAssignment(_ lvalue: LValue, _ op: AssignmentOperator, _ rhs: Expr,
                                  range: SourceRange) -> StmtKind {
        let value = checkExpression(rhs)
        guard let target = checkTarget(lvalue) else { return .assignment(lvalue, op, value) }
        let type = target.type
        guard let lhsType = type, let rhsType = value.type else { return .assignment(target, op, value) }
        if let binary = op.binaryOperator {
            let result = OperatorTypes.binary(binary, lhsType, rhsType)
            let elementwiseOnScalar = (op == .elementMultiply || op == .elementDivide) && lhsType.isNumericScalar
            if result == nil || !(result!.isAssignable(to: lhsType)) || elementwiseOnScalar {
                report(.invalidOperands(op: op.rawValue, operands: [lhsType, rhsType], range))
            }
        } else if !rhsType.isAssignable(to: lhsType) {
            report(.typeMismatch(expected: lhsType.description, found: rhsType.description,
                                 context: "assignment to '\(lvalue.name)'", rhs.range))
        }
        return .assignment(target, op, value)
    }

    /// Checks an assignment target: declared, assignable here, indices and tuple components valid. Returns it with
    /// its indices checked and its type filled in (nil type after an error), or nil if the variable is undeclared.
    mutating func checkTarget(_ lvalue: LValue) -> LValue? {
        var target = lvalue
        guard let symbol = symbols.lookup(lvalue.name) else {
            report(.undeclaredIdentifier(lvalue.name, suggestion: NameSuggester.suggest(lvalue.name,
                                                                                        from: symbols.visibleNames),
                                         SourceRange(start: lvalue.range.start, end: SourceLocation(
                                            line: lvalue.range.start.line,
                                            column: lvalue.range.start.column + lvalue.name.utf8.count,
                                            offset: lvalue.range.start.offset + lvalue.name.utf8.count))))
            return nil
        }
        if let reason = symbol.origin.assignmentRestriction(in: block) {
            report(.cannotAssign(lvalue.name, reason: reason, lvalue.range))
        }
        var type: StanType? = symbol.type
        var groupNumber = 0
        target.indices = lvalue.indices.map { group in
            type = type.flatMap { componentType(of: $0, lvalue, after: groupNumber) }
            groupNumber += 1
            let (checked, kinds) = checkIndices(group)
            if let current = type, let kinds {
                type = OperatorTypes.indexed(current, kinds)
                if type == nil {
                    report(.invalidIndex("too many indices for '\(lvalue.name)' of type \(symbol.type)", lvalue.range))
                }
            } else {
                type = nil
            }
            return checked
        }
        type = type.flatMap { componentType(of: $0, lvalue, after: groupNumber) }
        target.type = type
        checkLValueIndices(target)
        return target
    }

    /// Stan's rules for indexed assignment targets: only the last index group may hold a multi-index
    /// (`y[:][1] = …` is rejected), and the indices may not read the variable being assigned (`x[x[1]] = …`).
    private mutating func checkLValueIndices(_ lvalue: LValue) {
        for group in lvalue.indices.dropLast() {
            let multi = group.contains { index in
                if case .single(let e) = index { return e.type != nil && e.type != .int }
                return true
            }
            if multi {
                report(.invalidIndex("the left-hand side of an assignment cannot have nested multi-indexing "
                                     + "(a multi-index such as ':' or an array of ints before the last '[…]')", lvalue.range))
                return
            }
        }
        let read = lvalue.indices.joined().flatMap(\.expressions).contains { $0.referencedVariables.contains(lvalue.name) }
        if read {
            report(.invalidIndex("'\(lvalue.name)' is both assigned to and read in its own indices; "
                                 + "copy the index into a local variable first", lvalue.range))
        }
    }

    private mutating func checkTilde(_ tilde: TildeStatement, range: SourceRange) -> TildeStatement {
        var out = tilde
        if !allowsTarget {
            report(.misplacedStatement("'~' statements are only allowed in the model block and _lp functions", range))
        }
        if LaplaceSignature.isFamily(tilde.distribution), let signature = LaplaceSignature.of(tilde.distribution) {
            let (checked, _) = checkLaplaceArguments(tilde.distribution, signature, [tilde.lhs] + tilde.arguments, range: range)
            out.lhs = checked[0]
            out.arguments = Array(checked.dropFirst())
            if tilde.truncation != nil {
                report(.misplacedStatement("truncation T[,] is not defined for '\(tilde.distribution)'", range))
            }
            return out
        }
        out.lhs = checkExpression(tilde.lhs)
        out.arguments = tilde.arguments.map { checkExpression($0) }
        if let truncation = tilde.truncation {
            // A real bound on an int variate is fine for a continuous family (`1 ~ normal(0, 1) T[0.5, ]`); a
            // probability mass function's CDFs take int bounds only.
            let isDiscrete = Distributions.families[tilde.distribution]?.contains(where: \.isDiscrete) == true
                || userFunctions[tilde.distribution + "_lpmf"] != nil
            func point(_ e: Expr?) -> Expr? {
                guard let e else { return nil }
                let checked = checkExpression(e)
                if let t = checked.type, !t.isNumericScalar {
                    report(.typeMismatch(expected: "int or real", found: t.description, context: "truncation bound",
                                         e.range))
                } else if let t = checked.type, t == .real, out.lhs.type == .int, isDiscrete {
                    report(.typeMismatch(expected: "int (the variate is an int)", found: "real", context: "truncation bound",
                                         e.range))
                }
                return checked
            }
            out.truncation = Truncation(lower: point(truncation.lower), upper: point(truncation.upper))
        }
        let types = ([out.lhs] + out.arguments).compactMap(\.type)
        guard types.count == out.arguments.count + 1 else { return out }
        checkDistribution(tilde.distribution, types, truncated: tilde.truncation != nil,
                          nameRange: tilde.distributionRange, range: range)
        if let truncation = out.truncation {
            checkUserTruncation(tilde.distribution, truncation, parameters: Array(types.dropFirst()), range: range)
        }
        return out
    }

    /// Truncating a user-defined distribution needs its `_lccdf` (lower bound) and `_lcdf` (upper bound) with
    /// arguments (bound, parameters...), as Stan requires.
    private mutating func checkUserTruncation(_ name: String, _ truncation: Truncation, parameters: [StanType],
                                              range: SourceRange) {
        guard userFunctions[name + "_lpdf"] != nil || userFunctions[name + "_lpmf"] != nil else { return }
        for (bound, suffix) in [(truncation.lower, "_lccdf"), (truncation.upper, "_lcdf")] {
            guard let bound, let boundType = bound.type else { continue }
            let args = [boundType] + parameters
            let matches = userFunctions[name + suffix].map { overloads in
                if case .match = OverloadResolver.resolve(overloads, args) { return true }
                return false
            } ?? false
            if !matches {
                let list = args.map(\.description).joined(separator: ", ")
                report(.misplacedStatement("truncation needs '\(name)\(suffix)' taking (\(list)); no such function is defined",
                                           range))
            }
        }
    }
}
