// Tests of the CmdStan JSON data reader: real files, special values, shapes, and exact error messages.
import Foundation
import StrataOutput
import StrataTestSupport
import XCTest

final class DataSetTests: XCTestCase {
    /// Every shared data file and posteriordb data.json parses. Names and shapes agree with
    /// Foundation's JSONSerialization; values agree bit for bit with Swift's `Double(String)`
    /// applied to the file's number tokens in order (Foundation's parser on Linux is a few ulp off,
    /// e.g. it reads 0.1391602284409273 as 0.13916022844092732, so it only bounds values to 1e-14).
    func testAllSharedFilesMatchFoundation() throws {
        var files = try FileManager.default.contentsOfDirectory(atPath: SharedFiles.url("data").path)
            .filter { $0.hasSuffix(".json") && !$0.contains("100000") }.map { "data/" + $0 }
        let posteriors = try FileManager.default.contentsOfDirectory(atPath: SharedFiles.url("posteriordb").path)
        files += posteriors.filter { FileManager.default.fileExists(atPath: SharedFiles.url("posteriordb/\($0)/data.json").path) }
            .map { "posteriordb/\($0)/data.json" }
        XCTAssertGreaterThan(files.count, 25)
        for file in files {
            let data = try DataSet(contentsOf: SharedFiles.url(file))
            let reference = try XCTUnwrap(try SharedFiles.json(file) as? [String: Any], file)
            XCTAssertEqual(Set(data.names), Set(reference.keys), file)
            let tokens = try Self.numberTokens(String(contentsOf: SharedFiles.url(file), encoding: .utf8))
            let ours = try data.names.flatMap { try data.value(named: $0).values }
            XCTAssertEqual(ours.count, tokens.count, file)
            if let i = ours.indices.first(where: { $0 < tokens.count && ours[$0].bitPattern != tokens[$0].bitPattern }) {
                XCTFail("\(file) value #\(i): \(ours[i]) vs Double(String) \(tokens[i])")
            }
            for (name, any) in reference {
                let value = try data.value(named: name)
                let (shape, flat) = Self.flatten(any)
                XCTAssertEqual(value.shape, shape, "\(file) \(name)")
                XCTAssertEqual(value.count, flat.count, "\(file) \(name)")
                if let i = value.values.indices.first(where: { $0 < flat.count && abs(value.values[$0] - flat[$0]) > 1e-14 * abs(flat[$0]) }) {
                    XCTFail("\(file) \(name)[\(i)]: \(value.values[i]) vs Foundation \(flat[i])")
                }
            }
        }
    }

    /// The 100,000-widget file (8 MB) parses completely and agrees with Foundation.
    func testLargeFile() throws {
        let url = SharedFiles.url("data/decay_days_100000.json")
        let start = Date()
        let data = try DataSet(contentsOf: url)
        print("decay_days_100000.json parsed in \(Int(Date().timeIntervalSince(start) * 1000)) ms")
        let n = try data.int("N_widgets")
        XCTAssertEqual(n, 100_000)
        let t = try data.realArray("t_initial", count: n)
        let reference = try XCTUnwrap(try SharedFiles.json("data/decay_days_100000.json") as? [String: Any])
        let ref = Self.flatten(reference["t_initial"]!).1
        XCTAssertEqual(t.count, ref.count)
        XCTAssertTrue(zip(t, ref).allSatisfy { abs($0 - $1) <= 1e-14 * abs($1) }, "large file differs from Foundation")
    }

    /// Doubles written in shortest round-trip form (as Python and Swift print them) parse back
    /// bit for bit, including subnormals, extremes and 17-digit values.
    func testDecimalRoundTripIsExact() throws {
        var rng = SystemRandomNumberGenerator()
        var values: [Double] = [0.1391602284409273, .leastNonzeroMagnitude, 2.2250738585072014e-308, 1.7976931348623157e308,
                                -0.0, 123456789012345680, 0.30000000000000004, 9007199254740994]
        for _ in 0..<5000 {
            values.append(Double(bitPattern: rng.next() & ~(0x7FF << 52) | (UInt64.random(in: 900...1150, using: &rng) << 52)))
        }
        let json = "{\"x\": [" + values.map { $0.description }.joined(separator: ", ") + "]}"
        let parsed = try DataSet(json: json).realArray("x", count: values.count)
        for (a, b) in zip(parsed, values) { XCTAssertEqual(a.bitPattern, b.bitPattern, "\(b)") }
    }

    /// Random decimal strings (1–22 digits, exponents -30...30, ties and long fractions) convert
    /// exactly as Swift's `Double(String)` does.
    func testDecimalConversionMatchesStandardLibrary() throws {
        let texts = Self.randomDecimalStrings(count: 20000)
        let json = "{\"x\": [" + texts.joined(separator: ", ") + "]}"
        let parsed = try DataSet(json: json).realArray("x", count: texts.count)
        for (value, text) in zip(parsed, texts) {
            let expected = try XCTUnwrap(Double(text), text)
            XCTAssertEqual(value.bitPattern, expected.bitPattern, "\(text): \(value) vs \(expected)")
        }
    }

    /// Edge cases plus random decimal strings: 1–22 digits, a random decimal point, and half of
    /// them with an exponent in -30...30.
    static func randomDecimalStrings(count: Int) -> [String] {
        var generator = SystemRandomNumberGenerator()
        var texts = ["9007199254740993", "9007199254740992.5", "0.30000000000000004", "1.00000000000000011102230246251565",
                     "2.2250738585072011e-308", "4.9406564584124654e-324", "1e-19", "1e19", "9999999999999999999e19",
                     "18446744073709551615", "18446744073709551616", "0.000000000000000000001", "123456789012345678901234"]
        for _ in 0..<count {
            let digits = Int.random(in: 1...22, using: &generator)
            var body = String((0..<digits).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            while body.count > 1 && body.hasPrefix("0") { body.removeFirst() }
            let point = Int.random(in: 0...body.count, using: &generator)
            var text = point < body.count && point > 0
                ? String(body.prefix(point)) + "." + String(body.dropFirst(point)) : body
            if Bool.random(using: &generator) { text += "e\(Int.random(in: -30...30, using: &generator))" }
            texts.append(text)
        }
        return texts
    }

    /// The numeric tokens of a JSON text in order (keys skipped), parsed with `Double(String)`.
    static func numberTokens(_ text: String) throws -> [Double] {
        var out: [Double] = []
        var inString = false
        var token = ""
        func flush() throws {
            if !token.isEmpty { out.append(try XCTUnwrap(Double(token), token)); token = "" }
        }
        for c in text {
            if c == "\"" { inString.toggle(); continue }
            if inString { continue }
            if "[]{}:, \n\t\r".contains(c) { try flush() } else { token.append(c) }
        }
        try flush()
        return out
    }

    func testTypedAccessors() throws {
        let data = try DataSet(contentsOf: SharedFiles.url("data/decay_days.json"))
        XCTAssertEqual(try data.int("N_widgets"), 100)
        XCTAssertEqual(try data.real("N_initial_max"), 10)
        XCTAssertEqual(try data.real("N_widgets"), 100, "an int is accepted where a real is expected")
        XCTAssertEqual(try data.realArray("t_initial", count: 100).count, 100)
        XCTAssertFalse(try data.value(named: "N_initial_max").isInteger, "10.0 is a real literal")
        XCTAssertTrue(try data.value(named: "N_widgets").isInteger)
        XCTAssertEqual(data.names.first, "N_widgets", "names keep file order")

        let radon = try DataSet(contentsOf: SharedFiles.url("data/radon_85.json"))
        let n = try radon.int("n")
        XCTAssertEqual(try radon.intArray("group", count: n).count, n)

        let blr = try DataSet(contentsOf: SharedFiles.url("posteriordb/sblrc-blr/data.json"))
        let x = try blr.realMatrix("X", rows: 100, columns: 5)
        let ref = try XCTUnwrap((try SharedFiles.json("posteriordb/sblrc-blr/data.json") as? [String: Any])?["X"] as? [[Double]])
        XCTAssertEqual(x[2 * 5 + 3], ref[2][3], "row-major layout")
    }

    func testSpecialValuesAndIntegers() throws {
        let json = """
        {"a": "inf", "b": "-inf", "c": "NaN", "d": [1, Infinity, -Infinity, NaN, "-Infinity", 2.5e-3],
         "e": 3, "f": 3.0, "g": 1e2, "h": [], "i": [[1, 2, 3], [4, 5, 6]], "j": [[], []], "k": -0, "big": 12345678901234567890,
         "cube": [[[1, 2], [3, 4]], [[5, 6], [7, 8.5]]]}
        """
        let data = try DataSet(json: json, fileName: "special.json")
        XCTAssertEqual(try data.real("a"), .infinity)
        XCTAssertEqual(try data.real("b"), -.infinity)
        XCTAssertTrue(try data.real("c").isNaN)
        let d = try data.realArray("d", count: 6)
        XCTAssertEqual(d[0], 1); XCTAssertEqual(d[1], .infinity); XCTAssertEqual(d[2], -.infinity)
        XCTAssertTrue(d[3].isNaN); XCTAssertEqual(d[4], -.infinity); XCTAssertEqual(d[5], 0.0025)
        XCTAssertFalse(try data.value(named: "d").isInteger)
        XCTAssertEqual(try data.int("e"), 3)
        XCTAssertFalse(try data.value(named: "f").isInteger)
        XCTAssertFalse(try data.value(named: "g").isInteger)
        XCTAssertEqual(try data.realArray("h", count: 0), [])
        XCTAssertEqual(try data.intArray("h", count: 0), [], "an empty array fits an int array")
        XCTAssertEqual(try data.realMatrix("h", rows: 0, columns: 3), [], "an empty array fits any empty shape")
        XCTAssertEqual(try data.intArray("i", shape: [2, 3]), [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(try data.value(named: "j").shape, [2, 0])
        XCTAssertEqual(try data.real("big"), Double("12345678901234567890")!)
        XCTAssertThrowsError(try data.int("big"))
        XCTAssertNoThrow(try data.requireFinite("e"))
        let cube = try data.value(named: "cube")
        XCTAssertEqual(cube.shape, [2, 2, 2])
        XCTAssertEqual(cube.values, [1, 2, 3, 4, 5, 6, 7, 8.5])
        XCTAssertFalse(cube.isInteger)
        XCTAssertEqual(cube.stanIndices(ofFlatIndex: 6), [2, 2, 1])
        XCTAssertEqual(try data.realArray("cube", shape: [2, 2, 2]).last, 8.5)
        XCTAssertEqual(try data.real("k").sign, .minus)
        XCTAssertEqual(try DataSet(json: "\u{FEFF}{\"n\": 1}").int("n"), 1, "a byte order mark is skipped")
    }

    func testErrorMessages() throws {
        let data = try DataSet(json: """
        {"t_initial": [1.5, 2.5, 3.5], "n": 2.5, "group": [1, 2, 3.5], "X": [[1, 2], [3, 4], [5, 6]],
         "s": 4, "bad": [1.0, "NaN", 3.0], "M": [[1, "inf"], [3, 4]]}
        """, fileName: "decay_days.json")
        func message(_ body: () throws -> Any) -> String {
            do { _ = try body(); return "no error" } catch { return "\(error)" }
        }
        XCTAssertEqual(message { try data.realArray("t_initial", count: 4) },
                       "decay_days.json: variable 't_initial': expected 4 elements, found 3")
        XCTAssertEqual(message { try data.real("missing") }, "decay_days.json: variable 'missing' not found")
        XCTAssertEqual(message { try data.int("n") },
                       "decay_days.json: variable 'n': expected integer values, found real value 2.5")
        XCTAssertEqual(message { try data.intArray("group", count: 3) },
                       "decay_days.json: variable 'group': expected integer values, found real value 3.5 at element [3]")
        XCTAssertEqual(message { try data.realMatrix("X", rows: 2, columns: 3) },
                       "decay_days.json: variable 'X': expected an array of shape [2, 3], found an array of shape [3, 2]")
        XCTAssertEqual(message { try data.realArray("s", count: 4) },
                       "decay_days.json: variable 's': expected an array of 4 elements, found a scalar")
        XCTAssertEqual(message { try data.real("t_initial") },
                       "decay_days.json: variable 't_initial': expected a real scalar, found an array of 3 elements")
        XCTAssertEqual(message { try data.requireFinite("bad") },
                       "decay_days.json: variable 'bad': expected finite values, found NaN at element [2]")
        XCTAssertEqual(message { try data.requireFinite("M") },
                       "decay_days.json: variable 'M': expected finite values, found inf at element [1, 2]")
    }

    func testSyntaxErrorsReportLineAndColumn() {
        func message(_ json: String) -> String {
            do { _ = try DataSet(json: json, fileName: "bad.json"); return "no error" } catch { return "\(error)" }
        }
        XCTAssertEqual(message("{\"a\": 1,\n \"b\": [1, 2 3]}"),
                       "bad.json:2:13: expected ',' or ']' in the array of variable 'b' (found '3')")
        XCTAssertEqual(message("{\"a\": 1\n\"b\": 2}"),
                       "bad.json:2:1: expected ',' or '}' after the value of 'a' (found '\"')")
        XCTAssertEqual(message("{\"a\": [1, 2"), "bad.json:1:7: unterminated array for variable 'a' (opened here)")
        XCTAssertEqual(message("{\"a\": [1, \"x]}"), "bad.json:1:11: unterminated string (opened here)")
        XCTAssertEqual(message("{\"a\": [[1, 2], [3]]}"),
                       "bad.json:1:16: variable 'a': ragged array: element 2 has shape [1] but element 1 has shape [2] (found '[')")
        XCTAssertEqual(message("{\"a\": true}"), "bad.json:1:7: variable 'a': boolean values are not allowed (found 't')")
        XCTAssertEqual(message("{\"a\": \"hello\"}"), "bad.json:1:7: variable 'a': string \"hello\" is not a number (found '\"')")
        XCTAssertEqual(message("{\"a\": 1, \"a\": 2}"), "bad.json:1:10: duplicate variable 'a' (found '\"')")
        XCTAssertEqual(message("{\"a\": 01}"), "bad.json:1:7: numbers must not have leading zeros (variable 'a') (found '0')")
        XCTAssertEqual(message("{\"é\": 1,\n  \"x\": 1.}"), "bad.json:2:10: expected digits after '.' (variable 'x') (found '}')")
        XCTAssertEqual(message("[1, 2]"), "bad.json:1:1: expected '{' at the start of the data (found '[')")
        XCTAssertEqual(message("{} x"), "bad.json:1:4: unexpected text after the closing '}' (found 'x')")
        XCTAssertEqual(message(""), "bad.json:1:1: expected '{' at the start of the data (found end of file)")
    }

    func testUnreadableFile() {
        XCTAssertThrowsError(try DataSet(contentsOf: URL(fileURLWithPath: "/nonexistent/nothing.json"))) { error in
            XCTAssertTrue("\(error)".hasPrefix("nothing.json: cannot read data file"), "\(error)")
        }
    }

    /// Shape and row-major values of a JSONSerialization result.
    static func flatten(_ any: Any) -> ([Int], [Double]) {
        if let array = any as? [Any] {
            var shape = [array.count]
            var values: [Double] = []
            var inner: [Int]? = nil
            for element in array {
                let (s, v) = flatten(element)
                inner = inner ?? s
                values += v
            }
            shape += inner ?? []
            return (shape, values)
        }
        if let n = any as? NSNumber { return ([], [n.doubleValue]) }
        return ([], [.nan])
    }
}
