// Public entry points: parse and check Stan source, and render the resulting diagnostics.

/// The result of running the front end on a program.
public struct FrontEndResult: Sendable {
    /// The (type-annotated, if checking ran) program, or `nil` if lexing/parsing failed.
    public var program: Program?
    /// All diagnostics, ordered by source position. Empty means the program is valid.
    public var diagnostics: [StanDiagnostic]

    /// `true` when there is a program and no diagnostics.
    public var succeeded: Bool { program != nil && diagnostics.isEmpty }
}

/// Facade over `Lexer`, `Parser` and `TypeChecker`.
///
/// ```swift
/// let result = StanFrontEnd.check(source: text)
/// if !result.succeeded {
///     print(DiagnosticRenderer(source: text, fileName: "model.stan").render(result.diagnostics))
/// }
/// ```
public enum StanFrontEnd {
    /// Lexes and parses `source` without semantic checks.
    /// - Returns: the untyped AST, or the first lexical/syntax error.
    public static func parse(_ source: String) -> Result<Program, StanDiagnostic> {
        do {
            return .success(try Parser.parse(source))
        } catch let diagnostic as StanDiagnostic {
            return .failure(diagnostic)
        } catch {
            return .failure(.expected("valid Stan source", found: "\(error)", .unknown))
        }
    }

    /// Parses and type-checks `source`.
    /// - Returns: the annotated program (if parsing succeeded) and every diagnostic.
    public static func check(source: String) -> FrontEndResult {
        switch parse(source) {
        case .failure(let diagnostic):
            return FrontEndResult(program: nil, diagnostics: [diagnostic])
        case .success(let program):
            let (checked, diagnostics) = TypeChecker.check(program)
            let ordered = diagnostics.enumerated().sorted { a, b in
                (a.element.range.start.offset, a.offset) < (b.element.range.start.offset, b.offset)
            }.map(\.element)
            return FrontEndResult(program: checked, diagnostics: ordered)
        }
    }

    /// Pretty-prints a program as Stan source (see `StanPrinter`).
    public static func format(_ program: Program) -> String {
        StanPrinter.program(program)
    }
}
