// Errors from compiling a Stan program onto the graph: rendered front-end diagnostics, data errors, lowering errors.
import StrataStanFrontEnd

/// Why a Stan program could not be turned into a ``StanModel``.
///
/// `description` is ready to show: front-end and lowering errors are rendered like stanc3 / clang
/// (`file:line:col: error: message`, the quoted source line and a caret), data errors name the data
/// file and the variable (`decay_days.json: variable 'sigma_N_measured[3]' is -0.1, but must be >= 0
/// (declared lower=0)`).
public struct StanModelError: Error, CustomStringConvertible {
    /// The rendered message.
    public let description: String

    /// Wraps a finished message.
    public init(_ description: String) { self.description = description }
}

/// An error found while lowering, located in the source; rendered by ``StanModel`` into a ``StanModelError``.
struct LoweringError: Error {
    var message: String
    let range: SourceRange
    /// True for valid Stan this engine does not implement (rendered with the front end's "unsupported feature").
    let unsupported: Bool
    /// True when generated quantities evaluated on plain numbers per draw would not have this problem.
    var needsPlainNumbers = false

    static func unsupported(_ what: String, _ range: SourceRange) -> LoweringError {
        LoweringError(message: what, range: range, unsupported: true)
    }

    static func invalid(_ what: String, _ range: SourceRange) -> LoweringError {
        LoweringError(message: what, range: range, unsupported: false)
    }

    /// `file:line:col: error: ...` with the quoted line and caret (via the front end's renderer).
    func render(source: String, fileName: String) -> String {
        let renderer = DiagnosticRenderer(source: source, fileName: fileName)
        let diagnostic = StanDiagnostic.unsupportedFeature(message, range)
        var text = renderer.render(diagnostic)
        if !unsupported {
            text = text.replacingFirst("error: unsupported feature: ", with: "error: ")
            if let hint = diagnostic.hint { text = text.replacingFirst("\n   hint: \(hint)", with: "") }
        }
        return text
    }
}

/// Thrown inside a vectorised loop when a construct needs the loop unrolled instead.
struct VectorizationFallback: Error {}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let r = range(of: target) else { return self }
        return replacingCharacters(in: r, with: replacement)
    }
}
