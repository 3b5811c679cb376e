// Fuzzing: truncated, mutated and pathologically nested programs must yield diagnostics, never traps.
import StrataCore
import StrataStanFrontEnd
import XCTest

extension ChainRNG {
    /// A uniform integer in 0..<n, for reproducible fuzzing.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

final class RobustnessTests: XCTestCase {
    private func corpus() throws -> [(String, String)] {
        try GoodPrograms.all() + GoldenFiles.programs("good").map { ($0.0, $0.2) }
    }

    /// Runs the whole pipeline (check, render, print) and checks that every diagnostic points inside the source.
    @discardableResult
    private func runPipeline(_ source: String, _ label: String) -> FrontEndResult {
        let result = StanFrontEnd.check(source: source)
        let size = source.utf8.count
        for d in result.diagnostics {
            XCTAssertTrue(d.range.start.offset >= 0 && d.range.start.offset <= size
                          && d.range.end.offset <= size + 1, "\(label): range \(d.range) outside source")
        }
        _ = DiagnosticRenderer(source: source, fileName: label).render(result.diagnostics)
        if let program = result.program { _ = StanFrontEnd.format(program) }
        return result
    }

    func testEveryTruncationWithOpenBlocksGivesDiagnostics() throws {
        var checked = 0
        for (name, source) in try corpus() {
            let bytes = Array(source.utf8)
            for cut in 0..<bytes.count {
                let prefix = String(decoding: bytes[..<cut], as: UTF8.self)
                let result = runPipeline(prefix, "\(name)[..<\(cut)]")
                var lexer = Lexer(source: prefix)
                if let tokens = try? lexer.tokenize() {
                    let open = tokens.filter { $0.isSymbol("{") }.count - tokens.filter { $0.isSymbol("}") }.count
                    if open > 0 {
                        XCTAssertFalse(result.diagnostics.isEmpty, "\(name) cut at \(cut) gave no diagnostic")
                    }
                }
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 10_000)
    }

    func testRandomMutationsNeverTrap() throws {
        var rng = ChainRNG(seed: 2026, chain: 0)
        let alphabet = Array("{}[]()<>;:,=+-*/\\^'.!&|?~\"#0123456789eabxT _\n".utf8)
        for (name, source) in try corpus() {
            let original = Array(source.utf8)
            for trial in 0..<200 {
                var bytes = original
                for _ in 0..<(1 + rng.below(4)) where !bytes.isEmpty {
                    let at = rng.below(bytes.count)
                    switch rng.below(3) {
                    case 0: bytes[at] = alphabet[rng.below(alphabet.count)]
                    case 1: bytes.remove(at: at)
                    default: bytes.insert(alphabet[rng.below(alphabet.count)], at: at)
                    }
                }
                runPipeline(String(decoding: bytes, as: UTF8.self), "\(name)#\(trial)")
            }
        }
    }

    func testPathologicalNestingIsReportedNotCrashed() {
        let deepParens = "model { target += " + String(repeating: "(", count: 20_000) + "1"
            + String(repeating: ")", count: 20_000) + "; }"
        let longChain = "model { target += 1" + String(repeating: " + 1", count: 50_000) + "; }"
        let deepBlocks = "model " + String(repeating: "{", count: 20_000) + String(repeating: "}", count: 20_000)
        let negations = "model { target += " + String(repeating: "-", count: 20_000) + "1; }"
        let transposes = "model { target += x" + String(repeating: "'", count: 20_000) + "; }"
        for source in [deepParens, longChain, deepBlocks, negations, transposes] {
            let result = runPipeline(source, "deep")
            guard case .nestingTooDeep = result.diagnostics.first else {
                return XCTFail("expected nestingTooDeep, got \(result.diagnostics)")
            }
        }
    }

    func testModeratelyLongExpressionsAreFine() {
        let source = "model { target += 1" + String(repeating: " + 1", count: 150) + "; }"
        XCTAssertTrue(StanFrontEnd.check(source: source).succeeded)
    }

    func testHugeIntegerLiteralIsADiagnostic() {
        let result = StanFrontEnd.check(source: "transformed data { int n = 99999999999999999999999; }")
        guard case .malformedNumber = result.diagnostics.first else { return XCTFail("\(result.diagnostics)") }
    }

    func testEmptyAndWhitespaceProgramsAreValid() {
        XCTAssertTrue(StanFrontEnd.check(source: "").succeeded)
        XCTAssertTrue(StanFrontEnd.check(source: "  // nothing\n").succeeded)
    }
}
