// Parses statements: declarations, assignments, ~ with truncation, target +=, loops, conditionals, print/reject.

extension Parser {
    /// Parses one statement, or one per declarator of a declaration such as `real a, b = 1;`.
    mutating func parseStatements(allowConstraints: Bool) throws -> [Stmt] {
        guard isDeclarationStart else { return [try parseStatement(allowConstraints: allowConstraints)] }
        return try parseVarDecls(allowConstraints: allowConstraints).map { Stmt(.declaration($0), range: $0.range) }
    }

    /// Parses one statement.
    /// - Parameter allowConstraints: whether a declaration here may carry a constraint (block-level variables of
    ///   transformed data/parameters and generated quantities).
    mutating func parseStatement(allowConstraints: Bool) throws -> Stmt {
        try enter()
        defer { leave() }
        let start = current.range.start
        if isDeclarationStart {
            let decls = try parseVarDecls(allowConstraints: allowConstraints).map { Stmt(.declaration($0), range: $0.range) }
            return decls.count == 1 ? decls[0] : Stmt(.block(decls), range: range(from: start))
        }
        let token = current
        if token.kind == .symbol {
            if accept(";") { return Stmt(.empty, range: range(from: start)) }
            if token.isSymbol("{"), let tilde = try tryArrayTildeStatement(start: start) { return tilde }
            if accept("{") {
                var body: [Stmt] = []
                while !current.isSymbol("}") && current.kind != .endOfFile {
                    body += try parseStatements(allowConstraints: false)
                }
                try expect("}")
                return Stmt(.block(body), range: range(from: start))
            }
        }
        if token.kind == .identifier {
            switch token.text {
            case "for": return try parseFor()
            case "while":
                advance()
                try expect("(")
                let condition = try parseExpression()
                try expect(")")
                let body = try parseStatement(allowConstraints: false)
                return Stmt(.whileLoop(condition: condition, body: body), range: range(from: start))
            case "if":
                advance()
                try expect("(")
                let condition = try parseExpression()
                try expect(")")
                let then = try parseStatement(allowConstraints: false)
                var otherwise: Stmt?
                if current.isWord("else") {
                    advance()
                    otherwise = try parseStatement(allowConstraints: false)
                }
                return Stmt(.ifElse(condition: condition, then: then, otherwise: otherwise), range: range(from: start))
            case "break", "continue":
                advance()
                try expect(";")
                return Stmt(token.text == "break" ? .breakStatement : .continueStatement, range: range(from: start))
            case "return":
                advance()
                var value: Expr?
                if !current.isSymbol(";") { value = try parseExpression() }
                try expect(";")
                return Stmt(.returnStatement(value), range: range(from: start))
            case "print", "reject", "fatal_error":
                if peek(1).isSymbol("(") {
                    advance()
                    advance()
                    let args = try parseExpressionList(closing: ")")
                    if args.isEmpty {
                        throw StanDiagnostic.expected("at least one argument", found: current.description,
                                                      current.range)
                    }
                    try expect(")")
                    try expect(";")
                    let kind: StmtKind = token.text == "print" ? .print(args)
                        : token.text == "reject" ? .reject(args) : .fatalError(args)
                    return Stmt(kind, range: range(from: start))
                }
            case "target", "jacobian":
                if peek(1).isSymbol("+=") {
                    advance()
                    advance()
                    let value = try parseExpression()
                    try expect(";")
                    return Stmt(token.text == "target" ? .targetIncrement(value) : .jacobianIncrement(value),
                                range: range(from: start))
                }
            case "profile":
                if peek(1).isSymbol("(") { return try parseProfile() }
            default:
                break
            }
        }
        return try parseExpressionStatement(start: start)
    }

    /// `{a, b} ~ dist(...);`: a statement that opens with an array expression rather than a block. Returns nil
    /// (with the parser unmoved) unless an array expression followed by `~` is there.
    private mutating func tryArrayTildeStatement(start: SourceLocation) throws -> Stmt? {
        let saved = self
        let isTilde = (try? parseExpression()) != nil && current.isSymbol("~")
        self = saved
        return isTilde ? try parseExpressionStatement(start: start) : nil
    }

    /// `profile("name") { statements }`.
    private mutating func parseProfile() throws -> Stmt {
        let start = current.range.start
        advance()
        try expect("(")
        guard current.kind == .stringLiteral else {
            throw StanDiagnostic.expected("a profile name in double quotes", found: current.description, current.range)
        }
        let name = current.text
        advance()
        try expect(")")
        guard current.isSymbol("{") else {
            throw StanDiagnostic.expected("'{' opening the profile block", found: current.description, current.range)
        }
        advance()
        var body: [Stmt] = []
        while !current.isSymbol("}") && current.kind != .endOfFile {
            body += try parseStatements(allowConstraints: false)
        }
        try expect("}")
        return Stmt(.profile(name: name, body: body), range: range(from: start))
    }

    private mutating func parseFor() throws -> Stmt {
        let start = current.range.start
        advance()
        try expect("(")
        let variable = try expectName("a loop variable")
        try expectWord("in")
        let first = try parseExpression()
        var kind: StmtKind
        if accept(":") {
            let upper = try parseExpression()
            try expect(")")
            let body = try parseStatement(allowConstraints: false)
            kind = .forRange(variable: variable.text, lower: first, upper: upper, body: body)
        } else {
            try expect(")")
            let body = try parseStatement(allowConstraints: false)
            kind = .forEach(variable: variable.text, collection: first, body: body)
        }
        return Stmt(kind, range: range(from: start))
    }

    /// Assignment, `~`, or a function call statement, all starting with an expression.
    private mutating func parseExpressionStatement(start: SourceLocation) throws -> Stmt {
        if current.kind == .endOfFile || current.isSymbol("}") {
            throw StanDiagnostic.expected("a statement", found: current.description, current.range)
        }
        let lhs = try parseExpression()
        if accept("~") {
            let distribution = try expectName("a distribution name")
            try expect("(")
            let args = try parseExpressionList(closing: ")")
            try expect(")")
            var truncation: Truncation?
            if current.isWord("T") && peek(1).isSymbol("[") {
                advance()
                advance()
                let lower = current.isSymbol(",") ? nil : try parseExpression()
                try expect(",")
                let upper = current.isSymbol("]") ? nil : try parseExpression()
                try expect("]")
                truncation = Truncation(lower: lower, upper: upper)
            }
            try expect(";")
            let tilde = TildeStatement(lhs: lhs, distribution: distribution.text, arguments: args,
                                       truncation: truncation, distributionRange: distribution.range)
            return Stmt(.tilde(tilde), range: range(from: start))
        }
        if case .tuple = lhs.kind, current.isSymbol("=") {
            advance()
            let target = try makeUnpackTarget(lhs)
            let rhs = try parseExpression()
            try expect(";")
            return Stmt(.unpack(target, rhs), range: range(from: start))
        }
        if current.kind == .symbol, let op = AssignmentOperator(rawValue: current.text) {
            advance()
            let lvalue = try makeLValue(lhs)
            let rhs = try parseExpression()
            try expect(";")
            return Stmt(.assignment(lvalue, op, rhs), range: range(from: start))
        }
        if case .call(let name, let args) = lhs.kind {
            try expect(";")
            return Stmt(.call(name: name, arguments: args), range: range(from: start))
        }
        if current.isSymbol(";") {
            throw StanDiagnostic.expected("an assignment, '~' statement or function call", found: "an expression",
                                          lhs.range)
        }
        throw StanDiagnostic.expected("'=', '~' or ';'", found: current.description, current.range)
    }

    /// Converts a parsed expression into an assignable lvalue (`x`, `x[i]`, `x[i][j, k]`, `x[i].2`).
    private func makeLValue(_ expr: Expr) throws -> LValue {
        var steps: [Either] = []
        var node = expr
        loop: while true {
            switch node.kind {
            case .indexed(let base, let indices): steps.insert(.group(indices), at: 0); node = base
            case .tupleComponent(let base, let k): steps.insert(.component(k), at: 0); node = base
            default: break loop
            }
        }
        guard case .variable(let name) = node.kind else {
            throw StanDiagnostic.expected("an assignable variable", found: "an expression", expr.range)
        }
        var lvalue = LValue(name: name, indices: [], range: expr.range)
        for step in steps {
            switch step {
            case .group(let g): lvalue.indices.append(g)
            case .component(let k): lvalue.components.append(TupleAccess(afterGroups: lvalue.indices.count, component: k))
            }
        }
        return lvalue
    }

    private enum Either { case group([Index]), component(Int) }

    /// The targets of an unpacking assignment `(a, b[i], (c, d)) = ...`.
    private func makeUnpackTarget(_ expr: Expr) throws -> UnpackTarget {
        if case .tuple(let items) = expr.kind { return .tuple(try items.map(makeUnpackTarget), range: expr.range) }
        return .single(try makeLValue(expr))
    }
}
