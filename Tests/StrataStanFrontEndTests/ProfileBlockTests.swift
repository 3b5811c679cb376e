// Stan `profile("name") { ... }` blocks: parsing, scoping, printing and malformed forms.
import StrataStanFrontEnd
import XCTest

final class ProfileBlockTests: XCTestCase {
    func testProfileBlockParsesWithItsNameAndBody() throws {
        let result = StanFrontEnd.check(source: """
        parameters { real mu; }
        model {
          profile("prior") {
            real s = 10;
            mu ~ normal(0, s);
          }
        }
        """)
        XCTAssertEqual(result.diagnostics, [])
        guard case .profile(let name, let body)? = result.program?.model?.first?.kind else {
            return XCTFail("no profile statement")
        }
        XCTAssertEqual(name, "prior")
        XCTAssertEqual(body.count, 2)
        let printed = StanPrinter.statement(result.program!.model!.first!, indent: 0)
        XCTAssertEqual(printed.first, "profile(\"prior\") {")
        XCTAssertEqual(printed.last, "}")
    }

    func testVariablesDeclaredInAProfileBlockAreLocalToIt() {
        let diagnostics = StanFrontEnd.check(source: """
        parameters { real mu; }
        model {
          profile("a") { real s = 1; }
          mu ~ normal(0, s);
        }
        """).diagnostics
        XCTAssertFalse(diagnostics.isEmpty, "'s' is out of scope after the profile block")
    }

    func testMalformedProfileBlocksAreReportedWithTheirLocation() {
        let noName = StanFrontEnd.check(source: "model { profile(x) { } }").diagnostics
        guard case .expected(let what, _, let range)? = noName.first else { return XCTFail("\(noName)") }
        XCTAssertTrue(what.contains("profile name"), what)
        XCTAssertEqual(range.start.column, 17)
        let noBrace = StanFrontEnd.check(source: "parameters { real mu; } model { profile(\"p\") mu ~ normal(0, 1); }").diagnostics
        XCTAssertFalse(noBrace.isEmpty)
    }
}
