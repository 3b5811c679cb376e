// Invalid Stan that used to be accepted: reserved words, _lupdf rules, int literals past 32 bits, real conditions, int parameters.
import StrataStanFrontEnd
import XCTest

final class InvalidProgramTests: XCTestCase {
    /// Asserts `source` is rejected with a message containing `fragment` (not only "unsupported").
    private func assertRejected(_ source: String, _ fragment: String, file: StaticString = #filePath, line: UInt = #line) {
        let result = StanFrontEnd.check(source: source)
        XCTAssertFalse(result.succeeded, "accepted:\n\(source)", file: file, line: line)
        XCTAssertTrue(result.diagnostics.contains { $0.message.contains(fragment) },
                      "\(result.diagnostics.map(\.message)) lacks '\(fragment)'", file: file, line: line)
    }

    func testReservedWordsCannotBeNames() {
        for word in ["var", "struct", "typedef", "static", "extern", "auto", "export"] {
            assertRejected("data { real \(word); }\nmodel { }\n", "reserved word")
        }
        assertRejected("data { int N; }\ngenerated quantities { for (var in 1:N) { } }\n", "reserved word")
    }

    func testUnnormalisedDensityRules() {
        assertRejected("functions { real foo_lupdf(real y) { return 1.0; } }\nmodel { }\n", "foo_lpdf")
        assertRejected("parameters { real y_lupdf; }\nmodel { y_lupdf ~ std_normal(); }\n", "_lupdf")
        assertRejected("parameters { real y; }\ntransformed parameters { real p = normal_lupdf(y | 0, 1); }\nmodel { }\n",
                       "only allowed in the model block")
        assertRejected("functions { real f(real y) { return normal_lupdf(y | 0, 1); } }\nparameters { real y; }\n"
                       + "model { target += f(y); }\n", "only allowed in the model block")
        XCTAssertTrue(StanFrontEnd.check(source: "functions { real g_lpdf(real y) { return normal_lupdf(y | 0, 1); } }\n"
                                         + "parameters { real y; }\nmodel { target += normal_lupdf(y | 0, 1); y ~ g(); }\n").succeeded)
    }

    func testIntLiteralsBeyond32BitsAndBadSeparators() {
        assertRejected("transformed data { int n = 10_000_000_000; }\n", "2147483647")
        assertRejected("transformed data { int n = 2147483648; }\n", "2147483647")
        assertRejected("transformed data { real x = 12._345; }\n", "malformed number")
        XCTAssertTrue(StanFrontEnd.check(source: "transformed data { int n = 2_147_483_647; }\n").succeeded)
    }

    func testRealValuesAreNotConditions() {
        assertRejected("model { real z = 3; while (z) { } }\n", "condition")
        assertRejected("model { if (1.0) { } }\n", "condition")
    }

    func testIntegerParametersAndConstrainedLocals() {
        assertRejected("parameters { int k; }\nmodel { }\n", "'k' is declared int")
        assertRejected("parameters { real mu; }\ntransformed parameters { int n = 1; }\nmodel { }\n", "transformed parameters")
        assertRejected("model { ordered[2] o = [1, 2]'; }\n", "local variable 'o'")
    }

    /// `while (00_00)` is not an infinite loop, so the function can finish without returning.
    func testLoopOnZeroLiteralDoesNotCountAsReturning() {
        assertRejected("functions { int f(int x) { while (00_00) { return 1; } } }\nmodel { }\n", "without returning")
    }
}

extension InvalidProgramTests {
    /// Sizes of parameters, transformed parameters and generated quantities must come from data.
    func testBlockVariableSizesMustBeData() {
        assertRejectedOutside("parameters { array[3] real y; }\ntransformed parameters { vector[size(y)] z; }\nmodel { }\n",
                              "size of 'z'")
        XCTAssertTrue(StanFrontEnd.check(source: "data { int N; }\nparameters { array[N] real y; }\n"
                                         + "transformed parameters { vector[size(y)] z; }\nmodel { }\n").succeeded == false)
        XCTAssertTrue(StanFrontEnd.check(source: "data { int N; array[N] real x; }\ntransformed data { int M = size(x); }\n"
                                         + "parameters { vector[M] z; }\nmodel { vector[size(z)] w = z; }\n").succeeded)
    }

    private func assertRejectedOutside(_ source: String, _ fragment: String, file: StaticString = #filePath, line: UInt = #line) {
        let result = StanFrontEnd.check(source: source)
        XCTAssertFalse(result.succeeded, file: file, line: line)
        XCTAssertTrue(result.diagnostics.contains { $0.message.contains(fragment) && $0.message.contains("parameters") },
                      "\(result.diagnostics.map(\.message))", file: file, line: line)
    }
}

extension InvalidProgramTests {
    func testNamesThatStanReserves() {
        assertRejectedOutside2("functions { void foo() { } }\nparameters { real foo; }\nmodel { }\n", "redeclaration of 'foo'")
        assertRejectedOutside2("data { real y__; }\nmodel { }\n", "'__'")
        assertRejectedOutside2("functions { real f(real bar_lupdf) { return bar_lupdf; } }\nmodel { }\n", "_lupdf")
        assertRejectedOutside2("functions { real g(data real x);\nreal g(real x) { return 2 * x; } }\nmodel { }\n",
                               "same 'data' qualifiers")
    }

    private func assertRejectedOutside2(_ source: String, _ fragment: String, file: StaticString = #filePath, line: UInt = #line) {
        let result = StanFrontEnd.check(source: source)
        XCTAssertFalse(result.succeeded, source, file: file, line: line)
        XCTAssertTrue(result.diagnostics.contains { $0.message.contains(fragment) || ($0.hint ?? "").contains(fragment) },
                      "\(result.diagnostics.map(\.message))", file: file, line: line)
    }
}

extension InvalidProgramTests {
    func testLoopWithBreakMayNotReturnAndIntTruncationBounds() {
        assertRejectedOutside2("functions { real f() { while (1) { if (0) break; return 2.0; } } }\nmodel { }\n",
                               "without returning")
        XCTAssertTrue(StanFrontEnd.check(source: "functions { real f() { while (1) { for (i in 1:2) { break; } return 2.0; } } }\n"
                                         + "model { }\n").succeeded)
        assertRejectedOutside2("model { 1 ~ bernoulli(0.2) T[, 1.0]; }\n", "truncation bound")
    }
}
