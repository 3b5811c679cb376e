// Parses variable declarations (sized types, array dimensions, constraints) and unsized function-argument types.

extension Parser {
    /// `true` if the current token starts a declaration (a type keyword).
    var isDeclarationStart: Bool {
        current.kind == .identifier && Self.typeKeywords.contains(current.text)
    }

    /// Parses `[array[dims]] base[<constraint>][sizes] name [= expr] [, name [= expr]]...;`: one declaration
    /// per declarator, all of the same type.
    /// - Parameter allowConstraints: `false` for local variables, which may not be constrained.
    mutating func parseVarDecls(allowConstraints: Bool) throws -> [VarDecl] {
        let start = current.range.start
        let type = try parseDeclType(allowConstraints: allowConstraints)
        var declarators: [(name: Token, initializer: Expr?)] = []
        repeat {
            let name = try expectName("a variable name")
            if current.isSymbol("[") {
                throw StanDiagnostic.invalidDeclaration(
                    "array declarations 'type name[dims]' were removed from Stan; write 'array[dims] type name'",
                    current.range)
            }
            var initializer: Expr?
            if accept("=") {
                initializer = try parseExpression()
            }
            declarators.append((name, initializer))
        } while accept(",")
        try expect(";")
        let whole = range(from: start)
        return declarators.map {
            VarDecl(type: type, name: $0.name.text, initializer: $0.initializer, range: whole, nameRange: $0.name.range)
        }
    }

    /// Parses the type part of a declaration.
    mutating func parseDeclType(allowConstraints: Bool) throws -> DeclType {
        var dims: [Expr] = []
        if current.isWord("array") {
            advance()
            try expect("[")
            dims = try parseExpressionList(closing: "]")
            if dims.isEmpty {
                throw StanDiagnostic.expected("array dimensions", found: current.description, current.range)
            }
            try expect("]")
        }
        let keyword = current
        guard keyword.kind == .identifier, Self.typeKeywords.contains(keyword.text), keyword.text != "array" else {
            throw StanDiagnostic.expected("a type", found: keyword.description, keyword.range)
        }
        advance()
        if keyword.text == "tuple" {
            return DeclType(arrayDims: dims, base: .tuple(try parseTupleComponents(allowConstraints: allowConstraints)),
                            constraint: .none)
        }
        var constraint = Constraint.none
        if current.isSymbol("<") {
            let constraintStart = current.range.start
            constraint = try parseConstraint()
            if !allowConstraints {
                throw StanDiagnostic.invalidConstraint("local variables cannot have constraints",
                                                       range(from: constraintStart))
            }
            if keyword.text == "int", case .affine = constraint {
                throw StanDiagnostic.invalidConstraint("'int' does not allow offset/multiplier",
                                                       range(from: constraintStart))
            }
            if !["int", "real", "vector", "row_vector", "matrix"].contains(keyword.text) {
                throw StanDiagnostic.invalidConstraint("'\(keyword.text)' cannot have a constraint",
                                                       range(from: constraintStart))
            }
        }
        let base: DeclBase
        switch keyword.text {
        case "int": base = .int
        case "real": base = .real
        case "complex": base = .complex
        case "vector": base = .vector(try parseSize())
        case "row_vector": base = .rowVector(try parseSize())
        case "matrix":
            let sizes = try parseSizes(count: 2...2, keyword: keyword)
            base = .matrix(sizes[0], sizes[1])
        case "simplex": base = .simplex(try parseSize())
        case "unit_vector": base = .unitVector(try parseSize())
        case "ordered": base = .ordered(try parseSize())
        case "positive_ordered": base = .positiveOrdered(try parseSize())
        case "cholesky_factor_corr": base = .choleskyFactorCorr(try parseSize())
        case "cholesky_factor_cov":
            let sizes = try parseSizes(count: 1...2, keyword: keyword)
            base = .choleskyFactorCov(sizes[0], sizes.count > 1 ? sizes[1] : nil)
        case "corr_matrix": base = .corrMatrix(try parseSize())
        case "cov_matrix": base = .covMatrix(try parseSize())
        case "sum_to_zero_vector": base = .sumToZeroVector(try parseSize())
        case "sum_to_zero_matrix", "row_stochastic_matrix", "column_stochastic_matrix":
            let sizes = try parseSizes(count: 2...2, keyword: keyword)
            base = keyword.text == "sum_to_zero_matrix" ? .sumToZeroMatrix(sizes[0], sizes[1])
                : keyword.text == "row_stochastic_matrix" ? .rowStochasticMatrix(sizes[0], sizes[1])
                : .columnStochasticMatrix(sizes[0], sizes[1])
        case "complex_vector": base = .complexVector(try parseSize())
        case "complex_row_vector": base = .complexRowVector(try parseSize())
        case "complex_matrix":
            let sizes = try parseSizes(count: 2...2, keyword: keyword)
            base = .complexMatrix(sizes[0], sizes[1])
        default:
            throw StanDiagnostic.unsupportedFeature("type '\(keyword.text)'", keyword.range)
        }
        return DeclType(arrayDims: dims, base: base, constraint: constraint)
    }

    private mutating func parseSize() throws -> Expr {
        try expect("[")
        let size = try parseExpression()
        try expect("]")
        return size
    }

    private mutating func parseSizes(count: ClosedRange<Int>, keyword: Token) throws -> [Expr] {
        let open = try expect("[")
        let sizes = try parseExpressionList(closing: "]")
        try expect("]")
        guard count.contains(sizes.count) else {
            let expected = count.lowerBound == count.upperBound ? "\(count.lowerBound)"
                : "\(count.lowerBound) or \(count.upperBound)"
            throw StanDiagnostic.invalidDeclaration("'\(keyword.text)' takes \(expected) sizes, found \(sizes.count)",
                                                    SourceRange(start: open.range.start, end: previousEnd))
        }
        return sizes
    }

    /// Parses `<lower=…, upper=…>` or `<offset=…, multiplier=…>`. Bound expressions are parsed above comparison
    /// precedence so that the closing `>` is not taken as an operator (as in stanc3).
    private mutating func parseConstraint() throws -> Constraint {
        let open = try expect("<")
        var values: [String: Expr] = [:]
        var order: [String] = []
        repeat {
            let key = current
            guard key.kind == .identifier, ["lower", "upper", "offset", "multiplier"].contains(key.text) else {
                throw StanDiagnostic.invalidConstraint(
                    "expected 'lower', 'upper', 'offset' or 'multiplier', found \(key.description)", key.range)
            }
            advance()
            if values[key.text] != nil {
                throw StanDiagnostic.invalidConstraint("'\(key.text)' given twice", key.range)
            }
            try expect("=")
            values[key.text] = try parseExpression(minimumPrecedence: BinaryOperator.add.precedence)
            order.append(key.text)
        } while accept(",")
        try expect(">")
        let range = SourceRange(start: open.range.start, end: previousEnd)
        let isBounds = order.allSatisfy { $0 == "lower" || $0 == "upper" }
        let isAffine = order.allSatisfy { $0 == "offset" || $0 == "multiplier" }
        // Either order is Stan (`<upper=1, lower=0>` and `<multiplier=2, offset=1>` are accepted by stanc3).
        if isBounds {
            return .bounds(lower: values["lower"], upper: values["upper"])
        }
        if isAffine {
            return .affine(offset: values["offset"], multiplier: values["multiplier"])
        }
        throw StanDiagnostic.invalidConstraint("bounds (lower/upper) cannot be combined with offset/multiplier",
                                               range)
    }

    /// Parses an unsized type as used for function parameters and return types: `[array[,…]] base`.
    mutating func parseUnsizedType() throws -> StanType {
        var dims = 0
        if current.isWord("array") {
            advance()
            try expect("[")
            dims = 1
            while accept(",") { dims += 1 }
            try expect("]")
        }
        let token = current
        let base: BaseType
        switch token.kind == .identifier ? token.text : "" {
        case "int": base = .int
        case "real": base = .real
        case "complex": base = .complex
        case "vector": base = .vector
        case "row_vector": base = .rowVector
        case "matrix": base = .matrix
        case "complex_vector": base = .complexVector
        case "complex_row_vector": base = .complexRowVector
        case "complex_matrix": base = .complexMatrix
        case "tuple":
            advance()
            return StanType(.tuple(try parseUnsizedTupleComponents()), arrayDims: dims)
        default:
            if let unconstrained = Self.unconstrainedFunctionType[token.text] {
                throw StanDiagnostic.invalidDeclaration("functions do not enforce type constraints: use '\(unconstrained)' "
                                                        + "instead of '\(token.text)' in a function signature", token.range)
            }
            if token.kind == .identifier && Self.typeKeywords.contains(token.text) {
                throw StanDiagnostic.unsupportedFeature("type '\(token.text)' in a function signature", token.range)
            }
            throw StanDiagnostic.expected("a type", found: token.description, token.range)
        }
        advance()
        if current.isSymbol("[") {
            throw StanDiagnostic.invalidDeclaration("function argument and return types are unsized", current.range)
        }
        return StanType(base, arrayDims: dims)
    }

    /// Constrained declaration types and the unconstrained type a function signature must use instead.
    static let unconstrainedFunctionType: [String: String] = [
        "simplex": "vector", "unit_vector": "vector", "ordered": "vector", "positive_ordered": "vector",
        "sum_to_zero_vector": "vector", "cholesky_factor_corr": "matrix", "cholesky_factor_cov": "matrix",
        "corr_matrix": "matrix", "cov_matrix": "matrix", "sum_to_zero_matrix": "matrix",
        "row_stochastic_matrix": "matrix", "column_stochastic_matrix": "matrix",
    ]

    /// Parses a comma-separated expression list up to (not consuming) `closing`.
    mutating func parseExpressionList(closing: String) throws -> [Expr] {
        var items: [Expr] = []
        if current.isSymbol(closing) { return items }
        repeat {
            items.append(try parseExpression())
        } while accept(",")
        return items
    }
}
