// Every shared and posteriordb Stan program must parse, type-check cleanly and survive print → parse round trips.
import Foundation
import StrataStanFrontEnd
import StrataTestSupport
import XCTest

/// Loads the shared corpus of valid Stan programs.
enum GoodPrograms {
    /// (name, source) for /shared/models/*.stan and /shared/posteriordb/*/model.stan.
    static func all() throws -> [(String, String)] {
        let fm = FileManager.default
        var out: [(String, String)] = []
        let models = SharedFiles.url("models")
        for name in try fm.contentsOfDirectory(atPath: models.path).sorted() where name.hasSuffix(".stan") {
            out.append((name, try String(contentsOf: models.appendingPathComponent(name), encoding: .utf8)))
        }
        let pdb = SharedFiles.url("posteriordb")
        for dir in try fm.contentsOfDirectory(atPath: pdb.path).sorted() {
            let file = pdb.appendingPathComponent(dir).appendingPathComponent("model.stan")
            if fm.fileExists(atPath: file.path) {
                out.append((dir + "/model.stan", try String(contentsOf: file, encoding: .utf8)))
            }
        }
        return out
    }
}

final class GoodProgramTests: XCTestCase {
    func testCorpusIsPresent() throws {
        XCTAssertGreaterThanOrEqual(try GoodPrograms.all().count, 25)
    }

    func testEveryProgramChecksWithoutDiagnostics() throws {
        for (name, source) in try GoodPrograms.all() {
            let result = StanFrontEnd.check(source: source)
            let rendered = DiagnosticRenderer(source: source, fileName: name).render(result.diagnostics)
            XCTAssertTrue(result.succeeded, "\(name):\n\(rendered)")
        }
    }

    func testRoundTripPreservesAST() throws {
        for (name, source) in try GoodPrograms.all() {
            guard case .success(let original) = StanFrontEnd.parse(source) else {
                XCTFail("\(name) does not parse")
                continue
            }
            let printed = StanFrontEnd.format(original)
            guard case .success(let reparsed) = StanFrontEnd.parse(printed) else {
                XCTFail("\(name): printed program does not parse:\n\(printed)")
                continue
            }
            XCTAssertEqual(original, reparsed, "\(name): round trip changed the AST:\n\(printed)")
            XCTAssertEqual(StanFrontEnd.format(reparsed), printed, "\(name): printing is not idempotent")
        }
    }

    func testCheckedProgramHasTypesOnExpressions() throws {
        let source = try String(contentsOf: SharedFiles.url("models/decay.stan"), encoding: .utf8)
        let result = StanFrontEnd.check(source: source)
        let model = try XCTUnwrap(result.program?.model)
        guard case .tilde(let tilde) = model[0].kind else { return XCTFail("expected ~ statement") }
        XCTAssertEqual(tilde.distribution, "normal")
        XCTAssertEqual(tilde.lhs.type, .vector)
        XCTAssertEqual(tilde.arguments.map(\.type), [.vector, .vector])
    }

    func testSourceFileReportsUnreadablePath() {
        XCTAssertThrowsError(try StanSourceFile(path: "/nonexistent/none.stan")) { error in
            XCTAssertEqual("\(error)", "/nonexistent/none.stan: no such Stan program")
        }
    }
}
