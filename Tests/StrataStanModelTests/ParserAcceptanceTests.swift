// Valid Stan the parser used to reject: several declarators, long sums, digit separators, Latin-1 comments.
import Foundation
import StrataOutput
import StrataStanFrontEnd
import StrataStanModel
import XCTest

final class ParserAcceptanceTests: XCTestCase {
    private func logDensity(_ source: String, at x: [Double]) throws -> Double {
        try StanModel.compile(source: source, fileName: "t.stan", data: nil).model.withJacobian(false).makeEvaluator()
            .logDensity(at: x)
    }

    func testSeveralDeclaratorsInOneDeclaration() throws {
        let source = """
        transformed data { real a = 1, b = 2.5; int i, j; i = 3; j = 4; }
        parameters { real mu, nu; }
        model { real s, t = 2; s = a + b + i + j; target += s + t - 0.5 * (mu^2 + nu^2); }
        """
        XCTAssertEqual(try logDensity(source, at: [0, 0]), 10.5 + 2, accuracy: 1e-12)
        let checked = StanFrontEnd.check(source: source)
        XCTAssertEqual(checked.program?.parameters?.map(\.name), ["mu", "nu"])
    }

    /// Sums of hundreds of terms (generated code) are not "nested too deeply", and are evaluated exactly.
    func testLongSumsParseCheckAndLower() throws {
        let terms = 900
        let sum = (1...terms).map { _ in "mu" }.joined(separator: " + ")
        let source = "parameters { real mu; }\nmodel { target += -0.5 * square(\(sum)); }\n"
        XCTAssertEqual(try logDensity(source, at: [0.01]), -0.5 * pow(0.01 * Double(terms), 2), accuracy: 1e-9)
        let tooLong = "parameters { real mu; }\nmodel { target += " + (1...1500).map { _ in "mu" }.joined(separator: " + ") + "; }\n"
        let checked = StanFrontEnd.check(source: tooLong)
        XCTAssertTrue(checked.diagnostics.contains { $0.message.contains("nested too deeply") })
    }

    func testDigitSeparators() throws {
        let source = "transformed data { int n = 10_000; real x = 1_000.5e1_0; }\nparameters { real mu; }\n"
            + "model { target += n + x * 1e-10 - 0.5 * mu^2; }\n"
        XCTAssertEqual(try logDensity(source, at: [0]), 10_000 + 1_000.5, accuracy: 1e-6)
    }

    func testLatin1CommentsAreRead() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("strata-latin1-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var bytes = Array("// mod\u{e8}le: ".utf8.prefix(6))
        bytes += [0xE8] + Array("le \u{00}".utf8.prefix(3)) + [0x0A]  // "// mod\xE8le " in Latin-1
        bytes += Array("parameters { real mu; } /* \u{00}".utf8.prefix(27)) + [0xE9, 0x20, 0x2A, 0x2F, 0x0A]
        bytes += Array("model { mu ~ normal(0, 1); }\n".utf8)
        let url = dir.appendingPathComponent("latin1.stan")
        try Data(bytes).write(to: url)
        XCTAssertNil(String(data: Data(bytes), encoding: .utf8), "the file must not be valid UTF-8")
        let model = try StanModel.compile(path: url.path, data: nil)
        XCTAssertEqual(model.model.dimension, 1)
    }
}
