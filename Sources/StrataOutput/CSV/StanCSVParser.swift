// Line-by-line state machine behind StanCSVFile: header comments, column line, rows, adaptation and timing blocks.
import Foundation

/// Parses the lines of a Stan CSV file; used by ``StanCSVFile``.
struct StanCSVParser {
    let fileName: String
    var columnNames: [String] = []
    /// All data rows, row-major, `columnNames.count` values each.
    var values: [Double] = []
    /// Number of data rows in `values`.
    var rowCount = 0
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

    /// Parses the file; `bytes` must end with a NUL byte that is not part of the text.
    mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        let end = bytes.count - 1
        let base = bytes.baseAddress!
        var pathStack: [(depth: Int, name: String)] = []
        var rowBuffer: [Double] = []
        var lineStart = end >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0  // skip a BOM
        var lineNumber = 0
        while lineStart < end {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < end && bytes[lineEnd] != 0x0A { lineEnd += 1 }
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
                    if columnNames.isEmpty { readConfiguration(body, &pathStack) } else { try readComment(body.trimmingSpaces, line: lineNumber) }
                } else if !line.trimmingSpaces.isEmpty {
                    columnNames = line.split(separator: ",", omittingEmptySubsequences: false).map { String($0.trimmingSpaces) }
                    rowBuffer.reserveCapacity(columnNames.count)
                }
                continue
            }
            finishMetric()
            do {
                try parseRow(base + lineStart, count: contentEnd - lineStart, line: lineNumber, into: &rowBuffer)
                values.append(contentsOf: rowBuffer)
                rowCount += 1
            } catch where !terminated {
                droppedIncompleteLastLine = true
            }
        }
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

    private mutating func readConfiguration(_ body: Substring, _ stack: inout [(depth: Int, name: String)]) {
        let spaces = body.prefix(while: { $0 == " " }).count
        let content = body.trimmingSpaces
        guard !content.isEmpty else { return }
        let depth = max(0, spaces - 1) / 2
        while let top = stack.last, top.depth >= depth { stack.removeLast() }
        let prefix = stack.map(\.name).joined(separator: ".")
        if let eq = content.range(of: " = ") ?? content.range(of: "=") {
            let key = String(content[..<eq.lowerBound].trimmingSpaces)
            var value = String(content[eq.upperBound...].trimmingSpaces)
            if value.hasSuffix("(Default)") { value = String(value.dropLast(9).trimmingSpaces) }
            configuration.append((prefix.isEmpty ? key : prefix + "." + key, value))
            stack.append((depth, key))
        } else if !content.contains(":") {
            stack.append((depth, String(content)))
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

    /// Parses one comma-separated row of numbers into `row` (replacing its contents).
    private func parseRow(_ p: UnsafePointer<UInt8>, count: Int, line lineNumber: Int, into row: inout [Double]) throws {
        row.removeAll(keepingCapacity: true)
        var fieldStart = 0
        var i = 0
        while true {
            if i == count || p[i] == UInt8(ascii: ",") {
                var a = fieldStart, b = i
                while a < b && (p[a] == 0x20 || p[a] == 0x09) { a += 1 }
                while b > a && (p[b - 1] == 0x20 || p[b - 1] == 0x09) { b -= 1 }
                if let x = DecimalToDouble.parse(p + a, count: b - a) {
                    row.append(x)
                } else {
                    let field = String(decoding: UnsafeBufferPointer(start: p + a, count: b - a), as: UTF8.self)
                    guard let x = Double(field) else {
                        let name = row.count < columnNames.count ? " (column '\(columnNames[row.count])')" : ""
                        throw StanCSVError.malformed(file: fileName, line: lineNumber,
                                                     message: "cannot parse '\(field)' as a number\(name)")
                    }
                    row.append(x)
                }
                if i == count { break }
                fieldStart = i + 1
            }
            i += 1
        }
        guard row.count == columnNames.count else {
            throw StanCSVError.malformed(file: fileName, line: lineNumber,
                                         message: "expected \(columnNames.count) values, found \(row.count)")
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
