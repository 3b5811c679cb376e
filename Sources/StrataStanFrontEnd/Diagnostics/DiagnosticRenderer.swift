// Renders diagnostics as "file:line:col: error: message", the quoted source line, a caret underline and a hint.

/// Formats `StanDiagnostic`s for humans, e.g.
///
/// ```
/// decay.stan:12:5: error: undeclared identifier 'alpah'
///    12 |     N_measured ~ normal(N_initial .* exp(-alpah * dt), sigma);
///       |                                           ^~~~~
///    hint: did you mean 'alpha'?
/// ```
public struct DiagnosticRenderer: Sendable {
    /// The file name shown before the location.
    public var fileName: String
    private let lines: [Substring]

    /// Creates a renderer for diagnostics about `source`, labelled with `fileName`.
    public init(source: String, fileName: String) {
        self.fileName = fileName
        self.lines = source.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// Renders one diagnostic (no trailing newline).
    public func render(_ diagnostic: StanDiagnostic) -> String {
        let range = diagnostic.range
        let start = range.start
        var out = "\(fileName):\(start.line):\(start.column): error: \(diagnostic.message)"
        if start.line >= 1 && start.line <= lines.count {
            var lineText = String(lines[start.line - 1])
            if lineText.hasSuffix("\r") { lineText.removeLast() }
            let number = String(start.line)
            let gutter = String(repeating: " ", count: number.count)
            out += "\n   \(number) | \(lineText)"
            let lineBytes = Array(lineText.utf8)
            let caretColumn = max(1, min(start.column, lineBytes.count + 1))
            var padding = ""
            for i in 0..<(caretColumn - 1) { padding += lineBytes[i] == 9 ? "\t" : " " }
            let endColumn = range.end.line == start.line ? range.end.column : lineBytes.count + 1
            let width = max(1, min(endColumn, lineBytes.count + 1) - caretColumn)
            out += "\n   \(gutter) | \(padding)^\(String(repeating: "~", count: width - 1))"
        }
        if let hint = diagnostic.hint {
            out += "\n   hint: \(hint)"
        }
        return out
    }

    /// Renders several diagnostics separated by newlines.
    public func render(_ diagnostics: [StanDiagnostic]) -> String {
        diagnostics.map(render).joined(separator: "\n")
    }
}
