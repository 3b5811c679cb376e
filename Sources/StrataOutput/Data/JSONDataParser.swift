// Hand-written parser for CmdStan JSON data: one pass over the bytes, line:column on every error.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses the text of a CmdStan JSON data file into named ``DataValue``s.
///
/// Accepted input follows CmdStan's JSON data format: a top-level object whose members are
/// numbers or (nested, rectangular) arrays of numbers. Like CmdStan (which parses with RapidJSON's
/// NaN/Inf extension), the non-finite values may be written as bare words `NaN`, `Inf`,
/// `Infinity` (optionally signed) or as the strings `"NaN"`, `"inf"`, `"-inf"`, `"Infinity"`;
/// case is ignored. Any such value, or any number with a fraction or exponent, makes the variable
/// real; otherwise it is integer. Objects, booleans, null and other strings are rejected with
/// their position.
struct JSONDataParser {
    let bytes: UnsafeBufferPointer<UInt8>  // text followed by one NUL byte
    let end: Int  // index of the NUL terminator
    private let fileName: String
    var pos = 0

    /// - Parameter bytes: the JSON text followed by a single NUL byte (needed by `strtod`).
    init(bytes: UnsafeBufferPointer<UInt8>, fileName: String) {
        self.bytes = bytes
        self.end = bytes.count - 1
        self.fileName = fileName
    }

    /// Parses the whole text. Returns the variables in file order.
    mutating func parse() throws -> [(name: String, value: DataValue)] {
        var result: [(name: String, value: DataValue)] = []
        var seen = Set<String>()
        if end >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { pos = 3 }  // UTF-8 byte order mark
        skipWhitespace()
        try expect(UInt8(ascii: "{"), "expected '{' at the start of the data")
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            pos += 1
        } else {
            while true {
                skipWhitespace()
                let keyStart = pos
                guard peek() == UInt8(ascii: "\"") else { throw error("expected a variable name in double quotes") }
                let name = try parseString()
                if !seen.insert(name).inserted { throw error("duplicate variable '\(name)'", at: keyStart) }
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "expected ':' after variable name '\(name)'")
                skipWhitespace()
                if startsTuple() {
                    for component in try parseTupleVariable(name: name) {
                        if !seen.insert(component.name).inserted { throw error("duplicate variable '\(component.name)'", at: keyStart) }
                        result.append(component)
                    }
                } else {
                    var values: [Double] = []
                    var isInteger = true
                    let shape = try parseValue(name: name, into: &values, isInteger: &isInteger)
                    result.append((name, DataValue(shape: shape, values: values, isInteger: isInteger)))
                }
                skipWhitespace()
                if peek() == UInt8(ascii: ",") { pos += 1; continue }
                if peek() == UInt8(ascii: "}") { pos += 1; break }
                throw error("expected ',' or '}' after the value of '\(name)'")
            }
        }
        skipWhitespace()
        if pos < end { throw error("unexpected text after the closing '}'") }
        return result
    }

    // MARK: - Values

    /// Parses a number or a nested array, appending leaves to `values`; returns the shape.
    mutating func parseValue(name: String, into values: inout [Double], isInteger: inout Bool) throws -> [Int] {
        let c = peek()
        if c == UInt8(ascii: "[") {
            return try parseArray(name: name, into: &values, isInteger: &isInteger)
        }
        values.append(try parseScalar(name: name, isInteger: &isInteger))
        return []
    }

    /// Deepest array nesting accepted (Stan data has a handful of dimensions; the limit keeps the
    /// recursive descent far from the thread's stack limit).
    static let maximumDepth = 256

    private mutating func parseArray(name: String, into values: inout [Double], isInteger: inout Bool,
                                     depth: Int = 1) throws -> [Int] {
        let open = pos
        guard depth <= Self.maximumDepth else {
            throw error("variable '\(name)': arrays nested more than \(Self.maximumDepth) deep", at: open, showFound: false)
        }
        pos += 1  // '['
        skipWhitespace()
        if peek() == UInt8(ascii: "]") { pos += 1; return [0] }
        var count = 0
        var elementShape: [Int]? = nil
        while true {
            skipWhitespace()
            let elementStart = pos
            let shape: [Int]
            if peek() == UInt8(ascii: "[") {
                shape = try parseArray(name: name, into: &values, isInteger: &isInteger, depth: depth + 1)
            } else {
                values.append(try parseScalar(name: name, isInteger: &isInteger))
                shape = []
            }
            if let first = elementShape {
                if first != shape {
                    throw error("variable '\(name)': ragged array: element \(count + 1) has "
                                + Self.describe(shape) + " but element 1 has " + Self.describe(first),
                                at: elementStart)
                }
            } else {
                elementShape = shape
            }
            count += 1
            skipWhitespace()
            let c = peek()
            if c == UInt8(ascii: ",") { pos += 1; continue }
            if c == UInt8(ascii: "]") { pos += 1; break }
            if pos >= end { throw error("unterminated array for variable '\(name)' (opened here)", at: open, showFound: false) }
            throw error("expected ',' or ']' in the array of variable '\(name)'")
        }
        return [count] + (elementShape ?? [])
    }

    private static func describe(_ shape: [Int]) -> String {
        shape.isEmpty ? "a scalar" : "shape [\(shape.map(String.init).joined(separator: ", "))]"
    }

    /// Parses a number, a bare NaN/Inf word, or a quoted NaN/Inf string.
    mutating func parseScalar(name: String, isInteger: inout Bool) throws -> Double {
        let start = pos
        let c = peek()
        if c == UInt8(ascii: "\"") {
            let text = try parseString()
            if let special = Self.specialValue(text) { isInteger = false; return special }
            throw error("variable '\(name)': string \"\(text)\" is not a number", at: start)
        }
        if c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || Self.isLetter(c) {
            // A bare NaN / Inf / Infinity word, possibly signed.
            var p = pos
            if c == UInt8(ascii: "-") || c == UInt8(ascii: "+") { p += 1 }
            if Self.isLetter(bytes[p]) {
                var q = p
                while Self.isLetter(bytes[q]) { q += 1 }
                let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[pos..<q]), as: UTF8.self)
                if let special = Self.specialValue(word) {
                    pos = q
                    isInteger = false
                    return special
                }
                switch word {
                case "true", "false": throw error("variable '\(name)': boolean values are not allowed")
                case "null": throw error("variable '\(name)': null is not allowed")
                default: throw error("variable '\(name)': expected a number, found '\(word)'")
                }
            }
        }
        if c == UInt8(ascii: "{") { throw error("variable '\(name)': a tuple object inside an array of numbers") }
        return try parseNumber(name: name, isInteger: &isInteger)
    }

    /// Parses a JSON number, validating the grammar while accumulating up to 19 significant
    /// digits; converts exactly with ``DecimalToDouble`` and falls back to `strtod` otherwise.
    private mutating func parseNumber(name: String, isInteger: inout Bool) throws -> Double {
        let start = pos
        var p = pos
        var negative = false
        if bytes[p] == UInt8(ascii: "-") { negative = true; p += 1 }
        let digitsStart = p
        var mantissa: UInt64 = 0
        var significant = 0  // significant digits accumulated (leading zeros excluded)
        var dropped = false  // a nonzero digit did not fit in the mantissa
        var decimalExponent = 0
        @inline(__always) func digit(_ d: UInt64, fractional: Bool) {
            if significant < 19 {
                if mantissa != 0 || d != 0 { mantissa = mantissa &* 10 &+ d; significant += mantissa == 0 ? 0 : 1 }
                if fractional { decimalExponent -= 1 }
            } else {
                if d != 0 { dropped = true }
                if !fractional { decimalExponent += 1 }
            }
        }
        while Self.isDigit(bytes[p]) { digit(UInt64(bytes[p] &- 48), fractional: false); p += 1 }
        let intDigits = p - digitsStart
        if intDigits == 0 {
            if p >= end { throw error("unexpected end of file in the value of '\(name)'", at: p) }
            throw error("expected a number for variable '\(name)'", at: p)
        }
        if intDigits > 1 && bytes[digitsStart] == UInt8(ascii: "0") {
            throw error("numbers must not have leading zeros (variable '\(name)')", at: digitsStart)
        }
        var integral = true
        if bytes[p] == UInt8(ascii: ".") {
            integral = false
            p += 1
            let fracStart = p
            while Self.isDigit(bytes[p]) { digit(UInt64(bytes[p] &- 48), fractional: true); p += 1 }
            if p == fracStart { throw error("expected digits after '.' (variable '\(name)')", at: p) }
        }
        if bytes[p] == UInt8(ascii: "e") || bytes[p] == UInt8(ascii: "E") {
            integral = false
            p += 1
            var expNegative = false
            if bytes[p] == UInt8(ascii: "+") || bytes[p] == UInt8(ascii: "-") { expNegative = bytes[p] == UInt8(ascii: "-"); p += 1 }
            let expStart = p
            var exp = 0
            while Self.isDigit(bytes[p]) { if exp < 100_000 { exp = exp * 10 + Int(bytes[p] &- 48) }; p += 1 }
            if p == expStart { throw error("expected digits in the exponent (variable '\(name)')", at: p) }
            decimalExponent += expNegative ? -exp : exp
        }
        pos = p
        if !integral { isInteger = false }
        if !dropped, let magnitude = DecimalToDouble.convert(mantissa, exponent: decimalExponent) {
            return negative ? -magnitude : magnitude
        }
        let base = bytes.baseAddress! + start
        return base.withMemoryRebound(to: CChar.self, capacity: p - start + 1) { strtod($0, nil) }
    }

    /// Parses a double-quoted string with JSON escapes; `pos` is on the opening quote.
    mutating func parseString() throws -> String {
        let open = pos
        pos += 1
        var scalars = String.UnicodeScalarView()
        var runStart = pos
        func flushRun(_ upTo: Int) {
            if upTo > runStart {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[runStart..<upTo]), as: UTF8.self)
                scalars.append(contentsOf: s.unicodeScalars)
            }
        }
        while true {
            guard pos < end else { throw error("unterminated string (opened here)", at: open, showFound: false) }
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") { flushRun(pos); pos += 1; break }
            if c < 0x20 { throw error("control character in a string") }
            if c != UInt8(ascii: "\\") { pos += 1; continue }
            flushRun(pos)
            pos += 1
            let e = bytes[pos]
            switch e {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                var code = try parseHex4(at: pos + 1)
                pos += 4
                if code >= 0xD800 && code < 0xDC00, bytes[pos + 1] == UInt8(ascii: "\\"), bytes[pos + 2] == UInt8(ascii: "u") {
                    let low = try parseHex4(at: pos + 3)
                    if low >= 0xDC00 && low < 0xE000 {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        pos += 6
                    }
                }
                scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            default:
                throw error("invalid escape sequence in a string")
            }
            pos += 1
            runStart = pos
        }
        return String(scalars)
    }

    private func parseHex4(at p: Int) throws -> UInt32 {
        var v: UInt32 = 0
        for i in p..<(p + 4) {
            let c = bytes[min(i, end)]
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 65...70: d = UInt32(c - 55)
            case 97...102: d = UInt32(c - 87)
            default: throw error("invalid \\u escape in a string", at: i)
            }
            v = v << 4 | d
        }
        return v
    }

    // MARK: - Helpers

    /// Maps CmdStan's spellings of non-finite values ("NaN", "inf", "-Infinity", ...) to a Double.
    static func specialValue(_ text: String) -> Double? {
        var body = Substring(text)
        var sign = 1.0
        if body.first == "-" { sign = -1; body = body.dropFirst() } else if body.first == "+" { body = body.dropFirst() }
        switch body.lowercased() {
        case "nan": return Double.nan
        case "inf", "infinity": return sign * Double.infinity
        default: return nil
        }
    }

    @inline(__always) func peek() -> UInt8 { bytes[pos] }
    @inline(__always) private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    @inline(__always) private static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 97 && (c | 0x20) <= 122 }

    mutating func skipWhitespace() {
        while true {
            let c = bytes[pos]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { pos += 1 } else { return }
        }
    }

    mutating func expect(_ c: UInt8, _ message: String) throws {
        guard peek() == c else { throw error(message) }
        pos += 1
    }

    /// Builds a syntax error at `offset` (default: the current position), describing what is there.
    func error(_ message: String, at offset: Int? = nil, showFound: Bool = true) -> DataError {
        let at = offset ?? pos
        var line = 1
        var lineStart = 0
        for i in 0..<min(at, end) where bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
        var column = 1
        for i in lineStart..<min(at, end) where bytes[i] & 0xC0 != 0x80 { column += 1 }
        let found: String
        if at >= end {
            found = "end of file"
        } else if bytes[at] >= 0x21 && bytes[at] < 0x7F {
            found = "'\(Character(Unicode.Scalar(bytes[at])))'"
        } else {
            found = "byte 0x" + String(bytes[at], radix: 16)
        }
        return .syntax(file: fileName, line: line, column: column, message: showFound ? "\(message) (found \(found))" : message)
    }
}
