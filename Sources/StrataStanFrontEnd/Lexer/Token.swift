// Tokens produced by the Stan lexer: a kind, the exact source text and its range.

/// The lexical class of a token.
public enum TokenKind: Hashable, Sendable {
    /// An identifier or keyword (`normal`, `for`, `vector`, …); keywords are recognised by the parser.
    case identifier
    /// An integer literal such as `42`.
    case intLiteral
    /// A real literal such as `1e-3`, `.5` or `2.`.
    case realLiteral
    /// An imaginary literal such as `2i` or `1.5i`.
    case imaginaryLiteral
    /// A string literal (allowed only in `print`, `reject` and `fatal_error`); `text` holds the contents
    /// without quotes.
    case stringLiteral
    /// An operator or punctuation symbol (`+`, `.*`, `<=`, `(`, `;`, …).
    case symbol
    /// End of input.
    case endOfFile
}

/// One token of Stan source.
public struct Token: Hashable, Sendable, CustomStringConvertible {
    /// The token's class.
    public var kind: TokenKind
    /// The token's text (for strings: the contents without the quotes).
    public var text: String
    /// Where the token is in the source.
    public var range: SourceRange

    /// Creates a token.
    public init(kind: TokenKind, text: String, range: SourceRange) {
        self.kind = kind
        self.text = text
        self.range = range
    }

    /// `true` if this is the symbol `s`.
    public func isSymbol(_ s: String) -> Bool { kind == .symbol && text == s }

    /// `true` if this is the identifier/keyword `word`.
    public func isWord(_ word: String) -> Bool { kind == .identifier && text == word }

    /// A human-readable rendering used in "expected X, found Y" messages.
    public var description: String {
        switch kind {
        case .endOfFile: return "end of file"
        case .stringLiteral: return "string \"\(text)\""
        case .identifier: return "'\(text)'"
        default: return "'\(text)'"
        }
    }
}
