// Reads a .stan file from disk and runs the front end on it, naming the file in diagnostics.
import Foundation

/// A Stan program loaded from a file.
public struct StanSourceFile: Sendable {
    /// The file's path as given.
    public var path: String
    /// The file's text.
    public var source: String

    /// Reads the file at `path`.
    /// - Throws: `StanSourceFileError.unreadable` naming the file if it cannot be read as UTF-8.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) else {
            throw StanSourceFileError.unreadable(path: path)
        }
        self.path = path
        self.source = text
    }

    /// Creates a file from in-memory text (for tests and tools).
    public init(path: String, source: String) {
        self.path = path
        self.source = source
    }

    /// Parses and checks the file.
    public func check() -> FrontEndResult { StanFrontEnd.check(source: source) }

    /// Renders `diagnostics` with this file's name (its last path component) and text.
    public func render(_ diagnostics: [StanDiagnostic]) -> String {
        DiagnosticRenderer(source: source, fileName: (path as NSString).lastPathComponent).render(diagnostics)
    }
}

/// Errors reading a Stan source file.
public enum StanSourceFileError: Error, Equatable, CustomStringConvertible {
    /// The file does not exist or is not UTF-8 text.
    case unreadable(path: String)

    /// A message naming the file.
    public var description: String {
        switch self {
        case .unreadable(let path): return "cannot read Stan file '\(path)'"
        }
    }
}
