// Unit tests of the lexer (tokens, locations, literals) and parser (precedence, associativity, statement forms).
import StrataStanFrontEnd
import XCTest

final class LexerTests: XCTestCase {
    private func tokens(_ source: String) throws -> [Token] {
        var lexer = Lexer(source: source)
        return try lexer.tokenize()
    }

    func testLiteralsAndLocations() throws {
        let toks = try tokens("x = 1e-3 + .5\n  * 2. %/% 42;")
        XCTAssertEqual(toks.map(\.text), ["x", "=", "1e-3", "+", ".5", "*", "2.", "%/%", "42", ";", ""])
        XCTAssertEqual(toks.map(\.kind), [.identifier, .symbol, .realLiteral, .symbol, .realLiteral, .symbol,
                                          .realLiteral, .symbol, .intLiteral, .symbol, .endOfFile])
        XCTAssertEqual(toks[5].range.start, SourceLocation(line: 2, column: 3, offset: 16))
        XCTAssertEqual(toks[4].range.end.offset - toks[4].range.start.offset, 2)
    }

    func testLongestMatchOperatorsAndComments() throws {
        let toks = try tokens("a.*b ./ c .^ d' // trailing\n /* block\n comment */ e <= f && g || !h != i ~ j | k")
        XCTAssertEqual(toks.filter { $0.kind == .symbol }.map(\.text),
                       [".*", "./", ".^", "'", "<=", "&&", "||", "!", "!=", "~", "|"])
        XCTAssertEqual(toks.first { $0.text == "e" }?.range.start.line, 3)
    }

    func testElementwiseAfterIntegerIsNotAReal() throws {
        XCTAssertEqual(try tokens("2.*x").map(\.text), ["2", ".*", "x", ""])
    }

    func testStringAndImaginaryLiterals() throws {
        let toks = try tokens("print(\"a b\", 3i);")
        XCTAssertEqual(toks[2].kind, .stringLiteral)
        XCTAssertEqual(toks[2].text, "a b")
        XCTAssertEqual(toks[4].kind, .imaginaryLiteral)
    }

    func testLexicalErrors() {
        XCTAssertThrowsError(try tokens("x @ y")) { error in
            guard case StanDiagnostic.unexpectedCharacter("@", let r) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(r.start.column, 3)
        }
        XCTAssertThrowsError(try tokens("1e+")) { error in
            guard case StanDiagnostic.malformedNumber = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try tokens("/* open")) { error in
            guard case StanDiagnostic.unterminatedComment = error else { return XCTFail("\(error)") }
        }
    }
}

final class ExpressionParserTests: XCTestCase {
    /// Parses `expr` inside a model block and returns it fully parenthesized for structural comparison.
    private func shape(_ expr: String) throws -> String {
        let program = try Parser.parse("model { target += \(expr); }")
        guard case .targetIncrement(let e) = program.model?.first?.kind else {
            XCTFail("no target statement")
            return ""
        }
        return Self.parenthesize(e)
    }

    private static func parenthesize(_ e: Expr) -> String {
        switch e.kind {
        case .binary(let op, let l, let r): return "(\(parenthesize(l)) \(op.rawValue) \(parenthesize(r)))"
        case .prefix(let op, let o): return "(\(op.rawValue)\(parenthesize(o)))"
        case .transpose(let o): return "(\(parenthesize(o))')"
        case .conditional(let c, let t, let f): return "(\(parenthesize(c)) ? \(parenthesize(t)) : \(parenthesize(f)))"
        default: return StanPrinter.expression(e)
        }
    }

    func testPrecedenceLadder() throws {
        XCTAssertEqual(try shape("a || b && c == d < e + f * g \\ h .* i"),
                       "(a || (b && (c == (d < (e + (f * (g \\ (h .* i))))))))")
        XCTAssertEqual(try shape("a .* b \\ c * d + e"), "((((a .* b) \\ c) * d) + e)")
    }

    func testAssociativity() throws {
        XCTAssertEqual(try shape("a - b - c"), "((a - b) - c)")
        XCTAssertEqual(try shape("a ^ b ^ c"), "(a ^ (b ^ c))")
        XCTAssertEqual(try shape("a ? b : c ? d : e"), "(a ? b : (c ? d : e))")
    }

    func testUnaryBindsLooserThanPowerTighterThanProduct() throws {
        XCTAssertEqual(try shape("-a ^ b"), "(-(a ^ b))")
        XCTAssertEqual(try shape("-a * b"), "((-a) * b)")
        XCTAssertEqual(try shape("!a && b"), "((!a) && b)")
        XCTAssertEqual(try shape("a ^ -b"), "(a ^ (-b))")
        XCTAssertEqual(try shape("a' * b"), "((a') * b)")
    }

    func testIndexingForms() throws {
        let program = try Parser.parse("model { target += x[1, 2:3, :4, 5:, :, idx]; }")
        guard case .targetIncrement(let e) = program.model?.first?.kind,
              case .indexed(_, let indices) = e.kind else { return XCTFail("not indexed") }
        XCTAssertEqual(indices.count, 6)
        guard case .range(nil, _?) = indices[2], case .range(_?, nil) = indices[3], case .all = indices[4] else {
            return XCTFail("wrong index kinds: \(indices)")
        }
    }

    func testOmittedIndicesMeanAll() throws {
        let program = try Parser.parse("model { target += x[, 1] + y[1, ]; }")
        guard case .targetIncrement(let e) = program.model?.first?.kind,
              case .binary(.add, let l, let r) = e.kind,
              case .indexed(_, let li) = l.kind, case .indexed(_, let ri) = r.kind else { return XCTFail() }
        XCTAssertEqual(li.first, .all)
        XCTAssertEqual(ri.last, .all)
        XCTAssertThrowsError(try Parser.parse("model { target += x[]; }"))
    }

    func testConditionalBarCall() throws {
        let program = try Parser.parse("model { target += normal_lpdf(y | mu, sigma); }")
        guard case .targetIncrement(let e) = program.model?.first?.kind,
              case .conditionalCall("normal_lpdf", let variate, let args) = e.kind else { return XCTFail("bad call") }
        XCTAssertEqual(variate.kind, .variable("y"))
        XCTAssertEqual(args.count, 2)
    }

    func testExpressionRangesCoverOperands() throws {
        let source = "model { target += foo(a, b) * c[1]; }"
        let program = try Parser.parse(source)
        guard case .targetIncrement(let e) = program.model?.first?.kind else { return XCTFail() }
        let bytes = Array(source.utf8)
        XCTAssertEqual(String(decoding: bytes[e.range.start.offset..<e.range.end.offset], as: UTF8.self),
                       "foo(a, b) * c[1]")
    }
}

final class StatementParserTests: XCTestCase {
    func testTruncationForms() throws {
        let program = try Parser.parse("model { y ~ normal(0, 1) T[0, ]; z ~ normal(0, 1) T[, 1]; w ~ normal(0, 1); }")
        let truncations = program.model!.map { stmt -> Truncation? in
            guard case .tilde(let t) = stmt.kind else { return nil }
            return t.truncation
        }
        XCTAssertNotNil(truncations[0]?.lower)
        XCTAssertNil(truncations[0]?.upper)
        XCTAssertNil(truncations[1]?.lower)
        XCTAssertNil(truncations[2])
    }

    func testDeclarationsWithConstraintsAndSizes() throws {
        let program = try Parser.parse(
            "data { array[N, 2] vector<lower=-1, upper=u>[K] x; cholesky_factor_cov[3, 2] L; }")
        let x = program.data![0]
        XCTAssertEqual(x.type.arrayDims.count, 2)
        guard case .vector = x.type.base, case .bounds(_?, _?) = x.type.constraint else { return XCTFail() }
        guard case .choleskyFactorCov(_, _?) = program.data![1].type.base else { return XCTFail() }
    }

    func testCompoundAssignmentAndLValues() throws {
        let program = try Parser.parse("model { x[i][j, k] .*= 2; }")
        guard case .assignment(let lv, .elementMultiply, _) = program.model![0].kind else { return XCTFail() }
        XCTAssertEqual(lv.name, "x")
        XCTAssertEqual(lv.indices.map(\.count), [1, 2])
    }

    func testFunctionSignatures() throws {
        let program = try Parser.parse("functions { void f(data array[,] real x, vector v); real g_lpdf(real y); }")
        let f = program.functions![0]
        XCTAssertNil(f.returnType)
        XCTAssertEqual(f.parameters[0].type, .array(.real, 2))
        XCTAssertTrue(f.parameters[0].isDataOnly)
        XCTAssertNil(program.functions![1].body)
    }

    func testASTEqualityIgnoresLayoutButNotStructure() throws {
        let a = try Parser.parse("model { y ~ normal(mu, 1); }")
        let b = try Parser.parse("model {\n\n   y   ~ normal( mu ,1 ) ;\n}")
        let c = try Parser.parse("model { y ~ normal(mu, 2); }")
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
    }
}
