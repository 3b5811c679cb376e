// Line-by-line state machine behind StanCSVFile: header comments, column line, rows, adaptation and timing blocks.
import Foundation

/// Parses the lines of a Stan CSV file; used by ``StanCSVFile``.
struct StanCSVParser {
    let fileName: String
    var columnNames: [String] = []
    var rows: [[Double]] = []
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

    mutating func parse(_ text: String) throws {
        // "\r\n" is a single Character in Swift, so both line endings are split on explicitly.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        let endsWithNewline = text.last == "\n" || text.last == "\r\n"
        if endsWithNewline { lines.removeLast() }
        var pathStack: [(depth: Int, name: String)] = []
        for (index, rawLine) in lines.enumerated() {
            let lineNumber = index + 1
            var line = rawLine
            if line.hasSuffix("\r") { line = line.dropLast() }
            let isLast = index == lines.count - 1
            if line.hasPrefix("#") {
                let body = line.dropFirst()
                if columnNames.isEmpty {
                    readConfiguration(body, &pathStack)
                } else {
                    try readComment(body.trimmingSpaces, line: lineNumber)
                }
                continue
            }
            if line.allSatisfy({ $0 == " " }) { continue }
            if columnNames.isEmpty {
                columnNames = line.split(separator: ",", omittingEmptySubsequences: false).map { String($0.trimmingSpaces) }
                continue
            }
            finishMetric()
            do {
                rows.append(try parseRow(line, line: lineNumber))
            } catch where isLast && !endsWithNewline {
                droppedIncompleteLastLine = true
            }
        }
        finishMetric()
        if columnNames.isEmpty {
            throw StanCSVError.malformed(file: fileName, line: lines.count + 1, message: "no column header line found")
        }
        if !adaptationSeen, let save = configurationValue("save_warmup"), save == "1" || save == "true",
           let warm = configurationValue("num_warmup").flatMap(Int.init) {
            let thin = max(1, configurationValue("thin").flatMap(Int.init) ?? 1)
            warmupRowCount = min(rows.count, (warm + thin - 1) / thin)
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
            warmupRowCount = rows.count
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

    private func parseRow(_ line: Substring, line lineNumber: Int) throws -> [Double] {
        var row: [Double] = []
        row.reserveCapacity(columnNames.count)
        for field in line.split(separator: ",", omittingEmptySubsequences: false) {
            let f = field.trimmingSpaces
            guard let x = Double(f) else {
                let name = row.count < columnNames.count ? " (column '\(columnNames[row.count])')" : ""
                throw StanCSVError.malformed(file: fileName, line: lineNumber,
                                             message: "cannot parse '\(f)' as a number\(name)")
            }
            row.append(x)
        }
        guard row.count == columnNames.count else {
            throw StanCSVError.malformed(file: fileName, line: lineNumber,
                                         message: "expected \(columnNames.count) values, found \(row.count)")
        }
        return row
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
