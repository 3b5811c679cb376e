// Type checking of tuples: tuple types and expressions, components, promotion, unpacking, and located errors.
import StrataStanFrontEnd
import XCTest

final class TupleSemanticsTests: XCTestCase {
    private func check(_ source: String) -> (program: Program?, diagnostics: [StanDiagnostic]) {
        let result = StanFrontEnd.check(source: source)
        return (result.program, result.diagnostics)
    }

    /// Type of `expr` printed in transformed data after `declarations` in the data block.
    private func typeOf(_ expr: String, _ declarations: String) -> StanType? {
        let result = check("data { \(declarations) } transformed data { print(\(expr)); }")
        XCTAssertEqual(result.diagnostics.map(\.message), [], expr)
        guard case .print(let args) = result.program?.transformedData?.first?.kind else { return nil }
        return args.first?.type
    }

    func testTupleExpressionAndComponentTypes() {
        let decls = "tuple(real, tuple(int, vector[3])) t; array[2] tuple(int, array[4] real) a;"
        XCTAssertEqual(typeOf("(1, 2.5)", decls), StanType(.tuple([.int, .real])))
        XCTAssertEqual(typeOf("(3.5,)", decls), StanType(.tuple([.real])))
        XCTAssertEqual(typeOf("t.1", decls), .real)
        XCTAssertEqual(typeOf("t.2.2", decls), .vector)
        XCTAssertEqual(typeOf("t.2.2[1]", decls), .real)
        XCTAssertEqual(typeOf("a[1]", decls), StanType(.tuple([.int, .array(.real)])))
        XCTAssertEqual(typeOf("a[1].2[3]", decls), .real)
        XCTAssertEqual(typeOf("{(1, 2.5), (2.5, 1)}", decls), StanType(.tuple([.real, .real]), arrayDims: 1))
        XCTAssertEqual(typeOf("qr_thin([[1, 2], [3, 4]])", decls), StanType(.tuple([.matrix, .matrix])))
    }

    func testComponentOutOfRangeIsLocated() {
        let result = check("""
        transformed data {
          tuple(real, real) p = (1, 2);
          real x = p.3;
        }
        """)
        XCTAssertEqual(result.diagnostics.count, 1)
        let d = result.diagnostics[0]
        XCTAssertEqual(d.range.start.line, 3)
        XCTAssertEqual(d.range.start.column, 12)
        XCTAssertTrue(d.message.contains("tuple component 3 does not exist"), d.message)
        XCTAssertTrue(d.message.contains("tuple(real, real)"), d.message)
    }

    func testComponentOfNonTupleAndOfArrayOfTuples() {
        var result = check("transformed data { real x = 1; real y = x.1; }")
        XCTAssertTrue(result.diagnostics.first?.message.contains("takes a tuple component") ?? false)
        result = check("transformed data { array[2] tuple(real, real) a; real y = a.1; }")
        XCTAssertTrue(result.diagnostics.first?.message.contains("index the array first") ?? false)
    }

    func testMismatchedComponentTypesAreRejected() {
        let result = check("""
        transformed data {
          tuple(real, vector[2]) t = (1.0, 2.0);
        }
        """)
        XCTAssertEqual(result.diagnostics.count, 1)
        let d = result.diagnostics[0]
        XCTAssertEqual(d.range.start.line, 2)
        XCTAssertEqual(d.range.start.column, 30)
        XCTAssertTrue(d.message.contains("tuple(real, vector)"), d.message)
        XCTAssertTrue(d.message.contains("tuple(real, real)"), d.message)
    }

    func testPromotionIntoTuples() {
        XCTAssertEqual(check("""
        functions { real f(tuple(array[] real, real) t) { return sum(t.1) + t.2; } }
        transformed data {
          tuple(array[2] int, int) d = ({1, 2}, 3);
          real s = f(d);
          tuple(complex, real) z = (1, 2);
        }
        """).diagnostics.map(\.message), [])
        XCTAssertFalse(check("transformed data { tuple(int, int) t = (1.5, 2); }").diagnostics.isEmpty)
    }

    func testUnpacking() {
        XCTAssertEqual(check("""
        transformed data {
          int x = 3; int y = 4;
          (x, y) = (y, x);
          array[2] real a; tuple(real, vector[2]) t;
          (a[1], (t.1, t.2)) = (1, (2.5, [1, 2]'));
        }
        """).diagnostics.map(\.message), [])
        let arity = check("transformed data { int x; int y; (x, y) = (1, 2, 3); }").diagnostics
        XCTAssertEqual(arity.count, 1)
        XCTAssertTrue(arity[0].message.contains("a tuple of 2 components"), arity[0].message)
        XCTAssertEqual(arity[0].range.start.column, 34)
        let twice = check("transformed data { array[2] int x; (x[1], x[2]) = (1, 2); }").diagnostics
        XCTAssertTrue(twice.first?.message.contains("overlaps another target") ?? false)
        let nested = check("transformed data { tuple(int, tuple(int, int)) t; (t.2.1, t.2) = (1, (2, 3)); }").diagnostics
        XCTAssertTrue(nested.first?.message.contains("overlaps another target") ?? false)
        XCTAssertEqual(check("transformed data { tuple(int, int) t; (t.1, t.2) = (1, 2); }").diagnostics.map(\.message), [])
        let readWrite = check("transformed data { int i = 1; vector[2] y; (i, y[i]) = (2, 3); }").diagnostics
        XCTAssertTrue(readWrite.first?.message.contains("read in the index") ?? false)
        let data = check("data { real d; } transformed data { real x; (x, d) = (1, 2); }").diagnostics
        XCTAssertTrue(data.first?.message.contains("read-only") ?? false)
    }

    func testConstraintsInsideTuples() {
        XCTAssertEqual(check("parameters { tuple(real<lower=0>, array[2] simplex[3]) p; }").diagnostics.map(\.message), [])
        let local = check("model { tuple(real<lower=0>, real) p; }").diagnostics
        XCTAssertTrue(local.first?.message.contains("constraint") ?? false)
        let intParameter = check("parameters { tuple(real, int) p; }").diagnostics
        XCTAssertTrue(intParameter.first?.message.contains("int") ?? false)
    }

    func testPrinterRoundTrip() throws {
        let source = """
        parameters {
          array[2] tuple(real<lower=0>, tuple(int, vector[3])) p;
        }
        model {
          (p[1].1, p[2].1) = (p[2].1, (1.5,).1);
        }
        """
        let program = try Parser.parse(source)
        let printed = StanPrinter.program(program)
        XCTAssertEqual(try Parser.parse(printed), program, printed)
    }
}
