// Pratt parser for Stan expressions: precedence climbing for infix operators, prefix/postfix operators, primaries.

extension Parser {
    /// Parses an expression whose infix operators all bind at least as tightly as `minimumPrecedence`
    /// (0 admits everything, including the conditional operator `?:`).
    mutating func parseExpression(minimumPrecedence: Int = 0) throws -> Expr {
        try enter()
        defer { leave() }
        var lhs = try parsePrefixExpression()
        // Each operator in a chain deepens the tree by one level; count it (apart from the nesting limit, which
        // sums of hundreds of terms must not hit) so later recursive passes are safe.
        var chainDepth = 0
        defer { operatorChain -= chainDepth }
        while true {
            if current.kind == .symbol && (current.isSymbol("?") || BinaryOperator(rawValue: current.text) != nil) {
                operatorChain += 1
                chainDepth += 1
                if operatorChain > Self.maximumOperatorChain { throw StanDiagnostic.nestingTooDeep(current.range) }
            }
            let token = current
            if token.isSymbol("?") && minimumPrecedence == 0 {
                advance()
                let then = try parseExpression()
                try expect(":")
                let otherwise = try parseExpression()
                lhs = Expr(.conditional(lhs, then, otherwise), range: lhs.range.union(otherwise.range))
                continue
            }
            guard token.kind == .symbol, let op = BinaryOperator(rawValue: token.text),
                  op.precedence >= minimumPrecedence else { break }
            advance()
            let rhs = try parseExpression(minimumPrecedence: op.isRightAssociative ? op.precedence : op.precedence + 1)
            lhs = Expr(.binary(op, lhs, rhs), range: lhs.range.union(rhs.range))
        }
        return lhs
    }

    /// Prefix operators bind looser than `^` (so `-a^b` is `-(a^b)`) and tighter than `.*`.
    private mutating func parsePrefixExpression() throws -> Expr {
        let token = current
        if token.kind == .symbol, let op = PrefixOperator(rawValue: token.text) {
            advance()
            let operand = try parseExpression(minimumPrecedence: BinaryOperator.prefixPrecedence)
            return Expr(.prefix(op, operand), range: token.range.union(operand.range))
        }
        return try parsePostfix(try parsePrimary())
    }

    /// Postfix transpose `'` and indexing `[…]`, applied left to right.
    private mutating func parsePostfix(_ base: Expr) throws -> Expr {
        var expr = base
        var chainDepth = 0
        defer { for _ in 0..<chainDepth { leave() } }
        while true {
            if current.isSymbol("'") || current.isSymbol("[") || isTupleComponentToken {
                try enter()
                chainDepth += 1
            }
            if isTupleComponentToken {
                let token = advance()
                guard let k = Int(token.text.dropFirst()), k >= 1 else {
                    throw StanDiagnostic.invalidIndex("tuple component '\(token.text.dropFirst())' must be a positive integer",
                                                      token.range)
                }
                expr = Expr(.tupleComponent(expr, k), range: range(from: expr.range.start))
            } else if current.isSymbol("'") {
                advance()
                expr = Expr(.transpose(expr), range: range(from: expr.range.start))
            } else if current.isSymbol("[") {
                advance()
                let indices = try parseIndices()
                try expect("]")
                expr = Expr(.indexed(expr, indices), range: range(from: expr.range.start))
            } else {
                return expr
            }
        }
    }

    /// `true` at a `.k` tuple component (lexed as a real literal `.k` after the value it applies to).
    private var isTupleComponentToken: Bool {
        current.kind == .realLiteral && current.text.count > 1 && current.text.hasPrefix(".")
            && current.text.dropFirst().allSatisfy(\.isNumber)
    }

    private mutating func parseIndices() throws -> [Index] {
        if current.isSymbol("]") {
            throw StanDiagnostic.expected("an index", found: current.description, current.range)
        }
        var indices: [Index] = []
        repeat {
            // An omitted index (`x[, j]`, `x[i, ]`) selects everything, like `:`.
            if current.isSymbol(",") || current.isSymbol("]") {
                indices.append(.all)
                continue
            }
            if accept(":") {
                if current.isSymbol(",") || current.isSymbol("]") {
                    indices.append(.all)
                } else {
                    indices.append(.range(lower: nil, upper: try parseExpression()))
                }
                continue
            }
            let first = try parseExpression()
            if accept(":") {
                if current.isSymbol(",") || current.isSymbol("]") {
                    indices.append(.range(lower: first, upper: nil))
                } else {
                    indices.append(.range(lower: first, upper: try parseExpression()))
                }
            } else {
                indices.append(.single(first))
            }
        } while accept(",")
        return indices
    }

    private mutating func parsePrimary() throws -> Expr {
        let token = current
        let start = token.range.start
        switch token.kind {
        case .intLiteral:
            advance()
            return Expr(.intLiteral(token.text), range: token.range)
        case .realLiteral:
            advance()
            return Expr(.realLiteral(token.text), range: token.range)
        case .imaginaryLiteral:
            advance()
            return Expr(.imaginaryLiteral(token.text), range: token.range)
        case .stringLiteral:
            advance()
            return Expr(.stringLiteral(token.text), range: token.range)
        case .identifier:
            if Self.reservedWords.contains(token.text) && token.text != "target" {
                throw StanDiagnostic.expected("an expression", found: token.description, token.range)
            }
            advance()
            if accept("(") {
                return try parseCall(name: token.text, start: start)
            }
            return Expr(.variable(token.text), range: token.range)
        case .symbol:
            if accept("(") {
                let inner = try parseExpression()
                if accept(",") {
                    // A tuple expression: `(a, b, ...)`, or `(a,)` with one component.
                    var items = [inner]
                    while !current.isSymbol(")") {
                        items.append(try parseExpression())
                        if !accept(",") { break }
                    }
                    try expect(")")
                    return Expr(.tuple(items), range: range(from: start))
                }
                try expect(")")
                return Expr(inner.kind, range: range(from: start))
            }
            if accept("{") {
                let items = try parseExpressionList(closing: "}")
                if items.isEmpty {
                    throw StanDiagnostic.expected("an expression", found: current.description, current.range)
                }
                try expect("}")
                return Expr(.array(items), range: range(from: start))
            }
            if accept("[") {
                let items = try parseExpressionList(closing: "]")
                try expect("]")
                return Expr(.rowVector(items), range: range(from: start))
            }
            throw StanDiagnostic.expected("an expression", found: token.description, token.range)
        case .endOfFile:
            throw StanDiagnostic.expected("an expression", found: token.description, token.range)
        }
    }

    /// `name(args)` or `name(variate | args)`; the opening parenthesis has been consumed.
    private mutating func parseCall(name: String, start: SourceLocation) throws -> Expr {
        if accept(")") {
            return Expr(.call(name: name, arguments: []), range: range(from: start))
        }
        let first = try parseExpression()
        if accept("|") {
            let rest = try parseExpressionList(closing: ")")
            try expect(")")
            return Expr(.conditionalCall(name: name, variate: first, arguments: rest), range: range(from: start))
        }
        var args = [first]
        while accept(",") { args.append(try parseExpression()) }
        try expect(")")
        return Expr(.call(name: name, arguments: args), range: range(from: start))
    }
}
