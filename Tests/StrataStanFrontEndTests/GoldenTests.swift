// Golden tests: Golden/good/*.stan must check cleanly and round-trip; Golden/bad/*.stan must render *.expected.
import Foundation
import StrataStanFrontEnd
import XCTest

/// Locates the golden files next to this source file (no SwiftPM resources needed).
enum GoldenFiles {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// (file name, source) for every `.stan` file in `Golden/<folder>`.
    static func programs(_ folder: String) throws -> [(String, URL, String)] {
        let dir = root.appendingPathComponent(folder)
        return try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
            .filter { $0.hasSuffix(".stan") }
            .map { name in
                let url = dir.appendingPathComponent(name)
                return (name, url, try String(contentsOf: url, encoding: .utf8))
            }
    }
}

final class GoldenTests: XCTestCase {
    func testGoodGoldenProgramsCheckAndRoundTrip() throws {
        let programs = try GoldenFiles.programs("good")
        XCTAssertFalse(programs.isEmpty)
        for (name, _, source) in programs {
            let result = StanFrontEnd.check(source: source)
            XCTAssertTrue(result.succeeded,
                          "\(name):\n" + DiagnosticRenderer(source: source, fileName: name).render(result.diagnostics))
            guard let program = result.program else { continue }
            let printed = StanFrontEnd.format(program)
            let again = StanFrontEnd.check(source: printed)
            XCTAssertEqual(again.program, program, "\(name): round trip changed the AST:\n\(printed)")
            XCTAssertTrue(again.succeeded, "\(name): printed program has diagnostics:\n\(printed)")
        }
    }

    /// Set STRATA_UPDATE_GOLDEN=1 to (re)write the `.expected` files after reviewing the output.
    func testBadGoldenProgramsProduceExpectedDiagnostics() throws {
        let programs = try GoldenFiles.programs("bad")
        XCTAssertGreaterThanOrEqual(programs.count, 15)
        let update = ProcessInfo.processInfo.environment["STRATA_UPDATE_GOLDEN"] == "1"
        for (name, url, source) in programs {
            let result = StanFrontEnd.check(source: source)
            XCTAssertFalse(result.diagnostics.isEmpty, "\(name) produced no diagnostics")
            let rendered = DiagnosticRenderer(source: source, fileName: name).render(result.diagnostics) + "\n"
            let expectedURL = url.deletingPathExtension().appendingPathExtension("expected")
            if update {
                try rendered.write(to: expectedURL, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try String(contentsOf: expectedURL, encoding: .utf8)
            XCTAssertEqual(rendered, expected, "\(name): diagnostics differ")
        }
    }
}
