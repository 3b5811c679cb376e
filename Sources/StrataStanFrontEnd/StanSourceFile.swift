// Reads a .stan file from disk and runs the front end on it, naming the file in diagnostics.
import Foundation

/// A Stan program loaded from a file.
public struct StanSourceFile: Sendable {
    /// The file's path as given.
    public var path: String
    /// The file's text.
    public var source: String

    /// Reads the file at `path` (UTF-8; bytes that are not UTF-8 are read as Latin-1, as old programs
    /// have accented letters in comments).
    /// - Throws: `StanSourceFileError` naming the file if it is missing, a folder, or unreadable.
    public init(path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw StanSourceFileError.missing(path: path)
        }
        if isDirectory.boolValue { throw StanSourceFileError.folder(path: path) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StanSourceFileError.unreadable(path: path)
        }
        self.path = path
        self.source = Self.decode(data)
    }

    /// The text of a program's bytes: UTF-8, or Latin-1 when they are not valid UTF-8 (every byte
    /// sequence is valid Latin-1; Stan code outside comments and strings is ASCII either way).
    public static func decode(_ data: Data) -> String {
        String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) ?? String(decoding: data, as: UTF8.self)
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
    /// The file cannot be read (permissions, I/O error).
    case unreadable(path: String)
    /// There is no file at the path.
    case missing(path: String)
    /// The path is a folder.
    case folder(path: String)

    /// A message naming the file.
    public var description: String {
        switch self {
        case .unreadable(let path): return "cannot read Stan file '\(path)'"
        case .missing(let path): return "\(path): no such Stan program"
        case .folder(let path): return "\(path): is a folder, not a Stan program"
        }
    }
}
