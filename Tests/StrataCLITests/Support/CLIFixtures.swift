// Shared inputs for the CLI tests: data file paths, scratch folders, small sampler settings, CSV text helpers.
import Foundation
import StrataTestSupport
import XCTest

enum CLIFixtures {
    /// A file under ../shared/data, as a path string for the command line.
    static func data(_ name: String) -> String { SharedFiles.url("data/" + name).path }

    /// Small NUTS settings: a few seconds per run at most.
    static let smallRun = ["--chains", "2", "--warmup", "200", "--samples", "200", "--threads", "2"]

    /// A fresh scratch folder, removed when the test ends.
    static func scratch(_ test: XCTestCase, _ label: String = "cli") throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("strata-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    /// Writes `text` to `name` inside `dir` and returns the path.
    @discardableResult
    static func write(_ text: String, to name: String, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// The CSV files in `dir`, sorted by name.
    static func csvFiles(in dir: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".csv") }.sorted()
            .map { dir.appendingPathComponent($0) }
    }

    /// The lines of a Stan CSV text that are not comments (column-name line first, then the draws).
    static func nonCommentLines(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: true).filter { !$0.hasPrefix("#") }
    }

    /// The complete draw lines of a CSV file written so far (the header line excluded; a trailing
    /// line without newline is excluded as it may be half written).
    static func completeDrawLineCount(of url: URL) -> Int {
        guard let data = try? Data(contentsOf: url) else { return 0 }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if !text.hasSuffix("\n"), !lines.isEmpty { lines.removeLast() }
        let content = lines.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        return max(0, content.count - 1)
    }
}

/// Assertions on a finished run.
extension CLIResult {
    /// Fails unless the run exited with status 0.
    func assertSuccess(file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(signaled, "killed by a signal\n" + summary, file: file, line: line)
        XCTAssertEqual(status, 0, summary, file: file, line: line)
    }

    /// Fails unless the run exited with `status` (one of the documented codes) and names every one of `fragments`.
    func assertFailure(status expected: Int32, mentioning fragments: [String], file: StaticString = #filePath,
                       line: UInt = #line) {
        assertFailure(mentioning: fragments, file: file, line: line)
        XCTAssertEqual(status, expected, "exit status\n" + summary, file: file, line: line)
    }

    /// Fails unless the run exited normally with a non-zero status and its output names every
    /// one of `fragments`.
    func assertFailure(mentioning fragments: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(signaled, "terminated by a signal (a crash?) instead of exiting with an error\n" + summary,
                       file: file, line: line)
        XCTAssertNotEqual(status, 0, "expected a non-zero exit status\n" + summary, file: file, line: line)
        for f in fragments {
            XCTAssertTrue(allOutput.contains(f), "the error output does not mention '\(f)'\n" + summary, file: file, line: line)
        }
    }
}
