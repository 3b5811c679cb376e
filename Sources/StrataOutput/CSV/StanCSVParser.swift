// Line-by-line state machine behind StanCSVFile: header comments, column line, rows, adaptation and timing blocks.
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses the lines of a Stan CSV file; used by ``StanCSVFile``.
struct StanCSVParser {
    let fileName: String
    var columnNames: [String] = []
    /// All data rows, row-major, `columnNames.count` values each (nil until the column line is read).
    var rows: RowStore?
    /// Number of data rows read.
    var rowCount: Int { rows?.rowCount ?? 0 }
    var configuration: [(key: String, value: String)] = []
    var adaptation: AdaptationInfo?
    var timing: SamplingTiming?
    var droppedIncompleteLastLine = false
    /// Rows before this index are warmup draws.
    var warmupRowCount = 0

    private var adaptationSeen = false
    private var pendingMetric: PendingMetric = .none
    private var pendingWarmupTime: Double?

    private enum PendingMetric { case none, diagonal, dense([[Double]]) }

    init(fileName: String) { self.fileName = fileName }

    /// Size of the whole file in bytes, when known: sizes the row storage at the first data row.
    var expectedBytes = 0
    private var lineNumber = 0
    private var pathStack: [(depth: Int, name: String)] = []
    private var atStart = true
    /// Bytes consumed by earlier calls of ``consume(_:final:)``.
    private var consumedBefore = 0

    /// Parses the whole text in `bytes`.
    mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        _ = try consume(bytes, final: true)
        try finish()
    }

    /// Parses the complete lines at the start of `bytes` (every line, the last one possibly without its newline,
    /// when `final`) and returns the number of bytes they span; the caller passes the rest again, followed by
    /// more of the file, in the next call.
    mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool) throws -> Int {
        let end = bytes.count
        guard let base = bytes.baseAddress, end > 0 else { return 0 }
        var lineStart = 0
        if atStart && (end >= 3 || final) {
            atStart = false
            if end >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { lineStart = 3 }  // skip a BOM
        }
        while lineStart < end {
            let newline = memchr(base + lineStart, 0x0A, end - lineStart)
            if newline == nil && !final { break }   // the rest of this line comes with the next call
            lineNumber += 1
            let lineEnd = newline.map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? end
            let terminated = lineEnd < end
            var contentEnd = lineEnd
            if contentEnd > lineStart && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            defer { lineStart = lineEnd + 1 }
            let first = bytes[lineStart]
            if (lineStart..<contentEnd).allSatisfy({ bytes[$0] == 0x20 || bytes[$0] == 0x09 }) { continue }
            if first == UInt8(ascii: "#") || columnNames.isEmpty {
                let text = String(decoding: UnsafeBufferPointer(start: base + lineStart, count: contentEnd - lineStart), as: UTF8.self)
                let line = Substring(text)
                if line.hasPrefix("#") {
                    let body = line.dropFirst()
                    if columnNames.isEmpty { readConfiguration(body) } else { try readComment(body.trimmingSpaces, line: lineNumber) }
                } else if !line.trimmingSpaces.isEmpty {
                    columnNames = line.split(separator: ",", omittingEmptySubsequences: false).map { String($0.trimmingSpaces) }
                }
                continue
            }
            finishMetric()
            if rows == nil {
                // Rows of the file are about as long as its first: room for the rest of the file's bytes in rows of
                // this length, with a margin (untouched pages cost no memory); more rows grow the storage.
                let left = max(0, (expectedBytes > 0 ? expectedBytes : consumedBefore + end) - consumedBefore - lineStart)
                rows = RowStore(width: columnNames.count, expectedRows: left / max(1, lineEnd + 1 - lineStart) * 9 / 8 + 8)
            }
            do {
                let store = rows!
                try parseRow(base + lineStart, count: contentEnd - lineStart, line: lineNumber, into: store.nextRow())
                store.commitRow()
            } catch where !terminated {
                droppedIncompleteLastLine = true
            }
        }
        let used = min(lineStart, end)
        consumedBefore += used
        return used
    }

    /// Ends the file after the last ``consume(_:final:)``: the last metric block, the header check, warmup rows.
    mutating func finish() throws {
        finishMetric()
        if columnNames.isEmpty {
            throw StanCSVError.malformed(file: fileName, line: lineNumber + 1, message: "no column header line found")
        }
        if !adaptationSeen, let save = configurationValue("save_warmup"), save == "1" || save == "true",
           let warm = configurationValue("num_warmup").flatMap(Int.init) {
            let thin = max(1, configurationValue("thin").flatMap(Int.init) ?? 1)
            warmupRowCount = min(rowCount, (warm + thin - 1) / thin)
        }
    }

    private func configurationValue(_ key: String) -> String? {
        configuration.first(where: { $0.key == key || $0.key.hasSuffix("." + key) })?.value
    }

    private mutating func readConfiguration(_ body: Substring) {
        let spaces = body.prefix(while: { $0 == " " }).count
        let content = body.trimmingSpaces
        guard !content.isEmpty else { return }
        let depth = max(0, spaces - 1) / 2
        while let top = pathStack.last, top.depth >= depth { pathStack.removeLast() }
        let prefix = pathStack.map(\.name).joined(separator: ".")
        if let eq = content.range(of: " = ") ?? content.range(of: "=") {
            let key = String(content[..<eq.lowerBound].trimmingSpaces)
            var value = String(content[eq.upperBound...].trimmingSpaces)
            if value.hasSuffix("(Default)") { value = String(value.dropLast(9).trimmingSpaces) }
            configuration.append((prefix.isEmpty ? key : prefix + "." + key, value))
            pathStack.append((depth, key))
        } else if !content.contains(":") {
            pathStack.append((depth, String(content)))
        }
    }

    private mutating func readComment(_ text: Substring, line: Int) throws {
        if case .diagonal = pendingMetric {
            let diagonal = try numberList(text, line: line)
            adaptation?.inverseMetric = .diagonal(diagonal)
            pendingMetric = .none
            return
        }
        if case .dense(var matrixRows) = pendingMetric {
            if let row = try? numberList(text, line: line), !row.isEmpty {
                matrixRows.append(row)
                pendingMetric = .dense(matrixRows)
                return
            }
            finishMetric()
        }
        if text.hasPrefix("Adaptation terminated") {
            adaptationSeen = true
            warmupRowCount = rowCount
            adaptation = AdaptationInfo(stepSize: .nan, inverseMetric: .unit)
        } else if text.hasPrefix("Step size") {
            let value = text.split(separator: "=").last.map { $0.trimmingSpaces } ?? ""
            guard let x = Double(value) else {
                throw StanCSVError.malformed(file: fileName, line: line, message: "cannot parse step size '\(value)'")
            }
            if adaptation == nil { adaptation = AdaptationInfo(stepSize: x, inverseMetric: .unit) }
            adaptation?.stepSize = x
        } else if text.hasPrefix("Diagonal elements of inverse mass matrix") {
            pendingMetric = .diagonal
        } else if text.hasPrefix("Elements of inverse mass matrix") {
            pendingMetric = .dense([])
        } else if text.hasPrefix("Elapsed Time:") {
            pendingWarmupTime = Self.seconds(in: text)
        } else if text.hasSuffix("(Sampling)"), let warm = pendingWarmupTime, let s = Self.seconds(in: text) {
            timing = SamplingTiming(warmupSeconds: warm, samplingSeconds: s)
            pendingWarmupTime = nil
        }
    }

    private mutating func finishMetric() {
        if case .dense(let matrixRows) = pendingMetric { adaptation?.inverseMetric = .dense(matrixRows) }
        pendingMetric = .none
    }

    private static func seconds(in text: Substring) -> Double? {
        let words = text.split(separator: " ")
        guard let i = words.firstIndex(of: "seconds"), i > 0 else { return nil }
        return Double(words[i - 1])
    }

    private func numberList(_ text: Substring, line: Int) throws -> [Double] {
        try text.split(separator: ",").map { field in
            let f = field.trimmingSpaces
            guard let x = Double(f) else {
                throw StanCSVError.malformed(file: fileName, line: line, message: "cannot parse '\(f)' as a number")
            }
            return x
        }
    }

    /// Parses one comma-separated row of `columnNames.count` numbers into `row`.
    ///
    /// Each field is read as a number in one pass (``DecimalToDouble/number(_:limit:)``); a field that is not
    /// a plain decimal (`nan`, `inf`, more than 19 significant digits) goes through `Double(String)`.
    private func parseRow(_ p: UnsafePointer<UInt8>, count: Int, line lineNumber: Int, into row: UnsafeMutablePointer<Double>) throws {
        let width = columnNames.count
        var found = 0
        var i = 0
        while true {
            var a = i
            while a < count && (p[a] == 0x20 || p[a] == 0x09) { a += 1 }
            let (parsed, length) = DecimalToDouble.number(p + a, limit: count - a)
            var after = a + length
            while after < count && (p[after] == 0x20 || p[after] == 0x09) { after += 1 }
            let value: Double
            if let parsed, length > 0, after == count || p[after] == UInt8(ascii: ",") {
                value = parsed
            } else {
                after = a
                while after < count && p[after] != UInt8(ascii: ",") { after += 1 }
                var b = after
                while b > a && (p[b - 1] == 0x20 || p[b - 1] == 0x09) { b -= 1 }
                let field = String(decoding: UnsafeBufferPointer(start: p + a, count: b - a), as: UTF8.self)
                guard let x = Double(field) else {
                    let name = found < width ? " (column '\(columnNames[found])')" : ""
                    throw StanCSVError.malformed(file: fileName, line: lineNumber,
                                                 message: "cannot parse '\(field)' as a number\(name)")
                }
                value = x
            }
            if found < width { row[found] = value }
            found += 1
            if after == count { break }
            i = after + 1
        }
        guard found == width else {
            throw StanCSVError.malformed(file: fileName, line: lineNumber,
                                         message: "expected \(width) values, found \(found)")
        }
    }
}

extension Substring {
    /// The substring without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
