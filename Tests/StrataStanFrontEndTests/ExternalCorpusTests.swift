// Opt-in conformance run over a folder of current-syntax .stan files (STRATA_EXTRA_STAN_DIR, e.g. posteriordb's).
import Foundation
import StrataStanFrontEnd
import XCTest

final class ExternalCorpusTests: XCTestCase {
    func testSurveyExternalCorpus() throws {
        guard let dir = ProcessInfo.processInfo.environment["STRATA_EXTRA_STAN_DIR"] else {
            throw XCTSkip("set STRATA_EXTRA_STAN_DIR to survey a folder of .stan files")
        }
        var clean = 0
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted().filter { $0.hasSuffix(".stan") }
        for name in files {
            let source = try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
            let result = StanFrontEnd.check(source: source)
            if result.succeeded {
                clean += 1
                let printed = StanFrontEnd.format(result.program!)
                let again = StanFrontEnd.check(source: printed)
                XCTAssertEqual(again.program, result.program, "\(name): round trip changed the AST")
            } else if let first = result.diagnostics.first {
                if case .unsupportedFeature = first {} else {
                    XCTFail("\(name): " + DiagnosticRenderer(source: source, fileName: name).render(first))
                }
                print("SURVEY " + DiagnosticRenderer(source: source, fileName: name).render(first)
                    .split(separator: "\n").prefix(2).joined(separator: " | "))
            }
        }
        print("SURVEY clean: \(clean) of \(files.count)")
    }
}
