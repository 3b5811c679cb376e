// Converts Stan source text into tokens with source locations; skips comments and rejects #include.

/// Splits Stan source into `Token`s.
///
/// Handles identifiers, integer/real/imaginary literals (`1e-3`, `.5`, `2.`, `3i`), strings, every Stan operator
/// (longest match first), `//` and `/* */` comments. `#include` is reported as unsupported; other `#` lines are the
/// removed old comment syntax and are reported as unexpected characters.
public struct Lexer {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var lineStart = 0

    /// Operators ordered so that longer spellings are tried first.
    static let symbols: [String] = [
        "%/%", ".*=", "./=",
        ".*", "./", ".^", "&&", "||", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=",
        "+", "-", "*", "/", "%", "\\", "^", "'", "!", "<", ">", "?", ":", "=", "~", "|", ",", ";",
        "(", ")", "[", "]", "{", "}",
    ]
    private static let symbolBytes: [[UInt8]] = symbols.map { Array($0.utf8) }

    /// Creates a lexer over `source`.
    public init(source: String) {
        self.bytes = Array(source.utf8)
    }

    /// Tokenizes the whole input; the last token is always `.endOfFile`.
    /// - Throws: `StanDiagnostic` for an unexpected character, an unterminated comment or string, or `#include`.
    public mutating func tokenize() throws -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = try next()
            tokens.append(token)
            if token.kind == .endOfFile { return tokens }
        }
    }

    private var location: SourceLocation {
        SourceLocation(line: line, column: index - lineStart + 1, offset: index)
    }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        let i = index + ahead
        return i < bytes.count ? bytes[i] : nil
    }

    private mutating func advance() {
        if bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        index += 1
    }

    private func text(from start: Int) -> String {
        String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func skipTrivia() throws {
        while let c = peek() {
            if c == 32 || c == 9 || c == 10 || c == 13 || c == 12 {
                advance()
            } else if c == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "/") {
                while let d = peek(), d != 10 { advance() }
            } else if c == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "*") {
                let start = location
                advance(); advance()
                var closed = false
                while let d = peek() {
                    if d == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/") {
                        advance(); advance()
                        closed = true
                        break
                    }
                    advance()
                }
                if !closed {
                    throw StanDiagnostic.unterminatedComment(SourceRange(start: start, end: SourceLocation(
                        line: start.line, column: start.column + 2, offset: start.offset + 2)))
                }
            } else if c == UInt8(ascii: "#") {
                let start = location
                let startIndex = index
                while let d = peek(), d != 10 { advance() }
                let lineText = text(from: startIndex)
                let range = SourceRange(start: start, end: location)
                if lineText.hasPrefix("#include") {
                    throw StanDiagnostic.includeNotSupported(range)
                }
                throw StanDiagnostic.unexpectedCharacter("#", SourceRange(
                    start: start, end: SourceLocation(line: start.line, column: start.column + 1,
                                                      offset: start.offset + 1)))
            } else {
                return
            }
        }
    }

    private static func isIdentStart(_ c: UInt8) -> Bool {
        (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
    }

    private static func isDigit(_ c: UInt8?) -> Bool {
        guard let c else { return false }
        return c >= 48 && c <= 57
    }

    private mutating func next() throws -> Token {
        try skipTrivia()
        let start = location
        let startIndex = index
        guard let c = peek() else {
            return Token(kind: .endOfFile, text: "", range: SourceRange(at: start))
        }
        if Self.isIdentStart(c) {
            while let d = peek(), Self.isIdentStart(d) || Self.isDigit(d) { advance() }
            return Token(kind: .identifier, text: text(from: startIndex), range: SourceRange(start: start, end: location))
        }
        if Self.isDigit(c) || (c == UInt8(ascii: ".") && Self.isDigit(peek(1))) {
            return try number(start: start, startIndex: startIndex)
        }
        if c == UInt8(ascii: "\"") {
            advance()
            let contentStart = index
            while let d = peek(), d != UInt8(ascii: "\""), d != 10 { advance() }
            guard peek() == UInt8(ascii: "\"") else {
                throw StanDiagnostic.unterminatedString(SourceRange(start: start, end: location))
            }
            let content = String(decoding: bytes[contentStart..<index], as: UTF8.self)
            advance()
            return Token(kind: .stringLiteral, text: content, range: SourceRange(start: start, end: location))
        }
        for (i, sym) in Self.symbolBytes.enumerated() where matches(sym) {
            for _ in sym { advance() }
            return Token(kind: .symbol, text: Self.symbols[i], range: SourceRange(start: start, end: location))
        }
        // Unknown byte: consume a whole UTF-8 scalar so the caret covers one character.
        advance()
        while let d = peek(), d & 0xC0 == 0x80 { advance() }
        throw StanDiagnostic.unexpectedCharacter(text(from: startIndex), SourceRange(start: start, end: location))
    }

    private func matches(_ sym: [UInt8]) -> Bool {
        guard index + sym.count <= bytes.count else { return false }
        for (k, b) in sym.enumerated() where bytes[index + k] != b { return false }
        return true
    }

    /// Digits, with single `_` separators between digits (`10_000`; not `_1` or `1._5`).
    private mutating func digits() {
        var afterDigit = false
        while true {
            if Self.isDigit(peek()) { advance(); afterDigit = true; continue }
            if afterDigit && peek() == UInt8(ascii: "_") && Self.isDigit(peek(1)) { advance(); continue }
            return
        }
    }

    private mutating func number(start: SourceLocation, startIndex: Int) throws -> Token {
        var isReal = false
        digits()
        if peek() == UInt8(ascii: "."), !(peek(1) == UInt8(ascii: "*") || peek(1) == UInt8(ascii: "/")
                                           || peek(1) == UInt8(ascii: "^")) {
            isReal = true
            advance()
            digits()
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            var ahead = 1
            if let s = peek(1), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { ahead = 2 }
            if Self.isDigit(peek(ahead)) {
                isReal = true
                for _ in 0..<ahead { advance() }
                digits()
            } else {
                advance()
                throw StanDiagnostic.malformedNumber(text(from: startIndex), SourceRange(start: start, end: location))
            }
        }
        if peek() == UInt8(ascii: "i"), !(peek(1).map { Self.isIdentStart($0) || Self.isDigit($0) } ?? false) {
            let digits = text(from: startIndex)
            advance()
            return Token(kind: .imaginaryLiteral, text: digits, range: SourceRange(start: start, end: location))
        }
        if let d = peek(), Self.isIdentStart(d) {
            while let d = peek(), Self.isIdentStart(d) || Self.isDigit(d) { advance() }
            throw StanDiagnostic.malformedNumber(text(from: startIndex), SourceRange(start: start, end: location))
        }
        let literal = String(text(from: startIndex).filter { $0 != "_" })
        if !isReal, !(Int(literal).map { $0 <= Int(Int32.max) } ?? false) {
            throw StanDiagnostic.malformedNumber(literal + " (larger than the largest int, 2147483647)",
                                                 SourceRange(start: start, end: location))
        }
        return Token(kind: isReal ? .realLiteral : .intLiteral, text: literal, range: SourceRange(start: start, end: location))
    }
}
