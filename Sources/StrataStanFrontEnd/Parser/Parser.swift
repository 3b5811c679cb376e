// Recursive-descent parser state: the token cursor, expectation helpers and the nesting-depth guard.

/// Parses Stan source into a `Program` (syntax only; see `TypeChecker` for semantics).
///
/// The grammar follows the current Stan reference manual (stanc3 2.33+ syntax: `array[N] real x`, no `#`
/// comments, no `<-`). Parsing stops at the first syntax error, which is thrown as a `StanDiagnostic`.
public struct Parser {
    var tokens: [Token]
    var position = 0
    private var depth = 0

    /// Maximum nesting of expressions/statements before `nestingTooDeep` is reported (guards the stack).
    static let maximumDepth = 200
    /// Maximum length of a chain of binary operators (`a + b + c + ...`): each one deepens the expression
    /// tree that later passes walk recursively, but far more cheaply than a parenthesis or a call.
    static let maximumOperatorChain = 1000
    var operatorChain = 0

    /// Words that name types; a statement starting with one of them is a declaration.
    static let typeKeywords: Set<String> = [
        "int", "real", "complex", "vector", "row_vector", "matrix", "simplex", "unit_vector", "ordered",
        "positive_ordered", "cholesky_factor_corr", "cholesky_factor_cov", "corr_matrix", "cov_matrix", "array",
        "complex_vector", "complex_row_vector", "complex_matrix", "tuple", "sum_to_zero_vector",
        "sum_to_zero_matrix", "column_stochastic_matrix", "row_stochastic_matrix",
    ]

    /// Words that cannot be used as variable or function names.
    static let reservedWords: Set<String> = typeKeywords.union([
        "for", "in", "while", "repeat", "until", "if", "then", "else", "true", "false", "target", "functions",
        "model", "data", "parameters", "quantities", "transformed", "generated", "void", "return", "break",
        "continue", "print", "reject", "fatal_error", "profile", "lower", "upper", "offset", "multiplier",
        "auto", "export", "extern", "static", "struct", "typedef", "var",
    ])

    /// Keywords of declarations and statements (`<lower=…>`, `jacobian +=`) that cannot name a variable or function.
    static let reservedNames: Set<String> = reservedWords.union(["lower", "upper", "offset", "multiplier", "jacobian"])

    /// Creates a parser over already-lexed tokens (the last must be `.endOfFile`).
    public init(tokens: [Token]) {
        self.tokens = tokens.isEmpty ? [Token(kind: .endOfFile, text: "", range: .unknown)] : tokens
    }

    /// Lexes and parses `source`.
    /// - Returns: the program's AST.
    /// - Throws: the first lexical or syntax `StanDiagnostic`.
    public static func parse(_ source: String) throws -> Program {
        var lexer = Lexer(source: source)
        var parser = Parser(tokens: try lexer.tokenize())
        return try parser.parseProgram()
    }

    // MARK: Cursor

    var current: Token { tokens[position] }

    func peek(_ ahead: Int) -> Token {
        let i = position + ahead
        return i < tokens.count ? tokens[i] : tokens[tokens.count - 1]
    }

    /// End of the most recently consumed token.
    var previousEnd: SourceLocation {
        position > 0 ? tokens[position - 1].range.end : current.range.start
    }

    /// Range from `start` to the end of the last consumed token.
    func range(from start: SourceLocation) -> SourceRange {
        SourceRange(start: start, end: previousEnd)
    }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    /// Consumes the symbol `s` if present.
    mutating func accept(_ s: String) -> Bool {
        if current.isSymbol(s) {
            advance()
            return true
        }
        return false
    }

    /// Consumes the symbol `s` or throws "expected 's'".
    @discardableResult
    mutating func expect(_ s: String) throws -> Token {
        guard current.isSymbol(s) else {
            if s == ";" { throw StanDiagnostic.missingSemicolon(SourceRange(at: previousEnd)) }
            throw StanDiagnostic.expected("'\(s)'", found: current.description, current.range)
        }
        return advance()
    }

    /// Consumes the keyword `word` or throws.
    mutating func expectWord(_ word: String) throws {
        guard current.isWord(word) else {
            throw StanDiagnostic.expected("'\(word)'", found: current.description, current.range)
        }
        advance()
    }

    /// Consumes an identifier usable as a name (not a reserved word) and returns it.
    mutating func expectName(_ what: String) throws -> Token {
        guard current.kind == .identifier else {
            throw StanDiagnostic.expected(what, found: current.description, current.range)
        }
        if Self.reservedNames.contains(current.text) {
            throw StanDiagnostic.invalidDeclaration("'\(current.text)' is a reserved word and cannot be used as a name",
                                                    current.range)
        }
        if current.text.hasSuffix("__") {
            throw StanDiagnostic.invalidDeclaration("'\(current.text)': names ending in '__' are reserved for Stan's own "
                                                    + "outputs (lp__, ...)", current.range)
        }
        return advance()
    }

    /// Increments the nesting depth, throwing past `maximumDepth`.
    mutating func enter() throws {
        depth += 1
        if depth > Self.maximumDepth { throw StanDiagnostic.nestingTooDeep(current.range) }
    }

    /// Decrements the nesting depth.
    mutating func leave() { depth -= 1 }
}
