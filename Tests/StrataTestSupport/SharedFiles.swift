// Locates the read-only ../shared folder (models, data, posteriordb) beside the project root.
import Foundation

/// Paths into the project's `../shared` folder.
public enum SharedFiles {
    /// The project root (the folder holding Package.swift).
    public static let projectRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// `../shared` next to the project root (overridable with STRATA_SHARED).
    public static let root: URL = {
        if let env = ProcessInfo.processInfo.environment["STRATA_SHARED"] { return URL(fileURLWithPath: env) }
        return projectRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }()

    /// A file under `../shared`, e.g. `url("data/decay_days.json")`.
    public static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// Parsed JSON of a file under `../shared`.
    public static func json(_ relative: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url(relative)))
    }
}
